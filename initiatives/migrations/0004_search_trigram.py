"""On PostgreSQL: pg_trgm and a GIN trigram index on the folded search column.

Other databases skip both; the list then searches with a plain LIKE.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS initiatives_search_trgm "
        "ON initiatives_initiative USING gin (search_text gin_trgm_ops)"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS initiatives_author_name_trgm "
        "ON initiatives_initiativeauthor USING gin (name_folded gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS initiatives_search_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS initiatives_author_name_trgm")


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0003_application_council_attachments")]

    operations = [migrations.RunPython(forwards, backwards)]
