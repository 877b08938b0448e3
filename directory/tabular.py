"""The one column schema of the directory's spreadsheets: what a CSV/XLSX export writes and the importer reads.

Export and import share this module so that an exported file imports back unchanged: every
column is written and read by the functions below, never by two hand-kept copies.

Values are those of the portal's default language (English): a spreadsheet is a data
interchange format, and the default language is the one every translated field always has
(django-modeltranslation falls back to it).
"""
from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterable

import phonenumbers
import tablib
from django.conf import settings
from modeltranslation.utils import build_localized_fieldname

from directory.validation import FORMULA_STARTS, strip_control_characters

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
# Written by the exports for the reader, ignored by the importer: facts the portal works out
# (whether the contact is overdue for review, by the exporting portal's review interval).
INFORMATIONAL_COLUMNS: tuple[str, ...] = ("overdue",)
EXPORT_COLUMNS: tuple[str, ...] = COLUMNS + INFORMATIONAL_COLUMNS
LIST_SEPARATOR = ";"
YES, NO = "yes", "no"
DATE_FORMAT = "%Y-%m-%d"
# Phones beyond these columns are not in the spreadsheet; the importer leaves them untouched.
PHONE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("phone", "phone_label", "phone_24_7"),
    ("phone_2", "phone_2_label", "phone_2_24_7"),
)
# A phone as the exports write it: E.164, a plus and up to fifteen digits (ITU-T E.164).
E164_PATTERN = re.compile(r"\+[1-9][0-9]{1,14}")
XLSX_MAX_COLUMN_WIDTH = 60
# A contact without an external ID is written with its portal id in this form, so that a
# contact created in the admin (perhaps with only a phone) still finds itself on re-import.
PORTAL_ID_PREFIX = "portal:"


def default_language_value(obj, field: str) -> str:
    """A translated field's value in the default language (the base column if that is empty)."""
    localized = build_localized_fieldname(field, settings.MODELTRANSLATION_DEFAULT_LANGUAGE)
    return getattr(obj, localized, None) or obj.__dict__.get(field) or ""


def escape_formula(value: str) -> str:
    """Prefix a value a spreadsheet would run as a formula with an apostrophe (OWASP, "CSV Injection").

    Counting apostrophes already there keeps the round trip lossless for "'=..." too.
    """
    return f"'{value}" if value.lstrip("'").startswith(FORMULA_STARTS) else value


def unescape_formula(value: str) -> str:
    """What escape_formula() wrote, back to the value: the importer reads every cell through this."""
    return value[1:] if value.startswith("'") and value.lstrip("'").startswith(FORMULA_STARTS) else value


def spreadsheet_cell(value) -> str:
    """The one way every CSV and XLSX export writes a cell: safe to open in any spreadsheet program.

    Control characters are dropped: they are refused at input (directory.validation), but
    older data may hold one, and a single one makes openpyxl refuse the whole workbook.
    Then a value a spreadsheet would run as a formula gets an apostrophe in front; the
    importer removes it again (unescape_formula).

    Phones are the one exception, deliberately: the exports write them as E.164, generated
    by the phonenumbers library, never typed. "+" followed by digits only cannot call a
    function, reference a cell or start a DDE command; the worst a spreadsheet does with
    it is read it as a number. An apostrophe in front would, on the other hand, stay visible
    in a CSV opened in Excel and break every click-to-dial and the re-import of the number.
    """
    text = strip_control_characters("" if value is None else str(value))
    if E164_PATTERN.fullmatch(text):
        return text
    return escape_formula(text)


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
    return {column: row[column] for column in COLUMNS}


def contacts_dataset(contacts: Iterable) -> tablib.Dataset:
    """The contacts as a tablib Dataset with the export's header, in the given order, every cell spreadsheet-safe.

    The contacts carry `is_overdue` (directory.selectors.shown_contacts), written in the
    informational column "overdue".
    """
    dataset = tablib.Dataset(headers=list(EXPORT_COLUMNS), title="contacts")
    for contact in contacts:
        row = contact_row(contact)
        row["overdue"] = format_bool(contact.is_overdue)
        dataset.append([spreadsheet_cell(row[column]) for column in EXPORT_COLUMNS])
    return dataset


def without_informational_columns(columns: list[str], rows: list) -> tuple[list[str], list]:
    """A file's columns and (number, row) pairs without the informational columns an export adds."""
    kept = [column for column in columns if column not in INFORMATIONAL_COLUMNS]
    return kept, [
        (number, {column: value for column, value in row.items() if column not in INFORMATIONAL_COLUMNS})
        for number, row in rows
    ]


def dataset_xlsx(dataset: tablib.Dataset) -> bytes:
    """A Dataset of spreadsheet_cell() values as an XLSX workbook in which every cell is text.

    Written with openpyxl directly rather than through tablib: openpyxl stores any string
    that starts with "=" as a formula unless the cell is told it holds text, and tablib's
    own escaping deletes the "=" instead, which would change the data.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=dataset.title or "contacts")
    sheet.freeze_panes = "A2"
    for index, header in enumerate(dataset.headers, start=1):
        width = max([len(header), *(len(row[index - 1]) for row in dataset)])
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, XLSX_MAX_COLUMN_WIDTH)

    bold = Font(bold=True)

    def text_cells(values, font=None):
        for value in values:
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # text, never a formula, whatever the value starts with
            if font is not None:
                cell.font = font
            yield cell

    sheet.append(list(text_cells(dataset.headers, bold)))
    for row in dataset:
        sheet.append(list(text_cells(row)))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
