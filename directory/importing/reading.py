"""Reading a CSV or XLSX file into rows of text keyed by column (directory.tabular's schema).

Every file is read within limits decided before reading (settings DIRECTORY_IMPORT_MAX_*):
rows, columns, characters per cell and, for XLSX, the unpacked size and compression ratio
declared in the zip directory. A file beyond a limit is refused with a message naming the
limit and where it was reached, so a hostile file (issue 10: a forged sheet dimension, a
zip bomb, 880,000 rows) costs at most the limits' worth of time and memory.
"""
from __future__ import annotations

import csv
import datetime
import io
import logging
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from directory import tabular
from directory.importing.reports import ImportFileError

logger = logging.getLogger(__name__)

# A row element of a sheet's XML, with or without a namespace prefix (<row r="2"> or <x:row>).
ROW_ELEMENT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
SCAN_CHUNK_BYTES = 1024 * 1024
# Members of an XLSX smaller than this are never a memory risk, whatever their ratio
# (a tiny styles.xml can compress better than 100:1).
RATIO_CHECK_FLOOR_BYTES = 1024 * 1024


@dataclass(frozen=True)
class ReadLimits:
    rows: int
    columns: int
    cell_characters: int
    uncompressed_bytes: int
    compression_ratio: int

    @classmethod
    def from_settings(cls) -> ReadLimits:
        return cls(
            rows=settings.DIRECTORY_IMPORT_MAX_ROWS,
            columns=settings.DIRECTORY_IMPORT_MAX_COLUMNS,
            cell_characters=settings.DIRECTORY_IMPORT_MAX_CELL_CHARACTERS,
            uncompressed_bytes=settings.DIRECTORY_IMPORT_MAX_UNCOMPRESSED_BYTES,
            compression_ratio=settings.DIRECTORY_IMPORT_MAX_COMPRESSION_RATIO,
        )


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


def _too_many_rows(limits: ReadLimits, number: int) -> ImportFileError:
    return ImportFileError(
        _("The file goes on beyond row %(last)s: import at most %(limit)s contacts at a time (split the file, "
          "and delete any empty rows below the data).") % {"last": limits.rows + 1, "limit": limits.rows},
        row=number,
    )


def _cell_too_long(limits: ReadLimits, number: int, column: str) -> ImportFileError:
    return ImportFileError(
        _("A cell is longer than %(limit)s characters; no column of the directory holds that much.")
        % {"limit": limits.cell_characters},
        row=number,
        column=column,
    )


def _overlong_field_index(text: str, start: int, delimiter: str, limit: int) -> int | None:
    """The index of the first field longer than limit in the CSV record starting at start (RFC 4180 quoting)."""
    index = length = 0
    quoted = False
    position = start
    while position < len(text):
        character = text[position]
        if quoted:
            if character == '"' and text[position + 1:position + 2] == '"':
                position += 1  # an escaped quote counts as one character
                length += 1
            elif character == '"':
                quoted = False
            else:
                length += 1
        elif character == '"':
            quoted = True
        elif character == delimiter:
            index += 1
            length = 0
        elif character in "\r\n":
            return None
        else:
            length += 1
        if length > limit:
            return index
        position += 1
    return None


def _csv_records(content: bytes, limits: ReadLimits) -> Iterable[tuple[int, list]]:
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
    stream = io.StringIO(text, newline="")
    reader = csv.reader(stream, csv.excel, delimiter=delimiter)
    header: list[str] = []
    number = 0
    while True:
        record_start = stream.tell()
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            # The csv module refuses a field over 128 KB before we see it: find which column
            # it is in, so the message names the cell like any other over-long one.
            if "field larger than field limit" in str(error):
                index = _overlong_field_index(text, record_start, delimiter, limits.cell_characters)
                column = ""
                if index is not None:
                    column = header[index] if index < len(header) and header[index] else get_column_letter(index + 1)
                raise _cell_too_long(limits, number + 1, column) from error
            raise ImportFileError(
                _("The file is not valid CSV from this row on (a quote that is never closed?)."), row=number + 1
            ) from error
        number += 1
        if not header and any(record):
            header = [cell.strip().lower() for cell in record]
        yield number, record


