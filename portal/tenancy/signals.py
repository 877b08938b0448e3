"""Signal handlers of the tenancy: a country that joins a tenant gets its editors' group."""
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal, receiver

from portal.tenancy import fragments, translation_state
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


@receiver(post_save)
@receiver(post_delete)
def content_saved(sender, raw=False, **kwargs):
    """Any row a public page shows saved or deleted: the pages' cached fragments are out of date."""
    if not raw and fragments.is_content_model(sender):
        fragments.content_changed()


@receiver(m2m_changed)
def content_related(sender, instance, action: str, **kwargs):
    if action.startswith("post_") and fragments.is_content_model(type(instance)):
        fragments.content_changed()


@receiver(bulk_saved)
def content_bulk_saved(sender, **kwargs):
    if fragments.is_content_model(sender):
        fragments.content_changed()


@receiver(post_save)
def record_translations(sender, instance, raw=False, update_fields=None, **kwargs):
    """Any translated content saved: which translations its English text leaves stale (translation_state)."""
    fields = translation_state.tracked_fields(sender)
    if raw or not fields:
        return
    if update_fields is not None and not any(
        name == field or name.startswith(f"{field}_") for name in update_fields for field in fields
    ):
        return  # a save of other columns (a page's revision pointer, a contact's verification date)
    translation_state.record_saved([instance])


@receiver(bulk_saved)
def record_bulk_translations(sender, objects, **kwargs):
    if translation_state.tracked_fields(sender):
        translation_state.record_saved(list(objects))


@receiver(post_delete)
def forget_translations(sender, instance, **kwargs):
    if translation_state.tracked_fields(sender) and instance.pk is not None:
        translation_state.forget(instance)
