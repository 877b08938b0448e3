"""What the two translation commands share: finding the tenant (the acting user: portal.tenancy.uploads.acting_user)."""
from django.core.management.base import CommandError
from django.db.models import Q

from portal.tenancy.models import PortalSettings


def tenant_named(name: str) -> PortalSettings:
    """A tenant by its host name, the host's first label (bsr) or its short name."""
    found = PortalSettings.objects.select_related("site", "site__root_page").filter(
        Q(short_name__iexact=name) | Q(site__hostname__iexact=name) | Q(site__hostname__istartswith=f"{name}.")
    ).first()
    if found is None:
        known = ", ".join(PortalSettings.objects.values_list("site__hostname", flat=True))
        raise CommandError(f"Unknown tenant {name!r}. Tenants: {known}.")
    return found
