"""Import of contacts from CSV or XLSX: a preview that names every problem, then an atomic apply.

The file uses the schema of directory.tabular (the one an export writes). The preview writes
nothing: it parses and checks every row, matches it to an existing contact (by external ID,
else by e-mail) and says whether it would create, update or leave the contact unchanged.
The apply step writes the whole report in one transaction, and only if no row has a problem.

Semantics of a cell:
- a column missing from the file leaves that field of existing contacts as it is;
- an empty cell clears the field, except for external_id, organisation_type, visibility and
  last_verified_on, where empty means "keep" (a new contact then gets the default), so that a
  spreadsheet without verification dates cannot wipe them;
- phones beyond the file's two phone columns are kept.

Row numbers are those a spreadsheet program shows: the header is row 1, the first contact row 2.
"""
from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import PurePath

import phonenumbers
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import CharField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Cast, Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_countries import countries as country_names
from django_tasks import task
from modeltranslation.utils import build_localized_fieldname
from wagtail.log_actions import get_active_log_context
from wagtail.log_actions import registry as log_registry
from wagtail.models import ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends

from directory import tabular
from directory.caching import directory_changed
from directory.models import (
    SOP,
    ActorRole,
    Contact,
    ContactPhone,
    ContactStatus,
    Country,
    Language,
    Organisation,
    OrganisationType,
    Visibility,
)
from directory.permissions import user_can_edit_country

CREATE, UPDATE, UNCHANGED, REJECTED = "create", "update", "unchanged", "rejected"
REQUIRED_COLUMNS = ("country", "role", "organisation", "position_title")
# Values of phone_24_7 read as "yes"/"no"; anything else is reported.
TRUE_VALUES = frozenset({"yes", "y", "true", "1", "x"})
FALSE_VALUES = frozenset({"no", "n", "false", "0", ""})
NON_GEOGRAPHIC_REGION = "001"  # phonenumbers' region for +800, +883... (international services)
PORTAL_ID_PATTERN = re.compile(rf"^{re.escape(tabular.PORTAL_ID_PREFIX)}(\d+)$")
LOOKUP_CHUNK = 2000  # stays under every database's limit of query parameters
# Values of a checked row written to the contact's own columns (SOPs, languages and phones are
# written by their own steps; organisation_type only applies to new organisations).
CONTACT_FIELDS = (
    "external_id", "country", "located_in", "role", "organisation", "position_title", "person_name",
    "email", "alternative_email", "availability", "visibility", "last_verified_on",
)


class ImportFileError(ValueError):
    """The file cannot be read as a contact list at all (wrong type, encoding or header)."""


class ImportHasErrors(ValueError):
    """An import report with problems was asked to be applied: nothing was written."""


@dataclass(frozen=True)
class ImportProblem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if not self.row:
            return self.message
        if not self.column:
            return _("row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return _("row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row, "column": self.column, "message": self.message,
        }


@dataclass(frozen=True)
class PhoneValue:
    number: str  # E.164
    label: str
    is_24_7: bool


@dataclass
class ImportRow:
    """One data row: what it says (normalised), which contact it matches, what applying it would do."""

    number: int
    action: str = REJECTED
    values: dict = field(default_factory=dict)
    contact_id: int | None = None
    changes: tuple[str, ...] = ()
    problems: list[ImportProblem] = field(default_factory=list)
    # Display only: what the preview page shows for the row.
    label: str = ""


@dataclass
class ImportReport:
    filename: str
    rows: list[ImportRow] = field(default_factory=list)
    file_problems: list[ImportProblem] = field(default_factory=list)

    @property
    def problems(self) -> list[ImportProblem]:
        return self.file_problems + [problem for row in self.rows for problem in row.problems]

    @property
    def has_errors(self) -> bool:
        return bool(self.file_problems) or any(row.problems for row in self.rows)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {action: self.count(action) for action in (CREATE, UPDATE, UNCHANGED, REJECTED)}


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    rejected: int


# --- reading the file -------------------------------------------------------------------

