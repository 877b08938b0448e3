from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidelinesConfig(AppConfig):
    name = "guidelines"
    verbose_name = _("Guidelines")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from guidelines.models import NationalNote
        from portal.tenancy.admin import CountryScopedPermissionPolicy
        from portal.tenancy.editors import grant_country_editors

        # A country's editors edit that country's national notes, and only those.
        grant_country_editors(
            ("guidelines", "add_nationalnote"), ("guidelines", "change_nationalnote"), ("guidelines", "delete_nationalnote")
        )
        register_permission_policy(NationalNote, CountryScopedPermissionPolicy(NationalNote))
