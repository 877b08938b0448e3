"""Signal wiring of the directory: every change to its data invalidates derived caches."""
from django.db.models.signals import m2m_changed, post_delete, post_save

from directory.caching import directory_changed
from directory.models import Contact, ContactPhone, Organisation
from portal.tenancy.models import PortalSettings


def connect() -> None:
    for model in (Contact, ContactPhone, Organisation, PortalSettings):
        post_save.connect(directory_changed, sender=model, dispatch_uid=f"directory-changed-save-{model.__name__}")
        post_delete.connect(directory_changed, sender=model, dispatch_uid=f"directory-changed-delete-{model.__name__}")
    for through in (Contact.sops.through, Contact.languages.through, PortalSettings.member_countries.through):
        m2m_changed.connect(directory_changed, sender=through, dispatch_uid=f"directory-changed-m2m-{through.__name__}")
