"""The embedded backend: Wagtail's database search (SQLite FTS5, PostgreSQL full text) plus ORM filters.

Text matching is Wagtail's, over every language's columns (portal.tenancy.fields.translated). Scope and
visibility are ORM filters applied before matching. Facets are counted in Python over the
best `limit` matches of each kind, with a fixed number of queries whatever the data size.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from django.conf import settings
from django.contrib.postgres.search import SearchQueryField, SearchRank
from django.db import connection
from django.db.models import BigIntegerField, BooleanField, F, Func
from django.db.models.functions import Cast
from django.utils import translation
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from directory.models import Contact
from guidelines.models import MeasurePage, SOPPage
from portal.models import CountryProfilePage, Resource
from portal.tenancy.scoping import pages_in_tenant
from search.documents import CONTACT, DOCUMENT, KINDS, PAGE, searchable_pages
from search.results import FACETS, Hit, RawResults


def contacts(tenant, restricted_allowed: bool):
    return Contact.objects.in_tenant(tenant).visible(restricted_allowed=restricted_allowed)


def pages(tenant):
    return pages_in_tenant(searchable_pages(), tenant)


def resources(tenant):
    return Resource.objects.in_tenant(tenant)


def wagtail_database_backend():
    """Wagtail's database backend: "default", or "database" beside Elasticsearch (kept up to date for the fallback)."""
    return get_search_backend("database" if "database" in settings.WAGTAILSEARCH_BACKENDS else "default")


def engine_text(q: str) -> str:
    """The visitor's words as the database's full-text engine may take them.

    Wagtail's SQLite backend puts each word in double quotes for FTS5 without escaping a double
    quote inside it, so `a"b` would be an FTS5 syntax error (a 500); a double quote carries no
    meaning in a word, so it becomes a space. PostgreSQL's backend quotes words itself.
    """
    return q.replace('"', " ") if connection.vendor == "sqlite" else q


def _matches(queryset, q: str, limit: int) -> list[tuple[int, float]]:
    """(pk, score) of the best matches, best first, higher is better.

    PostgreSQL's ranks of contacts, pages and documents compare as they are. SQLite's FTS5
    bm25 ranks do not compare across models (measured on the relevance set: 98 of 110 cases
    merged by raw rank, 104 when each kind's scores are taken relative to its best match), so
    there each kind is scaled to its best match.
    """
    q = engine_text(q)
    if not q.strip():
        return []
    if connection.vendor == "postgresql":
        return _postgres_matches(queryset, q, limit)
    results = wagtail_database_backend().search(q, queryset, operator="and").annotate_score("_score")
    rows = list(results.get_queryset().values_list("pk", "_score")[:limit])
    if connection.vendor != "sqlite" or not rows:
        return [(pk, score or 0.0) for pk, score in rows]
    best = rows[0][1] or -1.0  # bm25 is negative, lower being better
    return [(pk, (score or 0.0) / best) for pk, score in rows]


class _Once(Func):
    """An expression PostgreSQL evaluates once per statement (a scalar subquery, planned as an InitPlan).

    Wagtail's tsquery is `to_tsquery(text)`, a STABLE function (it reads the default search configuration),
    so PostgreSQL parsed it again for every row it matched or ranked, three times a row: a third of the
    time of a broad search with 30,000 contacts.
    """

    template = "(SELECT %(expressions)s)"
    output_field = SearchQueryField()


class _Matches(Func):
    """`vector @@ tsquery` as a condition, the tsquery taken as it is (a lookup would wrap it in plainto_tsquery)."""

    template = "(%(expressions)s)"
    arg_joiner = " @@ "
    output_field = BooleanField()


def _postgres_matches(queryset, q: str, limit: int) -> list[tuple[int, float]]:
    """Wagtail's PostgreSQL search (the same tsquery, rank and order: score, then pk, descending), read from
    the index table first, the tsquery computed once.

    Wagtail's own query starts from the model's table and joins the index on `id::varchar = object_id`,
    which no index serves: every row of the tenant's contacts was read and hashed (about 150 ms of a
    250 ms query with 100,000 contacts). Here the matching index rows are found through the text
    index and then joined to the scoped rows on integer keys (about half the time).

    Every match is ranked, as Wagtail ranks them. Ranking only a bounded set of candidates (rows whose
    titles, names or position titles match, through an index of those lexemes, then any match) was tried:
    with 30,000 contacts it was no faster (finding the candidates in Wagtail's order of equal scores reads
    every match anyway) and it changed the first results of several-word searches.
    """
    from modelsearch.backends.database.postgres.postgres import IndexEntry
    from modelsearch.utils import get_descendants_content_types_pks

    backend = wagtail_database_backend()
    compiler = backend.search(q, queryset, operator="and").query_compiler
    config = compiler.get_config(backend)
    tsquery = compiler.build_tsquery(compiler.query, config=config)
    if tsquery is None:
        return []
    tsquery = _Once(tsquery)
    # Wagtail's rank (PostgresSearchQueryCompiler._build_rank_expression) over the tsquery computed once.
    rank = (SearchRank(F("title"), tsquery, weights=compiler.sql_weights) * F("title_norm")
            + SearchRank(F("body"), tsquery, weights=compiler.sql_weights) * 1.0)
    rows = (
        IndexEntry.objects.filter(content_type_id__in=get_descendants_content_types_pks(queryset.model))
        .filter(_Matches(F("title")._combine(F("body"), "||", False), tsquery))
        .annotate(_pk=Cast("object_id", BigIntegerField())).filter(_pk__in=queryset.values("pk"))
        .annotate(_score=rank).order_by("-_score", "-_pk").values_list("_pk", "_score")[:limit]
    )
    return [(pk, score or 0.0) for pk, score in rows]


