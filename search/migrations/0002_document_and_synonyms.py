from pathlib import Path

from django.db import migrations

# On PostgreSQL the search document is a generated tsvector over the analysed terms, weighted A/B/C,
# with a GIN index. Terms are taken as they are (array_to_tsvector): analysis already happened.
DOCUMENT = """
ALTER TABLE search_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS (
    setweight(array_to_tsvector(array_remove(string_to_array(terms_a, ' '), '')), 'A')
    || setweight(array_to_tsvector(array_remove(string_to_array(terms_b, ' '), '')), 'B')
    || setweight(array_to_tsvector(array_remove(string_to_array(terms_c, ' '), '')), 'C')
) STORED;
CREATE INDEX search_document_gin ON search_searchentry USING GIN (document);
"""
DROP = "DROP INDEX IF EXISTS search_document_gin; ALTER TABLE search_searchentry DROP COLUMN IF EXISTS document;"


def add_document(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DOCUMENT)


def drop_document(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


def load_synonyms(apps, schema_editor):
    SynonymGroup = apps.get_model("search", "SynonymGroup")
    source = Path(__file__).resolve().parent.parent / "data" / "synonyms.tsv"
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            SynonymGroup.objects.get_or_create(terms=", ".join(t.strip() for t in line.split("\t") if t.strip()))


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(add_document, drop_document),
        migrations.RunPython(load_synonyms, migrations.RunPython.noop),
    ]
