"""Portal models: tenant settings and the pages every tenant shares, re-exported by name."""
from .countries import CountriesIndexPage, CountryProfilePage, ProfileSection, ProfileSectionType
from .pages import HomePage, StandardPage
from .resources import Resource, ResourcesIndexPage
from .tenant import PortalSettings

__all__ = [
    "CountriesIndexPage",
    "CountryProfilePage",
    "HomePage",
    "PortalSettings",
    "ProfileSection",
    "ProfileSectionType",
    "Resource",
    "ResourcesIndexPage",
    "StandardPage",
]
