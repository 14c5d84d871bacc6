"""The one way the product writes spreadsheets (CSV and XLSX), for pages and the admin alike.

- **Formula injection**: a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return would be run as a formula by a spreadsheet program (a network or owner name is
  typed by users). Such text gets a leading apostrophe, and XLSX cells are always written as text,
  never as formulas. Numbers are numbers, so a negative amount is not touched.
- **CSV** is what Norwegian Excel opens with a double click: semicolons, UTF-8 with a byte order
  mark (so æ, ø, å survive), CRLF line ends. ``?skilletegn=komma`` gives commas instead.
- **XLSX** has real dates (formatted ``dd.mm.yyyy``) and whole numbers with a thousands format,
  so a sheet can sort and sum them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone
from import_export.formats.base_formats import CSV, XLSX

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SEMICOLON, COMMA = ";", ","
#: The query parameter (and its value) that asks for commas.
DELIMITER_PARAMETER = "skilletegn"
COMMA_VALUES = frozenset({"komma", "comma", ","})
DATE_FORMAT = "dd.mm.yyyy"
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
BOM = "\ufeff"


_NUMBER = re.compile(r"-?[0-9]+([.,][0-9]+)?")


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would read as a formula, made inert with a leading apostrophe.

    A plain number written as text (``-1200``) is left alone: it is a number, not a formula.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def delimiter_from(query: Any) -> str:
    """Semicolons unless the request's query asks for commas (``?skilletegn=komma``)."""
    return (
        COMMA if query.get(DELIMITER_PARAMETER, "").strip().lower() in COMMA_VALUES else SEMICOLON
    )


def _plain(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return (
            timezone.localtime(value).isoformat(timespec="minutes")
            if timezone.is_aware(value)
            else value.isoformat(timespec="minutes")
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise(value if isinstance(value, int | Decimal | float) else str(value))


def csv_text(
    headers: Sequence[Any], rows: Iterable[Sequence[Any]], *, delimiter: str = SEMICOLON
) -> str:
    """CSV as text that starts with the byte order mark (encode it as UTF-8)."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([_plain(h) for h in headers])
    for row in rows:
        writer.writerow([_plain(value) for value in row])
    return buffer.getvalue()


def csv_bytes(
    headers: Sequence[Any], rows: Iterable[Sequence[Any]], *, delimiter: str = SEMICOLON
) -> bytes:
    return csv_text(headers, rows, delimiter=delimiter).encode("utf-8")


def xlsx_bytes(
    headers: Sequence[Any], rows: Iterable[Sequence[Any]], *, title: str = "Ark1"
) -> bytes:
    """One sheet: bold headers, text never read as a formula, real dates, formatted numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    # Sheet titles may not hold []:*?/\ and are at most 31 characters.
    sheet.title = "".join(c for c in str(title) if c not in "[]:*?/\\")[:31] or "Ark1"
    bold = Font(bold=True)
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=column)
        _set_text(cell, str(header))
        cell.font = bold
    for row_number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column)
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                cell.value = value
            elif isinstance(value, dt.datetime):
                local = timezone.localtime(value) if timezone.is_aware(value) else value
                cell.value = local.replace(tzinfo=None)
                cell.number_format = "dd.mm.yyyy hh:mm"
            elif isinstance(value, dt.date):
                cell.value = value
                cell.number_format = DATE_FORMAT
            elif isinstance(value, int):
                cell.value = value
                cell.number_format = INTEGER_FORMAT
            elif isinstance(value, Decimal | float):
                cell.value = value
                cell.number_format = DECIMAL_FORMAT
            else:
                _set_text(cell, str(value))
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _set_text(cell: Any, text: str) -> None:
    cell.value = neutralise(text)
    cell.data_type = "s"  # openpyxl would otherwise store text starting with "=" as a formula


def _dataset_rows(dataset: Any) -> list[Sequence[Any]]:
    return [dataset[i] for i in range(dataset.height)]


class SafeCSV(CSV):
    """django-import-export's CSV for the admin, written the product's way (see above)."""

    def export_data(self, dataset, **kwargs):
        return csv_text(dataset.headers or [], _dataset_rows(dataset))


class SafeXLSX(XLSX):
    """django-import-export's XLSX for the admin, written the product's way (see above)."""

    def export_data(self, dataset, **kwargs):
        return xlsx_bytes(
            dataset.headers or [], _dataset_rows(dataset), title=dataset.title or "Ark1"
        )
