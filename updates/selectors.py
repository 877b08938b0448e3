"""What changed in a tenant, for feeds, the changes page and e-mail digests.

Read from the audit trail Wagtail already keeps (a log entry per create, edit, publish,
verification and archiving), so nothing is recorded twice. Only what an anonymous visitor may
see is listed: public contacts (practitioners-only ones never, whatever their history), live
pages open to everyone, national notes. Entries are read newest first and bounded.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry, Page, PageLogEntry

from directory.models import Contact
from directory.models.contact import Visibility
from directory.services import ARCHIVE_ACTION, VERIFY_ACTION
from guidelines.models import NationalNote
from portal.models import CountryProfilePage
from portal.tenancy.models import Country, PortalSettings
from portal.tenancy.scoping import pages_in_tenant

CREATE = "wagtail.create"
EDIT = "wagtail.edit"
PUBLISH = "wagtail.publish"

# What a reader is told happened, by kind of object and audit action.
CONTACT_LABELS = {
    CREATE: _("Contact added"),
    EDIT: _("Contact changed"),
    VERIFY_ACTION: _("Contact re-verified"),
    ARCHIVE_ACTION: _("Contact archived"),
}
NOTE_LABELS = {CREATE: _("National note added"), EDIT: _("National note changed")}
PROFILE_LABEL = _("Country profile updated")
PAGE_LABEL = _("Guidance published")

DEFAULT_LIMIT = 50


@dataclass(frozen=True)
class Change:
    """One thing that changed, as a reader sees it."""

    key: str  # stable and unique: the audit entry it comes from
    label: str
    title: str
    path: str
    country: Country | None
    at: datetime.datetime


def change_list(
    *, tenant: PortalSettings, countries: list[Country] | None = None, since: datetime.datetime | None = None,
    limit: int = DEFAULT_LIMIT, request=None,
) -> list[Change]:
    """The tenant's public changes, newest first; only those of `countries` when given.

    A per-country list holds the country's contacts, national notes and profile; guidance
    pages belong to every country and are listed only in the tenant-wide one. Five queries
    whatever the size of the audit trail (plus one per page type among the pages listed).
    Paths carry the active language's prefix.
    """
    country_ids = [country.pk for country in countries] if countries else None
    changes = (
        _contact_changes(tenant, country_ids, since, limit)
        + _note_changes(tenant, country_ids, since, limit, request)
        + _page_changes(tenant, country_ids, since, limit, request)
    )
    changes.sort(key=lambda change: (change.at, change.key), reverse=True)
    return changes[:limit]


def _entries(model, object_ids, actions, since, limit):
    content_type = ContentType.objects.get_for_model(model)
    entries = ModelLogEntry.objects.filter(
        content_type=content_type, action__in=list(actions), object_id__in=object_ids
    )
    if since is not None:
        entries = entries.filter(timestamp__gt=since)
    return list(entries.order_by("-timestamp", "-pk")[:limit])


def _as_text(ids):
    # The audit trail keys objects by a text id: compare text with text inside the database.
    return ids.annotate(text_id=Cast("pk", CharField())).values("text_id")


def _member_ids(tenant, country_ids):
    return list(tenant.member_ids) if country_ids is None else [pk for pk in country_ids if pk in tenant.member_ids]


def _changes_of(kind, model, objects, labels, since, limit, describe) -> list[Change]:
    """Changes of `objects` (a queryset of `model`) from their audit entries; `describe(obj)` -> (title, path, country)."""
    entries = _entries(model, _as_text(objects), labels, since, limit)
    loaded = objects.in_bulk([int(entry.object_id) for entry in entries])
    changes = []
    for entry in entries:
        obj = loaded.get(int(entry.object_id))
        if obj is None:
            continue
        title, path, country = describe(obj)
        changes.append(Change(key=f"{kind}-{entry.pk}", label=str(labels[entry.action]),
                              title=title, path=path, country=country, at=entry.timestamp))
    return changes


def _contact_changes(tenant, country_ids, since, limit) -> list[Change]:
    # Archived contacts stay listed (their archiving is news); practitioners-only ones never are.
    contacts = Contact.objects.of_countries(_member_ids(tenant, country_ids)).filter(visibility=Visibility.PUBLIC)

    def describe(contact):
        if contact.status == "active":
            path = reverse("directory:contact", args=[contact.pk])
        else:  # an archived contact has no page any more: its country's directory does
            path = reverse("directory:list") + f"?country={contact.country.iso2}"
        return f"{contact.position_title} · {contact.organisation.name}", path, contact.country

    return _changes_of("contact", Contact, contacts.select_related("organisation", "country"), CONTACT_LABELS, since, limit, describe)


def _note_changes(tenant, country_ids, since, limit, request) -> list[Change]:
    measures = pages_in_tenant(Page.objects.live().public(), tenant).values("pk")
    notes = NationalNote.objects.filter(country__in=_member_ids(tenant, country_ids), measure__in=measures)

    def describe(note):
        return note.measure.title, f"{note.measure.get_url_parts(request)[2]}?country={note.country.iso2}", note.country

    return _changes_of("note", NationalNote, notes.select_related("country", "measure"), NOTE_LABELS, since, limit, describe)


def _page_changes(tenant, country_ids, since, limit, request) -> list[Change]:
    pages = pages_in_tenant(Page.objects.live().public(), tenant)
    if country_ids is not None:
        pages = CountryProfilePage.objects.filter(pk__in=pages.values("pk"), country__in=_member_ids(tenant, country_ids))
    entries = PageLogEntry.objects.filter(action=PUBLISH, page__in=pages.values("pk"))
    if since is not None:
        entries = entries.filter(timestamp__gt=since)
    entries = list(entries.order_by("-timestamp", "-pk")[:limit])
    loaded = Page.objects.specific().in_bulk([entry.page_id for entry in entries])
    countries = Country.objects.in_bulk(
        {page.country_id for page in loaded.values() if isinstance(page, CountryProfilePage)}
    )
    changes = []
    for entry in entries:
        page = loaded.get(entry.page_id)
        url_parts = page.get_url_parts(request) if page is not None else None
        if url_parts is None:
            continue
        country = countries.get(page.country_id) if isinstance(page, CountryProfilePage) else None
        changes.append(Change(
            key=f"page-{entry.pk}",
            label=str(PROFILE_LABEL if country is not None else PAGE_LABEL),
            title=page.title,
            path=url_parts[2],
            country=country,
            at=entry.timestamp,
        ))
    return changes
