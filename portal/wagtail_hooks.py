"""Admin wiring of the portal app: profile sections as snippets, tenant-scoped document downloads, the coverage report."""
from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.models import ProfileSectionType
from portal.tenancy.scoping import collection_belongs_to


class ProfileSectionTypeViewSet(SnippetViewSet):
    model = ProfileSectionType
    icon = "list-ol"
    menu_label = _("Profile sections")
    list_display = ["title", "site", "sort_order"]
    list_filter = ["site"]
    ordering = ["site", "sort_order"]


register_snippet(ProfileSectionTypeViewSet)


@hooks.register("before_serve_document")
def serve_only_the_tenants_documents(document, request):
    """A tenant's resources download only on that tenant's host: /documents/<id>/ is not a way across."""
    tenant = getattr(request, "tenant", None)  # a host that is no portal's serves no document
    if tenant is None or not collection_belongs_to(tenant, document.collection):
        raise Http404


@hooks.register("register_admin_urls")
def register_coverage_report_urls():
    from portal.reports import CoverageReportView
    from portal.translation_report import TranslationReportView, confirm_translation_view

    return [
        path("reports/coverage/", CoverageReportView.as_view(), name="portal_coverage_report"),
        path("reports/coverage/results/", CoverageReportView.as_view(results_only=True), name="portal_coverage_report_results"),
        path("reports/translations/", TranslationReportView.as_view(), name="portal_translation_report"),
        path("reports/translations/results/", TranslationReportView.as_view(results_only=True),
             name="portal_translation_report_results"),
        path("translations/confirm/", confirm_translation_view, name="portal_translation_confirm"),
    ]


class CoverageMenuItem(MenuItem):
    def is_shown(self, request):
        from portal.reports import user_can_view_coverage

        return user_can_view_coverage(request.user)


@hooks.register("register_reports_menu_item")
def register_coverage_report_menu_item():
    return CoverageMenuItem(_("Directory coverage"), reverse("portal_coverage_report"), icon_name="table", order=50)


@hooks.register("register_reports_menu_item")
def register_translation_report_menu_item():
    return CoverageMenuItem(_("Translations"), reverse("portal_translation_report"), icon_name="globe", order=51)


@hooks.register("register_log_actions")
def register_translation_log_actions(actions):
    from portal.translation_report import CONFIRM_ACTION

    actions.register_action(CONFIRM_ACTION, _("Confirm translation"), _("Translation confirmed as still right"))
