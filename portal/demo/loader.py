"""The demo tenants: three regional TRM portals with fictional content, loaded idempotently.

Running the loader again creates only what is missing and changes nothing that exists, so
an editor's change to a demo page survives `make run`.
"""
from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Collection, Page, Site

from directory.demo import load_demo_directory
from directory.models import Language
from guidelines.demo import load_demo_guidelines
from monitoring.demo import load_demo_monitoring
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
from portal.tenancy.editors import country_editor_group
from portal.tenancy.fields import set_translations
from portal.tenancy.models import Country
from portal.tenancy.sites import tenant_for_site

DATA = Path(__file__).parent / "data"
DEMO_PASSWORD = "trm-demo-2026"
ADMIN_USERNAME = "admin"


@dataclass(frozen=True)
class DemoTenant:
    key: str
    hostname: str
    countries: tuple[str, ...]
    languages: tuple[str, ...]
    accent_colour: str
    is_default_site: bool = False


TENANTS = (
    DemoTenant("bsr", "bsr.localhost", ("DK", "EE", "FI", "DE", "IS", "LV", "LT", "NO", "PL", "SE"),
               ("en", "de", "pl", "lt", "sv"), "#1d4f91", is_default_site=True),
    DemoTenant("see", "see.localhost", ("AL", "BA", "BG", "HR", "XK", "MK", "MD", "ME", "RO", "RS"),
               ("en", "bg", "ro", "sq", "sr-latn"), "#6b2c7a"),
    DemoTenant("tact", "tact.localhost", ("FR", "GR", "IT", "PL", "ES", "AL", "MA", "UA"),
               ("en", "fr", "it", "es", "ar", "uk"), "#0b6157"),
)