def _cell_text(value) -> str:
    """A spreadsheet cell as text: numbers without ".0", dates as YYYY-MM-DD, surrounding spaces removed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return tabular.format_bool(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().strftime(tabular.DATE_FORMAT) if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.strftime(tabular.DATE_FORMAT)
    return str(value).strip()


def _csv_records(content: bytes) -> Iterable[tuple[int, list]]:
    try:
        # utf-8-sig: our exports (and Excel's "CSV UTF-8") start with a byte-order mark.
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _("The file is not UTF-8 text. In Excel, save it as “CSV UTF-8 (comma delimited)”.")
        ) from error
    first_line = text.split("\n", 1)[0]
    # Excel writes ";" instead of "," where the decimal separator is a comma (most of Europe).
    # The header holds no such characters itself, so the most frequent one is the delimiter.
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter)
    return ((number, record) for number, record in enumerate(reader, start=1))


def _xlsx_records(content: bytes) -> Iterable[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from error
    sheet = workbook.active
    return ((number, list(record)) for number, record in enumerate(sheet.iter_rows(values_only=True), start=1))


def read_rows(*, content: bytes, filename: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """(columns, [(row number, {column: text})]) of a CSV or XLSX file; ImportFileError if unreadable."""
    extension = PurePath(filename or "").suffix.lower()
    if extension == ".csv":
        records = _csv_records(content)
    elif extension == ".xlsx":
        records = _xlsx_records(content)
    else:
        raise ImportFileError(
            _("Unsupported file type “%(extension)s”: upload a .csv or .xlsx file.") % {"extension": extension or filename}
        )
    header: list[str] | None = None
    rows = []
    for number, record in records:
        cells = [_cell_text(value) for value in record]
        if header is None:
            if not any(cells):
                continue
            header = [cell.lower() for cell in cells]
            continue
        if not any(cells):
            continue
        rows.append((number, {column: cells[index] if index < len(cells) else "" for index, column in enumerate(header) if column}))
    if header is None:
        raise ImportFileError(_("The file is empty."))
    return [column for column in header if column], rows


# --- the reference data, looked up once per file ----------------------------------------

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


def _chunks(values: list, size: int = LOOKUP_CHUNK) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _organisation_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _lookups(rows: list[tuple[int, dict[str, str]]]) -> Lookups:
    """Everything the rows refer to, in a few queries whatever the number of rows."""
    contacts = Contact.objects.select_related("organisation", "country")
    external_ids = sorted({row.get("external_id", "") for _number, row in rows} - {""})
    by_external_id: dict[str, Contact] = {}
    by_pk: dict[int, Contact] = {}
    for chunk in _chunks(external_ids):
        for contact in contacts.filter(external_id__in=chunk):
            by_external_id[contact.external_id] = contact
            by_pk[contact.pk] = contact
    portal_pks = [
        int(match.group(1)) for value in external_ids
        if value not in by_external_id and (match := PORTAL_ID_PATTERN.match(value))
    ]
    for chunk in _chunks(portal_pks):
        by_pk.update((contact.pk, contact) for contact in contacts.filter(pk__in=chunk))
    # E-mail only matters for rows their external ID did not match.
    emails = sorted({
        row.get("email", "").lower() for _number, row in rows
        if row.get("external_id", "") not in by_external_id and not PORTAL_ID_PATTERN.match(row.get("external_id", ""))
    } - {""})
    by_email: dict[str, list[Contact]] = {}
    for chunk in _chunks(emails):
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
        current=_current_values(list(by_pk.values())),
    )


def _current_values(contacts: list[Contact]) -> dict[int, dict]:
    """The contacts' values in the normalised form of a checked row, relations read as plain ids."""
    sops: dict[int, set[int]] = {contact.pk: set() for contact in contacts}
    languages: dict[int, set[int]] = {contact.pk: set() for contact in contacts}
    phones: dict[int, list[PhoneValue]] = {contact.pk: [] for contact in contacts}
    for chunk in _chunks(list(sops)):
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

