"""What goes into a handbook edition: the guidelines, the country profiles and the public contacts.

Read in the active language; every text knows whether it is the English fallback, so the PDF
can say so. Public information only: the handbook is a file anyone may download and forward.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from directory.models import Contact
from directory.selectors import with_details
from guidelines.models import GuidelinesIndexPage, MeasurePage, SOPPage
from guidelines.selectors import measure_list, national_notes, sop_list
from portal.models import CountriesIndexPage, CountryProfilePage
from portal.selectors import ProfileSectionView, country_profile_list, profile_sections
from portal.tenancy.fields import plain_lines, translated_value
from portal.tenancy.models import Country, PortalSettings


@dataclass(frozen=True)
class Text:
    """Plain text in the edition's language, or the English text marked as a fallback."""

    value: str
    is_fallback: bool

    def __bool__(self) -> bool:
        return bool(self.value)


def text(obj, field_name: str) -> Text:
    value = translated_value(obj, field_name)
    return Text(plain_lines(value.value), value.is_fallback)


@dataclass
class SOPSection:
    page: SOPPage
    measures: list[MeasurePage]


@dataclass
class Edition:
    tenant: PortalSettings
    country: Country | None
    sops: list[SOPSection] = field(default_factory=list)
    notes: dict = field(default_factory=dict)  # measure id -> step id | None -> notes
    profiles: list[tuple[CountryProfilePage, list[ProfileSectionView]]] = field(default_factory=list)
    contacts: dict = field(default_factory=dict)  # Country -> role name -> contacts

    @property
    def countries(self) -> list[Country]:
        return [self.country] if self.country else list(self.tenant.members)


def edition_content(*, tenant: PortalSettings, country: Country | None) -> Edition:
    """The edition's content: one country's (national notes, profile, contacts) or every member country's."""
    edition = Edition(tenant=tenant, country=country)
    index = GuidelinesIndexPage.objects.in_tenant(tenant).live().first()
    measures = []
    for sop_page in sop_list(index=index) if index else []:
        section = SOPSection(page=sop_page, measures=measure_list(sop_page=sop_page))
        edition.sops.append(section)
        measures.extend(section.measures)
    edition.notes = national_notes(measures=measures, countries=edition.countries)

    countries_index = CountriesIndexPage.objects.in_tenant(tenant).live().first()
    profiles = country_profile_list(index=countries_index) if countries_index else []
    chosen = {c.pk for c in edition.countries}
    for profile in profiles:
        if profile.country_id in chosen:
            edition.profiles.append((profile, profile_sections(profile=profile, tenant=tenant)))

    # Public contacts only, whoever asks: a handbook is forwarded and printed. Those of a country
    # include offices located there for another country (a consulate), listed under their country.
    contacts = Contact.objects.in_tenant(tenant).visible(restricted_allowed=False).with_freshness(tenant)
    if country is not None:
        contacts = contacts.of_countries([country.pk])
    contacts = with_details(contacts).order_by("role__sort_order", "role__slug", "position_title", "pk")
    grouped: dict[Country, dict[str, list[Contact]]] = defaultdict(lambda: defaultdict(list))
    for contact in contacts:
        grouped[contact.country][contact.role.name].append(contact)
    edition.contacts = {c: dict(grouped[c]) for c in sorted(grouped, key=lambda c: c.name)}
    return edition


