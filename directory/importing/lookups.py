"""What the checker needs from the database, fetched for all rows at once (a few queries, not one per row)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models.functions import Lower

from directory import tabular
from directory.importing.reports import (
    LOOKUP_CHUNK,
    PORTAL_ID_PATTERN,
    PhoneValue,
)
from directory.models import SOP, ActorRole, Contact, ContactPhone, Language
from portal.tenancy.models import Country


@dataclass
class Lookups:
    countries: dict[str, Country]
    roles: dict[str, int]
    sops: dict[int, int]
    languages: dict[str, int]
    by_external_id: dict[str, Contact]
    by_pk: dict[int, Contact]
    by_email: dict[str, list[Contact]]
    # pk -> the matched contact's values in the normalised form of a checked row
    current: dict[int, dict] = field(default_factory=dict)


def chunks(values: list, size: int = LOOKUP_CHUNK) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def organisation_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def fetch_lookups(rows: list[tuple[int, dict[str, str]]]) -> Lookups:
    """Everything the rows refer to, in a few queries whatever the number of rows."""
    contacts = Contact.objects.select_related("organisation", "country")
    external_ids = sorted({row.get("external_id", "") for _number, row in rows} - {""})
    by_external_id: dict[str, Contact] = {}
    by_pk: dict[int, Contact] = {}
    for chunk in chunks(external_ids):
        for contact in contacts.filter(external_id__in=chunk):
            by_external_id[contact.external_id] = contact
            by_pk[contact.pk] = contact
    portal_pks = [
        int(match.group(1)) for value in external_ids
        if value not in by_external_id and (match := PORTAL_ID_PATTERN.match(value))
    ]
    for chunk in chunks(portal_pks):
        by_pk.update((contact.pk, contact) for contact in contacts.filter(pk__in=chunk))
    # E-mail only matters for rows their external ID did not match.
    emails = sorted({
        row.get("email", "").lower() for _number, row in rows
        if row.get("external_id", "") not in by_external_id and not PORTAL_ID_PATTERN.match(row.get("external_id", ""))
    } - {""})
    by_email: dict[str, list[Contact]] = {}
    for chunk in chunks(emails):
        for contact in contacts.annotate(email_lower=Lower("email")).filter(email_lower__in=chunk):
            contact = by_pk.setdefault(contact.pk, contact)
            by_email.setdefault(contact.email.lower(), []).append(contact)

    return Lookups(
        countries={country.iso2: country for country in Country.objects.all()},
        roles=dict(ActorRole.objects.values_list("slug", "pk")),
        sops=dict(SOP.objects.values_list("number", "pk")),
        languages=dict(Language.objects.values_list("code", "pk")),
        by_external_id=by_external_id,
        by_pk=by_pk,
        by_email=by_email,
        current=current_values_of(list(by_pk.values())),
    )


def current_values_of(contacts: list[Contact]) -> dict[int, dict]:
    """The contacts' values in the normalised form of a checked row, relations read as plain ids."""
    sops: dict[int, set[int]] = {contact.pk: set() for contact in contacts}
    languages: dict[int, set[int]] = {contact.pk: set() for contact in contacts}
    phones: dict[int, list[PhoneValue]] = {contact.pk: [] for contact in contacts}
    for chunk in chunks(list(sops)):
        for contact_id, sop_id in Contact.sops.through.objects.filter(contact_id__in=chunk).values_list("contact_id", "sop_id"):
            sops[contact_id].add(sop_id)
        for contact_id, language_id in Contact.languages.through.objects.filter(contact_id__in=chunk).values_list(
            "contact_id", "language_id"
        ):
            languages[contact_id].add(language_id)
        for contact_id, number, label, is_24_7 in (
            ContactPhone.objects.filter(contact_id__in=chunk).order_by("sort_order", "pk")
            .values_list("contact_id", "number", "label", "is_24_7")
        ):
            phones[contact_id].append(PhoneValue(tabular.format_phone(number), label, is_24_7) if number else None)
    return {
        contact.pk: current_values(contact, sop_ids=sops[contact.pk], language_ids=languages[contact.pk], phones=phones[contact.pk])
        for contact in contacts
    }


# --- checking one row -------------------------------------------------------------------


def current_values(contact: Contact, *, sop_ids: set[int], language_ids: set[int], phones: list) -> dict:
    """A contact in the normalised form rows are checked into, for comparison (phones: PhoneValue in order)."""
    values = {
        "external_id": contact.external_id or "",
        "country": contact.country_id,
        "located_in": contact.located_in_id if contact.located_in_id != contact.country_id else None,
        "role": contact.role_id,
        "sops": frozenset(sop_ids),
        "organisation": organisation_key(tabular.default_language_value(contact.organisation, "name")),
        "position_title": tabular.default_language_value(contact, "position_title"),
        "person_name": contact.person_name,
        "languages": frozenset(language_ids),
        "email": contact.email,
        "alternative_email": contact.alternative_email,
        "availability": tabular.default_language_value(contact, "availability"),
        "visibility": contact.visibility,
        "last_verified_on": contact.last_verified_on,
        # Phones beyond the file's columns still reach the contact (see _has_channel).
        "extra_phones": len(phones) > len(tabular.PHONE_COLUMNS),
    }
    for index, (number_column, _label, _flag) in enumerate(tabular.PHONE_COLUMNS):
        values[number_column] = phones[index] if index < len(phones) else None
    return values
