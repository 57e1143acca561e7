from django.db import migrations

# The title's own tsvector (the A-weighted part of the document, positions kept), GIN-indexed: the
# engine ranks the newest matches and, beside them, the newest title matches, so a broad query
# still ranks an old release whose headline says what was asked (search/engine.py).
ADD = """
ALTER TABLE search_searchentry ADD COLUMN title_document tsvector
    GENERATED ALWAYS AS (ts_filter(NULLIF(document_source, '')::tsvector, '{a}')) STORED;
CREATE INDEX search_title_document_gin ON search_searchentry USING GIN (title_document);
"""
DROP = """
DROP INDEX IF EXISTS search_title_document_gin;
ALTER TABLE search_searchentry DROP COLUMN IF EXISTS title_document;
"""


def add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ADD)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("search", "0008_more_synonyms")]

    operations = [migrations.RunPython(add, drop)]
