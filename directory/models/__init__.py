"""Directory models, re-exported by name."""
from .contact import Contact, ContactPhone, ContactStatus, ReviewReminder, Visibility, validate_has_channel
from .organisation import Organisation, OrganisationType
from .reference import SOP, ActorRole, Country, Language

__all__ = [
    "SOP",
    "ActorRole",
    "Contact",
    "ContactPhone",
    "ContactStatus",
    "Country",
    "Language",
    "Organisation",
    "OrganisationType",
    "ReviewReminder",
    "Visibility",
    "validate_has_channel",
]
