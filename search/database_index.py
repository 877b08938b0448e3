"""Wagtail's database search backend with a bulk write path for PostgreSQL.

Configured as `"BACKEND": "search.database_index"` in WAGTAILSEARCH_BACKENDS. It answers
queries exactly as Wagtail's database backend (`wagtail.search.backends.database`) does; only
writing the PostgreSQL index differs. Wagtail's writer reads every object's search fields five
times and sends each text through Django's expression compiler (a contact has about thirty): about
55 objects/s. This one reads each object's fields once and writes a batch as one INSERT of plain
SQL with the texts as parameters; the vectors are built exactly as Wagtail builds them (one
weighted `to_tsvector` per text, joined in field order), so search matches and ranks as before.
Every writer gains: Wagtail's own save signals, `update_index`, the importer and the demo
loader (directory.bulk.index_objects), the search benchmark.

SQLite and MySQL get Wagtail's backend unchanged.
"""
from __future__ import annotations

import functools
import re

from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.db.models import Manager
from django.utils.encoding import force_str
from modelsearch.backends.database import SearchBackend as wagtail_database_backend
from modelsearch.index import AutocompleteField, RelatedFields, SearchField

# A contact has about thirty texts, one parameter each: 500 rows stay well below PostgreSQL's 65,535.
ROWS_PER_STATEMENT = 500
_CONFIG_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")


def _config_sql(config) -> str:
    """The search configuration as the first argument of to_tsvector (none: the database's default)."""
    if not config:
        return ""
    if not _CONFIG_NAME.match(config):
        raise ValueError(f"not a text search configuration name: {config!r}")
    return f"'{config}'::regconfig, "


def SearchBackend(params):  # noqa: N802  (the name Wagtail looks up in a backend module)
    """The database backend for the default database's vendor."""
    if connection.vendor != "postgresql":
        return wagtail_database_backend(params)
    from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend

    class BulkPostgresSearchBackend(PostgresSearchBackend):
        index_class = _bulk_index_class()

    return BulkPostgresSearchBackend(params)


@functools.cache
def _plain_attname(model, field_name: str) -> str | None:
    """The attribute holding a search field's value as is, or None where Wagtail's own reading is needed
    (a relation, a field with searchable content of its own, a method)."""
    try:
        field = model._meta.get_field(field_name)
    except FieldDoesNotExist:
        return None
    if field.is_relation or hasattr(field, "get_searchable_content"):
        return None
    return field.attname


def _value(field, obj) -> str:
    attname = _plain_attname(obj.__class__, field.field_name)
    value = getattr(obj, attname) if attname else field.get_value(obj)
    return value if isinstance(value, str) else _prepare_value(value)


def _prepare_value(value) -> str:
    """A value as Wagtail's PostgreSQL indexer writes it (ObjectIndexer.prepare_value): lists and dicts joined."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return ", ".join(_prepare_value(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(_prepare_value(item) for item in value.values())
    return force_str(value)


def _fields(obj, fields):
    """(field, value) of every search and autocomplete field, following related fields, in Wagtail's order."""
    for field in fields:
        if isinstance(field, RelatedFields):
            related = field.get_value(obj)
            if related is None:
                continue
            if isinstance(related, Manager):
                related = related.all()
            else:
                related = [related() if callable(related) else related]
            for sub_obj in related:
                yield from _fields(sub_obj, field.fields)
        elif isinstance(field, (SearchField, AutocompleteField)):
            yield field, _value(field, obj)


def object_texts(obj) -> dict:
    """The texts Wagtail's PostgreSQL index stores for an object, read in one pass over its search fields, in
    field order: title and body texts with their weights, autocomplete texts, and the plain title and body
    text (fuzzy search)."""
    from modelsearch.backends.database.postgres.weights import get_weight

    texts = {"title": [], "body": [], "autocomplete": []}
    for field, value in _fields(obj, obj.get_search_fields()):
        value = value.strip()
        if not value:
            continue
        if isinstance(field, SearchField):
            texts["title" if field.field_name == "title" else "body"].append((value, get_weight(field.boost)))
        else:
            texts["autocomplete"].append((value, "D"))
    return texts


def _bulk_index_class():
    from modelsearch.backends.database.postgres.postgres import IndexEntry, PostgresIndex
    from modelsearch.utils import get_content_type_pk

    class BulkPostgresIndex(PostgresIndex):
        def add_items(self, model, objs):
            if not model.get_search_fields():
                return
            rows = [(str(obj.pk), object_texts(obj)) for obj in objs]
            for start in range(0, len(rows), ROWS_PER_STATEMENT):
                self._write(model, rows[start:start + ROWS_PER_STATEMENT])
            if rows:
                self._refresh_title_norms()

        def _write(self, model, rows) -> None:
            # Each text is its own weighted vector, joined in field order, as Wagtail's writer builds
            # them: the same lexemes, weights and positions (ts_rank weighs how close the words are).
            title_config = _config_sql(self.backend.config)
            autocomplete_config = _config_sql(self.backend.autocomplete_config)
            content_type = get_content_type_pk(model)
            values, params = [], []

            def vector(pairs, config: str) -> str:
                if not pairs:
                    return "''::tsvector"
                params.extend(text for text, _ in pairs)
                return " || ".join(f"setweight(to_tsvector({config}%s::text), '{weight}')" for _, weight in pairs)

            for pk, texts in rows:
                params.extend([content_type, pk])
                title = vector(texts["title"], title_config)
                autocomplete = vector(texts["autocomplete"], autocomplete_config)
                body = vector(texts["body"], title_config)
                params.extend([" ".join(text for text, _ in texts["title"]), " ".join(text for text, _ in texts["body"])])
                values.append(f"(%s, %s, {title}, {autocomplete}, {body}, 1.0, %s, %s)")
            sql = f"""
                INSERT INTO {IndexEntry._meta.db_table} (content_type_id, object_id, title, autocomplete, body, title_norm,
                                                        title_text, body_text)
                VALUES {", ".join(values)}
                ON CONFLICT (content_type_id, object_id)
                DO UPDATE SET title = EXCLUDED.title, title_norm = 1.0, autocomplete = EXCLUDED.autocomplete,
                              body = EXCLUDED.body, title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text
            """  # noqa: S608  (the table name and the search configurations are ours; every text is a parameter)
            with self.write_connection.cursor() as cursor:
                cursor.execute(sql, params)

    return BulkPostgresIndex
