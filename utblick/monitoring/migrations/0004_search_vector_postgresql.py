"""PostgreSQL: a stored, weighted search vector per search document, with a GIN index.

The vector is a generated column (title weighted A, body B, 'swedish' configuration), so the
database keeps it current on every insert and update, bulk ones included; search matches
and ranks on it instead of computing `to_tsvector` for every row of the organisation. Not
part of the model: only the PostgreSQL search reads it (utblick/monitoring/search.py). On
SQLite this migration does nothing: the FTS5 table of migration 0003 is its index.
"""

from django.db import migrations

CREATE = """
ALTER TABLE monitoring_searchdocument ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('swedish'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('swedish'::regconfig, coalesce(body, '')), 'B')
    ) STORED;
CREATE INDEX search_document_vector ON monitoring_searchdocument USING gin (search_vector);
"""
DROP = """
DROP INDEX IF EXISTS search_document_vector;
ALTER TABLE monitoring_searchdocument DROP COLUMN IF EXISTS search_vector;
"""


class PostgresqlOnlyRunSQL(migrations.RunSQL):
    """RunSQL that runs on PostgreSQL and is a no-op on every other database."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0003_search_fts5")]

    operations = [PostgresqlOnlyRunSQL(sql=CREATE, reverse_sql=DROP)]
