"""The preview: every row checked, matched to an existing contact and given a decision; nothing written."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from directory import tabular
from directory.importing.cells import RowChecker
from directory.importing.lookups import (
    Lookups,
    fetch_lookups,
    organisation_key,
)
from directory.importing.reading import read_rows
from directory.importing.reports import (
    CREATE,
    PORTAL_ID_PATTERN,
    REJECTED,
    REQUIRED_COLUMNS,
    UNCHANGED,
    UPDATE,
    ImportFileError,
    ImportProblem,
    ImportReport,
    ImportRow,
)
from directory.models import Contact
from portal.tenancy.editors import user_can_edit_country


def _comparable(values: dict) -> dict:
    comparable = dict(values)
    if "organisation" in comparable:
        comparable["organisation"] = organisation_key(comparable["organisation"])
    comparable.pop("organisation_type", None)
    return comparable


def _match(checker: RowChecker, lookups: Lookups) -> Contact | None:
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
    # An exported file imports back as it is: what the export adds for its reader is skipped.
    columns, rows = tabular.without_informational_columns(columns, rows)
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
    checker = RowChecker(number=number, row=row, lookups=lookups, user=user)
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

