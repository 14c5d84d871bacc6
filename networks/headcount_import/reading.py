"""Reading an owner file as a stream of rows, refused early when it is too big.

CSV (UTF-8, else Windows-1252 as Statistics Norway's exports often are; semicolon, comma or tab)
is decoded line by line. XLSX is checked before it is opened: the sum of the sizes its parts
declare unpacked (a zip's entries cannot give more than they declare) and the rows its sheet
declares must be within the caps; the first sheet is then read with openpyxl in read-only mode,
row by row. Each row comes with its line in the file, as a spreadsheet shows it.
"""

from __future__ import annotations

import itertools
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings

from config.errors import DomainError

from .csvstream import (
    CsvSyntaxError,
    TooManyLinesError,
    csv_rows,
    decoded_lines,
    sniff_delimiter,
)
from .messages import (
    HEADER_SEARCH_LINES,
    msg_too_large,
    msg_too_many_rows,
    msg_unpacked_too_large,
    msg_unreadable,
    msg_unsupported_file,
)

Row = tuple[int, list[Any]]
#: Cells past this column are not read: no head-count file is that wide.
MAX_COLUMNS = 200


@dataclass(frozen=True)
class Limits:
    """The caps, from settings (see ``config/settings/base.py``)."""

    max_upload_bytes: int
    max_rows: int
    max_unpacked_bytes: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            max_upload_bytes=settings.HEAD_COUNT_IMPORT_MAX_UPLOAD_BYTES,
            max_rows=settings.HEAD_COUNT_IMPORT_MAX_ROWS,
            max_unpacked_bytes=settings.HEAD_COUNT_IMPORT_MAX_UNPACKED_BYTES,
        )


def file_kind(filename: str) -> str:
    """``"csv"`` or ``"xlsx"`` from the file's name, else the Norwegian refusal."""
    name = filename.lower()
    if name.endswith((".csv", ".txt")):
        return "csv"
    if name.endswith(".xlsx"):
        return "xlsx"
    raise DomainError(msg_unsupported_file())


def check_size(size: int | None, limits: Limits) -> None:
    if size is not None and size > limits.max_upload_bytes:
        raise DomainError(msg_too_large(limits.max_upload_bytes))


def read_rows(stream: IO[bytes], filename: str, limits: Limits | None = None) -> Iterator[Row]:
    """Every row of the file (blank ones included) with its line number, as a stream.

    Raises ``DomainError`` for a file that cannot be read or is over a cap, before the rows
    past the cap are read.
    """
    limits = limits or Limits.from_settings()
    kind = file_kind(filename)
    check_size(_size(stream), limits)
    if kind == "csv":
        return _csv(stream, limits)
    return _xlsx(stream, limits)


def _size(stream: IO[bytes]) -> int | None:
    try:
        position = stream.tell()
        end = stream.seek(0, 2)
        stream.seek(position)
    except (AttributeError, OSError, ValueError):
        return None
    return end - position


def _count_lines(stream: IO[bytes], stop_after: int) -> int | None:
    """Lines in a seekable file, counted in its bytes (fast), up to ``stop_after`` + 1."""
    try:
        start = stream.tell()
    except (AttributeError, OSError, ValueError):
        return None
    lines, last = 0, b"\n"
    while lines <= stop_after and (chunk := stream.read(1 << 20)):
        lines += chunk.count(b"\n")
        last = chunk[-1:]
    stream.seek(start)
    return lines + (last != b"\n")


def _csv(stream: IO[bytes], limits: Limits) -> Iterator[Row]:
    # Refused at once when the bytes have too many lines; reading stops at the cap regardless.
    counted = _count_lines(stream, limits.max_rows)
    if counted is not None and counted > limits.max_rows:
        raise DomainError(msg_too_many_rows(limits.max_rows))
    lines = decoded_lines(stream, fallback="cp1252")
    sample = list(itertools.islice(lines, HEADER_SEARCH_LINES))
    delimiter = sniff_delimiter(sample)
    rows = csv_rows(itertools.chain(sample, lines), delimiter=delimiter, max_lines=limits.max_rows)
    try:
        yield from rows
    except CsvSyntaxError as error:
        raise DomainError(msg_unreadable("CSV")) from error
    except TooManyLinesError as error:
        raise DomainError(msg_too_many_rows(error.limit)) from error


def _xlsx(stream: IO[bytes], limits: Limits) -> Iterator[Row]:
    import openpyxl

    try:
        with zipfile.ZipFile(stream) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise DomainError(msg_unreadable("XLSX")) from error
    if unpacked > limits.max_unpacked_bytes:
        raise DomainError(msg_unpacked_too_large(limits.max_unpacked_bytes))
    stream.seek(0)
    try:
        book = openpyxl.load_workbook(stream, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        declared = sheet.max_row  # from the sheet's <dimension>, when it has one
    except Exception as error:  # openpyxl raises many kinds for a file that is not XLSX
        raise DomainError(msg_unreadable("XLSX")) from error
    if declared is not None and declared > limits.max_rows:
        book.close()
        raise DomainError(msg_too_many_rows(limits.max_rows))
    return _sheet_rows(book, sheet, limits)


def _sheet_rows(book, sheet, limits: Limits) -> Iterator[Row]:
    # openpyxl pads every row to the width the sheet declares (up to 16 384 columns): cap it.
    # Without a declared width a row is as wide as its last cell; slicing keeps it capped.
    declared = sheet.max_column or 0
    width = MAX_COLUMNS if declared > MAX_COLUMNS else None
    try:
        for number, cells in enumerate(sheet.iter_rows(values_only=True, max_col=width), start=1):
            if number > limits.max_rows:
                raise DomainError(msg_too_many_rows(limits.max_rows))
            yield number, list(cells[:MAX_COLUMNS])
    except DomainError:
        raise
    except Exception as error:
        raise DomainError(msg_unreadable("XLSX")) from error
    finally:
        book.close()
