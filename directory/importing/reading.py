"""Reading a CSV or XLSX file into rows of text keyed by column (directory.tabular's schema)."""
from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable
from pathlib import PurePath

from django.utils.translation import gettext as _

from directory import tabular
from directory.importing.reports import ImportFileError


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

