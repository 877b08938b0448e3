"""National notes: how one country adapts a measure or a step ("in Lithuania this step is done by ...")."""
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import RevisionMixin

from portal.tenancy.editors import CountryScopedQuerySet
from portal.tenancy.translation_forms import CORRECTIONS_PANEL


class NationalNote(RevisionMixin, models.Model):
    country = models.ForeignKey("portal.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+")
    measure = models.ForeignKey(
        "guidelines.MeasurePage", verbose_name=_("measure"), on_delete=models.CASCADE, related_name="national_notes"
    )
    step = models.ForeignKey(
        "guidelines.MeasureStep",
        verbose_name=_("step"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="national_notes",
        help_text=_("Leave empty when the note is about the whole measure."),
    )
    text = models.TextField(_("note"))

    objects = CountryScopedQuerySet.as_manager()

    panels = [FieldPanel("country"), FieldPanel("measure"), FieldPanel("step"), FieldPanel("text"), CORRECTIONS_PANEL]

    class Meta:
        verbose_name = _("national note")
        verbose_name_plural = _("national notes")
        ordering = ["measure", "country", "step__sort_order", "pk"]

    def __str__(self) -> str:
        return f"{self.country} — {self.measure}"

    def clean(self):
        super().clean()
        if self.step_id and self.measure_id and self.step.measure_id != self.measure_id:
            raise ValidationError({"step": _("This step belongs to another measure.")})
