from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Start-up wiring (house style): imported here, once every app's models are loaded.
        # Registers system checks and signal handlers: the tenancy's, then the pages'; and the
        # shared HTTP cache's purges on publishing and on directory changes.
        from portal import frontend_cache, signals  # noqa: F401
        from portal.tenancy import checks  # noqa: F401
        from portal.tenancy import signals as tenancy_signals  # noqa: F401

        frontend_cache.connect()
