"""Signal handlers of the tenancy: a country that joins a tenant gets its editors' group."""
from django.db.models.signals import m2m_changed
from django.dispatch import Signal, receiver

from portal.tenancy.editors import country_editor_group
from portal.tenancy.models import Country, PortalSettings

# Sent by code that writes many objects at once with bulk_create/bulk_update (the importer, the
# demo loader), which send no post_save: sender is the model, `objects` the objects written.
# Whatever keeps derived data (the search index) subscribes, so the writer needs to know nothing of it.
bulk_saved = Signal()


@receiver(m2m_changed, sender=PortalSettings.member_countries.through)
def create_editor_groups_for_new_members(sender, instance, action: str, pk_set, **kwargs):
    """A country that joins a tenant gets its editors' group at once ("Editors · <country>")."""
    if action == "post_add" and isinstance(instance, PortalSettings):
        for country in Country.objects.filter(pk__in=pk_set, editors=None):
            country_editor_group(country)
