"""The coverage report for editors: who is listed for each country and role, what is overdue, what is untranslated.

Per tenant (an administrator chooses it with ?site=<id>; others see the tenant of the host they
opened the admin on): a country x role matrix with the active contacts, how many of them are due
for review under the tenant's interval, and the empty cells ("no contact listed"); then, per
language of the tenant, how many live pages and active contacts show English text because a
translated field is empty. Country editors see only their own countries' rows. The CSV export
has one row per country and role. The number of queries does not grow with the data.

It lives on the pages floor because it counts the guidelines' and portal's pages as well as contacts.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page, Site, get_page_models

from directory.models import ActorRole
from directory.selectors import contact_coverage, contacts_missing_translation
from portal.tenancy.editors import user_country_ids, user_is_portal_admin
from portal.tenancy.fields import translated_field_names, untranslated
from portal.tenancy.models import Country, PortalSettings
from portal.tenancy.scoping import pages_in_tenant
from portal.tenancy.sites import tenant_for_site


@dataclass(frozen=True)
class CoverageCell:
    country: Country
    role: ActorRole
    active: int
    overdue: int

    @property
    def note(self) -> str:
        return gettext("No contact listed") if not self.active else ""


@dataclass(frozen=True)
class TranslationGap:
    language: str
    language_name: str
    pages: int
    contacts: int


@dataclass(frozen=True)
class CoverageReport:
    tenant: PortalSettings
    countries: list[Country]
    roles: list[ActorRole]
    cells: list[CoverageCell]  # countries in order, each with every role in order
    translation_gaps: list[TranslationGap]

    def rows(self) -> list[tuple[Country, list[CoverageCell]]]:
        """The matrix: one row per country, one cell per role."""
        width = len(self.roles)
        return [(country, self.cells[index * width:(index + 1) * width]) for index, country in enumerate(self.countries)]


def user_can_view_coverage(user) -> bool:
    return user_is_portal_admin(user) or bool(user_country_ids(user))


def pages_missing_translation(*, tenant: PortalSettings, languages: list[str]) -> dict[str, int]:
    """language -> live pages of the tenant with a translated field (title included) empty in it: one query per page type."""
    counts = dict.fromkeys(languages, 0)
    if not languages:
        return counts
    for model in get_page_models():
        if model is Page:
            continue
        try:
            fields = ("title", *translated_field_names(model))
        except NotRegistered:
            continue
        pages = pages_in_tenant(model.objects.live(), tenant)
        found = pages.aggregate(**{f"missing_{index}": Count("pk", filter=untranslated(fields, language))
                                   for index, language in enumerate(languages)})
        for index, language in enumerate(languages):
            counts[language] += found[f"missing_{index}"]
    return counts


def coverage_report(*, tenant: PortalSettings, user, today: datetime.date) -> CoverageReport:
    """The report of `tenant` as `user` may see it: all member countries for administrators, their own for editors."""
    countries = tenant.members
    if not user_is_portal_admin(user):
        own = user_country_ids(user)
        countries = [country for country in countries if country.pk in own]
    country_ids = [country.pk for country in countries]
    roles = list(ActorRole.objects.all())
    counts = contact_coverage(country_ids=country_ids, today=today, review_months=tenant.review_interval_months)
    cells = [
        CoverageCell(country, role, *counts.get((country.pk, role.pk), (0, 0)))
        for country in countries for role in roles
    ]
    languages = [(code, name) for code, name in tenant.enabled_languages if code != "en"]
    codes = [code for code, _name in languages]
    pages = pages_missing_translation(tenant=tenant, languages=codes)
    contacts = contacts_missing_translation(country_ids=country_ids, languages=codes)
    gaps = [TranslationGap(code, gettext(name), pages[code], contacts[code]) for code, name in languages]
    return CoverageReport(tenant=tenant, countries=countries, roles=roles, cells=cells, translation_gaps=gaps)


class TenantReportMixin:
    """A report of one tenant: administrators choose it (?site=<id>), others get the tenant of the admin's host."""

    def dispatch(self, request, *args, **kwargs):
        if not user_can_view_coverage(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def sites(self) -> list[Site]:
        """The tenants an administrator may choose between."""
        return list(Site.objects.filter(pk__in=PortalSettings.objects.values("site_id")).order_by("hostname"))

    @cached_property
    def tenant(self) -> PortalSettings:
        chosen = self.request.GET.get("site", "")
        if user_is_portal_admin(self.request.user) and chosen.isascii() and chosen.isdigit():
            site = next((site for site in self.sites if site.pk == int(chosen)), None)
            if site is not None:
                return tenant_for_site(site)
        tenant = getattr(self.request, "tenant", None)
        if tenant is None:
            site = Site.objects.filter(is_default_site=True).first() or self.sites[0]
            tenant = tenant_for_site(site)
        return tenant

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tenant"] = self.tenant
        context["sites"] = self.sites if user_is_portal_admin(self.request.user) else []
        return context


class CoverageReportView(TenantReportMixin, ReportView):
    """Admin → Reports → Directory coverage (CSV export: one row per country and role)."""

    page_title = _("Directory coverage")
    header_icon = "table"
    template_name = "portal/reports/coverage.html"
    results_template_name = "portal/reports/coverage_results.html"
    index_url_name = "portal_coverage_report"
    index_results_url_name = "portal_coverage_report_results"
    paginate_by = None
    list_export = ["country.name", "role.name", "active", "overdue", "note"]
    export_headings = {
        "country.name": _("Country"), "role.name": _("Role"), "active": _("Active contacts"),
        "overdue": _("Due for review"), "note": _("Note"),
    }

    @cached_property
    def report(self) -> CoverageReport:
        return coverage_report(tenant=self.tenant, user=self.request.user, today=timezone.localdate())

    def get_filename(self) -> str:
        return f"coverage-{self.tenant.site.hostname}-{timezone.localdate().isoformat()}"

    def get_queryset(self):
        return self.report.cells

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["report"] = self.report
        return context
