"""Directory changes reach the shared HTTP cache (Varnish) at once.

Wagtail's frontend cache app purges a page's own URLs when it is published, unpublished or
moved. A contact, organisation, role or national note is not a page, yet the directory, the
contact's page, the country profiles, the guidelines (their "who to contact" and national
notes), the referral planner, search and the JSON API all show it. Listing every URL that
shows one contact would mean re-running every query; instead each change sends one *ban* per
tenant that shows it: a `BAN` request to the cache with the tenant's host and a regular
expression over paths (deploy/varnish/default.vcl turns it into a Varnish ban). Over-purging a
tenant's directory section when one contact changes costs a few uncached requests; a stale
phone number costs a practitioner a wrong call. Bans are sent after the transaction commits,
once per tenant and transaction, from the request that saved (so "at once" means before the
editor's next page), and a cache that does not answer is logged, never an editor's error.
"""
from __future__ import annotations

import logging
import re
from urllib.error import URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import Request, urlopen

from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.contrib.frontend_cache.utils import get_backends
from wagtail.models import Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from directory.models import ActorRole, Contact, ContactPhone, Organisation
from guidelines.models import NationalNote
from portal.tenancy.models import PortalSettings

logger = logging.getLogger(__name__)

# Everything under these sections (any language prefix) shows directory data, and the API: the
# change feeds and page, the offline lists, the handbook PDF and the monitoring pages included.
DIRECTORY_BAN_PATTERN = (
    r"^/[^/]+/(directory|countries|guidelines|referral|search|changes|offline|monitoring)/"
    r"|^/[^/]+/handbook[.]pdf|^/api/v1/"
)

class BanRequest(Request):
    def get_method(self):
        return "BAN"


def frontend_cache_location() -> str | None:
    """The cache's base URL (settings.WAGTAILFRONTENDCACHE's HTTP backend), or None when none is configured."""
    backends = getattr(settings, "WAGTAILFRONTENDCACHE", None) or {}
    for backend in backends.values():
        if backend.get("LOCATION"):
            return backend["LOCATION"]
    return None


def cache_ban(*, hostname: str, pattern: str) -> bool:
    """Ask the cache to drop every response of `hostname` whose path matches `pattern`; True when it confirmed."""
    location = frontend_cache_location()
    if not location:
        return False
    parts = urlsplit(location)
    request = BanRequest(
        url=f"{parts.scheme}://{parts.netloc}/",
        headers={"Host": hostname, "X-Ban-Url": pattern, "User-Agent": "trm-portal-frontend-cache"},
    )
    try:
        with urlopen(request, timeout=settings.FRONTEND_CACHE_TIMEOUT):  # noqa: S310 - LOCATION comes from settings
            return True
    except (URLError, OSError) as error:
        logger.error("frontend cache: ban failed", extra={"host": hostname, "pattern": pattern, "error": str(error)})
        return False


def tenant_hostnames_showing(country_id: int | None) -> set[str]:
    """Hosts of the tenants whose member countries include the country (all tenants when there is none)."""
    if country_id is not None:
        hostnames = set(
            PortalSettings.objects.filter(member_countries=country_id).values_list("site__hostname", flat=True)
        )
        if hostnames:
            return hostnames
    return set(Site.objects.values_list("hostname", flat=True))


class _BanBatch:
    """The tenants to ban once the current transaction commits (one batch per transaction)."""

    def __init__(self):
        self.hostnames: set[str] = set()

    def __call__(self):
        for hostname in sorted(self.hostnames):
            cache_ban(hostname=hostname, pattern=DIRECTORY_BAN_PATTERN)


def directory_ban(*, country_id: int | None) -> None:
    """Ban the directory sections of the tenants that show data of this country, after the commit."""
    if not frontend_cache_location():
        return
    hostnames = tenant_hostnames_showing(country_id)
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # A contact saved with its phones is one change: join the batch this transaction has
        # already scheduled. A rollback drops the batch with the transaction's other callbacks.
        for _savepoints, callback, _robust in connection.run_on_commit:
            if isinstance(callback, _BanBatch):
                callback.hostnames.update(hostnames)
                return
    batch = _BanBatch()
    batch.hostnames.update(hostnames)
    transaction.on_commit(batch, robust=True)


def page_purge(page) -> None:
    """PURGE the page's URL in every language from the cache, after the commit, from this process.

    Wagtail's own handler does the same through the task queue, where a purge can wait behind a
    backlog of index updates; an editor who publishes expects the next visitor to see it.
    """
    if not frontend_cache_location():
        return
    url = page.get_full_url()
    if not url:
        return
    parts = urlsplit(url)
    urls = sorted({
        urlunsplit((parts.scheme, parts.netloc, re.sub(r"^/[^/]+/", f"/{code}/", parts.path), "", ""))
        for code in settings.WAGTAILFRONTENDCACHE_LANGUAGES
    })

    def send():
        for backend in get_backends().values():
            for each in urls:
                backend.purge(each)

    transaction.on_commit(send, robust=True)


def page_changed(sender, instance, **kwargs) -> None:
    """Signal receiver: a page was published or unpublished."""
    page_purge(instance)


def page_moved(sender, instance, **kwargs) -> None:
    """Signal receiver: a page moved. Its old URLs, and every link to them, are the whole tenant's concern."""
    site = instance.get_site()
    if site is not None and frontend_cache_location():
        transaction.on_commit(lambda: cache_ban(hostname=site.hostname, pattern="^/"), robust=True)


def _country_id_of(instance) -> int | None:
    if hasattr(instance, "country_id"):
        return instance.country_id
    contact = getattr(instance, "contact", None)  # a contact's phone
    return getattr(contact, "country_id", None)


def directory_object_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    """Signal receiver: a contact, phone, organisation, role or national note was saved or deleted."""
    if raw:  # fixtures loading: nothing is cached yet
        return
    directory_ban(country_id=_country_id_of(instance))


def connect() -> None:
    """Wire the receivers (from PortalConfig.ready())."""
    for model in (Contact, ContactPhone, Organisation, ActorRole, NationalNote):
        uid = f"frontend-cache-{model.__name__}"
        post_save.connect(directory_object_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(directory_object_changed, sender=model, dispatch_uid=f"{uid}-delete")
    page_published.connect(page_changed, dispatch_uid="frontend-cache-page-published")
    page_unpublished.connect(page_changed, dispatch_uid="frontend-cache-page-unpublished")
    post_page_move.connect(page_moved, dispatch_uid="frontend-cache-page-moved")
    for through in (Contact.sops.through, Contact.languages.through):
        m2m_changed.connect(directory_object_changed, sender=through, dispatch_uid=f"frontend-cache-{through.__name__}")
