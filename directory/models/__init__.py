"""Directory models, re-exported by name."""
from .contact import (
    Contact,
    ContactPhone,
    ContactQuerySet,
    ContactStatus,
    ReviewReminder,
    Visibility,
    contact_belongs_to,
    validate_has_channel,
)
from .imports import ContactImport, ContactImportStatus
from .organisation import Organisation, OrganisationType
from .reference import SOP, ActorRole, Language

__all__ = [
    "SOP",
    "ActorRole",
    "Contact",
    "ContactImport",
    "ContactImportStatus",
    "ContactPhone",
    "ContactQuerySet",
    "ContactStatus",
    "Language",
    "Organisation",
    "OrganisationType",
    "ReviewReminder",
    "Visibility",
    "contact_belongs_to",
    "validate_has_channel",
]
