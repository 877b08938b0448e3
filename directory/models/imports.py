"""A confirmed contact import, applied by the task worker, with what an editor needs to follow it."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ContactImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Applied")
    FAILED = "failed", _("Not applied")


class ContactImport(models.Model):
    """The file an editor confirmed, kept until the worker has applied it (then emptied), and the outcome.

    The file is a list of professionals' contacts, as the preview showed it; it is kept only
    between the confirmation and the write, and only its counts remain afterwards.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(_("file"), max_length=255)
    content = models.BinaryField(editable=False)
    status = models.CharField(_("status"), max_length=20, choices=ContactImportStatus.choices,
                              default=ContactImportStatus.QUEUED)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    message = models.TextField(_("message"), blank=True)
    queued_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("contact import")
        verbose_name_plural = _("contact imports")
        ordering = ["-queued_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (ContactImportStatus.DONE, ContactImportStatus.FAILED)
