"""The monitoring matrix as a spreadsheet (CSV, XLSX): one row per country and measure shown, levels as stored.

Cells are written the directory's way (directory.tabular.spreadsheet_cell: no formulas, no
control characters), and texts in the portal's default language, as the directory's exports are.
"""
from __future__ import annotations

import tablib
from django.conf import settings
from django.utils import translation

from directory.exports import CSV_CONTENT_TYPE, UTF8_BOM, XLSX_CONTENT_TYPE
from directory.tabular import dataset_xlsx, default_language_value, format_date, spreadsheet_cell
from monitoring.models import Level
from monitoring.selectors import Matrix

FORMATS: dict[str, str] = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}
# Stable English identifiers: spreadsheets built on an export rely on them.
COLUMNS = (
    "country", "sop", "measure_number", "measure", "level", "level_name", "level_since", "sop_level", "sop_level_name",
    "basis_title", "basis_date", "basis_url", "differences", "reviewed_on",
)


def matrix_dataset(matrix: Matrix) -> tablib.Dataset:
    """Every country × measure of the matrix (a measure without a status is written as not started, without a date)."""
    dataset = tablib.Dataset(headers=list(COLUMNS), title="monitoring")
    columns = [matrix.sop] if matrix.sop else matrix.sops
    with translation.override(settings.LANGUAGE_CODE):
        for row in matrix.rows:
            rollups = [row.rollup] if matrix.sop else row.cells
            for column, rollup in zip(columns, rollups, strict=True):
                for measure in column.measures:
                    status = matrix.statuses.get((row.country.pk, measure.pk))
                    level = Level(status.level) if status else Level.NOT_STARTED
                    values = [
                        row.country.iso2, column.number, measure.number, default_language_value(measure, "title"),
                        int(level), str(level.label), format_date(status.level_since if status else None),
                        int(rollup.level), str(rollup.level.label),
                        default_language_value(status, "basis_title") if status else "",
                        format_date(status.basis_date) if status else "", status.basis_url if status else "",
                        default_language_value(status, "differences") if status else "",
                        format_date(status.reviewed_on) if status else "",
                    ]
                    dataset.append([spreadsheet_cell(value) for value in values])
    return dataset


def export(fmt: str, matrix: Matrix) -> tuple[bytes, str]:
    """The matrix in one of FORMATS: (content, content type). KeyError for an unknown format."""
    content_type = FORMATS[fmt]
    dataset = matrix_dataset(matrix)
    if fmt == "csv":
        return (UTF8_BOM + dataset.export("csv")).encode("utf-8"), content_type
    return dataset_xlsx(dataset), content_type
