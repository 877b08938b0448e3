"""Admin wiring of monitoring: statuses per country (revisions, audit log) and the review panel on the dashboard."""
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet

from directory.concurrency import VersionCheckedEditView
from monitoring import selectors
from monitoring.forms import ImplementationStatusForm
from monitoring.models import ImplementationStatus
from portal.tenancy.admin import CountryScopedViewSet
from portal.tenancy.editors import user_country_ids, user_is_portal_admin

DUE_PANEL_LIMIT = 25


class ImplementationStatusViewSet(CountryScopedViewSet):
    model = ImplementationStatus
    icon = "tasks"
    menu_label = _("Implementation")
    add_to_admin_menu = True
    menu_order = 220
    list_display = ["measure", "country", "tenant", "level", "level_since", "reviewed_on"]
    list_filter = ["tenant", "country", "level"]
    search_fields = ["basis_title", "differences", "notes"]
    search_backend_name = None
    ordering = ["tenant", "country", "measure__path"]
    edit_handler = ObjectList(ImplementationStatus.panels, base_form_class=ImplementationStatusForm)
    edit_view_class = VersionCheckedEditView

    def get_queryset(self, request):
        return ImplementationStatus.objects.select_related("tenant", "country", "measure").editable_by(request.user)


register_snippet(ImplementationStatusViewSet)


class StatusesDueForReviewPanel(Component):
    """Dashboard panel: the editor's implementation statuses due for review, by the contacts' rule."""

    name = "monitoring_due_for_review"
    order = 60
    template_name = "monitoring/admin/due_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        due = selectors.statuses_due_for_review(user=self.request.user, today=timezone.localdate())
        return {"statuses": list(due[:DUE_PANEL_LIMIT]), "total": due.count(), "limit": DUE_PANEL_LIMIT}


@hooks.register("construct_homepage_panels")
def add_statuses_due_panel(request, panels):
    if user_is_portal_admin(request.user) or user_country_ids(request.user):
        panels.append(StatusesDueForReviewPanel(request))
