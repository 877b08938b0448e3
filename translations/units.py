"""The translatable units of a tenant in a language: one per translated field of each object that has English text.

A unit is what a translator translates and what comes back: its id (`<app.model>:<pk>:<field>`,
stable across exports), the English source, the current translation, whether that is missing,
stale or current (portal.tenancy's translation state), the digest of the English text it was
exported from, notes that tell the translator where the text appears, and the country whose
editors may change it (None for regional content: guidelines, resources, roles).

Everything is read with a fixed number of queries per kind of content, whatever the tenant's size:
the export and the import's preview never ask the database once per unit.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname
from wagtail.fields import RichTextField
from wagtail.models import Page

from directory.models import SOP, ActorRole, Contact, Organisation
from guidelines.models import GuidelinesIndexPage, MeasurePage, MeasureStep, NationalNote, SOPPage
from monitoring.models import ImplementationStatus
from portal.models import (
    CountriesIndexPage,
    CountryProfilePage,
    HomePage,
    ProfileSection,
    ProfileSectionType,
    Resource,
    ResourcesIndexPage,
    StandardPage,
)
from portal.tenancy.fields import field_label, translated_field_names
from portal.tenancy.models import Country, PortalSettings
from portal.tenancy.translation_state import STATUS_CURRENT, STATUS_MISSING, STATUS_STALE, field_states, source_digest
from translations import permissions

EXPORTED_STATES = (STATUS_MISSING, STATUS_STALE)
# Page types whose content is translated; each page's title is translated too (wagtail-modeltranslation).
PAGE_MODELS = (
    HomePage, StandardPage, CountriesIndexPage, CountryProfilePage, ResourcesIndexPage,
    GuidelinesIndexPage, SOPPage, MeasurePage,
)


@dataclass(frozen=True)
class Unit:
    """One translated field of one object, in one language."""

    id: str
    obj: object = field(repr=False, compare=False)
    field: str
    language: str
    source: str
    translation: str
    state: str
    digest: str
    label: str  # the field's verbose name ("Position or function")
    where: str  # the page (title and address) or the object (country, organisation) the text belongs to
    max_length: int | None
    is_rich_text: bool
    country: Country | None
    # The page whose new revision carries the change (the page itself, a measure for its steps, a
    # profile for its sections); None for objects saved on their own (contacts, roles...).
    page: Page | None = field(default=None, repr=False, compare=False)

    @property
    def notes(self) -> list[str]:
        """Context for the translator, in the interface language of whoever exports."""
        notes = [self.where, _("Field: %(label)s") % {"label": self.label}]
        if self.max_length:
            notes.append(_("At most %(count)s characters.") % {"count": self.max_length})
        if self.is_rich_text:
            notes.append(_("Rich text: keep the HTML tags as they are and translate the text between them."))
        return notes


def unit_id(obj, field_name: str) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}:{field_name}"


def _column(model, field_name: str, language: str):
    try:
        return model._meta.get_field(build_localized_fieldname(field_name, language))
    except FieldDoesNotExist:
        return None


@dataclass
class _Source:
    """One kind of content: its objects in the tenant, and how to describe and scope each."""

    objects: Iterable
    fields: Callable[[type], tuple[str, ...]]
    where: Callable[[object], str]
    country: Callable[[object], Country | None] = lambda obj: None
    page: Callable[[object], Page | None] = lambda obj: None


def _page_fields(model) -> tuple[str, ...]:
    return ("title", *translated_field_names(model))


def _object_fields(model) -> tuple[str, ...]:
    return translated_field_names(model)


def _sources(tenant: PortalSettings, language: str) -> list[_Source]:
    root = tenant.site.root_page
    countries = {country.pk: country for country in tenant.members}

    def address(page) -> str:
        # url_path runs from the tree's root; the public address drops the site root and adds the language.
        relative = page.url_path[len(root.url_path):] if page.url_path.startswith(root.url_path) else ""
        return f"/{language}/{relative}"

    def page_where(page) -> str:
        return _("Page “%(title)s” (%(address)s)") % {"title": page.title_en or page.title, "address": address(page)}

    pages: dict[type, list] = {model: list(model.objects.in_tenant(tenant).live()) for model in PAGE_MODELS}
    measures = {page.pk: page for page in pages[MeasurePage]}
    profiles = {page.pk: page for page in pages[CountryProfilePage]}
    sources = [
        _Source(
            objects=pages[model],
            fields=_page_fields,
            where=page_where,
            country=(lambda page: countries.get(page.country_id)) if model is CountryProfilePage else (lambda page: None),
            page=lambda page: page,
        )
        for model in PAGE_MODELS
    ]

    def step_where(step) -> str:
        return _("Step %(number)s of %(page)s") % {"number": step.sort_order + 1, "page": page_where(measures[step.measure_id])}

    def section_where(section) -> str:
        return _("Section “%(section)s” of %(page)s") % {
            "section": section.section_type.title_en or section.section_type.title, "page": page_where(profiles[section.page_id]),
        }

    def contact_where(contact) -> str:
        return _("Contact “%(title)s”, %(organisation)s, %(country)s") % {
            "title": contact.position_title_en or contact.position_title,
            "organisation": contact.organisation.name_en or contact.organisation.name,
            "country": contact.country.name,
        }

    def note_where(note) -> str:
        return _("National note of %(country)s on %(page)s") % {"country": note.country.name, "page": page_where(measures[note.measure_id])}

    def status_where(status) -> str:
        return _("Implementation status of %(country)s on %(page)s") % {
            "country": status.country.name, "page": page_where(measures[status.measure_id]),
        }

    def named(kind: str):
        return lambda obj: _("%(kind)s “%(name)s”") % {"kind": kind, "name": str(obj)}

    measure_ids, member_ids = list(measures), list(tenant.member_ids)
    sources += [
        _Source(
            objects=MeasureStep.objects.filter(measure__in=measure_ids),
            fields=_object_fields, where=step_where, page=lambda step: measures[step.measure_id],
        ),
        _Source(
            objects=ProfileSection.objects.filter(page__in=list(profiles)).select_related("section_type"),
            fields=_object_fields, where=section_where,
            country=lambda section: countries.get(profiles[section.page_id].country_id),
            page=lambda section: profiles[section.page_id],
        ),
        _Source(
            objects=NationalNote.objects.filter(measure__in=measure_ids, country__in=member_ids).select_related("country"),
            fields=_object_fields, where=note_where, country=lambda note: note.country,
        ),
        _Source(
            objects=ImplementationStatus.objects.in_tenant(tenant).filter(measure__in=measure_ids).select_related("country"),
            fields=_object_fields, where=status_where, country=lambda status: status.country,
        ),
        _Source(
            objects=Contact.objects.in_tenant(tenant).active().select_related("organisation", "country"),
            fields=_object_fields, where=contact_where, country=lambda contact: contact.country,
        ),
        _Source(
            objects=Organisation.objects.filter(country__in=member_ids).select_related("country"),
            fields=_object_fields,
            where=lambda org: _("Organisation in %(country)s") % {"country": org.country.name},
            country=lambda org: org.country,
        ),
        _Source(objects=ProfileSectionType.objects.filter(site=tenant.site), fields=_object_fields,
                where=named(_("Profile section"))),
        _Source(objects=Resource.objects.in_tenant(tenant), fields=_object_fields, where=named(_("Resource"))),
        _Source(objects=ActorRole.objects.all(), fields=_object_fields, where=named(_("Actor role"))),
        _Source(objects=SOP.objects.all(), fields=_object_fields,
                where=lambda sop: _("SOP %(number)s") % {"number": sop.number}),
    ]
    return sources


def unit_list(*, tenant: PortalSettings, language: str, user=None, states: Iterable[str] | None = EXPORTED_STATES) -> list[Unit]:
    """The tenant's units in the language, in the order of its content, that are in `states` (None: all).

    With a user, only the units they may translate (permissions.unit_checker): a country
    editor's list holds their countries' content and nothing else.
    """
    wanted = set(states) if states is not None else None
    may_translate = permissions.unit_checker(user) if user is not None else None
    units = []
    for source in _sources(tenant, language):
        objects = list(source.objects)
        known = field_states(objects, language)
        for obj in objects:
            model = type(obj)
            for name in source.fields(model):
                english = getattr(obj, build_localized_fieldname(name, settings.LANGUAGE_CODE), None) or ""
                if not english.strip():
                    continue
                translation = getattr(obj, build_localized_fieldname(name, language), None) or ""
                state = known.get((obj._meta.label_lower, obj.pk, name))
                status = state.status if state else (STATUS_CURRENT if translation.strip() else STATUS_MISSING)
                if wanted is not None and status not in wanted:
                    continue
                column = _column(model, name, language)
                unit = Unit(
                    id=unit_id(obj, name),
                    obj=obj,
                    field=name,
                    language=language,
                    source=english,
                    translation=translation,
                    state=status,
                    digest=state.source_digest if state else source_digest(english),
                    label=field_label(obj, name),
                    where=source.where(obj),
                    max_length=getattr(column, "max_length", None),
                    is_rich_text=isinstance(column, RichTextField),
                    country=source.country(obj),
                    page=source.page(obj),
                )
                if may_translate is not None and not may_translate(unit):
                    continue
                units.append(unit)
    return units


def unit_map(*, tenant: PortalSettings, language: str) -> dict[str, Unit]:
    """Every unit of the tenant in the language, whatever its state, by id (what an import is checked against)."""
    return {unit.id: unit for unit in unit_list(tenant=tenant, language=language, states=None)}


__all__ = ["EXPORTED_STATES", "STATUS_CURRENT", "STATUS_MISSING", "STATUS_STALE", "Unit", "unit_list", "unit_map"]
