"""Wagtail's database search backend with a bulk write path for PostgreSQL.

Configured as `"BACKEND": "search.database_index"` in WAGTAILSEARCH_BACKENDS. It answers
queries exactly as Wagtail's database backend (`wagtail.search.backends.database`) does; only
writing the PostgreSQL index differs. Wagtail's writer reads every object's search fields five
times and sends one `to_tsvector` per field and language column (a contact has about thirty):
about 55 objects/s. This one reads each object once, joins the texts of one weight, and sends a
batch as one INSERT over arrays (`unnest`) with one `to_tsvector` per weight: the same lexemes
and weights, so the same ranks, at thousands of objects per second. Every writer gains:
Wagtail's own save signals, `update_index`, the importer and the demo loader
(directory.bulk.index_objects), the search benchmark.

SQLite and MySQL get Wagtail's backend unchanged.
"""
from __future__ import annotations

import functools

from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.db.models import Manager
from django.utils.encoding import force_str
from modelsearch.backends.database import SearchBackend as wagtail_database_backend
from modelsearch.index import AutocompleteField, RelatedFields, SearchField

WEIGHTS = ("A", "B", "C", "D")


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
    """The texts Wagtail's PostgreSQL index stores for an object, read in one pass over its search fields:
    title and body texts by weight, autocomplete texts, and the plain title and body text (fuzzy search)."""
    from modelsearch.backends.database.postgres.weights import get_weight

    texts = {"title": {weight: [] for weight in WEIGHTS}, "body": {weight: [] for weight in WEIGHTS}, "autocomplete": [],
             "title_text": [], "body_text": []}
    for field, value in _fields(obj, obj.get_search_fields()):
        value = value.strip()
        if not value:
            continue
        if isinstance(field, SearchField):
            part = "title" if field.field_name == "title" else "body"
            texts[part][get_weight(field.boost)].append(value)
            texts[f"{part}_text"].append(value)
        else:
            texts["autocomplete"].append(value)
    return texts


def _bulk_index_class():
    from modelsearch.backends.database.postgres.postgres import IndexEntry, PostgresIndex
    from modelsearch.utils import get_content_type_pk

    class BulkPostgresIndex(PostgresIndex):
        def _vector(self, column: str, weight: str, config) -> str:
            configured = "%s::regconfig, " if config else ""
            return f"setweight(to_tsvector({configured}coalesce(r.{column}, '')), '{weight}')"

        def add_items(self, model, objs):
            if not model.get_search_fields():
                return
            rows = [(str(obj.pk), object_texts(obj)) for obj in objs]
            if not rows:
                return
            config, autocomplete_config = self.backend.config, self.backend.autocomplete_config
            columns = ["object_id"]
            arrays: list[list[str]] = [[pk for pk, _ in rows]]
            for part in ("title", "body"):
                for weight in WEIGHTS:
                    columns.append(f"{part}_{weight.lower()}")
                    arrays.append([" ".join(texts[part][weight]) for _, texts in rows])
            columns += ["autocomplete", "title_text", "body_text"]
            arrays.append([" ".join(texts["autocomplete"]) for _, texts in rows])
            arrays.append([" ".join(texts["title_text"]) for _, texts in rows])
            arrays.append([" ".join(texts["body_text"]) for _, texts in rows])

            def vector(part: str) -> str:
                return " || ".join(self._vector(f"{part}_{weight.lower()}", weight, config) for weight in WEIGHTS)

            title_sql, body_sql = vector("title"), vector("body")
            autocomplete_sql = self._vector("autocomplete", "D", autocomplete_config)
            table = IndexEntry._meta.db_table
            unnest = ", ".join("%s::text[]" for _ in arrays)
            sql = f"""
                INSERT INTO {table} (content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text)
                SELECT %s, r.object_id, {title_sql}, {autocomplete_sql}, {body_sql}, 1.0, r.title_text, r.body_text
                FROM unnest({unnest}) AS r({", ".join(columns)})
                ON CONFLICT (content_type_id, object_id)
                DO UPDATE SET title = EXCLUDED.title, title_norm = 1.0, autocomplete = EXCLUDED.autocomplete,
                              body = EXCLUDED.body, title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text
            """  # noqa: S608  (table and column names are ours; every value is a parameter)
            # Parameters in the order they appear: content type, configs of title, autocomplete, body; the arrays.
            configs = [config] * len(WEIGHTS) if config else []
            params = [get_content_type_pk(model), *configs, *([autocomplete_config] if autocomplete_config else []),
                      *configs, *arrays]
            with self.write_connection.cursor() as cursor:
                cursor.execute(sql, params)
            self._refresh_title_norms()

    return BulkPostgresIndex
