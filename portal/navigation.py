"""Where a tenant's visitors can go: the main menu (also the home page's entry points), the footer, figures."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from portal.tenancy.fragments import remembered


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    description: str = ""


@dataclass(frozen=True)
class SiteNavigation:
    entry_points: list[Link] = field(default_factory=list)
    footer_pages: list[Link] = field(default_factory=list)
    # The home page's live public children by page type ("portal.countriesindexpage"): other
    # blocks of the home page find their section here instead of querying for it again.
    sections: dict[str, Page] = field(default_factory=dict)


# Sections of the portal that are pages in the tenant's tree, found by their page type.
_PAGE_ENTRY_POINTS = [
    ("guidelines.guidelinesindexpage", _("Guidelines"), _("The standard operating procedures, step by step.")),
    ("portal.countriesindexpage", _("Countries"), _("How each member country identifies and assists victims.")),
    ("portal.resourcesindexpage", _("Resources"), _("Guidelines, handbooks and reports to download.")),
]
# Sections served by views of their own, present once their app provides the URL.
_VIEW_ENTRY_POINTS = [
    ("directory:list", _("Contact directory"), _("Who to call in each country, by role and procedure.")),
    ("guidelines:planner", _("Referral planner"), _("The steps and contacts for one referral, to print.")),
    ("monitoring:overview", _("Implementation"), _("How far each country applies the TRM, and since when.")),
    ("search:search", _("Search"), _("Search contacts, guidance and resources.")),
]


def site_navigation(*, home: Page | None, request) -> SiteNavigation:
    """The tenant's navigation, from one query of the home page's children; computed once per host and
    language until the content changes (portal.tenancy.fragments.remembered)."""
    cached = getattr(request, "_portal_navigation", None)
    if cached is not None:
        return cached
    if home is None:
        return SiteNavigation()
    key = ("navigation", home.pk, request.get_host(), translation.get_language())
    request._portal_navigation = remembered(key, lambda: _read_navigation(home=home, request=request))
    return request._portal_navigation


def _read_navigation(*, home: Page, request) -> SiteNavigation:
    sections: dict[str, Page] = {}
    footer = []
    for child in home.get_children().live().public().select_related("content_type"):
        label = f"{child.content_type.app_label}.{child.content_type.model}"
        sections.setdefault(label, child)
        if label == "portal.standardpage":
            footer.append(Link(child.title, child.get_url(request)))
    points = []
    for label, _title, description in _PAGE_ENTRY_POINTS:
        page = sections.get(label)
        if page is not None:
            points.append(Link(page.title, page.get_url(request), str(description)))
    for url_name, title, description in _VIEW_ENTRY_POINTS:
        try:
            points.append(Link(str(title), reverse(url_name), str(description)))
        except NoReverseMatch:
            continue  # that app's public view is not installed in this version
    return SiteNavigation(entry_points=points, footer_pages=footer, sections=sections)


@dataclass(frozen=True)
class CountryPicker:
    """What the home page's "Who do I call now in…" offers: the member countries, and the page the form goes to."""

    index: Page
    countries: list


def country_picker(*, navigation: SiteNavigation, tenant) -> CountryPicker | None:
    """The tenant's member countries (already read for the home page's figures) and its countries index.

    No query of its own: the index is one of the home page's sections, and the countries index sends
    a country without a published profile to its contacts in the directory.
    """
    index = navigation.sections.get("portal.countriesindexpage")
    if index is None or tenant is None:
        return None
    return CountryPicker(index=index, countries=list(tenant.members))


def portal_figures(*, tenant) -> dict[str, int]:
    from portal.models import CountryProfilePage, Resource  # the home page's module imports this one

    if tenant is None:
        return {}
    return remembered(("figures", tenant.pk), lambda: {
        "countries": len(tenant.member_codes),
        "profiles": CountryProfilePage.objects.in_tenant(tenant).live().count(),
        "resources": Resource.objects.in_tenant(tenant).count(),
        "languages": len(tenant.languages),
    })
