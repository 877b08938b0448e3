from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Implementation monitoring")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Start-up wiring (house style): imported here, once every app's models are loaded.
        from django.db.models.signals import post_delete, post_save
        from wagtail.permissions import register_permission_policy

        from directory.openapi import describe_parameter
        from monitoring import selectors, services
        from monitoring.models import ImplementationStatus, Level
        from portal import frontend_cache
        from portal.tenancy.admin import CountryScopedPermissionPolicy
        from portal.tenancy.editors import grant_country_editors

        # A country's editors keep their own country's statuses, and only those.
        grant_country_editors(
            ("monitoring", "add_implementationstatus"),
            ("monitoring", "change_implementationstatus"),
            ("monitoring", "delete_implementationstatus"),
        )
        register_permission_policy(ImplementationStatus, CountryScopedPermissionPolicy(ImplementationStatus))
        # Every save, from the admin, a script or the demo, leaves its trace in the history.
        post_save.connect(services.status_saved, sender=ImplementationStatus, dispatch_uid="monitoring_history")
        # Anonymous visitors see a changed status at once: the tenants showing its country are banned from the
        # shared cache, as for a contact (profiles and measure pages show statuses too).
        for signal in (post_save, post_delete):
            signal.connect(frontend_cache.directory_object_changed, sender=ImplementationStatus,
                           dispatch_uid=f"frontend-cache-ImplementationStatus-{signal is post_save}")
        # /api/v1/monitoring's parameters, as the portal's OpenAPI document names them for each tenant.
        describe_parameter("measure", lambda tenant: {"enum": selectors.measure_slugs(tenant=tenant)})
        describe_parameter("level", lambda tenant: {"enum": [str(value) for value in Level.values]})
        describe_parameter("as_of", lambda tenant: {"format": "date"})
