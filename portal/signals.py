"""Signal handlers of the portal app."""
from django.db.models.signals import post_save
from django.dispatch import receiver

from directory.editors import country_editor_grant_page
from portal.models import CountryProfilePage


@receiver(post_save, sender=CountryProfilePage)
def grant_country_editors(sender, instance: CountryProfilePage, created: bool, raw: bool = False, **kwargs):
    """A new profile page is editable by its country's editors from the moment it exists."""
    if created and not raw:
        country_editor_grant_page(country=instance.country, page=instance)
