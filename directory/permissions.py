"""Who may see and edit what in the directory: small functions named for the question they answer."""
from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from wagtail.permission_policies import ModelPermissionPolicy

PRACTITIONERS_GROUP = "Practitioners"


def user_country_ids(user) -> frozenset[int]:
    """Ids of the countries whose editors' group the user belongs to (cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_directory_country_ids", None)
    if cached is None:
        from directory.models import Country

        cached = frozenset(Country.objects.filter(editors__user=user).values_list("pk", flat=True))
        user._directory_country_ids = cached
    return cached


def user_is_directory_admin(user) -> bool:
    return bool(getattr(user, "is_active", False) and getattr(user, "is_superuser", False))


def user_can_edit_country(user, country_id: int | None) -> bool:
    return user_is_directory_admin(user) or (country_id is not None and country_id in user_country_ids(user))


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


class CountryScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions (add/change/delete) that apply only to objects of the user's countries.

    Country editors hold the model permissions through their group; this policy narrows them
    to the countries whose editors' group they belong to. Administrators keep everything.
    """

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and user_can_edit_country(user, instance.country_id)

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        if user_is_directory_admin(user):
            return instances
        return instances.filter(country__in=user_country_ids(user))
