from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks, frontend_cache, signals  # noqa: F401  (registers system checks and signal handlers)

        frontend_cache.connect()
