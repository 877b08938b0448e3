"""One row of an import checked cell by cell against the directory's rules and the database's constraints."""
from __future__ import annotations

import datetime
import functools
import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries as country_names

from directory import tabular
from directory.importing.lookups import (
    Lookups,
)
from directory.importing.reports import (
    FALSE_VALUES,
    NON_GEOGRAPHIC_REGION,
    TRUE_VALUES,
    ImportProblem,
    PhoneValue,
)
from directory.models import Contact, ContactPhone, Organisation, OrganisationType, Visibility
from directory.validation import validate_max_length, validate_no_control_characters, validate_not_formula_email
from portal.tenancy.editors import user_can_edit_country
from portal.tenancy.models import Country

# Columns written to no text field of a model (codes, lists, flags, dates) hold far less; the

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


class RowChecker:
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
