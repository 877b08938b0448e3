from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UpdatesConfig(AppConfig):
    """What changed in a portal: Atom feeds per tenant and country, and weekly e-mail digests."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "updates"
    verbose_name = _("Change feeds and digests")
