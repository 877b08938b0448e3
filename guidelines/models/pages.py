"""The TRM guidelines as structured pages: index → SOP → measure (WHAT, WHEN, WHO, HOW as ordered steps)."""
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from portal.tenancy.fields import translated
from portal.tenancy.fragments import when_rendered
from portal.tenancy.params import countries_from_query, parameters_or_400
from portal.tenancy.scoping import TenantPageManager
from portal.tenancy.sites import RequestPortUrlsMixin, tenant_or_404
from portal.tenancy.translation_forms import CORRECTIONS_PANEL, TranslatedPageForm


class GuidelinesIndexPage(RequestPortUrlsMixin, Page):
    """/<lang>/guidelines/: the five SOPs of the tenant's TRM."""

    objects = TenantPageManager()

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), CORRECTIONS_PANEL]
    base_form_class = TranslatedPageForm
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["guidelines.SOPPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("guidelines index")

    def get_context(self, request, *args, **kwargs):
        from guidelines import selectors  # selectors read these models

        context = super().get_context(request, *args, **kwargs)
        context["sops"] = selectors.sop_list(index=self)
        return context


class SOPPage(RequestPortUrlsMixin, Page):
    """One standard operating procedure: /<lang>/guidelines/<sop-slug>/."""

    objects = TenantPageManager()

    sop = models.ForeignKey("directory.SOP", verbose_name=_("SOP"), on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(_("summary"), blank=True)
    introduction = RichTextField(_("introduction"), blank=True)
    principles = RichTextField(_("principles that apply"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("sop"),
        FieldPanel("summary"),
        FieldPanel("introduction"),
        FieldPanel("principles"),
        CORRECTIONS_PANEL,
    ]
    base_form_class = TranslatedPageForm
    parent_page_types = ["guidelines.GuidelinesIndexPage"]
    subpage_types = ["guidelines.MeasurePage"]
    search_fields = Page.search_fields + translated("title", boost=2) + translated("summary", "introduction", "principles")

    class Meta:
        verbose_name = _("SOP page")

    def get_context(self, request, *args, **kwargs):
        from guidelines import flowchart, selectors  # selectors read these models

        context = super().get_context(request, *args, **kwargs)
        measures = selectors.measure_list(sop_page=self)
        context["measures"] = measures
        context["flowchart"] = flowchart.sop_flowchart(
            measures=measures, request=request, accent=tenant_or_404(request).accent_colour
        )
        return context


class MeasurePage(RequestPortUrlsMixin, Page):
    """One measure of an SOP: /<lang>/guidelines/<sop-slug>/<measure-slug>/."""

    objects = TenantPageManager()

    number = models.PositiveSmallIntegerField(_("number"), default=1)
    summary = models.TextField(_("summary"), blank=True)
    child_only = models.BooleanField(
        _("for children only"), default=False, help_text=_("The measure applies only when the presumed victim is a child.")
    )
    what = RichTextField(_("what"), blank=True)
    when = RichTextField(_("when"), blank=True)
    who = ParentalManyToManyField("directory.ActorRole", verbose_name=_("who (responsible roles)"), blank=True, related_name="+")
    checklist = RichTextField(_("checklist"), blank=True)
    children = RichTextField(_("specific measures for children"), blank=True)
    good_practices = RichTextField(_("good practices"), blank=True)
    related_resources = ParentalManyToManyField("portal.Resource", verbose_name=_("related resources"), blank=True, related_name="+")

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("number"), FieldPanel("summary"), FieldPanel("child_only")], heading=_("Measure")),
        FieldPanel("what"),
        FieldPanel("when"),
        FieldPanel("who"),
        InlinePanel("steps", heading=_("How: steps"), label=_("step"), min_num=1),
        FieldPanel("checklist"),
        FieldPanel("children"),
        FieldPanel("good_practices"),
        FieldPanel("related_resources"),
        CORRECTIONS_PANEL,
    ]
    base_form_class = TranslatedPageForm
    parent_page_types = ["guidelines.SOPPage"]
    subpage_types = []
    search_fields = Page.search_fields + translated("title", boost=2) + translated(
        "summary", "what", "when", "checklist", "children", "good_practices"
    ) + [index.RelatedFields("steps", translated("text"))]

    class Meta:
        verbose_name = _("measure")

    @method_decorator(parameters_or_400)
    def serve(self, request, *args, **kwargs):
        """?country=LT&to=PL: the steps with those countries' contacts and national notes."""
        self.chosen_countries = countries_from_query(request.GET, tenant=tenant_or_404(request), names=("country", "to"))
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from guidelines import selectors  # selectors read these models

        context = super().get_context(request, *args, **kwargs)
        countries = getattr(self, "chosen_countries", [])
        context["chosen_countries"] = countries
        tenant = tenant_or_404(request)

        def parts() -> dict:
            steps = list(self.steps.prefetch_related("roles"))
            who = list(self.who.all())
            # Roles named as WHO that no step carries out: their contacts follow the steps.
            on_steps = {role.pk for step in steps for role in step.roles.all()}
            return {
                "steps": steps,
                "who": who,
                "roles_off_steps": [role for role in who if role.pk not in on_steps],
                "who_to_contact": selectors.who_to_contact(measures=[self], tenant=tenant, user=request.user, countries=countries),
                "notes": selectors.national_notes(measures=[self], countries=countries),
            }

        # Read only when the page's cached fragment has to be rendered again.
        read = when_rendered(parts)
        for name in ("steps", "who", "roles_off_steps", "who_to_contact", "notes"):
            context[name] = when_rendered(lambda name=name: read[name])
        return context


class MeasureStep(ClusterableModel, Orderable):
    """HOW, one step at a time, each with the roles that carry it out."""

    measure = ParentalKey(MeasurePage, on_delete=models.CASCADE, related_name="steps")
    text = models.TextField(_("step"))
    roles = ParentalManyToManyField("directory.ActorRole", verbose_name=_("responsible roles"), blank=True, related_name="+")
    child_only = models.BooleanField(_("for children only"), default=False)

    panels = [FieldPanel("text"), FieldPanel("roles"), FieldPanel("child_only")]

    class Meta(Orderable.Meta):
        verbose_name = _("step")

    def __str__(self) -> str:
        return self.text[:80]

    def clean(self):
        super().clean()
        if not (self.text or "").strip():
            raise ValidationError({"text": _("Describe the step.")})
