"""Keeping the Elasticsearch indexes in step with the database.

A change records a PendingIndexUpdate row in the transaction that makes it, then queues the
`apply_pending_updates` task after commit. The task writes the documents and deletes the rows
it applied; when Elasticsearch does not answer it leaves them, counts the attempt and asks to
be run again, so nothing is lost and an editor's save never waits on, or fails because of,
the search cluster. With the database backend (no ELASTICSEARCH_URL) nothing is recorded:
Wagtail keeps its database index itself.
"""
from __future__ import annotations

import datetime
import itertools
import logging
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout
from elasticsearch import ApiError, helpers
from wagtail.models import Page
from wagtail.search.backends import get_search_backends

from directory.models import Contact
from portal.models import Resource
from portal.tenancy import fragments
from search.documents import CONTACT, DOCUMENT, KINDS, PAGE, Target, Tenants, documents
from search.elastic import index
from search.models import PendingIndexUpdate

logger = logging.getLogger(__name__)

# A rebuild in progress holds this row; updates wait for it, then apply to the new indexes.
REBUILD = "rebuild"
REBUILD_STALE_AFTER = datetime.timedelta(hours=2)


class SearchUnavailable(Exception):
    """Elasticsearch answered with a server error or is missing an index: treated like an outage."""


# What makes search fall back to the database and updates wait: the cluster unreachable or
# too slow, a server-side error, an index not there yet. A 400 is a bug and is raised.
OUTAGE_ERRORS = (TransportConnectionError, ConnectionTimeout, SearchUnavailable)


def unavailable(error: ApiError) -> bool:
    return error.meta.status >= 500 or error.meta.status == 404


def enabled() -> bool:
    return bool(settings.ELASTICSEARCH_URL)


def schedule(kind: str, ids: Iterable[int]) -> None:
    """Record that these objects' documents must be written again, and queue the task after commit."""
    if not enabled():
        return
    rows = [PendingIndexUpdate(kind=kind, object_id=pk, created_at=timezone.now()) for pk in set(ids) if pk]
    if not rows:
        return
    # A second change before the first is applied moves the row's time forward, so the
    # run that is applying the first change does not delete it (see apply_pending_updates).
    PendingIndexUpdate.objects.bulk_create(
        rows, batch_size=1000, update_conflicts=True, unique_fields=["kind", "object_id"], update_fields=["created_at"]
    )
    transaction.on_commit(queue_apply)


def queue_apply(*, delay: datetime.timedelta | None = None) -> None:
    from search.tasks import apply_pending_updates

    task = apply_pending_updates
    if delay is not None:
        if not task.get_backend().supports_defer:
            return  # the immediate backend runs now or not at all; the next change or `manage.py search_sync` applies it
        task = task.using(run_after=timezone.now() + delay)
    try:
        task.enqueue()
    except Exception:  # the rows are kept: the next change or the periodic sync applies them
        logger.exception("search: could not queue the index update task")


def rebuild_running() -> bool:
    started = PendingIndexUpdate.objects.filter(kind=REBUILD).values_list("created_at", flat=True).first()
    return started is not None and timezone.now() - started < REBUILD_STALE_AFTER


def apply_pending_updates(*, batch_size: int = 500) -> tuple[int, int]:
    """Apply the recorded updates, oldest first. Returns (applied, still pending)."""
    if not enabled():
        return 0, 0
    if rebuild_running():
        return 0, PendingIndexUpdate.objects.exclude(kind=REBUILD).count()
    es = index.client()
    tenants = Tenants()
    aliases: dict[Target, str] | None = None
    applied, last_pk = 0, 0
    while True:
        rows = list(PendingIndexUpdate.objects.exclude(kind=REBUILD).filter(pk__gt=last_pk).order_by("pk")[:batch_size])
        if not rows:
            break
        last_pk = rows[-1].pk
        by_kind: dict[str, list[int]] = defaultdict(list)
        for row in rows:
            by_kind[row.kind].append(row.object_id)
        try:
            if aliases is None:
                aliases = {target: index.ensure_index(es, target) for target in tenants.targets()}
            for kind, ids in by_kind.items():
                write(es, kind, ids, tenants, aliases)
        except Exception as error:  # kept for a later run whatever the cause; a bug is logged as such
            if not isinstance(error, OUTAGE_ERRORS + (ApiError,)) or (isinstance(error, ApiError) and not unavailable(error)):
                logger.exception("search: index update failed; the updates are kept")
            PendingIndexUpdate.objects.filter(pk__in=[row.pk for row in rows]).update(
                attempts=F("attempts") + 1, last_error=f"{error.__class__.__name__}: {error}"[:500]
            )
            logger.warning("search: Elasticsearch unavailable, %s updates kept for later", len(rows), exc_info=True)
            queue_apply(delay=datetime.timedelta(seconds=30))
            return applied, PendingIndexUpdate.objects.exclude(kind=REBUILD).count()
        for row in rows:  # only if unchanged since read: a newer change stays pending
            applied += PendingIndexUpdate.objects.filter(pk=row.pk, created_at=row.created_at).delete()[0]
    if applied:
        _searchable_now(es, aliases or {})
    return applied, PendingIndexUpdate.objects.exclude(kind=REBUILD).count()


def _searchable_now(es, aliases: dict[Target, str]) -> None:
    """Make written documents searchable at once, then say that what search finds has changed: search result
    pages kept in the cache (portal.tenancy.fragments) were rendered from the index before these updates."""
    try:
        if aliases:
            es.options(ignore_status=(404,)).indices.refresh(index=",".join(sorted(set(aliases.values()))))
    except OUTAGE_ERRORS + (ApiError,):  # written all the same: searchable within the index's refresh interval
        logger.warning("search: refresh after index updates failed", exc_info=True)
    fragments.content_changed()


