from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfflineConfig(AppConfig):
    """The portal as an installable web app that keeps chosen countries readable without a network."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "offline"
    verbose_name = _("Offline use")
