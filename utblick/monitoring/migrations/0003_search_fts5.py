"""The SQLite full-text table behind search: FTS5 over SearchDocument's title and body.

Created only on SQLite; on PostgreSQL search uses the 'swedish' text-search configuration on
SearchDocument directly and this migration does nothing. The tokenizer keeps å, ä and ö as
letters of their own (`remove_diacritics 0`): "vänort" is not "vanort".
"""

from django.db import migrations

FTS_TABLE = "monitoring_search_fts"

CREATE = f"""
CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
    title,
    body,
    tokenize = 'unicode61 remove_diacritics 0'
)
"""
DROP = f"DROP TABLE IF EXISTS {FTS_TABLE}"


class SqliteOnlyRunSQL(migrations.RunSQL):
    """RunSQL that runs on SQLite and is a no-op on every other database."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "sqlite":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "sqlite":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0002_calls_sharing_search")]

    operations = [SqliteOnlyRunSQL(sql=CREATE, reverse_sql=DROP)]
