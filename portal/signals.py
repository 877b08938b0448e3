"""Signal handlers of the portal app."""
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from directory.editors import country_editor_grant_page
from portal.models import CountryProfilePage, PortalSettings


@receiver(post_save, sender=CountryProfilePage)
def grant_country_editors(sender, instance: CountryProfilePage, created: bool, raw: bool = False, **kwargs):
    """A new profile page is editable by its country's editors from the moment it exists."""
    if created and not raw:
        country_editor_grant_page(country=instance.country, page=instance)


@receiver(m2m_changed, sender=PortalSettings.member_countries.through)
def create_editor_groups_for_new_members(sender, instance, action: str, pk_set, **kwargs):
    """A country that joins a tenant gets its editors' group at once ("Editors · <country>")."""
    if action == "post_add" and isinstance(instance, PortalSettings):
        from directory.editors import country_editor_group
        from directory.models import Country

        for country in Country.objects.filter(pk__in=pk_set, editors=None):
            country_editor_group(country)
