from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Directory")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from directory import signals
        from directory.models import Contact, Organisation
        from portal.tenancy.admin import CountryScopedPermissionPolicy
        from portal.tenancy.editors import grant_country_editors

        signals.connect()
        # Editors edit only their countries' contacts and organisations, on every admin path.
        grant_country_editors(
            ("directory", "add_contact"), ("directory", "change_contact"),
            ("directory", "add_organisation"), ("directory", "change_organisation"),
        )
        register_permission_policy(Contact, CountryScopedPermissionPolicy(Contact))
        register_permission_policy(Organisation, CountryScopedPermissionPolicy(Organisation))
