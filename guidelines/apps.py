from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidelinesConfig(AppConfig):
    name = "guidelines"
    verbose_name = _("Guidelines")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from directory.permissions import CountryScopedPermissionPolicy
        from guidelines.models import NationalNote

        # A country's editors edit that country's national notes only.
        register_permission_policy(NationalNote, CountryScopedPermissionPolicy(NationalNote))
