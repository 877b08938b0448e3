"""Organisations: the institutions contacts work for."""
from django.db import models
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from wagtail.admin.panels import FieldPanel
from wagtail.models import RevisionMixin
from wagtail.search import index

from portal.tenancy.editors import CountryScopedQuerySet


class OrganisationType(models.TextChoices):
    GOVERNMENTAL = "governmental", _("Governmental")
    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")
    JUDICIARY = "judiciary", _("Judiciary")
    NGO = "ngo", _("Non-governmental organisation")
    INTERNATIONAL = "international", _("International organisation")
    OTHER = "other", _("Other")


class Organisation(RevisionMixin, index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=255)
    country = models.ForeignKey(
        "portal.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="organisations"
    )
    organisation_type = models.CharField(
        _("type"), max_length=20, choices=OrganisationType.choices, default=OrganisationType.GOVERNMENTAL
    )
    website = models.URLField(_("website"), blank=True)
    address = models.TextField(_("address"), blank=True)
    switchboard = PhoneNumberField(_("switchboard"), blank=True)

    objects = CountryScopedQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("country"),
        FieldPanel("organisation_type"),
        FieldPanel("website"),
        FieldPanel("address"),
        FieldPanel("switchboard"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("country"), index.FilterField("name")]

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
