"""The one column schema of the directory's spreadsheets: what a CSV/XLSX export writes and the importer reads.

Export and import share this module so that an exported file imports back unchanged: every
column is written and read by the functions below, never by two hand-kept copies.

Values are those of the portal's default language (English): a spreadsheet is a data
interchange format, and the default language is the one every translated field always has
(django-modeltranslation falls back to it).
"""
from __future__ import annotations

import datetime
from collections.abc import Iterable

import phonenumbers
import tablib
from django.conf import settings
from modeltranslation.utils import build_localized_fieldname

# Stable English identifiers: files written by other tools (and by older exports) rely on them.
COLUMNS: tuple[str, ...] = (
    "external_id",
    "country",
    "located_in",
    "role",
    "sops",
    "organisation",
    "organisation_type",
    "position_title",
    "person_name",
    "languages",
    "email",
    "alternative_email",
    "phone",
    "phone_label",
    "phone_24_7",
    "phone_2",
    "phone_2_label",
    "phone_2_24_7",
    "availability",
    "visibility",
    "last_verified_on",
)
LIST_SEPARATOR = ";"
YES, NO = "yes", "no"
DATE_FORMAT = "%Y-%m-%d"
# Phones beyond these columns are not in the spreadsheet; the importer leaves them untouched.
PHONE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("phone", "phone_label", "phone_24_7"),
    ("phone_2", "phone_2_label", "phone_2_24_7"),
)
# Free-text columns a spreadsheet program could take for a formula ("=HYPERLINK(...)"): an
# export prefixes such a value with an apostrophe (OWASP "CSV injection") and the importer
# removes it again, so the round trip is lossless.
TEXT_COLUMNS = frozenset(
    {"organisation", "position_title", "person_name", "phone_label", "phone_2_label", "availability"}
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A contact without an external ID is written with its portal id in this form, so that a
# contact created in the admin (perhaps with only a phone) still finds itself on re-import.
PORTAL_ID_PREFIX = "portal:"


def default_language_value(obj, field: str) -> str:
    """A translated field's value in the default language (the base column if that is empty)."""
    localized = build_localized_fieldname(field, settings.MODELTRANSLATION_DEFAULT_LANGUAGE)
    return getattr(obj, localized, None) or obj.__dict__.get(field) or ""


def escape_formula(value: str) -> str:
    # Counting apostrophes already there keeps the round trip lossless for "'=..." too.
    return f"'{value}" if value.lstrip("'").startswith(FORMULA_STARTS) else value


def unescape_formula(value: str) -> str:
    return value[1:] if value.startswith("'") and value.lstrip("'").startswith(FORMULA_STARTS) else value


def format_bool(value: bool) -> str:
    return YES if value else NO


def format_date(value: datetime.date | None) -> str:
    return value.strftime(DATE_FORMAT) if value else ""


def format_phone(number) -> str:
    """E.164, the one form every phone system and spreadsheet round trip agrees on."""
    if not number:
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def portal_id(contact) -> str:
    return f"{PORTAL_ID_PREFIX}{contact.pk}"


def contact_row(contact) -> dict[str, str]:
    """One contact as a row of the schema (expects organisation, countries, role, sops, languages, phones loaded)."""
    located_in = contact.located_in if contact.located_in_id and contact.located_in_id != contact.country_id else None
    row = {
        "external_id": contact.external_id or portal_id(contact),
        "country": contact.country.iso2,
        "located_in": located_in.iso2 if located_in else "",
        "role": contact.role.slug,
        "sops": LIST_SEPARATOR.join(str(number) for number in sorted(sop.number for sop in contact.sops.all())),
        "organisation": default_language_value(contact.organisation, "name"),
        "organisation_type": contact.organisation.organisation_type,
        "position_title": default_language_value(contact, "position_title"),
        "person_name": contact.person_name,
        "languages": LIST_SEPARATOR.join(sorted(language.code for language in contact.languages.all())),
        "email": contact.email,
        "alternative_email": contact.alternative_email,
        "availability": default_language_value(contact, "availability"),
        "visibility": contact.visibility,
        "last_verified_on": format_date(contact.last_verified_on),
    }
    phones = sorted(contact.phones.all(), key=lambda phone: (phone.sort_order or 0, phone.pk or 0))
    for index, (number_column, label_column, flag_column) in enumerate(PHONE_COLUMNS):
        phone = phones[index] if index < len(phones) else None
        row[number_column] = format_phone(phone.number) if phone else ""
        row[label_column] = phone.label if phone else ""
        row[flag_column] = format_bool(phone.is_24_7) if phone else ""
    return {column: escape_formula(row[column]) if column in TEXT_COLUMNS else row[column] for column in COLUMNS}


def contacts_dataset(contacts: Iterable) -> tablib.Dataset:
    """The contacts as a tablib Dataset with the schema's header, in the given order."""
    dataset = tablib.Dataset(headers=list(COLUMNS), title="contacts")
    for contact in contacts:
        row = contact_row(contact)
        dataset.append([row[column] for column in COLUMNS])
    return dataset
