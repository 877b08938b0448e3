"""Reads for the portal's public pages. Each takes the tenant (or a page of it) explicitly."""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from directory.selectors import key_contacts
from portal.models import CountryProfilePage, PortalSettings, ProfileSection, ProfileSectionType, Resource
from portal.tenancy.fields import localized_columns
from portal.tenancy.models import Country
from portal.tenancy.params import ParameterError, member_country


def country_profile_list(*, index) -> list[CountryProfilePage]:
    """Live profiles under a countries index, sorted by the country's name in the active language."""
    profiles = CountryProfilePage.objects.child_of(index).live().public().select_related("country")
    return sorted(profiles, key=lambda profile: profile.country.name)


@dataclass(frozen=True)
class ProfileSectionView:
    section_type: ProfileSectionType
    section: ProfileSection | None


def profile_sections(*, profile: CountryProfilePage, tenant: PortalSettings) -> list[ProfileSectionView]:
    """Every section of the tenant, in the tenant's order, with the profile's text where it has one."""
    types = ProfileSectionType.objects.filter(site_id=tenant.site_id).order_by("sort_order", "pk").only(
        "slug", *localized_columns("title")
    )
    # Each text in the visitor's language and English only: fourteen copies of seven rich texts cost more than their query.
    sections = profile.sections.only("page", "section_type", *localized_columns("body", "children"))
    texts = {section.section_type_id: section for section in sections}
    return [ProfileSectionView(section_type=kind, section=texts.get(kind.pk)) for kind in types]


def resource_list(*, tenant: PortalSettings, filters: dict) -> QuerySet[Resource]:
    """The tenant's resources matching the filters: AND across filters, OR within one."""
    resources = Resource.objects.in_tenant(tenant)
    if filters.get("type"):
        resources = resources.filter(resource_type__in=filters["type"])
    if filters.get("region"):
        resources = resources.filter(tags__name__in=filters["region"])
    if filters.get("language"):
        resources = resources.filter(languages__code__in=filters["language"])
    if filters.get("year"):
        resources = resources.filter(year__in=filters["year"])
    return resources.distinct().prefetch_related("languages", "tags").order_by("-year", "title", "pk")


def picked_country(*, code: str, tenant: PortalSettings) -> Country:
    """The member country a visitor picked; ParameterError naming the choices otherwise."""
    if not code.strip():
        codes = ", ".join(sorted(tenant.member_codes))
        raise ParameterError(_("Choose a country: this portal's countries are %(codes)s.") % {"codes": codes})
    return member_country(tenant, code.strip().upper(), name="country")


def profile_of_country(*, index, country: Country) -> CountryProfilePage | None:
    """The live public profile of the country under this index, if it has one."""
    return CountryProfilePage.objects.child_of(index).live().public().filter(country=country).first()


def profiles_to_compare_with(*, profile: CountryProfilePage) -> list[CountryProfilePage]:
    """The other live profiles beside this one (what "Compare with…" offers), by country name."""
    others = (
        CountryProfilePage.objects.sibling_of(profile, inclusive=False).live().public()
        .select_related("country").only("country", "country__code")  # "Compare with…" shows the countries only
    )
    return sorted(others, key=lambda other: other.country.name)


class CompareError(ParameterError):
    """?compare= names no member country with a profile; the message says which."""


def profile_to_compare(*, profile: CountryProfilePage, code: str, tenant: PortalSettings) -> CountryProfilePage:
    country = member_country(tenant, code.strip().upper())
    other = CountryProfilePage.objects.sibling_of(profile).live().public().filter(country=country).first()
    if other is None:
        raise CompareError(_("There is no published profile of %(code)s to compare with.") % {"code": country.iso2})
    return other


@dataclass(frozen=True)
class ComparedSection:
    section_type: ProfileSectionType
    texts: list  # one ProfileSection (or None) per compared profile


def compared_profiles(*, profiles: list[CountryProfilePage], tenant, user) -> dict:
    """Section by section, each profile's text, and each profile's key contacts."""
    views = [profile_sections(profile=profile, tenant=tenant) for profile in profiles]
    sections = [
        ComparedSection(section_type=rows[0].section_type, texts=[row.section for row in rows]) for rows in zip(*views, strict=True)
    ]
    contacts = [key_contacts(tenant=tenant, user=user, country=profile.country) for profile in profiles]
    return {"profiles": profiles, "sections": sections, "key_contacts": contacts}
