"""Imports confirmed in the admin run in the task worker, so a large file never holds a web request.

The confirmed file is stored (ContactImport), a task checks it again against the current data
and writes it, and the editor follows it on a page of its own. Progress is kept in the shared
cache (the write runs in one transaction, whose row counts no other connection could read);
the outcome is kept on the ContactImport row.
"""
from __future__ import annotations

import logging

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from directory.importing.checking import contact_import_preview
from directory.importing.reports import CREATE, UPDATE, ImportHasErrors
from directory.importing.writing import contact_import_apply
from directory.models import ContactImport, ContactImportStatus

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 200  # rows between two progress reports: a cache write, not one per row
PROGRESS_SECONDS = 24 * 3600


def progress_key(job_id: int) -> str:
    return f"directory:import-progress:{job_id}"


def import_progress(job_id: int) -> dict:
    """{"phase": "checking" | "writing", "done": n, "total": m}, or {} before the worker started."""
    return cache.get(progress_key(job_id)) or {}


class _Progress:
    def __init__(self, job_id: int, phase: str, total: int):
        self.key, self.phase, self.total, self.done, self.reported = progress_key(job_id), phase, total, 0, 0
        self.report()

    def __call__(self, count: int) -> None:
        self.done += count
        if self.done - self.reported >= PROGRESS_EVERY or self.done >= self.total:
            self.report()

    def report(self) -> None:
        self.reported = self.done
        cache.set(self.key, {"phase": self.phase, "done": self.done, "total": self.total}, PROGRESS_SECONDS)


def contact_import_queue(*, user, filename: str, content: bytes, rows: int) -> ContactImport:
    """Store the confirmed file (of `rows` rows, as previewed) and queue its import.

    Called outside a transaction (the admin view), the row is committed before the task is queued,
    so a worker always finds it; with the immediate backend (development) the import runs here.
    """
    job = ContactImport.objects.create(user=user, filename=filename, content=content, rows=rows)
    run_contact_import.enqueue(job_id=job.pk)
    return job


def _finish(job: ContactImport, status: str, **fields) -> None:
    ContactImport.objects.filter(pk=job.pk).update(status=status, content=b"", finished_at=timezone.now(), **fields)


@task()
def run_contact_import(job_id: int) -> None:
    """Check the stored file again against the current data, then write it in one transaction."""
    job = ContactImport.objects.select_related("user").filter(pk=job_id, status=ContactImportStatus.QUEUED).first()
    if job is None:
        return  # applied already (a task delivered twice) or deleted
    ContactImport.objects.filter(pk=job.pk).update(status=ContactImportStatus.RUNNING)
    content = bytes(job.content)
    checking = _Progress(job.pk, "checking", job.rows)
    report = contact_import_preview(file_obj=content, filename=job.filename, user=job.user, progress=checking)
    if report.has_errors:
        problems = sum(len(row.problems) for row in report.rows) + len(report.file_problems)
        _finish(job, ContactImportStatus.FAILED, rows=len(report.rows), message=_(
            "The data changed since the preview: nothing was written (%(count)s problems). Upload the file again to see them."
        ) % {"count": problems})
        return
    writing = _Progress(job.pk, "writing", sum(1 for row in report.rows if row.action in (CREATE, UPDATE)))
    try:
        result = contact_import_apply(report=report, user=job.user, progress=writing)
    except ImportHasErrors as error:
        _finish(job, ContactImportStatus.FAILED, rows=len(report.rows), message=str(error))
        return
    except Exception:  # the editor's page must say it failed; the error itself goes to the log
        logger.exception("contact import %s failed", job.pk)
        _finish(job, ContactImportStatus.FAILED, rows=len(report.rows),
                message=_("The import failed on the server: nothing was written. An administrator can see why in the log."))
        return
    _finish(job, ContactImportStatus.DONE, rows=len(report.rows), created=result.created, updated=result.updated,
            unchanged=result.unchanged)