class DatabaseBackend:
    name = "database"

    def _matched(self, q: str, *, tenant, restricted_allowed: bool, kinds, limit: int) -> dict[str, list[tuple[int, float]]]:
        querysets = {
            CONTACT: lambda: contacts(tenant, restricted_allowed),
            PAGE: lambda: pages(tenant),
            DOCUMENT: lambda: resources(tenant),
        }
        return {kind: _matches(querysets[kind](), q, limit) for kind in kinds}

    def search(self, request, *, tenant, restricted_allowed: bool, language: str, limit: int) -> RawResults:
        matched = self._matched(request.q, tenant=tenant, restricted_allowed=restricted_allowed, kinds=KINDS, limit=500)
        values = _facet_values(matched)
        selected = {
            "type": set(request.kinds), "country": set(request.countries), "role": set(request.roles),
            "sop": {str(number) for number in request.filters.sops}, "language": set(request.filters.languages),
        }

        def passes(item_values: dict[str, set[str]], skip: str = "") -> bool:
            return all(not chosen or item_values[name] & chosen for name, chosen in selected.items() if name != skip)

        facets = {name: Counter() for name in FACETS}
        hits = []
        for kind, rows in matched.items():
            for pk, score in rows:
                item = values[(kind, pk)]
                for name in FACETS:
                    if passes(item, skip=name):
                        facets[name].update(item[name])
                if passes(item):
                    hits.append(Hit(kind=kind, object_id=pk, score=score))
        hits.sort(key=lambda hit: (-hit.score, KINDS.index(hit.kind), hit.object_id))
        return RawResults(
            hits=hits[request.offset:request.offset + limit],
            total=len(hits),
            facets={name: dict(counter) for name, counter in facets.items()},
        )

    def contact_ids(self, q: str, *, tenant, restricted_allowed: bool, language: str, limit: int) -> list[int]:
        rows = _matches(contacts(tenant, restricted_allowed), q, limit)
        return [pk for pk, _ in rows]

    def suggest(self, prefix: str, *, tenant, restricted_allowed: bool, language: str, limit: int) -> list[str]:
        backend = wagtail_database_backend()
        prefix = engine_text(prefix)
        titles = []
        if not prefix.strip():
            return titles
        with translation.override(language):
            for page in backend.autocomplete(prefix, pages(tenant).specific())[:limit]:
                titles.append(page.title)
            for contact in backend.autocomplete(prefix, contacts(tenant, restricted_allowed))[:limit]:
                titles.append(contact.position_title)
        return titles

    def ping(self) -> bool:
        return True


def _facet_values(matched: dict[str, list[tuple[int, float]]]) -> dict[tuple[str, int], dict[str, set[str]]]:
    """Each matched object's values for every facet, in a fixed number of queries."""
    values: dict[tuple[str, int], dict[str, set[str]]] = defaultdict(lambda: {name: set() for name in FACETS})
    ids = {kind: [pk for pk, _ in rows] for kind, rows in matched.items()}
    for kind, collect in ((CONTACT, _contact_facets), (PAGE, _page_facets), (DOCUMENT, _document_facets)):
        if ids.get(kind):
            for pk, name, value in collect(ids[kind]):
                values[(kind, pk)][name].add(value)
    for kind, pks in ids.items():
        for pk in pks:
            values[(kind, pk)]["type"].add(kind)
    return values


def _contact_facets(ids: list[int]):
    """(contact id, facet, value) of the matched contacts."""
    rows = Contact.objects.filter(pk__in=ids).values_list("pk", "country__code", "located_in__code", "role__slug")
    for pk, country, located, role in rows:
        yield from ((pk, "country", code) for code in (country, located) if code)
        yield pk, "role", role
    for pk, number in Contact.sops.through.objects.filter(contact_id__in=ids).values_list("contact_id", "sop__number"):
        yield pk, "sop", str(number)
    languages = Contact.languages.through.objects.filter(contact_id__in=ids).values_list("contact_id", "language__code")
    yield from ((pk, "language", code) for pk, code in languages)


def _page_facets(ids: list[int]):
    """(page id, facet, value) of the matched pages: a profile's country, an SOP's or a measure's SOP."""
    for pk, code in CountryProfilePage.objects.filter(pk__in=ids).values_list("pk", "country__code"):
        yield pk, "country", code
    for pk, number in SOPPage.objects.filter(pk__in=ids).values_list("pk", "sop__number"):
        yield pk, "sop", str(number)
    sop_paths = dict(SOPPage.objects.values_list("path", "sop__number"))
    for pk, path in MeasurePage.objects.filter(pk__in=ids).values_list("pk", "path"):
        number = sop_paths.get(path[: -Page.steplen])
        if number:
            yield pk, "sop", str(number)


def _document_facets(ids: list[int]):
    """(resource id, facet, value) of the matched documents: their languages."""
    languages = Resource.languages.through.objects.filter(resource_id__in=ids).values_list("resource_id", "language__code")
    yield from ((pk, "language", code) for pk, code in languages)