class _RowChecker:
    """Parses one row into normalised values, collecting a problem per bad cell."""

    def __init__(self, *, number: int, row: dict[str, str], lookups: Lookups, user):
        self.number = number
        self.row = row
        self.lookups = lookups
        self.user = user
        self.problems: list[ImportProblem] = []
        self.values: dict = {}
        # A phone cell that is filled in but invalid is reported as such, not as "no channel".
        self.phone_given = False

    def problem(self, column: str, message: str) -> None:
        self.problems.append(ImportProblem(self.number, column, message))

    def text(self, column: str) -> str:
        value = self.row.get(column, "")
        return tabular.unescape_formula(value) if column in tabular.TEXT_COLUMNS else value

    def has(self, column: str) -> bool:
        return column in self.row

    def check(self) -> dict:
        country = self._country("country", required=True)
        located_in = self._country("located_in") if self.has("located_in") else None
        if country is not None:
            self.values["country"] = country.pk
            if not user_can_edit_country(self.user, country.pk):
                self.problem("country", _("You may not import contacts of %(country)s: it is not one of your countries.")
                             % {"country": country.name})
        if self.has("located_in"):
            self.values["located_in"] = located_in.pk if located_in and located_in != country else None

        slug = self.text("role")
        if not slug:
            self.problem("role", _("The role is required."))
        elif slug not in self.lookups.roles:
            self.problem("role", _("Unknown role “%(slug)s”.") % {"slug": slug})
        else:
            self.values["role"] = self.lookups.roles[slug]

        if self.has("sops"):
            self.values["sops"] = self._sops()
        organisation = self.text("organisation")
        if not organisation:
            self.problem("organisation", _("The organisation is required."))
        else:
            self.values["organisation"] = organisation
        if self.text("organisation_type"):
            if self.text("organisation_type") not in OrganisationType.values:
                self.problem("organisation_type", _("Unknown organisation type “%(value)s”: use one of %(values)s.")
                             % {"value": self.text("organisation_type"), "values": ", ".join(OrganisationType.values)})
            else:
                self.values["organisation_type"] = self.text("organisation_type")
        if not self.text("position_title"):
            self.problem("position_title", _("The position or function is required."))
        else:
            self.values["position_title"] = self.text("position_title")
        for column in ("person_name", "availability"):
            if self.has(column):
                self.values[column] = self.text(column)
        if self.has("languages"):
            self.values["languages"] = self._languages()
        for column in ("email", "alternative_email"):
            if self.has(column):
                self.values[column] = self._email(column)
        self._phones(country, located_in)
        visibility = self.text("visibility")
        if visibility:
            if visibility not in Visibility.values:
                self.problem("visibility", _("Unknown visibility “%(value)s”: use “public” or “practitioners”.")
                             % {"value": visibility})
            else:
                self.values["visibility"] = visibility
        if self.text("last_verified_on"):
            self._date()
        if self.text("external_id"):
            self.values["external_id"] = self.text("external_id")
        return self.values

    def _country(self, column: str, *, required: bool = False) -> Country | None:
        code = self.text(column).upper()
        if not code:
            if required:
                self.problem(column, _("The country is required (a two-letter ISO code such as LT)."))
            return None
        country = self.lookups.countries.get(code)
        if country is None:
            self.problem(column, _("Unknown country “%(code)s”: use a two-letter ISO code such as LT (Kosovo: XK).")
                         % {"code": code})
        return country

    def _split(self, column: str) -> list[str]:
        return [part.strip() for part in re.split(r"[;,]", self.text(column)) if part.strip()]

    def _sops(self) -> frozenset[int]:
        ids = set()
        for part in self._split("sops"):
            number = int(part) if part.isdigit() else None
            if number not in self.lookups.sops:
                self.problem("sops", _("The SOP must be a number from 1 to 5, not “%(value)s”.") % {"value": part})
            else:
                ids.add(self.lookups.sops[number])
        return frozenset(ids)

    def _languages(self) -> frozenset[int]:
        ids = set()
        for part in self._split("languages"):
            code = part.lower()
            if code not in self.lookups.languages:
                self.problem("languages", _("Unknown language “%(code)s”: use two-letter ISO 639-1 codes such as “ru”.")
                             % {"code": part})
            else:
                ids.add(self.lookups.languages[code])
        return frozenset(ids)

    def _email(self, column: str) -> str:
        address = self.text(column)
        if address:
            try:
                validate_email(address)
            except ValidationError:
                self.problem(column, _("“%(value)s” is not a valid e-mail address.") % {"value": address})
        return address

    def _phones(self, country: Country | None, located_in: Country | None) -> None:
        regions = {country.iso2 for country in (country, located_in) if country is not None}
        for number_column, label_column, flag_column in tabular.PHONE_COLUMNS:
            if not self.has(number_column):
                continue
            raw = self.text(number_column)
            self.phone_given = self.phone_given or bool(raw)
            flag = self.text(flag_column).lower()
            if flag not in TRUE_VALUES | FALSE_VALUES:
                self.problem(flag_column, _("Write “yes” or “no”, not “%(value)s”.") % {"value": self.text(flag_column)})
            if not raw:
                if self.text(label_column) or flag in TRUE_VALUES:
                    self.problem(number_column, _("A label or 24/7 flag is given but no number."))
                self.values[number_column] = None
                continue
            if country is None:
                continue  # the country's own problem is reported; a number cannot be checked without it
            try:
                parsed = phonenumbers.parse(raw, country.iso2)
            except phonenumbers.NumberParseException:
                parsed = None
            if parsed is None or not phonenumbers.is_valid_number(parsed):
                self.problem(number_column, _("“%(value)s” is not a valid phone number for %(country)s; write it in "
                                              "international form, e.g. %(example)s.")
                             % {"value": raw, "country": country.name, "example": _example_number(country.iso2)})
                continue
            region = phonenumbers.region_code_for_number(parsed)
            if region not in regions and region != NON_GEOGRAPHIC_REGION:
                self.problem(number_column, _("“%(value)s” is a number of %(region)s, not of %(country)s.")
                             % {"value": raw, "region": country_names.name(region) or region, "country": country.name})
                continue
            self.values[number_column] = PhoneValue(
                number=phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164),
                label=self.text(label_column),
                is_24_7=flag in TRUE_VALUES,
            )

    def _date(self) -> None:
        value = self.text("last_verified_on")
        try:
            day = datetime.datetime.strptime(value, tabular.DATE_FORMAT).date()
        except ValueError:
            self.problem("last_verified_on", _("“%(value)s” is not a date in the form YYYY-MM-DD.") % {"value": value})
            return
        if day > timezone.localdate():
            self.problem("last_verified_on", _("The date %(value)s is in the future.") % {"value": value})
            return
        self.values["last_verified_on"] = day


