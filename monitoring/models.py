"""How far each member country applies each TRM measure, and since when (issue 11).

An `ImplementationStatus` says, for one tenant, one member country and one measure page, where
the country stands on an ordered scale; `StatusChange` keeps one row per change of level with the
date it took effect, so progress over the years can be drawn. An SOP has no status of its own:
its level is rolled up from its measures' (monitoring.selectors.sop_level).
"""
from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import RevisionMixin

from portal.tenancy.editors import CountryScopedQuerySet


class Level(models.IntegerChoices):
    """The ordered scale: each level includes the ones before it."""

    NOT_STARTED = 0, _("Not started")
    IN_PREPARATION = 1, _("In preparation")
    NON_BINDING = 2, _("Adopted as non-binding guidance")
    BINDING = 3, _("Binding (law, regulation or signed SOP)")
    APPLIED = 4, _("Applied in practice and monitored")


# Shown beside the level's name, so that levels are told apart without colour (WCAG 1.4.1).
LEVEL_SYMBOLS = {
    Level.NOT_STARTED: "○",
    Level.IN_PREPARATION: "◔",
    Level.NON_BINDING: "◑",
    Level.BINDING: "◕",
    Level.APPLIED: "●",
}


class ImplementationStatusQuerySet(CountryScopedQuerySet):
    """How statuses are read: `ImplementationStatus.objects.in_tenant(tenant)`; editors' rows by `editable_by(user)`."""

    def in_tenant(self, tenant) -> ImplementationStatusQuerySet:
        # The tenant's own rows, of countries it still lists: a country that leaves a tenant leaves its monitoring.
        return self.filter(tenant=tenant, country__in=tenant.member_ids)


def status_belongs_to(tenant, status: ImplementationStatus) -> bool:
    """The in-Python twin of ImplementationStatusQuerySet.in_tenant."""
    return status.tenant_id == tenant.pk and status.country_id in tenant.member_ids


class ImplementationStatus(RevisionMixin, models.Model):
    """Where one member country of one tenant stands on one measure."""

    tenant = models.ForeignKey(
        "portal.PortalSettings", verbose_name=_("portal"), on_delete=models.CASCADE, related_name="implementation_statuses"
    )
    country = models.ForeignKey("portal.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+")
    measure = models.ForeignKey(
        "guidelines.MeasurePage", verbose_name=_("measure"), on_delete=models.CASCADE, related_name="implementation_statuses"
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, default=Level.NOT_STARTED)
    level_since = models.DateField(
        _("level reached on"), default=datetime.date.today,
        help_text=_("The date the current level took effect (for example the day the law entered into force)."),
    )
    basis_title = models.CharField(_("legal or policy basis"), max_length=255, blank=True)
    basis_date = models.DateField(_("date of the basis"), null=True, blank=True)
    basis_url = models.URLField(_("link to the basis"), blank=True)
    basis_document = models.ForeignKey(
        "portal.Resource",
        verbose_name=_("basis in the resources library"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    differences = models.TextField(_("what differs from the TRM measure"), blank=True)
    notes = models.TextField(_("notes for practitioners"), blank=True)
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )

    objects = ImplementationStatusQuerySet.as_manager()

    panels = [
        MultiFieldPanel([FieldPanel("tenant"), FieldPanel("country"), FieldPanel("measure")], heading=_("Where")),
        MultiFieldPanel([FieldPanel("level"), FieldPanel("level_since")], heading=_("Level")),
        MultiFieldPanel(
            [FieldPanel("basis_title"), FieldPanel("basis_date"), FieldPanel("basis_url"), FieldPanel("basis_document")],
            heading=_("Legal or policy basis"),
        ),
        FieldPanel("differences"),
        FieldPanel("notes"),
    ]

    class Meta:
        verbose_name = _("implementation status")
        verbose_name_plural = _("implementation statuses")
        ordering = ["tenant", "country", "measure__path"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "country", "measure"], name="monitoring_one_status_per_measure"),
        ]

    def __str__(self) -> str:
        return f"{self.country} — {self.measure} ({self.get_level_display()})"

    @property
    def symbol(self) -> str:
        return LEVEL_SYMBOLS[Level(self.level)]

    def clean(self):
        super().clean()
        errors = {}
        if self.tenant_id and self.country_id and self.country_id not in self.tenant.member_ids:
            errors["country"] = _("This country is not a member of the chosen portal.")
        if self.tenant_id and self.measure_id and not self.measure.path.startswith(self.tenant.site.root_page.path):
            errors["measure"] = _("This measure belongs to another portal's guidelines.")
        if self.level_since and self.level_since > timezone.localdate():
            errors["level_since"] = _("The date the level was reached cannot be in the future.")
        elif self.pk and self.level_since:
            # The history is read in date order: a new level dated before the last change would put it out of place.
            last = self.changes.order_by("-effective_on", "-pk").first()
            if last is not None and last.level != self.level and self.level_since < last.effective_on:
                errors["level_since"] = _(
                    "The new level cannot take effect before the last change of level (%(date)s)."
                ) % {"date": date_format(last.effective_on, "DATE_FORMAT")}
        if errors:
            raise ValidationError(errors)


class StatusChange(models.Model):
    """One change of a status's level, with the date it took effect: the history that charts are drawn from."""

    status = models.ForeignKey(ImplementationStatus, on_delete=models.CASCADE, related_name="changes")
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    effective_on = models.DateField(_("in effect from"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["status", "effective_on", "pk"]
        indexes = [models.Index(fields=["status", "effective_on"])]

    def __str__(self) -> str:
        return f"{self.status_id}: {self.get_level_display()} from {self.effective_on}"
