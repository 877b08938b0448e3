"""Admin wiring of the guidelines: national notes, per country."""
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet

from directory.concurrency import VersionCheckedEditView
from guidelines.models import NationalNote
from portal.tenancy.admin import CountryScopedForm, CountryScopedViewSet


class NationalNoteViewSet(CountryScopedViewSet):
    model = NationalNote
    icon = "comment"
    menu_label = _("National notes")
    add_to_admin_menu = True
    menu_order = 210
    list_display = ["measure", "country", "step"]
    list_filter = ["country"]
    search_fields = ["text"]
    search_backend_name = None
    edit_handler = ObjectList(NationalNote.panels, base_form_class=CountryScopedForm)
    edit_view_class = VersionCheckedEditView

    def get_queryset(self, request):
        return NationalNote.objects.select_related("country", "measure", "step").editable_by(request.user)


register_snippet(NationalNoteViewSet)
