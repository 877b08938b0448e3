"""What search keeps in the database: index updates not yet applied, and queries that found nothing."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingIndexUpdate(models.Model):
    """An object whose search documents must be written again (or removed).

    Written in the same transaction as the change that caused it, so an update survives an
    Elasticsearch outage, a worker restart or a failed task; deleted once applied.
    """

    kind = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_pending_unique")]
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class ZeroResultQuery(models.Model):
    """How often a query found nothing, per tenant, language and day. No visitor identifier is kept."""

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    language = models.CharField(_("language"), max_length=10)
    query = models.CharField(_("query"), max_length=200)
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("searches"), default=0)

    class Meta:
        verbose_name = _("query without results")
        verbose_name_plural = _("queries without results")
        constraints = [
            models.UniqueConstraint(fields=["site", "language", "query", "day"], name="search_zero_result_unique")
        ]

    def __str__(self) -> str:
        return self.query
