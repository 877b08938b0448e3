"""Search benchmark: the search service on the database backend and on Elasticsearch, 100,000 contacts.

Run with `make bench-search` (PostgreSQL from scripts/postgres.sh, Elasticsearch from
scripts/elasticsearch.sh; without ELASTICSEARCH_URL the Elasticsearch part is skipped).
Prints figures; it asserts nothing. Targets (issues "Search service" and 13): Elasticsearch
service.search p95 <= 30 ms, its raw query p95 <= 15 ms, suggestions p95 <= 20 ms; database
service.search p95 <= 150 ms; Elasticsearch rebuild >= 5,000 documents/s; the database index's
bulk path >= 2,000 objects/s; the whole run <= 20 minutes. Ratios, which hold on a busy machine
where absolute times do not: our Elasticsearch service.search <= 0.3x the database backend's, our
raw query <= 1.5x a plain multi_match over the same index and fields. It prints where the time
goes (Elasticsearch's profile API; hydration from the database). BENCH_REINDEX=1 indexes data
kept from an earlier run again (to time the database index without generating anew).

The data: the demo, BENCH_CONTACTS contacts (default 100,000) in the Baltic tenant's
countries — one tenant holding them all, as in bench_directory, is the hard case — with
position titles, organisations and names made of real words, and BENCH_PAGES standard pages
(default 5,000) spread over the three tenants. Queries are run as an anonymous visitor of
the Baltic tenant in English, BENCH_REQUESTS times each (default 150) after a warm-up.
Elasticsearch indexes are written under the prefix "trmbench" and deleted at the end.
"""
import contextlib
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django

django.setup()

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from wagtail.search.backends import get_search_backend

from directory.filters import DirectoryFilters
from directory.models import Contact
from portal.models import PortalSettings, StandardPage
from portal.tenancy.models import Country

# Every search module is imported now, not halfway through a long run (the code must be one version).
from search import indexing, service
from search.database import contacts as scoped_contacts
from search.database import pages as scoped_pages
from search.elastic import index as es_index
from search.elastic.backend import FUZZY_BELOW, SEARCHED_FIELDS, ElasticsearchBackend
from search.query import PAGE_SIZE, SearchRequest

