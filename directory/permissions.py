"""Who may see and edit what in the directory: small functions named for the question they answer.

Which countries a user edits is the tenancy's rule (portal.tenancy.editors); the directory adds
who may see practitioners-only contacts.
"""
from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from portal.tenancy.editors import user_can_edit_country, user_country_ids

PRACTITIONERS_GROUP = "Practitioners"


def user_can_edit_contact(user, contact) -> bool:
    return user_can_edit_country(user, contact.country_id)


def user_can_edit_organisation(user, organisation) -> bool:
    return user_can_edit_country(user, organisation.country_id)


def user_can_see_restricted_contacts(user: AnonymousUser | object) -> bool:
    """Practitioners-only contacts: for the Practitioners group, country editors and administrators."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser or user_country_ids(user):
        return True
    cached = getattr(user, "_is_practitioner", None)
    if cached is None:
        cached = user.groups.filter(name=PRACTITIONERS_GROUP).exists()
        user._is_practitioner = cached
    return cached
