from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandbookConfig(AppConfig):
    """The living handbook: the whole TRM of a tenant as one PDF, generated from today's data."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "handbook"
    verbose_name = _("Handbook")
