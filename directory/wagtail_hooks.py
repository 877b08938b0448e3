"""Admin wiring of the directory: contacts and organisations per country, the review panel, audit actions."""

import django_filters
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

import directory.import_admin  # noqa: F401  (registers the import views and their menu item)
from directory import admin_views, selectors
from directory.admin_views import ContactEditView, MarkVerifiedBulkAction, SaveAndVerifyMenuItem
from directory.concurrency import VersionCheckedEditView
from directory.forms import ContactForm, TextCheckedForm
from directory.models import Contact, Organisation
from directory.services import ARCHIVE_ACTION, VERIFY_ACTION
from portal.tenancy.admin import CountryScopedViewSet
from portal.tenancy.editors import user_country_ids, user_is_portal_admin
from portal.tenancy.models import Country

DUE_PANEL_LIMIT = 25


def countries_with_editable_contacts(request):
    """The countries the listing can narrow to: those of contacts the user edits (an editor's own, for most)."""
    if request is None:
        return Country.objects.none()
    return Country.objects.filter(pk__in=Contact.objects.editable_by(request.user).values("country_id"))


class ContactFilterSet(WagtailFilterSet):
    """The listing's filters. Its country filter offers the countries that have contacts to list, not all 250 of
    the world: building and rendering every country's option cost the listing more than its contacts."""

    country = django_filters.ModelChoiceFilter(queryset=countries_with_editable_contacts)

    class Meta:
        model = Contact
        fields = ["country", "role", "status", "visibility"]


class ContactViewSet(CountryScopedViewSet):
    model = Contact
    icon = "user"
    menu_label = _("Contacts")
    list_display = ["position_title", "organisation", "country", "role", "visibility", "status", "last_verified_on"]
    filterset_class = ContactFilterSet
    search_fields = ["position_title", "person_name", "email", "external_id"]
    # Plain database lookups for the admin listing: exact enough for editors, and independent
    # of the search index (which may be Elasticsearch, or being rebuilt).
    search_backend_name = None
    ordering = ["country", "position_title"]
    list_per_page = 50

    edit_handler = ObjectList(Contact.panels, base_form_class=ContactForm)
    edit_view_class = ContactEditView

    def get_queryset(self, request):
        return Contact.objects.select_related("organisation", "country", "role").editable_by(request.user)


class OrganisationViewSet(CountryScopedViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    list_display = ["name", "country", "organisation_type"]
    list_filter = ["country", "organisation_type"]
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["country", "name"]

    edit_handler = ObjectList(Organisation.panels, base_form_class=TextCheckedForm)
    edit_view_class = VersionCheckedEditView

    def get_queryset(self, request):
        return Organisation.objects.select_related("country").editable_by(request.user)


class DirectoryGroup(SnippetViewSetGroup):
    items = (ContactViewSet, OrganisationViewSet)
    menu_icon = "list-ul"
    menu_label = _("Directory")
    menu_name = "directory"


register_snippet(DirectoryGroup)


class DueForReviewPanel(Component):
    """Dashboard panel: the editor's contacts due for review, each confirmable in one click."""

    name = "directory_due_for_review"
    order = 50
    template_name = "directory/admin/due_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        due = selectors.contacts_due_for_review(user=self.request.user, today=timezone.localdate())
        return {
            "contacts": list(due[:DUE_PANEL_LIMIT]),
            "total": due.count(),
            "limit": DUE_PANEL_LIMIT,
            "request": self.request,
            "csrf_token": parent_context.get("csrf_token") if parent_context else None,
        }


@hooks.register("construct_homepage_panels")
def add_due_for_review_panel(request, panels):
    if user_is_portal_admin(request.user) or user_country_ids(request.user):
        panels.append(DueForReviewPanel(request))


@hooks.register("register_admin_urls")
def register_directory_admin_urls():
    return [path("directory/confirm/", admin_views.confirm_unchanged, name="directory_confirm_unchanged")]


hooks.register("register_bulk_action", MarkVerifiedBulkAction)


@hooks.register("register_snippet_action_menu_item")
def register_save_and_verify_menu_item(model):
    # Beside "Save" (order 0), first in the menu; only contacts are verified.
    return SaveAndVerifyMenuItem(order=5) if model is Contact else None


@hooks.register("register_log_actions")
def register_directory_log_actions(actions):
    actions.register_action(VERIFY_ACTION, _("Confirm unchanged"), _("Confirmed unchanged (verified)"))
    actions.register_action(ARCHIVE_ACTION, _("Archive"), _("Archived"))