def _check_zip_directory(content: bytes, limits: ReadLimits) -> None:
    """Refuse a zip bomb from the sizes the zip directory declares, before anything is unpacked.

    The declared sizes are what Python's zipfile unpacks at most (it stops there and fails the
    checksum), so checking them bounds the work whatever the file really holds.
    """
    try:
        members = zipfile.ZipFile(io.BytesIO(content)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from error
    total = sum(member.file_size for member in members)
    if total > limits.uncompressed_bytes:
        raise ImportFileError(
            _("The workbook unpacks to %(size)s MB, more than the %(limit)s MB an import may hold: split the file.")
            % {"size": total // (1024 * 1024), "limit": limits.uncompressed_bytes // (1024 * 1024)}
        )
    for member in members:
        if (
            member.file_size > RATIO_CHECK_FLOOR_BYTES
            and member.file_size > limits.compression_ratio * max(member.compress_size, 1)
        ):
            raise ImportFileError(
                _("The workbook unpacks to more than %(ratio)s times its size (%(member)s): it is refused as a "
                  "possible zip bomb. Save it again from your spreadsheet program, or import it as CSV.")
                % {"ratio": limits.compression_ratio, "member": member.filename}
            )


def _check_sheet_rows(content: bytes, limits: ReadLimits) -> None:
    """Refuse a workbook with a sheet of more rows than the limit, by a byte scan before openpyxl parses it.

    openpyxl reads every sheet's XML once when it opens a workbook, looking for the
    dimension the sheet declares; a sheet without one (as many programs write it) is parsed
    whole, however long, before the first row can be read. Counting the row elements with a
    pattern, chunk by chunk, costs a fraction of that and stops at the limit.
    """
    archive = zipfile.ZipFile(io.BytesIO(content))
    for name in archive.namelist():
        if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
            continue
        rows = 0
        tail = b""
        with archive.open(name) as member:
            while chunk := member.read(SCAN_CHUNK_BYTES):
                data = tail + chunk
                # An element the chunk boundary may have cut ("<ro") is counted in the next round.
                cut = data.rfind(b"<")
                if cut == -1 or len(data) - cut > 64:
                    cut = len(data)
                rows += len(ROW_ELEMENT.findall(data, 0, cut))
                tail = data[cut:]
                if rows > limits.rows + 1:
                    raise _too_many_rows(limits, limits.rows + 2)
        rows += len(ROW_ELEMENT.findall(tail))
        if rows > limits.rows + 1:
            raise _too_many_rows(limits, limits.rows + 2)


def _xlsx_records(content: bytes, limits: ReadLimits) -> Iterable[tuple[int, list]]:
    from openpyxl import load_workbook

    _check_zip_directory(content, limits)
    # Any failure of the parser on an uploaded file means the file is not a workbook we can
    # read: the editor gets that message, the log the details (issue 10: a malformed sheet
    # gave a 500). openpyxl raises many kinds (XML, zip, KeyError, ValueError, IndexError...).
    workbook = None
    try:
        _check_sheet_rows(content, limits)
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.active
        # The dimension the sheet declares ("A1:XFD1048576") is not trusted: read the rows
        # that are there, no wider than one column past the limit (to notice a wider row).
        sheet.reset_dimensions()
        yield from enumerate(sheet.iter_rows(max_col=limits.columns + 1, values_only=True), start=1)
    except ImportFileError:
        raise
    except Exception as error:
        logger.info("Unreadable XLSX import file", exc_info=True)
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from error
    finally:
        if workbook is not None:
            workbook.close()


def read_rows(*, content: bytes, filename: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """(columns, [(row number, {column: text})]) of a CSV or XLSX file; ImportFileError if unreadable.

    A file with no contact row below its header is refused as well: there is nothing to import.
    """
    limits = ReadLimits.from_settings()
    extension = PurePath(filename or "").suffix.lower()
    if extension == ".csv":
        records = _csv_records(content, limits)
    elif extension == ".xlsx":
        records = _xlsx_records(content, limits)
    else:
        raise ImportFileError(
            _("Unsupported file type “%(extension)s”: upload a .csv or .xlsx file.") % {"extension": extension or filename}
        )
    header: list[str] | None = None
    rows = []
    for number, record in records:
        if number > limits.rows + 1:  # the header is row 1
            raise _too_many_rows(limits, number)
        if not any(value not in (None, "") for value in record):
            continue
        if len(record) > limits.columns and any(value not in (None, "") for value in record[limits.columns:]):
            raise ImportFileError(
                _("The row has more than %(limit)s columns; the directory's files have %(count)s.")
                % {"limit": limits.columns, "count": len(tabular.COLUMNS)},
                row=number,
            )
        # Every cell of an export may carry the apostrophe of tabular.spreadsheet_cell().
        cells = [tabular.unescape_formula(_cell_text(value)) for value in record[:limits.columns]]
        for index, cell in enumerate(cells):
            if len(cell) > limits.cell_characters:
                name = header[index] if header is not None and index < len(header) and header[index] else ""
                name = name or get_column_letter(index + 1)
                raise _cell_too_long(limits, number, name)
        if header is None:
            header = [cell.lower() for cell in cells]
            continue
        rows.append((number, {column: cells[index] if index < len(cells) else "" for index, column in enumerate(header) if column}))
    if header is None:
        raise ImportFileError(_("The file is empty."))
    if not rows:
        raise ImportFileError(_("The file has a header but no contact rows below it: there is nothing to import."), row=2)
    return [column for column in header if column], rows
