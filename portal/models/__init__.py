"""Portal models: the pages every tenant shares, and the tenancy's models, re-exported by name.

Django loads an app's models from `<app>.models`; the tenancy's models (the ground floor,
`portal.tenancy.models`) are defined there and only named here, so the app loads them too.
"""
from portal.tenancy.models import Country, PortalSettings, TranslationRecord

from .countries import CountriesIndexPage, CountryProfilePage, ProfileSection, ProfileSectionType
from .pages import HomePage, StandardPage
from .resources import Resource, ResourcesIndexPage

__all__ = [
    "CountriesIndexPage",
    "CountryProfilePage",
    "Country",
    "HomePage",
    "PortalSettings",
    "ProfileSection",
    "ProfileSectionType",
    "Resource",
    "ResourcesIndexPage",
    "StandardPage",
    "TranslationRecord",
]
