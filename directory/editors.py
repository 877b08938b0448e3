"""Per-country editor groups ("Editors · Lithuania (LT)") and what they may edit.

A country's editors edit that country's contacts, organisations and profile pages (in every
tenant that lists the country), and nothing else. Groups are created on demand, so a new
member country needs no manual set-up.
"""
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import translation
from wagtail.models import GroupPagePermission, Page

from directory.models import Country

EDITORS_GROUP_PREFIX = "Editors · "
PROFILE_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
# Model permissions every country editor holds; which objects they apply to is decided per
# country by directory.permissions.
DIRECTORY_MODEL_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("directory", "add_contact"),
    ("directory", "change_contact"),
    ("directory", "add_organisation"),
    ("directory", "change_organisation"),
    ("guidelines", "add_nationalnote"),
    ("guidelines", "change_nationalnote"),
    ("guidelines", "delete_nationalnote"),
)


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
        for app_label, codename in DIRECTORY_MODEL_PERMISSIONS
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