def _example_number(region: str) -> str:
    """libphonenumber's example number of the region, in international form (for error messages)."""
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.FIXED_LINE)
    return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.INTERNATIONAL) if example else "+…"


def current_values(contact: Contact, *, sop_ids: set[int], language_ids: set[int], phones: list) -> dict:
    """A contact in the normalised form rows are checked into, for comparison (phones: PhoneValue in order)."""
    values = {
        "external_id": contact.external_id or "",
        "country": contact.country_id,
        "located_in": contact.located_in_id if contact.located_in_id != contact.country_id else None,
        "role": contact.role_id,
        "sops": frozenset(sop_ids),
        "organisation": _organisation_key(tabular.default_language_value(contact.organisation, "name")),
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


def _comparable(values: dict) -> dict:
    comparable = dict(values)
    if "organisation" in comparable:
        comparable["organisation"] = _organisation_key(comparable["organisation"])
    comparable.pop("organisation_type", None)
    return comparable


def _match(checker: _RowChecker, lookups: Lookups) -> Contact | None:
    """The existing contact a row is about: by external ID, else by portal id, else by e-mail."""
    external_id = checker.values.get("external_id", "")
    if external_id:
        if external_id in lookups.by_external_id:
            return lookups.by_external_id[external_id]
        if match := PORTAL_ID_PATTERN.match(external_id):
            # An export's stand-in for a contact without external ID: not an ID to store.
            del checker.values["external_id"]
            contact = lookups.by_pk.get(int(match.group(1)))
            if contact is None or contact.external_id:
                checker.problem("external_id", _("There is no contact “%(value)s” in this portal.") % {"value": external_id})
                return None
            if contact.country_id != checker.values.get("country"):
                checker.problem("external_id", _("“%(value)s” is a contact of %(country)s: change its country in the "
                                                 "admin, not by import.")
                                % {"value": external_id, "country": contact.country.name})
                return None
            return contact
    email = checker.values.get("email", "").lower()
    candidates = lookups.by_email.get(email, []) if email else []
    if len(candidates) > 1:
        checker.problem("email", _("%(count)s contacts have this e-mail address: give the external_id of the one to "
                                   "update.") % {"count": len(candidates)})
        return None
    if candidates:
        contact = candidates[0]
        if external_id and contact.external_id:
            checker.problem("external_id", _("This e-mail address belongs to the contact with external ID “%(other)s”, "
                                             "not “%(value)s”.") % {"other": contact.external_id, "value": external_id})
            return None
        return contact
    return None


def _has_channel(values: dict, current: dict | None) -> bool:
    """At least one phone or e-mail once the row is applied (phones beyond the file's columns count)."""
    state = {**(current or {}), **values}
    return bool(
        state.get("email") or state.get("alternative_email") or state.get("extra_phones")
        or any(state.get(number_column) for number_column, _label, _flag in tabular.PHONE_COLUMNS)
    )


def contact_import_preview(*, file_obj, filename: str, user, progress: Callable[[int], None] | None = None) -> ImportReport:
    """Check every row of a CSV/XLSX file and say what applying it would do; writes nothing.

    A file that cannot be read at all gives a report with one file problem (never an exception),
    so the admin and the command show it like any other problem.
    """
    content = file_obj.read() if hasattr(file_obj, "read") else file_obj
    report = ImportReport(filename=filename)
    try:
        columns, rows = read_rows(content=content, filename=filename)
    except ImportFileError as error:
        report.file_problems.append(ImportProblem(0, "", str(error)))
        return report
    unknown = [column for column in columns if column not in tabular.COLUMNS]
    for column in unknown:
        report.file_problems.append(ImportProblem(1, column, _("Unknown column: the columns are %(columns)s.")
                                                  % {"columns": ", ".join(tabular.COLUMNS)}))
    for column in REQUIRED_COLUMNS:
        if column not in columns:
            report.file_problems.append(ImportProblem(1, column, _("This column is missing.")))
    if report.file_problems:
        return report

    lookups = _lookups(rows)
    seen_contacts: dict[int, int] = {}
    seen_external_ids: dict[str, int] = {}
    for number, row in rows:
        checker = _RowChecker(number=number, row=row, lookups=lookups, user=user)
        values = checker.check()
        contact = _match(checker, lookups)
        result = ImportRow(number=number, values=values, label=values.get("position_title", ""))
        if contact is not None:
            result.contact_id = contact.pk
            if contact.pk in seen_contacts:
                checker.problem("external_id" if values.get("external_id") else "email",
                                _("Row %(row)s already changes this contact.") % {"row": seen_contacts[contact.pk]})
            seen_contacts.setdefault(contact.pk, number)
            if not user_can_edit_country(user, contact.country_id):
                checker.problem("country", _("This row matches a contact of %(country)s, which is not one of your "
                                             "countries.") % {"country": contact.country.name})
        external_id = values.get("external_id")
        if external_id and contact is None:
            if external_id in seen_external_ids:
                checker.problem("external_id", _("Row %(row)s has the same external ID.")
                                % {"row": seen_external_ids[external_id]})
            seen_external_ids.setdefault(external_id, number)
        current = lookups.current[contact.pk] if contact is not None else None
        if not checker.phone_given and not _has_channel(values, current):
            checker.problem("email", _("Give at least one phone number or e-mail address."))
        result.problems = checker.problems
        if result.problems:
            result.action = REJECTED
        elif contact is None:
            result.action = CREATE
        else:
            result.changes = tuple(key for key, value in _comparable(values).items() if current.get(key) != value)
            result.action = UPDATE if result.changes else UNCHANGED
        report.rows.append(result)
        if progress is not None:
            progress(1)
    return report


# --- applying ---------------------------------------------------------------------------
#
# The rows are written in bulk (a few queries per thousand rows), not through one save() per
# contact: a save fires post_save handlers that each index the one contact (Wagtail's database
# search backend then recomputes its title norms over the whole index) and rebuild its
# reference index, twice with the revision's own save. That costs ~40 ms per row, far from the
# issue's 10,000 rows in 30 s. What those handlers do is done once for the whole import instead:
# one revision and one audit entry per written contact, and, after commit, the search and
# reference indexes (index_imported_objects).

BATCH_SIZE = 500


class _BulkWriter:
    """Writes the CREATE and UPDATE rows of a checked report inside the caller's transaction.

    Each written contact is kept in memory as it now is (fields, organisation, SOPs,
    languages, phones), so that its revision is serialised without reading it back.
    """

    def __init__(self, *, user):
        # The command without --user acts as an administrator with no account: history then
        # records the change without a user (Wagtail shows "system").
        self.user = user if getattr(user, "pk", None) else None
        self.now = timezone.now()
        self.new_organisation_ids: list[int] = []
        self.sops = SOP.objects.in_bulk()
        self.languages = Language.objects.in_bulk()

    def write(self, rows: list[ImportRow], progress: Callable[[int], None] | None) -> list[int]:
        existing = self._locked_contacts([row.contact_id for row in rows if row.action == UPDATE])
        organisations = self._organisations(rows)
        created: list[tuple[ImportRow, Contact]] = []
        updated: list[tuple[ImportRow, Contact]] = []
        updated_fields: set[str] = set()
        for row in rows:
            if row.action == CREATE:
                contact = Contact(status=ContactStatus.ACTIVE, visibility=Visibility.PUBLIC)
                keys = [key for key in row.values if key in CONTACT_FIELDS]
                created.append((row, contact))
            else:
                contact = existing[row.contact_id]
                keys = list(row.changes)
                updated.append((row, contact))
            updated_fields |= self._set_fields(contact, row.values, keys, organisations)

        Contact.objects.bulk_create([contact for _row, contact in created], batch_size=BATCH_SIZE)
        if updated:
            for _row, contact in updated:
                contact.updated_at = self.now
            # rewrite(False): write the base and the default-language columns by their own names.
            Contact.objects.rewrite(False).bulk_update(
                [contact for _row, contact in updated], sorted(updated_fields | {"updated_at"}), batch_size=BATCH_SIZE
            )
        written = created + updated
        self._write_relations(written, relation="sops", through_field="sop_id", objects=self.sops)
        self._write_relations(written, relation="languages", through_field="language_id", objects=self.languages)
        self._write_phones(written)
        self._revisions_and_log(written, progress)
        return [contact.pk for _row, contact in written]

    def _set_fields(self, contact: Contact, values: dict, keys: list[str], organisations: dict) -> set[str]:
        """Set the row's values on the contact; the names of the model columns touched."""
        fields = set()
        for key in keys:
            value = values[key]
            if key in ("country", "located_in", "role"):
                setattr(contact, f"{key}_id", value)
                fields.add(key)
            elif key == "organisation":
                contact.organisation = organisations[(_organisation_key(value), values["country"])]
                fields.add("organisation")
            elif key == "last_verified_on":
                contact.last_verified_on = value
                contact.last_verified_by = self.user
                fields |= {"last_verified_on", "last_verified_by"}
            elif key in ("position_title", "availability"):
                setattr(contact, key, value)  # under the default language: the base and the default-language field
                fields |= {key, build_localized_fieldname(key, settings.MODELTRANSLATION_DEFAULT_LANGUAGE)}
            elif key in ("external_id", "person_name", "email", "alternative_email", "visibility"):
                setattr(contact, key, value)
                fields.add(key)
        return fields

    def _locked_contacts(self, ids: list[int]) -> dict[int, Contact]:
        contacts: dict[int, Contact] = {}
        for chunk in _chunks(ids):
            queryset = (
                Contact.objects.select_for_update(of=("self",))
                .select_related("organisation")
                .prefetch_related("sops", "languages", Prefetch("phones", queryset=ContactPhone.objects.order_by("sort_order", "pk")))
            )
            contacts.update((contact.pk, contact) for contact in queryset.filter(pk__in=chunk))
        if set(ids) - set(contacts):
            raise ImportHasErrors(_("Contacts were deleted since the preview was made: check the file again."))
        return contacts

    def _organisations(self, rows: list[ImportRow]) -> dict[tuple[str, int], Organisation]:
        """(name key, country id) -> organisation for every organisation the rows name, creating the missing ones."""
        wanted: dict[tuple[str, int], tuple[str, str]] = {}
        for row in rows:
            if row.action == CREATE or "organisation" in row.changes:
                key = (_organisation_key(row.values["organisation"]), row.values["country"])
                wanted.setdefault(key, (row.values["organisation"], row.values.get("organisation_type", "")))
        ids = _organisations({country_id for _name, country_id in wanted})
        found = Organisation.objects.in_bulk([ids[key] for key in wanted if key in ids])
        organisations = {key: found[ids[key]] for key in wanted if key in ids}
        missing = []
        for key, (name, organisation_type) in wanted.items():
            if key not in organisations:
                organisation = Organisation(
                    country_id=key[1], organisation_type=organisation_type or OrganisationType.GOVERNMENTAL
                )
                organisation.name = name  # under the default language: the base and the default-language field
                missing.append(organisation)
                organisations[key] = organisation
        Organisation.objects.bulk_create(missing, batch_size=BATCH_SIZE)
        self.new_organisation_ids = [organisation.pk for organisation in missing]
        self._log([(organisation, "wagtail.create", None) for organisation in missing])
        return organisations

    def _write_relations(self, written: list[tuple[ImportRow, Contact]], *, relation: str, through_field: str,
                         objects: dict) -> None:
        """Replace the SOPs or languages of the contacts whose row sets them."""
        through = getattr(Contact, relation).through
        targets: dict[int, list[int]] = {}
        for row, contact in written:
            if relation in row.values and (row.action == CREATE or relation in row.changes):
                targets[contact.pk] = sorted(row.values[relation])
                # In memory only (modelcluster keeps objects assigned to a parental relation
                # until save(), which never comes): what the revision serialises.
                setattr(contact, relation, [objects[pk] for pk in targets[contact.pk]])
            elif row.action == CREATE:
                setattr(contact, relation, [])
        for chunk in _chunks([row.contact_id for row, _contact in written if row.contact_id in targets]):
            through.objects.filter(contact_id__in=chunk).delete()
        through.objects.bulk_create(
            [through(contact_id=pk, **{through_field: target}) for pk, ids in targets.items() for target in ids],
            batch_size=BATCH_SIZE,
        )

    def _write_phones(self, written: list[tuple[ImportRow, Contact]]) -> None:
        """Phones of the file's phone columns: changed in place, added or removed; phones beyond them kept."""
        slots = [number for number, _label, _flag in tabular.PHONE_COLUMNS]
        to_create, to_update, to_delete = [], [], []
        for row, contact in written:
            keys = [key for key in slots if key in row.values and (row.action == CREATE or key in row.changes)]
            if not keys:
                if row.action == CREATE:
                    contact.phones = []  # in memory: the revision needs no query to know there are none
                continue
            phones = list(contact.phones.all()) if row.action == UPDATE else []
            phones += [None] * (len(slots) - len(phones))
            for key in keys:
                slot = slots.index(key)
                phone, value = phones[slot], row.values[key]
                if value is None:
                    if phone is not None:
                        to_delete.append(phone.pk)
                    phones[slot] = None
                    continue
                if phone is None:
                    phone = phones[slot] = ContactPhone(contact_id=contact.pk, sort_order=slot)
                    to_create.append(phone)
                else:
                    to_update.append(phone)
                phone.number, phone.label, phone.is_24_7 = value.number, value.label, value.is_24_7
            contact.phones = [phone for phone in phones if phone is not None]  # in memory, for the revision
        ContactPhone.objects.filter(pk__in=to_delete).delete()
        ContactPhone.objects.bulk_update(to_update, ["number", "label", "is_24_7"], batch_size=BATCH_SIZE)
        ContactPhone.objects.bulk_create(to_create, batch_size=BATCH_SIZE)

    def _revisions_and_log(self, written: list[tuple[ImportRow, Contact]], progress: Callable[[int], None] | None) -> None:
        """A revision (the contact as written) and an audit entry per contact, as save_revision() and log() make them."""
        for batch in _chunks(written, BATCH_SIZE):
            revisions = [
                Revision(
                    content_type=contact.get_content_type(),
                    base_content_type=contact.get_base_content_type(),
                    object_id=str(contact.pk),
                    user=self.user,
                    created_at=self.now,
                    content=contact.serializable_data(),
                    object_str=str(contact),
                )
                for _row, contact in batch
            ]
            Revision.objects.bulk_create(revisions)
            # One UPDATE with a subquery: bulk_update would build a CASE branch per contact.
            newest = Revision.objects.filter(
                base_content_type=Contact.get_base_content_type(), object_id=Cast(OuterRef("pk"), CharField())
            ).order_by("-created_at", "-pk").values("pk")[:1]
            Contact.objects.filter(pk__in=[contact.pk for _row, contact in batch]).update(latest_revision=Subquery(newest))
            self._log([
                (contact, "wagtail.create" if row.action == CREATE else "wagtail.edit", revision)
                for (row, contact), revision in zip(batch, revisions, strict=True)
            ])
            if progress is not None:
                progress(len(batch))

    def _log(self, entries: list[tuple[object, str, Revision | None]]) -> None:
        """The audit entries wagtail.log_actions.log() would write, in one insert per batch.

        log() saves each entry with a full_clean() (three existence queries) and an insert: a
        third of the import's time. The entries are the same: model, label, user, the request's
        log context (its shared uuid), the action, the revision and content_changed.
        """
        if not entries:
            return
        context = get_active_log_context()
        log_model = log_registry.get_log_model_for_instance(entries[0][0])
        if log_model is None:
            return
        content_type = ContentType.objects.get_for_model(entries[0][0], for_concrete_model=False)
        log_model.objects.bulk_create([
            log_model(
                content_type=content_type,
                object_id=str(instance.pk),
                label=str(instance),
                action=action,
                timestamp=self.now,
                data={},
                user=self.user or context.user,
                uuid=context.uuid,
                revision=revision,
                content_changed=True,
            )
            for instance, action, revision in entries
        ], batch_size=BATCH_SIZE)


@task()
def index_imported_objects(contact_ids: list[int], organisation_ids: list[int]) -> None:
    """What the skipped post_save handlers do, once for a whole import: the search and reference indexes.

    Enqueued when the import commits. With a queue backend a worker runs it; with the default
    immediate backend it runs at once, and a failure (Elasticsearch down) is logged by
    django-tasks without undoing the committed import.
    """
    for model, ids in ((Contact, contact_ids), (Organisation, organisation_ids)):
        for chunk in _chunks(ids, INDEX_CHUNK):
            with transaction.atomic():
                objects = list(model.objects.select_related(*_INDEX_RELATED[model]).filter(pk__in=chunk))
                for backend in get_search_backends(with_auto_update=True):
                    backend.add_bulk(model, objects)
                for obj in objects:
                    ReferenceIndex.create_or_update_for_object(obj)


_INDEX_RELATED = {Contact: ("organisation", "role"), Organisation: ()}
INDEX_CHUNK = 2000


def contact_import_apply(*, report: ImportReport, user, progress: Callable[[int], None] | None = None) -> ImportResult:
    """Write a checked report in one transaction; ImportHasErrors (and nothing written) if any row has a problem.

    The report should be fresh (the admin re-checks the stored file right before applying):
    rows are written as the preview decided them.
    """
    if report.has_errors:
        raise ImportHasErrors(
            _("The import has %(count)s problems: nothing was written.") % {"count": len(report.problems)}
        )
    rows = [row for row in report.rows if row.action in (CREATE, UPDATE)]
    with transaction.atomic(), translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        writer = _BulkWriter(user=user)
        contact_ids = writer.write(rows, progress)
        transaction.on_commit(partial(
            index_imported_objects.enqueue, contact_ids=contact_ids, organisation_ids=writer.new_organisation_ids
        ))
        transaction.on_commit(directory_changed)  # bulk writes send no model signals
    return ImportResult(
        created=report.count(CREATE),
        updated=report.count(UPDATE),
        unchanged=report.count(UNCHANGED),
        rejected=report.count(REJECTED),
    )


def _organisations(country_ids: set[int]) -> dict[tuple[str, int], int]:
    """(name key, country id) -> organisation id, by the name in the default language (as the file has it)."""
    name_field = build_localized_fieldname("name", settings.MODELTRANSLATION_DEFAULT_LANGUAGE)
    organisations: dict[tuple[str, int], int] = {}
    for organisation in Organisation.objects.filter(country__in=country_ids).order_by("pk").values(
        "pk", "country_id", "name", name_field
    ):
        name = organisation[name_field] or organisation["name"]
        organisations.setdefault((_organisation_key(name), organisation["country_id"]), organisation["pk"])
    return organisations
