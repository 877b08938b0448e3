"""A tenant is a Wagtail Site; its settings say which countries, languages and look it has.

Countries live here, on the ground floor, because a tenant is defined by its member countries
and every app (directory, guidelines, profiles) hangs its content on a country.
"""
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from portal.tenancy.colour import contrast_ratio


class LanguageListField(models.JSONField):
    """A list of interface language codes, edited as checkboxes of settings.LANGUAGES."""

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=settings.LANGUAGES,
            widget=forms.CheckboxSelectMultiple,
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
        )


class Country(models.Model):
    """A country a tenant can list as a member (ISO 3166-1 alpha-2; Kosovo as XK).

    Names are never stored: they come translated from django-countries' catalogues, so a
    country reads correctly in every interface language.
    """

    code = CountryField(_("country"), unique=True)
    editors = models.OneToOneField(
        "auth.Group",
        verbose_name=_("editors' group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="edited_country",
        help_text=_("Members edit this country's contacts, organisations and profile pages."),
    )

    class Meta:
        # The table keeps the name it had when countries belonged to the directory app.
        db_table = "directory_country"
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The country's name in the active language."""
        return str(self.code.name)

    @property
    def iso2(self) -> str:
        return str(self.code.code)


class DirectoryVisibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    PRACTITIONERS = "practitioners", _("Practitioners only")


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    name = models.CharField(_("name"), max_length=120)
    short_name = models.CharField(_("short name"), max_length=30)
    languages = LanguageListField(
        _("enabled languages"),
        default=list,
        help_text=_("The languages this portal is published in. English is the fallback and always enabled."),
    )
    default_language = models.CharField(_("default language"), max_length=10, choices=settings.LANGUAGES, default="en")
    member_countries = models.ManyToManyField(
        "portal.Country", verbose_name=_("member countries"), related_name="tenants", blank=True
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("contact review interval (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("A contact is due for review when it was last verified longer ago than this."),
    )
    directory_default_visibility = models.CharField(
        _("default visibility of new contacts"),
        max_length=20,
        choices=DirectoryVisibility.choices,
        default=DirectoryVisibility.PUBLIC,
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default="#1d4f91",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #rrggbb."))],
        help_text=_("Used behind white text, so it must have a contrast of at least 4.5:1 with white."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("logo"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resources_collection = models.ForeignKey(
        "wagtailcore.Collection",
        verbose_name=_("resources collection"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Documents in this collection (and its sub-collections) form this portal's resources library."),
    )
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Label every page of this portal as fictional demo data.")
    )

    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("short_name"), FieldPanel("is_demo")], heading=_("Portal")),
        MultiFieldPanel([FieldPanel("languages"), FieldPanel("default_language")], heading=_("Languages")),
        FieldPanel("member_countries", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [FieldPanel("review_interval_months"), FieldPanel("directory_default_visibility")], heading=_("Directory")
        ),
        MultiFieldPanel(
            [FieldPanel("accent_colour"), FieldPanel("logo"), FieldPanel("resources_collection")],
            heading=_("Branding and resources"),
        ),
    ]

    class Meta:
        verbose_name = _("portal settings")
        verbose_name_plural = _("portal settings")

    def __str__(self) -> str:
        return self.name or str(self.site)

    def clean(self):
        super().clean()
        errors = {}
        languages = list(self.languages or [])
        known = {code for code, _name in settings.LANGUAGES}
        unknown = [code for code in languages if code not in known]
        if unknown:
            errors["languages"] = _("Unknown language codes: %(codes)s") % {"codes": ", ".join(unknown)}
        elif settings.LANGUAGE_CODE not in languages:
            errors["languages"] = _("English must stay enabled: it is shown where a translation is missing.")
        if self.default_language and self.default_language not in languages:
            errors["default_language"] = _("The default language must be one of the enabled languages.")
        if self.accent_colour and len(self.accent_colour) == 7 and contrast_ratio(self.accent_colour, "#ffffff") < 4.5:
            errors["accent_colour"] = _(
                "White text on this colour has a contrast of %(ratio).1f:1; choose a darker colour (at least 4.5:1)."
            ) % {"ratio": contrast_ratio(self.accent_colour, "#ffffff")}
        if errors:
            raise ValidationError(errors)

    @property
    def enabled_languages(self) -> list[tuple[str, str]]:
        """(code, name) of the enabled languages, in the order of settings.LANGUAGES."""
        enabled = set(self.languages or [])
        return [(code, name) for code, name in settings.LANGUAGES if code in enabled]

    def is_language_enabled(self, code: str) -> bool:
        return code in (self.languages or [])

    @cached_property
    def _member_rows(self) -> list:
        return list(self.member_countries.all())

    @property
    def members(self) -> list:
        """Member countries sorted by their name in the active language (one query per tenant object, which
        serves requests in every language until the content changes: portal.tenancy.fragments)."""
        by_language = self.__dict__.setdefault("_members_by_language", {})
        language = translation.get_language()
        if language not in by_language:
            by_language[language] = sorted(self._member_rows, key=lambda country: country.name)
        return by_language[language]

    @cached_property
    def member_codes(self) -> set[str]:
        return {country.iso2 for country in self.members}

    @cached_property
    def member_ids(self) -> frozenset[int]:
        """Primary keys of the member countries: what decides whether a contact belongs to this tenant."""
        return frozenset(country.pk for country in self.members)

    def member(self, code: str) -> Country | None:
        """The member country with this ISO code (any case), or None."""
        return next((country for country in self.members if country.iso2 == code.upper()), None)


class TranslationRecord(models.Model):
    """From which English text one translation of one content field was made (portal.tenancy.translation_state).

    One row per translated object, field and language that has a translation. `source_digest`
    is the English text as it is now; `basis_digest` the English text the translation was made
    from (or confirmed against). They differ once the English text changes in meaning after the
    translation was made: the translation is stale until it is updated or confirmed.
    """

    model = models.CharField(_("model"), max_length=100)  # "guidelines.measurepage"
    object_id = models.PositiveBigIntegerField(_("object"))
    field = models.CharField(_("field"), max_length=64)
    language = models.CharField(_("language"), max_length=10)
    source_digest = models.CharField(_("English text now"), max_length=16)
    source_changed_at = models.DateTimeField(_("English text changed"))
    basis_digest = models.CharField(_("English text translated"), max_length=16)
    translation_digest = models.CharField(_("translation"), max_length=16)
    # An English text that, once saved, is a correction without a change of meaning ("no change to
    # meaning" ticked in the admin): it keeps a current translation current.
    minor_digest = models.CharField(max_length=16, blank=True, default="")
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("translation record")
        constraints = [
            models.UniqueConstraint(fields=["model", "object_id", "field", "language"], name="one_record_per_translation")
        ]
        indexes = [models.Index(fields=["language", "model"], name="translation_record_language")]

    def __str__(self) -> str:
        return f"{self.model}:{self.object_id}:{self.field} ({self.language})"

    @property
    def is_stale(self) -> bool:
        return self.basis_digest != self.source_digest
