"""The resources library: Wagtail documents described for practitioners, and the page that lists them."""
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.documents.models import AbstractDocument, Document, DocumentQuerySet
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from portal.extraction import extract_text
from portal.tenancy.fields import translated
from portal.tenancy.params import paginate, parameters_or_400
from portal.tenancy.scoping import TenantDocumentQuerySetMixin, TenantPageManager, collection_belongs_to
from portal.tenancy.sites import RequestPortUrlsMixin, tenant_or_404
from portal.tenancy.translation_forms import CORRECTIONS_PANEL, TranslatedPageForm


class ResourceType(models.TextChoices):
    GUIDELINES = "guidelines", _("Guidelines")
    HANDBOOK = "handbook", _("Handbook")
    REPORT = "report", _("Report")
    POLICY = "policy", _("Policy document")
    TRAINING = "training", _("Training material")
    LEAFLET = "leaflet", _("Leaflet")


class ResourceQuerySet(TenantDocumentQuerySetMixin, DocumentQuerySet):
    """`Resource.objects.in_tenant(tenant)`: the documents of the tenant's resources collection."""


def resource_belongs_to(tenant, resource) -> bool:
    """The in-Python twin of ResourceQuerySet.in_tenant, for a resource already loaded."""
    return collection_belongs_to(tenant, resource.collection)


class Resource(AbstractDocument):
    """A document in a tenant's resources library. Its region tags are the document's tags."""

    description = models.TextField(_("description"), blank=True)
    resource_type = models.CharField(_("type"), max_length=20, choices=ResourceType.choices, default=ResourceType.REPORT)
    languages = models.ManyToManyField("directory.Language", verbose_name=_("languages"), blank=True, related_name="+")
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    # The file's text, extracted when the file is saved (portal.extraction.extract_text), so
    # that search finds what a PDF says and not only its title.
    text = models.TextField(_("extracted text"), blank=True, editable=False)
    text_of = models.CharField(max_length=255, blank=True, editable=False)  # the file the text came from

    objects = ResourceQuerySet.as_manager()

    search_fields = Document.search_fields + translated("title", boost=2) + translated("description") + [
        index.SearchField("text"),
        index.SearchField("publisher"),
    ]

    admin_form_fields = Document.admin_form_fields + (
        "description",
        "resource_type",
        "languages",
        "year",
        "publisher",
    )

    def save(self, *args, **kwargs):
        if self.file and self.file.name != self.text_of:
            self.text = extract_text(self.file)
            self.text_of = self.file.name
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "text", "text_of"}
        super().save(*args, **kwargs)

    class Meta(AbstractDocument.Meta):
        verbose_name = _("resource")
        verbose_name_plural = _("resources")


class ResourcesIndexPage(RequestPortUrlsMixin, Page):
    """/<lang>/resources/: the tenant's library, filterable by type, region, language and year."""

    objects = TenantPageManager()

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), CORRECTIONS_PANEL]
    base_form_class = TranslatedPageForm
    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("resources index")

    @method_decorator(parameters_or_400)
    def serve(self, request, *args, **kwargs):
        from portal.resources import resource_filters_from_query  # it reads these models

        self.resource_filters = resource_filters_from_query(request.GET, tenant=tenant_or_404(request))
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from portal import selectors  # selectors read these models
        from portal.resources import resource_filter_options

        tenant = tenant_or_404(request)
        context = super().get_context(request, *args, **kwargs)
        filters = getattr(self, "resource_filters", None) or {}
        resources = selectors.resource_list(tenant=tenant, filters=filters)
        context["filters"] = filters
        context["filter_options"] = resource_filter_options(tenant=tenant)
        context["page_obj"] = paginate(resources, request.GET.get("page"), per_page=20)
        return context
