"""What the two translation commands share: finding the tenant and the acting user."""
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db.models import Q

from portal.tenancy.models import PortalSettings


class SystemAdministrator:
    """The acting user when none is named: an administrator for the permission checks, no account in logs."""

    pk = id = None
    is_active = True
    is_authenticated = True
    is_superuser = True
    is_staff = True
    username = "manage.py"

    def __str__(self) -> str:
        return self.username


def tenant_named(name: str) -> PortalSettings:
    """A tenant by its host name, the host's first label (bsr) or its short name."""
    found = PortalSettings.objects.select_related("site", "site__root_page").filter(
        Q(short_name__iexact=name) | Q(site__hostname__iexact=name) | Q(site__hostname__istartswith=f"{name}.")
    ).first()
    if found is None:
        known = ", ".join(PortalSettings.objects.values_list("site__hostname", flat=True))
        raise CommandError(f"Unknown tenant {name!r}. Tenants: {known}.")
    return found


def acting_user(username: str | None):
    if not username:
        return SystemAdministrator()
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"No active user named {username!r}.")
    return user
