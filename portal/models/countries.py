"""Country profiles: how each member country identifies and assists victims, in thematic sections.

The sections follow the referral path (as the Baltic Sea Region TRM's profiles do). They are
data a tenant edits (ProfileSectionType), not code, so a tenant can rename, reorder or add them.
"""
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from directory.selectors import around_the_clock_contacts, key_contacts
from portal.navigation import site_navigation
from portal.tenancy.fields import translated
from portal.tenancy.fragments import when_rendered
from portal.tenancy.params import parameters_or_400
from portal.tenancy.scoping import TenantPageManager
from portal.tenancy.sites import RequestPortUrlsMixin, tenant_for_page, tenant_or_404
from portal.tenancy.translation_forms import CORRECTIONS_PANEL, TranslatedPageForm


class ProfileSectionType(models.Model):
    """One thematic section of a tenant's country profiles (e.g. "Reflection and recovery period")."""

    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("portal"), on_delete=models.CASCADE, related_name="+")
    slug = models.SlugField(_("slug"), max_length=60)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("site"), FieldPanel("title"), FieldPanel("slug"), FieldPanel("sort_order"), FieldPanel("description")]

    class Meta:
        verbose_name = _("profile section")
        verbose_name_plural = _("profile sections")
        ordering = ["site", "sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["site", "slug"], name="unique_profile_section_slug_per_site")]

    def __str__(self) -> str:
        return self.title


class CountriesIndexPage(RequestPortUrlsMixin, Page):
    """The list of member countries' profiles: /<lang>/countries/."""

    objects = TenantPageManager()

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), CORRECTIONS_PANEL]
    base_form_class = TranslatedPageForm
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.CountryProfilePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("countries index")

    @method_decorator(parameters_or_400)
    def serve(self, request, *args, **kwargs):
        """?country=<iso2> (the home page's country picker): go to that country's profile.

        A member country without a published profile yet goes to its contacts in the directory:
        the visitor asked whom to call, and the directory answers that too.
        """
        if "country" not in request.GET:
            return super().serve(request, *args, **kwargs)
        from portal import selectors  # selectors read these models

        tenant = tenant_or_404(request)
        country = selectors.picked_country(code=request.GET["country"], tenant=tenant)
        profile = selectors.profile_of_country(index=self, country=country)
        if profile is None:
            return redirect(reverse("directory:list") + f"?country={country.iso2}")
        return redirect(profile.get_url(request))

    def get_context(self, request, *args, **kwargs):
        from portal import selectors  # selectors read these models

        context = super().get_context(request, *args, **kwargs)
        context["profiles"] = selectors.country_profile_list(index=self)
        return context


class CountryProfilePageForm(TranslatedPageForm):
    """Offers only the tenant's member countries and gives the page its country's code as slug."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance if self.instance.pk else self.parent_page
        self.tenant = tenant_for_page(page) if page else None
        if self.tenant is not None and "country" in self.fields:
            self.fields["country"].queryset = self.tenant.member_countries.all()
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Set from the country's ISO code.")

    def clean(self):
        country = self.cleaned_data.get("country")
        if country is not None:
            self.cleaned_data["slug"] = country.iso2.lower()
            parent = self.parent_page
            siblings = CountryProfilePage.objects.child_of(parent).filter(country=country)
            if self.instance.pk:
                siblings = siblings.exclude(pk=self.instance.pk)
            if siblings.exists():
                self.add_error("country", _("This portal already has a profile of %(country)s.") % {"country": country.name})
        sections = self.formsets.get("sections")
        if sections is not None and self.tenant is not None:
            seen = set()
            for form in sections.forms:
                section_type = form.cleaned_data.get("section_type") if hasattr(form, "cleaned_data") else None
                if section_type is None or form.cleaned_data.get("DELETE"):
                    continue
                if section_type.site_id != self.tenant.site_id:
                    form.add_error("section_type", _("This section belongs to another portal."))
                elif section_type.pk in seen:
                    form.add_error("section_type", _("Each section may appear only once."))
                seen.add(section_type.pk)
        return super().clean()


class CountryProfilePage(RequestPortUrlsMixin, Page):
    """How one member country identifies, refers and assists victims: /<lang>/countries/<iso2>/."""

    objects = TenantPageManager()

    country = models.ForeignKey("portal.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(_("summary"), blank=True)
    reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)

    content_panels = [
        FieldPanel("title"),
        FieldPanel("country"),
        FieldPanel("summary"),
        FieldPanel("reviewed_on"),
        InlinePanel("sections", heading=_("Sections"), label=_("section")),
        CORRECTIONS_PANEL,
    ]
    base_form_class = CountryProfilePageForm
    parent_page_types = ["portal.CountriesIndexPage"]
    subpage_types = []
    search_fields = Page.search_fields + translated("title", boost=2) + translated("summary") + [
        index.RelatedFields("sections", translated("body", "children")),
        index.FilterField("country"),
    ]

    class Meta:
        verbose_name = _("country profile")

    @method_decorator(parameters_or_400)
    def serve(self, request, *args, **kwargs):
        """?compare=<iso2>: this profile and another member country's side by side, section by section."""
        if "compare" not in request.GET:
            return super().serve(request, *args, **kwargs)
        from portal import selectors  # selectors read these models

        tenant = tenant_or_404(request)
        other = selectors.profile_to_compare(profile=self, code=request.GET["compare"], tenant=tenant)
        context = self.get_context(request, *args, **kwargs)
        context["compared"] = selectors.compared_profiles(profiles=[self, other], tenant=tenant, user=request.user)
        return TemplateResponse(request, "portal/country_compare.html", context)

    def get_context(self, request, *args, **kwargs):
        from portal import selectors  # selectors read these models

        tenant = tenant_or_404(request)
        context = super().get_context(request, *args, **kwargs)
        # Read only when the page's cached fragment has to be rendered again.
        context["sections"] = when_rendered(selectors.profile_sections, profile=self, tenant=tenant)
        context["call_now"] = when_rendered(around_the_clock_contacts, tenant=tenant, user=request.user, country=self.country)
        context["key_contacts"] = when_rendered(key_contacts, tenant=tenant, user=request.user, country=self.country)
        context["compare_with"] = when_rendered(selectors.profiles_to_compare_with, profile=self)
        # The breadcrumb's countries index is one of the navigation's sections, already read for the menu.
        sections = site_navigation(home=request.site.root_page, request=request).sections
        context["countries_index"] = sections.get("portal.countriesindexpage") or self.get_parent()
        return context


class ProfileSection(Orderable):
    """A country profile's text for one thematic section, with what differs for children."""

    page = ParentalKey(CountryProfilePage, on_delete=models.CASCADE, related_name="sections")
    section_type = models.ForeignKey(ProfileSectionType, verbose_name=_("section"), on_delete=models.PROTECT, related_name="+")
    body = RichTextField(_("text"), blank=True)
    children = RichTextField(
        _("for children"), blank=True, help_text=_("What differs when the presumed victim is a child.")
    )

    panels = [FieldPanel("section_type"), FieldPanel("body"), FieldPanel("children")]

    class Meta(Orderable.Meta):
        verbose_name = _("profile section text")
