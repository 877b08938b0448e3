"""Contacts: a function (preferred) or a named person, with the channels to reach them.

Contacts are never about victims: they are professionals and function mailboxes.
"""
from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from phonenumber_field.modelfields import PhoneNumberField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, RevisionMixin
from wagtail.search import index

from directory.permissions import user_can_see_restricted_contacts
from portal.tenancy.editors import CountryScopedQuerySet
from portal.tenancy.fields import translated
from portal.tenancy.text import folded_text
from portal.tenancy.translation_forms import CORRECTIONS_PANEL


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    PRACTITIONERS = "practitioners", _("Practitioners only")


class ContactStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ARCHIVED = "archived", _("Archived")


def review_cutoff(*, today: datetime.date, months: int) -> datetime.date:
    """The oldest verification date still fresh today with a review interval of `months`."""
    return today - relativedelta(months=months)


class ContactQuerySet(CountryScopedQuerySet):
    """How contacts are read: `Contact.objects.in_tenant(tenant).visible_to(user)`.

    A contact belongs to a tenant when its country of competence, or the country its office is
    in, is a member; this and `contact_belongs_to` are the only places that say so.
    """

    def of_countries(self, country_ids) -> ContactQuerySet:
        """Contacts of these countries, by competence or by where the office is."""
        country_ids = list(country_ids)
        return self.filter(models.Q(country__in=country_ids) | models.Q(located_in__in=country_ids))

    def in_tenant(self, tenant) -> ContactQuerySet:
        return self.of_countries(tenant.member_ids)

    def active(self) -> ContactQuerySet:
        return self.filter(status=ContactStatus.ACTIVE)

    def visible(self, *, restricted_allowed: bool) -> ContactQuerySet:
        """Active contacts; practitioners-only ones only where `restricted_allowed`."""
        contacts = self.active()
        return contacts if restricted_allowed else contacts.filter(visibility=Visibility.PUBLIC)

    def visible_to(self, user) -> ContactQuerySet:
        """Active contacts the user may see: practitioners-only ones only for practitioners."""
        return self.visible(restricted_allowed=user_can_see_restricted_contacts(user))

    def with_freshness(self, tenant, *, today: datetime.date | None = None) -> ContactQuerySet:
        """Each contact with `is_overdue`: never verified, or verified before the tenant's review interval.

        The one place that says whether a contact shown by a tenant is fresh: pages, exports,
        PDFs and the API read this annotation, so they cannot disagree (issue 16, point 1).
        A contact of a country in two portals is judged by the interval of the portal showing it.
        """
        cutoff = review_cutoff(today=today or timezone.localdate(), months=tenant.review_interval_months)
        stale = models.Q(last_verified_on__isnull=True) | models.Q(last_verified_on__lt=cutoff)
        return self.annotate(
            is_overdue=models.Case(
                models.When(stale, then=models.Value(True)), default=models.Value(False), output_field=models.BooleanField()
            )
        )


def contact_belongs_to(tenant, contact) -> bool:
    """The in-Python twin of ContactQuerySet.in_tenant, for a contact already loaded."""
    return contact.country_id in tenant.member_ids or (
        contact.located_in_id is not None and contact.located_in_id in tenant.member_ids
    )