def _json(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def interface_translations(message: str, languages) -> dict[str, str]:
    """A built-in label ("Countries") in each language, from the interface catalogues."""
    values = {}
    for code in languages:
        with translation.override(code):
            text = gettext(message)
        if code == "en" or text != message:
            values[code] = text
    return values


def country_names(country: Country, languages) -> dict[str, str]:
    values = {}
    for code in languages:
        with translation.override(code):
            values[code] = str(country.code.name)
    return values


class DemoLoader:
    """Creates what is missing of the demo; reports each step through `progress` (a tqdm-like object)."""

    def __init__(self, *, progress=None, stdout=None):
        self.progress = progress
        self.stdout = stdout
        self.site_data = _json(DATA / "site.json")

    def step(self, description: str) -> None:
        if self.progress is not None:
            self.progress.set_description(description)
            self.progress.update(1)

    @classmethod
    def step_count(cls) -> int:
        return 7 + len(TENANTS) * 4  # users, 4 per tenant, editors, 3 directory steps, directory, monitoring

    @transaction.atomic
    def load(self) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self._load()

    def _load(self) -> None:
        self.remove_wagtail_welcome_site()
        self.step("users")
        admin = self.ensure_admin()
        for tenant in TENANTS:
            self.load_tenant(tenant, admin)
        self.ensure_country_editors()
        self.step("editors")
        load_demo_directory(step=self.step)
        self.step("directory")
        load_demo_monitoring(tenants=[tenant_for_site(Site.objects.get(hostname=tenant.hostname)) for tenant in TENANTS])
        self.step("monitoring")

    # --- set-up ---------------------------------------------------------------------
    def remove_wagtail_welcome_site(self) -> None:
        """Wagtail's first migration makes a "localhost" site with a welcome page; the demo replaces it."""
        for site in Site.objects.filter(hostname="localhost").select_related("root_page"):
            root = site.root_page
            site.delete()
            if root.specific_class is Page and root.depth == 2 and not root.get_children().exists():
                root.delete()

    def ensure_admin(self):
        User = get_user_model()
        admin, created = User.objects.get_or_create(
            username=ADMIN_USERNAME,
            defaults={"email": "admin@example.org", "is_staff": True, "is_superuser": True,
                      "first_name": "Demo", "last_name": "Administrator"},
        )
        if created:
            admin.set_password(DEMO_PASSWORD)
            admin.save()
        return admin

    def ensure_country_editors(self) -> None:
        User = get_user_model()
        codes = sorted({code for tenant in TENANTS for code in tenant.countries})
        for country in Country.objects.filter(code__in=codes):
            group = country_editor_group(country)
            username = f"editor-{country.iso2.lower()}"
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"email": f"{username}@example.org", "first_name": "Demo editor",
                          "last_name": str(country.code.name)},
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
                user.groups.add(group)

    # --- one tenant ---------------------------------------------------------------------
    def load_tenant(self, tenant: DemoTenant, admin) -> None:
        data = self.site_data["tenants"][tenant.key]
        home = self.ensure_home(tenant, data)
        site = self.ensure_site(tenant, home)
        portal = self.ensure_settings(tenant, site, data)
        self.step(f"{tenant.key}: site")
        self.ensure_section_types(tenant, site)
        load_demo_guidelines(home=home, languages=tenant.languages, member_codes=tenant.countries)
        countries_index = self.ensure_child(
            home, CountriesIndexPage, "countries", interface_translations("Countries", tenant.languages), tenant
        )
        self.ensure_profiles(tenant, countries_index)
        self.step(f"{tenant.key}: country profiles")
        self.ensure_child(home, ResourcesIndexPage, "resources", interface_translations("Resources", tenant.languages), tenant)
        self.ensure_resources(tenant, portal)
        self.step(f"{tenant.key}: resources")
        for slug, key in (("about", "about"), ("data-protection", "data_protection"), ("imprint", "imprint")):
            page = self.ensure_child(home, StandardPage, slug, data[key]["title"], tenant)
            if page._created:
                set_translations(page, "body", data[key]["body"], tenant.languages)
                page.save_revision(user=admin).publish()
        self.step(f"{tenant.key}: pages")

    def ensure_home(self, tenant: DemoTenant, data: dict) -> HomePage:
        root = Page.get_first_root_node()
        home = HomePage.objects.child_of(root).filter(slug=tenant.key).first()
        if home is None:
            home = HomePage(slug=tenant.key)
            set_translations(home, "title", data["name"], tenant.languages)
            set_translations(home, "intro", data["intro"], tenant.languages)
            root.add_child(instance=home)
            home.save_revision().publish()
        return home

    def ensure_site(self, tenant: DemoTenant, home: HomePage) -> Site:
        site, _created = Site.objects.get_or_create(
            hostname=tenant.hostname,
            defaults={"port": 80, "root_page": home, "site_name": tenant.key.upper(),
                      "is_default_site": tenant.is_default_site},
        )
        return site

    def ensure_settings(self, tenant: DemoTenant, site: Site, data: dict) -> PortalSettings:
        portal = PortalSettings.for_site(site)
        if portal.name:
            return portal
        set_translations(portal, "name", data["name"], tenant.languages)
        portal.short_name = data["short_name"]
        portal.languages = list(tenant.languages)
        portal.default_language = "en"
        portal.accent_colour = tenant.accent_colour
        portal.is_demo = True
        portal.resources_collection = self.ensure_collection(tenant, data)
        portal.full_clean(exclude=["site", "logo"])
        portal.save()
        portal.member_countries.set(Country.objects.filter(code__in=tenant.countries))
        return portal

    def ensure_collection(self, tenant: DemoTenant, data: dict) -> Collection:
        name = f"Resources · {data['short_name']}"
        root = Collection.get_first_root_node()
        existing = root.get_children().filter(name=name).first()
        return existing or root.add_child(name=name)

    def ensure_section_types(self, tenant: DemoTenant, site: Site) -> None:
        for order, section in enumerate(self.site_data["sections"], start=1):
            if ProfileSectionType.objects.filter(site=site, slug=section["slug"]).exists():
                continue
            kind = ProfileSectionType(site=site, slug=section["slug"], sort_order=order)
            set_translations(kind, "title", section["title"], settings_languages())
            set_translations(kind, "description", section["description"], settings_languages())
            kind.save()

    def ensure_child(self, parent: Page, model, slug: str, titles: dict[str, str], tenant: DemoTenant) -> Page:
        page = model.objects.child_of(parent).filter(slug=slug).first()
        if page is not None:
            page._created = False
            return page
        page = model(slug=slug)
        set_translations(page, "title", titles, tenant.languages)
        parent.add_child(instance=page)
        page.save_revision().publish()
        page._created = True
        return page

    def ensure_profiles(self, tenant: DemoTenant, index: CountriesIndexPage) -> None:
        section_types = {kind.slug: kind for kind in ProfileSectionType.objects.filter(site=index.get_site())}
        for country in Country.objects.filter(code__in=tenant.countries):
            slug = country.iso2.lower()
            if CountryProfilePage.objects.child_of(index).filter(slug=slug).exists():
                continue
            data = _json(DATA / "profiles" / f"{slug}.json")
            profile = CountryProfilePage(
                slug=slug, country=country, reviewed_on=datetime.date.fromisoformat(data["reviewed_on"])
            )
            set_translations(profile, "title", country_names(country, tenant.languages), tenant.languages)
            set_translations(profile, "summary", data["summary"], tenant.languages)
            for order, (section_slug, texts) in enumerate(data["sections"].items()):
                section = ProfileSection(section_type=section_types[section_slug], sort_order=order)
                set_translations(section, "body", texts["body"], tenant.languages)
                set_translations(section, "children", texts["children"], tenant.languages)
                profile.sections.add(section)
            index.add_child(instance=profile)
            profile.save_revision().publish()

    def ensure_resources(self, tenant: DemoTenant, portal: PortalSettings) -> None:
        from portal.demo.pdf import demo_pdf

        collection = portal.resources_collection
        for item in self.site_data["resources"][tenant.key]:
            filename = f"{item['slug']}.pdf"
            if Resource.objects.filter(collection=collection, title_en=item["title"]["en"]).exists():
                continue
            resource = Resource(
                collection=collection,
                resource_type=item["type"],
                year=item["year"],
                publisher=item["publisher"],
            )
            set_translations(resource, "title", item["title"], tenant.languages)
            set_translations(resource, "description", item["description"], tenant.languages)
            pdf = demo_pdf(title=item["title"]["en"], publisher=item["publisher"], year=item["year"], paragraphs=item["text"])
            resource.file.save(filename, ContentFile(pdf), save=False)
            resource.file_size = len(pdf)
            resource.save()
            resource.tags.add(*item["regions"])
            resource.languages.set(Language.objects.filter(code__in=item["languages"]))


def settings_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]