def write(es, kind: str, ids: list[int], tenants: Tenants, aliases: dict[Target, str]) -> None:
    """Write the objects' documents where they belong and delete them everywhere else."""
    all_targets = list(aliases)
    kept: dict[int, set[Target]] = defaultdict(set)
    actions = []
    for object_id, target, document in documents(kind, ids, tenants):
        kept[object_id].add(target)
        actions.append({"_op_type": "index", "_index": aliases[target], "_id": f"{kind}-{object_id}", "_source": document})
    for object_id in ids:
        for target in all_targets:
            if target not in kept[object_id]:
                actions.append({"_op_type": "delete", "_index": aliases[target], "_id": f"{kind}-{object_id}"})
    bulk(es, actions)
    update_admin_index(kind, ids)


def bulk(es, actions) -> int:
    """Send the actions; a delete of a document that is not there is not an error."""
    _, errors = helpers.bulk(es, actions, raise_on_error=False, raise_on_exception=True, chunk_size=1000, refresh=False)
    real = [error for error in errors if next(iter(error.values())).get("status") != 404]
    if real:
        raise RuntimeError(f"search: {len(real)} documents were refused, e.g. {real[0]}")
    return len(actions)


def update_admin_index(kind: str, ids: list[int]) -> None:
    """Replay the change into Wagtail's admin search index (which drops updates it cannot send)."""
    model = {CONTACT: Contact, PAGE: Page, DOCUMENT: Resource}[kind]
    objects = list(model.objects.filter(pk__in=ids))
    if kind == PAGE:
        objects = [page.specific for page in objects]
    for backend in get_search_backends(with_auto_update=True):
        if backend.__class__.__module__.startswith(("wagtail.search.backends.database", "modelsearch.backends.database",
                                                  "search.database_index")):
            continue
        by_model = defaultdict(list)
        for obj in objects:
            by_model[type(obj)].append(obj)
        for cls, group in by_model.items():
            backend.add_bulk(cls, group)


# --- rebuild ----------------------------------------------------------------------------

# Bulk requests in flight at once while the main thread builds the next documents: building is
# Python (one core), indexing is Elasticsearch's (the other cores).
REBUILD_THREADS = 3
REBUILD_CHUNK = 1000


def parallel_bulk(es, actions: Iterable[dict], *, progress: Callable[[int], None] | None = None) -> int:
    """Index the actions with several bulk requests in flight; returns how many were written.

    The documents are built here, in the calling thread (which holds the database connection and
    its transaction); only the sending runs on the pool's threads. A refused document fails the
    rebuild, naming the first refusal.
    """
    written, refused = 0, []

    def send(chunk: list[dict]) -> tuple[int, list]:
        return helpers.bulk(es, chunk, raise_on_error=False, raise_on_exception=True, chunk_size=len(chunk), refresh=False)

    def collect(future) -> None:
        nonlocal written
        done, errors = future.result()
        written += done
        refused.extend(errors)
        if progress:
            progress(done)

    with ThreadPoolExecutor(max_workers=REBUILD_THREADS) as pool:
        in_flight: deque = deque()
        actions = iter(actions)
        while chunk := list(itertools.islice(actions, REBUILD_CHUNK)):
            in_flight.append(pool.submit(send, chunk))
            if len(in_flight) > REBUILD_THREADS:
                collect(in_flight.popleft())
        while in_flight:
            collect(in_flight.popleft())
    if refused:
        raise RuntimeError(f"search: {len(refused)} documents were refused, e.g. {refused[0]}")
    return written


def rebuild(*, site_ids: Iterable[int] | None = None, languages: Iterable[str] | None = None,
            progress: Callable[[int], None] | None = None) -> dict:
    """Fill new indexes for the chosen tenants and languages, then swap their aliases.

    Search answers from the old indexes until the swap; changes made meanwhile wait and are
    applied to the new indexes right after it.
    """
    es = index.client()
    tenants = Tenants(site_ids, languages)
    targets = tenants.targets()
    PendingIndexUpdate.objects.update_or_create(kind=REBUILD, object_id=0, defaults={"created_at": timezone.now()})
    new, swapped = {}, set()
    try:
        for target in targets:
            new[target] = index.create_index(es, target)
        # Nothing reads the new indexes before the swap: no refreshes and no replicas while they
        # fill (each refresh writes a segment, each replica indexes every document again).
        for name in new.values():
            es.indices.put_settings(index=name, settings={"index": {"refresh_interval": "-1", "number_of_replicas": 0}})
        actions = (
            {"_op_type": "index", "_index": new[target], "_id": f"{kind}-{object_id}", "_source": document}
            for kind in KINDS for object_id, target, document in documents(kind, None, tenants)
        )
        written = parallel_bulk(es, actions, progress=progress)
        for target, name in new.items():
            es.indices.put_settings(index=name, settings={"index": {
                "refresh_interval": "1s", "number_of_replicas": settings.ELASTICSEARCH_REPLICAS}})
            es.indices.refresh(index=name)
            if settings.ELASTICSEARCH_REPLICAS:  # the copies are made before search moves over (a node lost meanwhile loses nothing)
                es.options(ignore_status=408).cluster.health(index=name, wait_for_no_initializing_shards=True, timeout="120s")
            index.swap_alias(es, index.alias_name(target), name)
            swapped.add(name)
        if swapped:
            fragments.content_changed()  # search now answers from the new indexes
    finally:
        PendingIndexUpdate.objects.filter(kind=REBUILD).delete()
        for name in set(new.values()) - swapped:  # a failed rebuild leaves the old indexes serving
            es.indices.delete(index=name, ignore_unavailable=True)
    apply_pending_updates()
    return {"indexes": [index.alias_name(target) for target in targets], "documents": written}
