"""Handbook editions: built in the task worker, stored, and served until the content changes.

An edition is one tenant × language × (all countries | one country). Its file name carries a
version, a digest of what it is made of: the newest page publication and audit entry (a publish,
a contact, note or organisation edited, imported, archived), the number and newest change of the
contacts, the portal's name, and the day (the cover's date and "verified on" stay honest). A
request finds the current version's file, or queues its build once and answers at once.
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Count, Max
from django.utils import timezone, translation
from django_tasks import task
from wagtail.models import ModelLogEntry, Page, PageLogEntry

from directory.models import Contact
from handbook.content import edition_content
from handbook.pdf import handbook_pdf
from portal.tenancy.models import Country, PortalSettings
from portal.tenancy.scoping import pages_in_tenant
from portal.tenancy.sites import tenant_for_site

logger = logging.getLogger(__name__)

# Raise when the layout changes: every stored edition is then rebuilt on its next request.
LAYOUT = "1"
BUILD_LOCK_SECONDS = 15 * 60


@dataclass(frozen=True)
class EditionKey:
    site_id: int
    language: str
    country_code: str  # "" for the whole tenant

    @property
    def folder(self) -> str:
        return f"handbooks/{self.site_id}/{self.language}"

    @property
    def stem(self) -> str:
        return self.country_code.lower() or "all"

    def path(self, version: str) -> str:
        return f"{self.folder}/{self.stem}-{version}.pdf"


def edition_key(*, tenant: PortalSettings, language: str, country: Country | None) -> EditionKey:
    return EditionKey(tenant.site.pk, language, country.iso2 if country else "")


def edition_version(*, tenant: PortalSettings, country: Country | None) -> str:
    """A digest of everything the edition shows (four queries)."""
    pages = pages_in_tenant(Page.objects.all(), tenant)
    published = pages.aggregate(last=Max("last_published_at"), live=Count("pk"))
    contacts = Contact.objects.in_tenant(tenant)
    if country is not None:
        contacts = contacts.of_countries([country.pk])
    contact_stats = contacts.aggregate(last=Max("updated_at"), count=Count("pk"))
    audit = ModelLogEntry.objects.aggregate(last=Max("timestamp"))["last"]
    page_audit = PageLogEntry.objects.filter(page__in=pages.values("pk")).aggregate(last=Max("timestamp"))["last"]
    parts = [LAYOUT, tenant.name, tenant.is_demo, published, contact_stats, audit, page_audit, timezone.localdate()]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def edition_get_or_queue(*, tenant: PortalSettings, language: str, country: Country | None) -> str | None:
    """The stored file's path when the current version is built; otherwise queue its build (once) and None."""
    key = edition_key(tenant=tenant, language=language, country=country)
    version = edition_version(tenant=tenant, country=country)
    path = key.path(version)
    if default_storage.exists(path):
        return path
    # One build per edition at a time, however many readers ask while it is being made.
    if cache.add(f"handbook-build:{path}", True, timeout=BUILD_LOCK_SECONDS):
        build_handbook.enqueue(site_id=key.site_id, language=language, country_code=key.country_code)
    # With the immediate task backend (development, tests) the build has run by now.
    return path if default_storage.exists(path) else None


@task()
def build_handbook(site_id: int, language: str, country_code: str) -> str:
    """Build and store the current version of one edition, then delete the older versions' files."""
    tenant = tenant_for_site(PortalSettings.objects.select_related("site__root_page").get(site_id=site_id).site)
    country = tenant.member(country_code) if country_code else None
    key = EditionKey(site_id, language, country_code)
    version = edition_version(tenant=tenant, country=country)
    path = key.path(version)
    try:
        if not default_storage.exists(path):
            started = timezone.now()
            with translation.override(language):
                content = handbook_pdf(edition_content(tenant=tenant, country=country))
            default_storage.save(path, ContentFile(content))
            logger.info(
                "handbook built",
                extra={"path": path, "bytes": len(content), "seconds": (timezone.now() - started).total_seconds()},
            )
        _delete_older(key, keep=path)
    finally:
        cache.delete(f"handbook-build:{path}")
    return path


def _delete_older(key: EditionKey, *, keep: str) -> None:
    try:
        _folders, files = default_storage.listdir(key.folder)
    except FileNotFoundError:
        return
    for name in files:
        path = f"{key.folder}/{name}"
        if name.startswith(f"{key.stem}-") and path != keep:
            default_storage.delete(path)
