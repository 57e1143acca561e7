from django.db import migrations, models

# The generated document now comes from `document_source` (terms with positions and weights, made
# by the indexer), so ts_rank_cd can weigh sections and word distances. Entries not re-analysed yet
# keep the position-less document of 0002 until their next indexing.
OLD = """
    setweight(array_to_tsvector(array_remove(string_to_array(terms_a, ' '), '')), 'A')
    || setweight(array_to_tsvector(array_remove(string_to_array(terms_b, ' '), '')), 'B')
    || setweight(array_to_tsvector(array_remove(string_to_array(terms_c, ' '), '')), 'C')
"""
DROP = """
DROP INDEX IF EXISTS search_document_gin;
ALTER TABLE search_searchentry DROP COLUMN IF EXISTS document;
"""
ADD = """
ALTER TABLE search_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS ({expression}) STORED;
CREATE INDEX search_document_gin ON search_searchentry USING GIN (document);
"""
POSITIONED = f"CASE WHEN document_source <> '' THEN document_source::tsvector ELSE {OLD} END"


def positioned(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP + ADD.format(expression=POSITIONED))


def unpositioned(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP + ADD.format(expression=OLD))


class Migration(migrations.Migration):
    dependencies = [("search", "0005_generations")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="document_source",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(positioned, unpositioned),
    ]
