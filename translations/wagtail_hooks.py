"""Admin wiring of the translations round trip: its URLs and its menu item."""
from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from translations import views


class TranslationsMenuItem(MenuItem):
    def is_shown(self, request):
        return views.user_can_use_translations(request.user)


@hooks.register("register_admin_urls")
def register_translations_urls():
    return [
        path("translations/", views.translations_index, name="translations_index"),
        path("translations/export/", views.translations_export, name="translations_export"),
        path("translations/import/", views.translations_import, name="translations_import"),
        path("translations/import/apply/", views.translations_apply, name="translations_apply"),
    ]


@hooks.register("register_admin_menu_item")
def register_translations_menu_item():
    return TranslationsMenuItem(
        gettext_lazy("Translations"), reverse("translations_index"), name="translations", icon_name="globe", order=320
    )
