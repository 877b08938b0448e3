"""Content fields translated with django-modeltranslation (English is the fallback)."""
from modeltranslation.translator import TranslationOptions, register

from portal.models import (
    CountriesIndexPage,
    CountryProfilePage,
    HomePage,
    PortalSettings,
    ProfileSection,
    ProfileSectionType,
    Resource,
    ResourcesIndexPage,
    StandardPage,
)


@register(PortalSettings)
class PortalSettingsTR(TranslationOptions):
    fields = ("name",)


@register(HomePage)
class HomePageTR(TranslationOptions):
    fields = ("intro",)


@register(StandardPage)
class StandardPageTR(TranslationOptions):
    fields = ("intro", "body")


@register(CountriesIndexPage)
class CountriesIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(CountryProfilePage)
class CountryProfilePageTR(TranslationOptions):
    fields = ("summary",)


@register(ProfileSectionType)
class ProfileSectionTypeTR(TranslationOptions):
    fields = ("title", "description")


@register(ProfileSection)
class ProfileSectionTR(TranslationOptions):
    fields = ("body", "children")


@register(Resource)
class ResourceTR(TranslationOptions):
    fields = ("title", "description")


@register(ResourcesIndexPage)
class ResourcesIndexPageTR(TranslationOptions):
    fields = ("intro",)
