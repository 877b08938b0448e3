"""Reference data of the directory: languages spoken, actor roles and the five SOPs.

Language names are never stored: they come translated from Django's own catalogues, so a
language reads correctly in every interface language. Countries are the tenancy's
(portal.tenancy.models.Country).
"""
from django.conf import settings
from django.conf.locale import LANG_INFO
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def _language_choices() -> list[tuple[str, str]]:
    """ISO 639-1 languages Django knows a name for (two-letter codes only)."""
    return sorted(
        ((code, info["name"]) for code, info in LANG_INFO.items() if len(code) == 2 and "name" in info),
        key=lambda item: item[1],
    )


class Language(models.Model):
    """A language spoken by a contact or used in a resource (ISO 639-1)."""

    code = models.CharField(_("code"), max_length=8, unique=True, choices=_language_choices)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The language's name in the active language (Django translates its own list)."""
        info = LANG_INFO.get(self.code)
        return gettext(info["name"]) if info else self.code


def interface_language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


class ActorRole(models.Model):
    """A role in the referral system (prosecutor, NGO assistance provider...). Slugs are stable: URLs and imports use them."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    search_terms = models.TextField(
        _("other words people search for"),
        blank=True,
        help_text=_("Job titles, short names and abbreviations, separated by commas: a search for any of them finds this role."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("actor role")
        verbose_name_plural = _("actor roles")
        ordering = ["sort_order", "slug"]

    def __str__(self) -> str:
        return self.name


class SOP(models.Model):
    """One of the five standard operating procedures of a TRM."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=160)

    class Meta:
        verbose_name = _("SOP")
        verbose_name_plural = _("SOPs")
        ordering = ["number"]

    def __str__(self) -> str:
        # The abbreviation is the one the badges, legends and headings use ("POS 1" in French):
        # one msgid, so a filter label never says "SOP 1" beside a badge that says otherwise.
        abbreviation = gettext("SOP %(number)s") % {"number": self.number}
        return gettext("%(sop)s: %(title)s") % {"sop": abbreviation, "title": self.title}
