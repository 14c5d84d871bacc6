"""CSV as a stream of rows, each with the line in the file where it starts.

Pure Python (no Django), shared by both head-count formats: the owner file of the pages, the
admin and ``import_counts``, and the network totals of ``allocate --counts``. Bytes are decoded
one physical line at a time, so a file is never held in memory as a whole, and reading stops
as soon as the file passes the line cap.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator

#: A count is written with ASCII digits only: ``int()`` would also take "1_000", "+5" and digits
#: from other scripts.
WHOLE_NUMBER = re.compile(r"[0-9]+")
DELIMITERS = (";", "\t", ",")


class NotUtf8Error(ValueError):
    def __init__(self, line: int) -> None:
        super().__init__(f"line {line} is not UTF-8")
        self.line = line


class CsvSyntaxError(ValueError):
    def __init__(self, line: int) -> None:
        super().__init__(f"CSV syntax error on line {line}")
        self.line = line


class TooManyLinesError(ValueError):
    def __init__(self, limit: int) -> None:
        super().__init__(f"more than {limit} lines")
        self.limit = limit


def decoded_lines(stream: Iterable[bytes], *, fallback: str | None = None) -> Iterator[str]:
    """Each line as text: UTF-8 (a byte-order mark is dropped), else ``fallback`` from the
    first line that is not UTF-8 on; without a fallback that line is an error."""
    encoding = "utf-8"
    # A binary file is split at "\n" only; splitlines also ends a line at a lone "\r" (old Mac
    # files), as reading text with universal newlines would.
    lines = (piece for raw in stream for piece in raw.splitlines(keepends=True))
    for number, raw in enumerate(lines, start=1):
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        try:
            yield raw.decode(encoding)
        except UnicodeDecodeError:
            if fallback is None:
                raise NotUtf8Error(number) from None
            encoding = fallback
            yield raw.decode(encoding, errors="replace")


def sniff_delimiter(sample: Iterable[str]) -> str:
    """The separator used most in the first lines (semicolon when there is none)."""
    text = "".join(sample)
    counts = {d: text.count(d) for d in DELIMITERS}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ";"


def csv_rows(
    lines: Iterable[str], *, delimiter: str = ",", strict: bool = False, max_lines: int
) -> Iterator[tuple[int, list[str]]]:
    """(line where the row starts, cells) for every row, blank ones included. Raises
    ``CsvSyntaxError`` with the line of a broken row and ``TooManyLinesError`` as soon as the
    file has more than ``max_lines`` lines."""
    reader = csv.reader(lines, delimiter=delimiter, strict=strict)
    start = 1
    try:
        for cells in reader:
            if reader.line_num > max_lines:
                raise TooManyLinesError(max_lines)
            yield start, cells
            start = reader.line_num + 1
    except csv.Error:
        raise CsvSyntaxError(reader.line_num) from None


def is_blank(cells: Iterable[object]) -> bool:
    return all(cell is None or str(cell).strip() == "" for cell in cells)


def clean_name(value: str) -> str:
    """A name as typed, stripped and in Unicode NFC, so that ``ø`` typed on different systems
    is the same letter."""
    return unicodedata.normalize("NFC", value.strip())
