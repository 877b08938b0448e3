"""PostgreSQL: an index on the strong fields' lexemes (weights A to C: titles, names, position titles).

search.database ranks a bounded set of candidates; the rows whose strong fields match are found
through this index without reading each row's whole vector. Other databases: nothing to do.
"""
from django.db import migrations

INDEX = "search_indexentry_strong_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry"
            " USING GIN (ts_filter((title || body), '{a,b,c}'))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0002_indexentry_title_body_gin")]
    operations = [migrations.RunPython(create, drop)]