CONTACTS = int(os.environ.get("BENCH_CONTACTS", "100000"))
PAGES = int(os.environ.get("BENCH_PAGES", "5000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "150"))
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
INDEX_PREFIX = "trmbench"

SUGGEST_PREFIXES = ["pros", "labour insp", "katarz"]

from bench_search_generate import HOSTNAME, baltic_tenant, generate_contacts, generate_pages  # noqa: E402
from bench_search_report import (  # noqa: E402  (what the benchmark prints)
    PROFILES,
    TARGET_DB_P95_MS,
    TARGET_ES_P95_MS,
    TARGET_ES_RAW_P95_MS,
    TARGET_RUN_MINUTES,
    TARGET_SUGGEST_P95_MS,
    print_table,
    record,
    verdict,
)


def update_database_index(contact_ids: list[int], page_ids: list[int], chunk: int = 1000) -> dict:
    """The database index for the generated objects (bulk_create sends no signals), timed, through the
    backend's bulk path (search/database_index.py), as the importer writes it."""
    backend = get_search_backend("default")
    print(f"database index: {backend.__class__.__module__}.{backend.__class__.__name__}", flush=True)
    started, cpu_started = time.perf_counter(), time.process_time()
    for start in range(0, len(contact_ids), chunk):
        ids = contact_ids[start:start + chunk]
        backend.add_bulk(Contact, list(Contact.objects.filter(pk__in=ids).select_related("organisation", "role")))
        if (start // chunk) % 20 == 19:
            print(f"  indexed {start + len(ids):,} / {len(contact_ids):,} contacts", flush=True)
    contacts_done = time.perf_counter()
    for start in range(0, len(page_ids), chunk):
        backend.add_bulk(StandardPage, list(StandardPage.objects.filter(pk__in=page_ids[start:start + chunk])))
    finished, cpu = time.perf_counter(), time.process_time() - cpu_started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    analysed = time.perf_counter()
    total = len(contact_ids) + len(page_ids)
    print(f"database index update: {len(contact_ids):,} contacts in {contacts_done - started:.1f} s"
          f" ({len(contact_ids) / max(contacts_done - started, 1e-9):,.0f}/s), {len(page_ids):,} pages in"
          f" {finished - contacts_done:.1f} s; total {total:,} objects in {finished - started:.1f} s"
          f" ({total / max(finished - started, 1e-9):,.0f} objects/s); ANALYZE {analysed - finished:.1f} s", flush=True)
    return {"objects": total, "seconds": finished - started, "cpu": cpu}


# --- measuring ----------------------------------------------------------------------------

def queries():
    poland = Country.objects.get(code="PL")
    return [
        ("prosecutor", SearchRequest(q="prosecutor")),
        ("labour inspector", SearchRequest(q="labour inspector")),
        ("shelter", SearchRequest(q="shelter")),
        ("person: Katarzyna Nowak", SearchRequest(q="Katarzyna Nowak")),
        ("typo: prosecuter", SearchRequest(q="prosecuter")),
        ("victim support + country PL", SearchRequest(q="victim support", filters=DirectoryFilters(countries=(poland,)))),
    ]


def timed(call, runs: int, *, cold: bool = False) -> tuple[list[float], object]:
    for _ in range(3 if cold else 5):
        result = call()
    timings = []
    for _ in range(runs):
        if cold:
            cache.clear()
        started = time.perf_counter()
        result = call()
        timings.append((time.perf_counter() - started) * 1000)
    return timings, result


def measure_backend(name: str, target: float) -> None:
    """The service (search page, directory free text, suggestions) for every query; for Elasticsearch
    also our raw query, a plain multi_match over the same fields, and where the time goes."""
    user = AnonymousUser()
    cache.clear()
    for label, request in queries():
        def page_search(request=request):
            return service.search(request, tenant=baltic_tenant(), user=user, language="en")

        def directory_ids(request=request):
            return service.matching_contact_ids(request.q, tenant=baltic_tenant(), user=user, language="en")

        timings, outcome = timed(page_search, REQUESTS)
        note = f"[{outcome.total} results via {outcome.backend}{', corrected to ' + repr(outcome.suggestion) if outcome.corrected_from else ''}" \
               f"{', FELL BACK' if outcome.fell_back else ''}]"
        record(name, label, "service.search", timings, target, note)
        timings, ids = timed(directory_ids, REQUESTS)
        record(name, label, "matching_contact_ids", timings, target, f"[{len(ids)} ids]")
        if label.startswith("typo"):
            timings, outcome = timed(page_search, max(20, REQUESTS // 5), cold=True)
            record(name, label, "service.search, cold cache", timings, target, f"[{outcome.total} results]")
        if name == "elasticsearch":
            measure_elasticsearch_query(label, request)
    for prefix in SUGGEST_PREFIXES:
        def suggest(prefix=prefix):
            return service.suggestions(prefix, tenant=baltic_tenant(), user=user, language="en")

        timings, titles = timed(suggest, REQUESTS)
        record(name, f"suggest: {prefix}", "service.suggestions", timings,
               TARGET_SUGGEST_P95_MS if name == "elasticsearch" else None, f"[{len(titles)} titles]")


def plain_multi_match(es_backend: ElasticsearchBackend, request: SearchRequest, tenant):
    """The yardstick: one multi_match over the fields our query searches, same index, audience and page size."""
    from elasticsearch_dsl import Q

    s = es_backend._search(tenant, "en").query(
        Q("bool", must=[Q("multi_match", query=request.q, fields=list(SEARCHED_FIELDS))], filter=[Q("term", restricted=False)])
    )
    return s.source(["kind", "object_id"]).extra(size=PAGE_SIZE, track_total_hits=False).execute()


def measure_elasticsearch_query(label: str, request: SearchRequest) -> None:
    es_backend = ElasticsearchBackend()
    tenant = baltic_tenant()
    user = AnonymousUser()

    def raw_search():
        return es_backend.search(request, tenant=tenant, restricted_allowed=False, language="en", limit=PAGE_SIZE)

    def raw_ids():
        return es_backend.contact_ids(request.q, tenant=tenant, restricted_allowed=False, language="en",
                                      limit=settings.SEARCH_MAX_DIRECTORY_MATCHES)

    timings, raw = timed(raw_search, REQUESTS)
    record("elasticsearch", label, "backend.search (raw)", timings, TARGET_ES_RAW_P95_MS, f"[{raw.total} hits]")
    timings, plain = timed(lambda: plain_multi_match(es_backend, request, tenant), REQUESTS)
    record("elasticsearch", label, "plain multi_match (raw)", timings, None, f"[{len(plain.hits)} hits on the page]")
    timings, ids = timed(raw_ids, REQUESTS)
    record("elasticsearch", label, "backend.contact_ids (raw)", timings, None, f"[{len(ids)} ids]")

    def hydrate():
        return service.hydrate(raw.hits, tenant=tenant, user=user, language="en", q=request.q)

    timings, items = timed(hydrate, REQUESTS)
    record("elasticsearch", label, "hydration from the database", timings, None, f"[{len(items)} items]")
    PROFILES.append((label, profile(es_backend, request, tenant), statistics.median(timings)))


def profile(es_backend: ElasticsearchBackend, request: SearchRequest, tenant) -> dict:
    """Where one search's time goes inside Elasticsearch (its profile API; ms, summed over shards).

    The page is two requests (hits, facets), run again with typo tolerance when the exact words
    find fewer than FUZZY_BELOW results; the suggester runs only when nothing is found.
    """
    options = {"tenant": tenant, "restricted_allowed": False, "language": "en", "limit": PAGE_SIZE}
    fuzzy = es_backend._page(request, fuzzy=False, **options).total < FUZZY_BELOW
    hits, facets = es_backend.page_searches(request, fuzzy=fuzzy, **options)
    parts = {"fuzzy": fuzzy}
    for name, s in (("hits", hits), ("facets", facets)):
        response = s.extra(profile=True).params(request_cache=False).execute().to_dict()
        shards = response["profile"]["shards"]
        parts[f"{name} took"] = response["took"]
        parts[f"{name} clauses"] = sum(q["time_in_nanos"] for shard in shards for search in shard["searches"] for q in search["query"]) / 1e6
        parts[f"{name} rewrite"] = sum(search["rewrite_time"] for shard in shards for search in shard["searches"]) / 1e6
        parts[f"{name} aggregations"] = sum(agg["time_in_nanos"] for shard in shards for agg in shard.get("aggregations", [])) / 1e6
        fetch = [shard["fetch"] for shard in shards if shard.get("fetch")]
        parts[f"{name} fetch"] = sum(phase["time_in_nanos"] for phase in fetch) / 1e6
        parts[f"{name} highlighting"] = sum(child["time_in_nanos"] for phase in fetch for child in phase.get("children", [])
                                            if "Highlight" in child["type"]) / 1e6
    suggester = es_backend.did_you_mean_search(request.q, tenant=tenant, language="en").execute()
    parts["suggester took"] = suggester.took
    return parts


def run_elasticsearch() -> dict | None:
    rebuild = None
    with override_settings(ELASTICSEARCH_URL=ELASTICSEARCH_URL, ELASTICSEARCH_INDEX_PREFIX=INDEX_PREFIX):
        es = es_index.client()
        try:
            print(f"\nElasticsearch ({ELASTICSEARCH_URL}, indexes {INDEX_PREFIX}-*): rebuilding ...", flush=True)
            progress = {"written": 0, "next": 50000}

            def report(count: int) -> None:
                progress["written"] += count
                if progress["written"] >= progress["next"]:
                    elapsed = time.perf_counter() - started
                    print(f"  written {progress['written']:,} documents in {elapsed:.0f} s", flush=True)
                    progress["next"] += 50000

            started, cpu_started = time.perf_counter(), time.process_time()
            result = indexing.rebuild(progress=report)
            elapsed = time.perf_counter() - started
            rebuild = {"documents": result["documents"], "seconds": elapsed, "indexes": len(result["indexes"]),
                       "cpu": time.process_time() - cpu_started}
            print(f"rebuild: {result['documents']:,} documents into {len(result['indexes'])} indexes in {elapsed:.1f} s"
                  f" = {result['documents'] / elapsed:,.0f} documents/s", flush=True)
            print("Elasticsearch, warm:", flush=True)
            measure_backend("elasticsearch", TARGET_ES_P95_MS)
        finally:
            names = list(es.indices.get(index=f"{INDEX_PREFIX}-*", ignore_unavailable=True, allow_no_indices=True))
            for name in names:  # one by one: wildcard deletes are refused (action.destructive_requires_name)
                es.indices.delete(index=name, ignore_unavailable=True)
            print(f"deleted {len(names)} {INDEX_PREFIX}-* indexes", flush=True)
    return rebuild


def main() -> None:
    started_all = time.perf_counter()
    load_at_start = os.getloadavg()
    print(f"database: {connection.vendor}; contacts {CONTACTS:,}, pages {PAGES:,}, {REQUESTS} runs per query", flush=True)
    newest = max((ROOT / "search").rglob("*.py"), key=lambda path: path.stat().st_mtime)
    print(f"search code: newest file {newest.relative_to(ROOT)}, changed"
          f" {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime(newest.stat().st_mtime))}", flush=True)
    with contextlib.redirect_stdout(io.StringIO()):  # modeltranslation reports the columns it adds
        call_command("migrate", "--noinput", verbosity=0)
    if not PortalSettings.objects.exists():
        started = time.perf_counter()
        call_command("load_demo", verbosity=0)
        print(f"demo loaded in {time.perf_counter() - started:.1f} s", flush=True)
    rng = random.Random(2026)
    contact_ids, page_ids = [], []
    existing = Contact.objects.filter(email__startswith="bench-").count()
    if existing < CONTACTS:
        started = time.perf_counter()
        contact_ids = generate_contacts(CONTACTS - existing, rng)
        print(f"generated {len(contact_ids):,} contacts in {time.perf_counter() - started:.1f} s", flush=True)
    existing = StandardPage.objects.filter(slug__startswith="bench-page-").count()
    if existing < PAGES:
        started = time.perf_counter()
        # Indexed below, in bulk and timed, instead of page by page on save.
        no_auto_update = {"default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}}
        with override_settings(WAGTAILSEARCH_BACKENDS=no_auto_update):
            page_ids = generate_pages(PAGES - existing, rng)
        elapsed = time.perf_counter() - started
        print(f"generated {len(page_ids):,} pages in {elapsed:.1f} s ({elapsed / max(len(page_ids), 1) * 1000:.1f} ms/page)", flush=True)
    if not (contact_ids or page_ids) and os.environ.get("BENCH_REINDEX"):  # data kept from an earlier run: index it again
        contact_ids = list(Contact.objects.filter(email__startswith="bench-").order_by("pk").values_list("pk", flat=True))
        page_ids = list(StandardPage.objects.filter(slug__startswith="bench-page-").order_by("pk").values_list("pk", flat=True))
    database_index = update_database_index(contact_ids, page_ids) if contact_ids or page_ids else None
    tenant = baltic_tenant()
    print(f"in the database: {Contact.objects.count():,} contacts ({scoped_contacts(tenant, False).count():,} public in"
          f" {HOSTNAME}), {StandardPage.objects.count():,} standard pages ({scoped_pages(tenant).count():,} searchable in"
          f" {HOSTNAME})", flush=True)

    print("\ndatabase backend (PostgreSQL full text through Wagtail), warm:", flush=True)
    with override_settings(ELASTICSEARCH_URL=""):
        measure_backend("database", TARGET_DB_P95_MS)

    rebuild = run_elasticsearch() if ELASTICSEARCH_URL else None
    print_table([label for label, _ in queries()], rebuild, database_index)
    run_minutes = (time.perf_counter() - started_all) / 60
    print(f"benchmark run: {run_minutes:.1f} min (target <= {TARGET_RUN_MINUTES} min:"
          f" {verdict(run_minutes, TARGET_RUN_MINUTES)})", flush=True)
    print(f"benchmark run: {time.perf_counter() - started_all:.0f} s; load average (1, 5, 15 min) at the start"
          f" {load_at_start[0]:.1f} {load_at_start[1]:.1f} {load_at_start[2]:.1f}, at the end"
          f" {' '.join(f'{value:.1f}' for value in os.getloadavg())}; {os.cpu_count()} CPUs", flush=True)


if __name__ == "__main__":
    main()
