"""What an import found and did: problems by row and column, the per-row decision, the counts."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from directory import tabular

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
    """The file cannot be read as a contact list at all (wrong type, encoding, size or header).

    row and column say where, when the problem has a place (a cell too long, a row too many).
    """

    def __init__(self, message: str, *, row: int = 0, column: str = ""):
        super().__init__(message)
        self.row = row
        self.column = column


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

