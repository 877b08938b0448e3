"""Country editors: who edits which country's content, decided in one place for every app.

A country's editors are the members of its group ("Editors · Lithuania (LT)"). They edit that
country's objects (contacts, organisations, national notes, profile pages) in every tenant that
lists the country, and nothing else. Groups are created on demand, so a new member country needs
no manual set-up. Each app says in its AppConfig.ready() which model permissions its country
editors hold (`grant_country_editors`); which objects they apply to is decided here, by country,
and enforced on every admin path by portal.tenancy.admin.
"""
from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import models, transaction
from django.utils import translation
from wagtail.models import GroupPagePermission, Page

from portal.tenancy.models import Country

EDITORS_GROUP_PREFIX = "Editors · "
PROFILE_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
# (app label, codename) of the model permissions every country editor's group holds; apps add theirs.
_EDITOR_PERMISSIONS: list[tuple[str, str]] = [("wagtailadmin", "access_admin")]


def grant_country_editors(*permissions: tuple[str, str]) -> None:
    """Give every country editors' group these model permissions (called from an app's ready())."""
    for permission in permissions:
        if permission not in _EDITOR_PERMISSIONS:
            _EDITOR_PERMISSIONS.append(permission)


def country_editor_permissions() -> tuple[tuple[str, str], ...]:
    return tuple(_EDITOR_PERMISSIONS)


# --- who edits what -----------------------------------------------------------------------

def user_is_portal_admin(user) -> bool:
    """Administrators edit every country."""
    return bool(getattr(user, "is_active", False) and getattr(user, "is_superuser", False))


def user_country_ids(user) -> frozenset[int]:
    """Ids of the countries whose editors' group the user belongs to (cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_editor_country_ids", None)
    if cached is None:
        cached = frozenset(Country.objects.filter(editors__user=user).values_list("pk", flat=True))
        user._editor_country_ids = cached
    return cached


def user_can_edit_country(user, country_id: int | None) -> bool:
    return user_is_portal_admin(user) or (country_id is not None and country_id in user_country_ids(user))


def editable_countries(user) -> models.QuerySet[Country]:
    """The countries this user may edit: all for administrators, their groups' for editors, none otherwise."""
    countries = Country.objects.all()
    if user is None or user_is_portal_admin(user):  # None: a form built outside a request (scripts, tests)
        return countries
    return countries.filter(pk__in=user_country_ids(user))


class CountryScopedQuerySet(models.QuerySet):
    """Objects that belong to one country (a `country` foreign key)."""

    def editable_by(self, user):
        """The objects of the countries the user edits (all for administrators)."""
        if user_is_portal_admin(user):
            return self
        return self.filter(country__in=user_country_ids(user))


# --- groups -------------------------------------------------------------------------------

def country_editor_group_name(country: Country) -> str:
    # Named in English and by ISO code: the group name must not depend on who creates it.
    with translation.override("en"):
        return f"{EDITORS_GROUP_PREFIX}{country.code.name} ({country.iso2})"


@transaction.atomic
def country_editor_group(country: Country) -> Group:
    """The editors' group of a country, created with its permissions if it does not exist yet."""
    if country.editors_id:
        return country.editors
    group, _created = Group.objects.get_or_create(name=country_editor_group_name(country))
    permissions = [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in country_editor_permissions()
    ]
    group.permissions.add(*permissions)
    country.editors = group
    country.save(update_fields=["editors"])
    return group


def country_editor_grant_page(*, country: Country, page: Page) -> None:
    """Let the country's editors edit and publish this page (a profile of their country)."""
    group = country_editor_group(country)
    permissions = Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=PROFILE_PAGE_PERMISSIONS)
    for permission in permissions:
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)
