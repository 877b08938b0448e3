"""Per-country editor groups ("Editors · Lithuania") and the page permissions they hold.

A country's editors edit that country's profile pages in every tenant that lists the
country, and nothing else. Groups are created on demand, so a new member country needs no
manual set-up.
"""
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupPagePermission, Page

from directory.models import Country

EDITORS_GROUP_PREFIX = "Editors · "
PROFILE_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")


def country_editor_group_name(country: Country) -> str:
    # Named by ISO code as well as by name: the name is translated, the group name must not change.
    return f"{EDITORS_GROUP_PREFIX}{country.code.name} ({country.iso2})"


@transaction.atomic
def country_editor_group(country: Country) -> Group:
    """The editors' group of a country, created with admin access if it does not exist yet."""
    group, created = Group.objects.get_or_create(name=country_editor_group_name(country))
    if created:
        group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return group


def country_editor_grant_page(*, country: Country, page: Page) -> None:
    """Let the country's editors edit and publish this page (a profile of their country)."""
    group = country_editor_group(country)
    permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=PROFILE_PAGE_PERMISSIONS
    )
    for permission in permissions:
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)