class Contact(RevisionMixin, index.Indexed, ClusterableModel):
    organisation = models.ForeignKey(
        "directory.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="contacts"
    )
    country = models.ForeignKey(
        "portal.Country",
        verbose_name=_("country of competence"),
        on_delete=models.PROTECT,
        related_name="contacts",
        help_text=_("The country whose referral system this contact belongs to."),
    )
    located_in = models.ForeignKey(
        "portal.Country",
        verbose_name=_("located in"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contacts_located",
        help_text=_("For consular or liaison offices abroad: the country where the office is."),
    )
    role = models.ForeignKey("directory.ActorRole", verbose_name=_("role"), on_delete=models.PROTECT, related_name="contacts")
    sops = ParentalManyToManyField("directory.SOP", verbose_name=_("SOPs"), blank=True, related_name="contacts")
    position_title = models.CharField(_("position or function"), max_length=255)
    person_name = models.CharField(
        _("person's name"), max_length=200, blank=True, help_text=_("Optional: function mailboxes are preferred.")
    )
    languages = ParentalManyToManyField(
        "directory.Language", verbose_name=_("languages spoken"), blank=True, related_name="contacts"
    )
    email = models.EmailField(_("e-mail"), blank=True)
    alternative_email = models.EmailField(_("alternative e-mail"), blank=True)
    availability = models.CharField(_("availability"), max_length=255, blank=True, help_text=_("e.g. Mon–Fri 8:00–16:00"))
    visibility = models.CharField(_("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC)
    status = models.CharField(_("status"), max_length=20, choices=ContactStatus.choices, default=ContactStatus.ACTIVE)
    external_id = models.CharField(
        _("external ID"), max_length=100, null=True, blank=True, unique=True,
        help_text=_("Identifier in the source list; imports match rows to contacts by it."),
    )
    last_verified_on = models.DateField(_("last verified on"), null=True, blank=True)
    last_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("last verified by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ContactQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [FieldPanel("position_title"), FieldPanel("person_name"), FieldPanel("organisation"), FieldPanel("role"),
             FieldPanel("sops")],
            heading=_("Function"),
        ),
        MultiFieldPanel([FieldPanel("country"), FieldPanel("located_in")], heading=_("Country")),
        MultiFieldPanel(
            [FieldPanel("email"), FieldPanel("alternative_email"), InlinePanel("phones", label=_("phone")),
             FieldPanel("availability"), FieldPanel("languages")],
            heading=_("How to reach"),
        ),
        MultiFieldPanel([FieldPanel("visibility"), FieldPanel("status"), FieldPanel("external_id")], heading=_("Publication")),
        CORRECTIONS_PANEL,
    ]
    search_fields = [
        index.SearchField("position_title", boost=2),
        index.SearchField("person_name", boost=3),
        index.SearchField("email"),
        index.AutocompleteField("position_title"),
        index.AutocompleteField("person_name"),
        *translated("position_title", boost=2),
        index.RelatedFields("organisation", [index.SearchField("name"), index.AutocompleteField("name"), *translated("name")]),
        index.RelatedFields("role", translated("name", "search_terms")),
        index.SearchField("search_folded_names"),
        index.FilterField("id"),  # the directory's filters narrow by primary key (SOPs, languages)
        index.FilterField("country"),
        index.FilterField("position_title"),
        index.FilterField("located_in"),
        index.FilterField("role"),
        index.FilterField("visibility"),
        index.FilterField("status"),
    ]

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["country", "role__sort_order", "position_title", "pk"]
        indexes = [
            models.Index(fields=["country", "status", "visibility"], name="contact_country_status_vis"),
            models.Index(fields=["located_in", "status", "visibility"], name="contact_located_status_vis"),
            models.Index(fields=["role", "status"], name="contact_role_status"),
            models.Index(fields=["last_verified_on"], name="contact_last_verified"),
        ]

    def __str__(self) -> str:
        return f"{self.position_title} — {self.organisation}" if self.organisation_id else self.position_title

    def search_folded_names(self) -> str:
        """The person's and the organisation's names without accents, where that differs ("Zukauskas"
        finds "Žukauskas"): the database backend's full text does not fold accents itself."""
        names = [self.person_name, self.position_title]
        if self.organisation_id:
            names.append(self.organisation.name)
        return " ".join(folded for name in names if name and (folded := folded_text(name)) != name.lower())

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC and self.status == ContactStatus.ACTIVE

    @property
    def is_abroad(self) -> bool:
        return self.located_in_id is not None and self.located_in_id != self.country_id

    def clean(self):
        super().clean()
        if self.located_in_id and self.located_in_id == self.country_id:
            self.located_in = None

    def verify(self, *, user, on: datetime.date) -> None:
        self.last_verified_on = on
        self.last_verified_by = user


class ContactPhone(Orderable):
    """A phone number in E.164, parsed and checked for the contact's country."""

    contact = ParentalKey(Contact, on_delete=models.CASCADE, related_name="phones")
    number = PhoneNumberField(_("number"))
    label = models.CharField(_("label"), max_length=60, blank=True, help_text=_("e.g. Duty officer, Hotline"))
    is_24_7 = models.BooleanField(_("24/7"), default=False, help_text=_("Answered around the clock."))

    panels = [FieldPanel("number"), FieldPanel("label"), FieldPanel("is_24_7")]

    class Meta(Orderable.Meta):
        verbose_name = _("phone")
        verbose_name_plural = _("phones")

    def __str__(self) -> str:
        return self.number.as_international if self.number else ""


def validate_has_channel(*, email: str, alternative_email: str, phones: list) -> None:
    """At least one way to reach a contact: a phone or an e-mail."""
    if not (email or alternative_email or any(phones)):
        raise ValidationError(_("Give at least one phone number or e-mail address."))


class ReviewReminder(models.Model):
    """That an editor was sent the list of their due contacts on a day (reminders are idempotent per day)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    contact_count = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "sent_on"], name="one_reminder_per_user_per_day")]

    def __str__(self) -> str:
        return f"{self.user} · {self.sent_on}"
