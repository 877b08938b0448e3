"""What model saves do for one object, done for many at once: revisions, audit entries, index entries.

The importer and the demo loader write contacts in bulk (bulk_create/bulk_update send no
signals and skip save_revision() and log(), which cost several queries per object). These
functions write the same rows those calls would, in one insert per batch.
"""
from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from wagtail.log_actions import get_active_log_context
from wagtail.log_actions import registry as log_registry
from wagtail.models import ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends

from portal.tenancy.signals import bulk_saved

CREATE_ACTION = "wagtail.create"
EDIT_ACTION = "wagtail.edit"
BATCH_SIZE = 500


def bulk_revisions(model, objects: Sequence, *, user, now: datetime.datetime) -> list[Revision]:
    """One revision per object (its current state, as save_revision() stores it), set as its latest revision."""
    if not objects:
        return []
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type=obj.get_content_type(),
                base_content_type=obj.get_base_content_type(),
                object_id=str(obj.pk),
                user=user,
                created_at=now,
                content=obj.serializable_data(),
                object_str=str(obj),
            )
            for obj in objects
        ],
        batch_size=BATCH_SIZE,
    )
    # One UPDATE with a subquery: bulk_update would build a CASE branch per object.
    newest = (
        Revision.objects.filter(base_content_type=objects[0].get_base_content_type(), object_id=Cast(OuterRef("pk"), CharField()))
        .order_by("-created_at", "-pk")
        .values("pk")[:1]
    )
    model.objects.filter(pk__in=[obj.pk for obj in objects]).update(latest_revision=Subquery(newest))
    for obj, revision in zip(objects, revisions, strict=True):
        obj.latest_revision = revision
    return revisions


def bulk_log(entries: Sequence[tuple[object, str, Revision | None]], *, user, now: datetime.datetime) -> None:
    """The audit entries wagtail.log_actions.log() would write: (instance, action, revision) each.

    log() saves each entry with a full_clean() (three existence queries) and an insert; the
    entries here are the same: model, label, user, the request's log context, action, revision.
    """
    if not entries:
        return
    log_model = log_registry.get_log_model_for_instance(entries[0][0])
    if log_model is None:
        return
    context = get_active_log_context()
    content_type = ContentType.objects.get_for_model(entries[0][0], for_concrete_model=False)
    log_model.objects.bulk_create(
        [
            log_model(
                content_type=content_type,
                object_id=str(instance.pk),
                label=str(instance),
                action=action,
                timestamp=now,
                data={},
                user=user or context.user,
                uuid=context.uuid,
                revision=revision,
                content_changed=True,
            )
            for instance, action, revision in entries
        ],
        batch_size=BATCH_SIZE,
    )


def index_objects(model, objects: Iterable) -> None:
    """The search and reference index entries post_save handlers would have written.

    Wagtail's own indexes are written here; the portal's search (which subscribes to
    `bulk_saved`, as it does to post_save) is told, so the directory needs to know nothing of it.
    """
    objects = list(objects)
    bulk_saved.send(sender=model, objects=objects)
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(model, objects)
    for obj in objects:
        ReferenceIndex.create_or_update_for_object(obj)
