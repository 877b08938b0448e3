"""The tenant's home page and its plain content pages (about, data protection, imprint)."""
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from portal import navigation
from portal.tenancy.fields import translated
from portal.tenancy.scoping import TenantPageManager
from portal.tenancy.sites import RequestPortUrlsMixin, tenant_or_404
from portal.tenancy.translation_forms import CORRECTIONS_PANEL, TranslatedPageForm


class HomePage(RequestPortUrlsMixin, Page):
    """A tenant's root page: what the portal is and where to start."""

    objects = TenantPageManager()

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), CORRECTIONS_PANEL]
    base_form_class = TranslatedPageForm
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "guidelines.GuidelinesIndexPage",
        "portal.CountriesIndexPage",
        "portal.ResourcesIndexPage",
        "portal.StandardPage",
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        site_navigation = navigation.site_navigation(home=self, request=request)
        tenant = tenant_or_404(request)
        context["entry_points"] = site_navigation.entry_points
        context["figures"] = navigation.portal_figures(tenant=tenant)
        context["country_picker"] = navigation.country_picker(navigation=site_navigation, tenant=tenant)
        return context


class StandardPage(RequestPortUrlsMixin, Page):
    """A plain page: about, data protection notice, imprint."""

    objects = TenantPageManager()

    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body"), CORRECTIONS_PANEL]
    base_form_class = TranslatedPageForm
    parent_page_types = ["portal.HomePage", "portal.StandardPage"]
    subpage_types = ["portal.StandardPage"]
    search_fields = Page.search_fields + translated("title", boost=2) + translated("intro", "body")

    class Meta:
        verbose_name = _("standard page")
