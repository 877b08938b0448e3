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
from directory.importing.checking import contact_import_preview
from directory.importing.reading import read_rows
from directory.importing.reports import (
    CREATE,
    REJECTED,
    UNCHANGED,
    UPDATE,
    ImportFileError,
    ImportHasErrors,
    ImportProblem,
    ImportReport,
    ImportResult,
    ImportRow,
)
from directory.importing.writing import contact_import_apply, index_imported_objects

__all__ = [
    "CREATE",
    "REJECTED",
    "UNCHANGED",
    "UPDATE",
    "ImportFileError",
    "ImportHasErrors",
    "ImportProblem",
    "ImportReport",
    "ImportResult",
    "ImportRow",
    "contact_import_apply",
    "contact_import_preview",
    "index_imported_objects",
    "read_rows",
]
