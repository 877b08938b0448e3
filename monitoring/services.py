"""State changes of monitoring: the history row each change of level leaves behind."""
from __future__ import annotations

from monitoring.models import ImplementationStatus, StatusChange


def status_history_record(*, status: ImplementationStatus) -> StatusChange | None:
    """Record the status's current level in its history, if it differs from the last one recorded.

    A new level adds a row (the point a chart draws); the same level with another date corrects
    the date of the last row, since it says when that same level took effect.
    """
    last = StatusChange.objects.filter(status=status).order_by("-effective_on", "-pk").first()
    if last is not None and last.level == status.level:
        if last.effective_on != status.level_since:
            last.effective_on = status.level_since
            last.save(update_fields=["effective_on"])
        return last
    return StatusChange.objects.create(status=status, level=status.level, effective_on=status.level_since)


def status_saved(sender, instance: ImplementationStatus, raw: bool = False, **kwargs) -> None:
    """post_save receiver (connected in MonitoringConfig.ready): fixtures loaded raw bring their own history."""
    if not raw:
        status_history_record(status=instance)
