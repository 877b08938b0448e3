"""The preview: every row checked, matched to an existing contact and given a decision; nothing written."""
from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries as country_names

from directory import tabular
from directory.importing.lookups import (
    Lookups,
    fetch_lookups,
    organisation_key,
)
from directory.importing.reading import read_rows
from directory.importing.reports import (
    CREATE,
    FALSE_VALUES,
    NON_GEOGRAPHIC_REGION,
    PORTAL_ID_PATTERN,
    REJECTED,
    REQUIRED_COLUMNS,
    TRUE_VALUES,
    UNCHANGED,
    UPDATE,
    ImportFileError,
    ImportProblem,
    ImportReport,
    ImportRow,
    PhoneValue,
)
from directory.models import Contact, ContactPhone, Organisation, OrganisationType, Visibility
from directory.validation import validate_max_length, validate_no_control_characters, validate_not_formula_email
from portal.tenancy.editors import user_can_edit_country
from portal.tenancy.models import Country

# Columns written to no text field of a model (codes, lists, flags, dates) hold far less; the
# cap keeps a hostile cell from costing more than any real one.
OTHER_COLUMN_MAX_LENGTH = 255


@functools.cache
def column_max_lengths() -> dict[str, int]:
    """The longest text each column may hold: the max_length of the model field it is written to.

    Read from the models, so the preview refuses exactly what the database would (SQLite does
    not enforce a length; PostgreSQL does, at confirm, which is too late).
    """
    lengths = dict.fromkeys(tabular.COLUMNS, OTHER_COLUMN_MAX_LENGTH)
    lengths.update({
        column: Contact._meta.get_field(column).max_length
        for column in ("external_id", "position_title", "person_name", "email", "alternative_email", "availability",
                       "visibility")
    })
    lengths["organisation"] = Organisation._meta.get_field("name").max_length
    lengths["organisation_type"] = Organisation._meta.get_field("organisation_type").max_length
    for number_column, label_column, _flag in tabular.PHONE_COLUMNS:
        lengths[number_column] = ContactPhone._meta.get_field("number").max_length
        lengths[label_column] = ContactPhone._meta.get_field("label").max_length
    return lengths


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
        # Columns whose text was refused outright; their other checks would only repeat it.
        self.refused: set[str] = set()

    def problem(self, column: str, message: str) -> None:
        if column not in self.refused:
            self.problems.append(ImportProblem(self.number, column, message))

    def text(self, column: str) -> str:
        # A refused cell is reported once, by _text_constraints(), and read no further.
        return "" if column in self.refused else self.row.get(column, "")

    def has(self, column: str) -> bool:
        return column in self.row

    def check(self) -> dict:
        """Every column of the row checked; the values to write, keyed by model field. Problems are recorded."""
        self._text_constraints()
        country, located_in = self._countries()
        self._role_and_sops()
        self._organisation_and_position()
        self._reach(country, located_in)
        self._publication()
        return self.values

    def _countries(self):
        country = self._country("country", required=True)
        located_in = self._country("located_in") if self.has("located_in") else None
        if country is not None:
            self.values["country"] = country.pk
            if not user_can_edit_country(self.user, country.pk):
                self.problem("country", _("You may not import contacts of %(country)s: it is not one of your countries.")
                             % {"country": country.name})
        if self.has("located_in"):
            self.values["located_in"] = located_in.pk if located_in and located_in != country else None
        return country, located_in

    def _role_and_sops(self) -> None:
        slug = self.text("role")
        if not slug:
            self.problem("role", _("The role is required."))
        elif slug not in self.lookups.roles:
            self.problem("role", _("Unknown role “%(slug)s”.") % {"slug": slug})
        else:
            self.values["role"] = self.lookups.roles[slug]
        if self.has("sops"):
            self.values["sops"] = self._sops()

    def _organisation_and_position(self) -> None:
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

    def _reach(self, country, located_in) -> None:
        if self.has("languages"):
            self.values["languages"] = self._languages()
        for column in ("email", "alternative_email"):
            if self.has(column):
                self.values[column] = self._email(column)
        self._phones(country, located_in)

    def _publication(self) -> None:
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

    def _text_constraints(self) -> None:
        """What the database and the exports require of any text: no control characters, no more than the column holds."""
        lengths = column_max_lengths()
        for column, value in self.row.items():
            try:
                validate_max_length(value, lengths.get(column))  # first: the cheap check bounds the other
                validate_no_control_characters(value)
            except ValidationError as error:
                self.problem(column, error.messages[0])
                self.refused.add(column)

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
        ids, unknown = set(), []
        for part in self._split("sops"):
            number = int(part) if part.isdigit() else None
            if number not in self.lookups.sops:
                unknown.append(part)
            else:
                ids.add(self.lookups.sops[number])
        if unknown:  # one problem per cell, however many values it lists
            self.problem("sops", _("The SOP must be a number from 1 to 5, not “%(value)s”.") % {"value": ", ".join(unknown)})
        return frozenset(ids)

    def _languages(self) -> frozenset[int]:
        ids, unknown = set(), []
        for part in self._split("languages"):
            code = part.lower()
            if code not in self.lookups.languages:
                unknown.append(part)
            else:
                ids.add(self.lookups.languages[code])
        if unknown:  # one problem per cell, however many values it lists
            self.problem("languages", _("Unknown language “%(code)s”: use two-letter ISO 639-1 codes such as “ru”.")
                         % {"code": ", ".join(unknown)})
        return frozenset(ids)

    def _email(self, column: str) -> str:
        address = self.text(column)
        if address:
            try:
                validate_email(address)
            except ValidationError:
                self.problem(column, _("“%(value)s” is not a valid e-mail address.") % {"value": address})
                return address
            try:
                validate_not_formula_email(address)
            except ValidationError as error:
                self.problem(column, error.messages[0])
        return address

    def _phones(self, country: Country | None, located_in: Country | None) -> None:
        regions = {country.iso2 for country in (country, located_in) if country is not None}
        for number_column, label_column, flag_column in tabular.PHONE_COLUMNS:
            if not self.has(number_column):
                continue
            raw = self.text(number_column)
            # A refused phone cell was given too: "give at least one phone" would mislead.
            self.phone_given = self.phone_given or bool(raw) or number_column in self.refused
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


def _comparable(values: dict) -> dict:
    comparable = dict(values)
    if "organisation" in comparable:
        comparable["organisation"] = organisation_key(comparable["organisation"])
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
        report.file_problems.append(ImportProblem(error.row, error.column, str(error)))
        return report
    report.file_problems += _column_problems(columns)
    if report.file_problems:
        return report

    lookups = fetch_lookups(rows)
    seen = _Seen()
    for number, row in rows:
        report.rows.append(_check_row(number, row, lookups=lookups, user=user, seen=seen))
        if progress is not None:
            progress(1)
    return report


def _column_problems(columns) -> list[ImportProblem]:
    """Unknown and missing columns: problems of the whole file."""
    problems = [
        ImportProblem(1, column, _("Unknown column: the columns are %(columns)s.") % {"columns": ", ".join(tabular.COLUMNS)})
        for column in columns if column not in tabular.COLUMNS
    ]
    problems += [ImportProblem(1, column, _("This column is missing.")) for column in REQUIRED_COLUMNS if column not in columns]
    return problems


@dataclass
class _Seen:
    """What earlier rows of the file claimed: a contact to change, an external ID to create."""

    contacts: dict[int, int] = field(default_factory=dict)
    external_ids: dict[str, int] = field(default_factory=dict)


def _check_row(number: int, row, *, lookups, user, seen: _Seen) -> ImportRow:
    """One row checked against the database and the rows before it, with what applying it would do."""
    checker = _RowChecker(number=number, row=row, lookups=lookups, user=user)
    values = checker.check()
    contact = _match(checker, lookups)
    result = ImportRow(number=number, values=values, label=values.get("position_title", ""))
    if contact is not None:
        result.contact_id = contact.pk
        if contact.pk in seen.contacts:
            checker.problem("external_id" if values.get("external_id") else "email",
                            _("Row %(row)s already changes this contact.") % {"row": seen.contacts[contact.pk]})
        seen.contacts.setdefault(contact.pk, number)
        if not user_can_edit_country(user, contact.country_id):
            checker.problem("country", _("This row matches a contact of %(country)s, which is not one of your "
                                         "countries.") % {"country": contact.country.name})
    external_id = values.get("external_id")
    if external_id and contact is None:
        if external_id in seen.external_ids:
            checker.problem("external_id", _("Row %(row)s has the same external ID.") % {"row": seen.external_ids[external_id]})
        seen.external_ids.setdefault(external_id, number)
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
    return result


# --- applying ---------------------------------------------------------------------------
#
# The rows are written in bulk (a few queries per thousand rows), not through one save() per
# contact: a save fires post_save handlers that each index the one contact (Wagtail's database
# search backend then recomputes its title norms over the whole index) and rebuild its
# reference index, twice with the revision's own save. That costs ~40 ms per row, far from the
# issue's 10,000 rows in 30 s. What those handlers do is done once for the whole import instead:
# one revision and one audit entry per written contact, and, after commit, the search and
# reference indexes (index_imported_objects).

