"""Read head counts per network from CSV text: ``network,pupils,children``, one network a line.

Pure Python, no Django. Every error is an ``AllocationError`` (``field="counts"``, a ``code``
starting with ``csv_``) whose message names the line (the header is line 1), so that the person
who made the file can find the mistake.
Names are stripped and normalised to Unicode NFC, so that ``ø`` typed on different systems is
the same letter and two spellings of one name count as a duplicate.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata

from allocation.engine import AllocationError, NetworkCounts

HEADER = ("network", "pupils", "children")

_DIGITS = re.compile(r"[0-9]+")


def parse_counts_csv(text: str) -> list[NetworkCounts]:
    """Parse the counts file; blank lines are skipped, anything else odd is an error."""
    text = text.removeprefix("\ufeff")

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[NetworkCounts] = []
    first_line: dict[str, int] = {}
    header_line = 0
    try:
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if not header_line:
                _check_header(cells, line)
                header_line = line
                continue
            counts = _parse_row(cells, line)
            if counts.network in first_line:
                raise _error(
                    "csv_duplicate",
                    f"Linje {line}: nettverket «{counts.network}» står også på linje "
                    f"{first_line[counts.network]}.",
                )
            first_line[counts.network] = line
            rows.append(counts)
    except csv.Error:
        raise _error(
            "csv_syntax",
            f'Linje {reader.line_num}: ugyldig CSV; kontroller at anførselstegn (") står i par.',
        ) from None

    if not header_line:
        raise _error(
            "csv_empty", f"Filen er tom: linje 1 må være overskriften «{','.join(HEADER)}»."
        )
    if not rows:
        raise _error(
            "csv_no_rows", f"Filen har ingen nettverk etter overskriften på linje {header_line}."
        )
    return rows


def _check_header(cells: list[str], line: int) -> None:
    found = tuple(cell.strip() for cell in cells)
    if found == HEADER:
        return
    message = f"Linje {line}: overskriften må være «{','.join(HEADER)}», fant «{','.join(cells)}»."
    if len(cells) == 1 and ";" in cells[0]:
        message += " Filen ser ut til å bruke semikolon; lagre den med komma som skilletegn."
    raise _error("csv_header", message)


def _parse_row(cells: list[str], line: int) -> NetworkCounts:
    if len(cells) < len(HEADER):
        missing = ", ".join(HEADER[len(cells) :])
        raise _error(
            "csv_columns",
            f"Linje {line}: mangler kolonne ({missing}); forventet {len(HEADER)} verdier, "
            f"fant {len(cells)}.",
        )
    if len(cells) > len(HEADER):
        raise _error(
            "csv_columns",
            f"Linje {line}: for mange kolonner; forventet {len(HEADER)} verdier, "
            f"fant {len(cells)}.",
        )
    name = unicodedata.normalize("NFC", cells[0].strip())
    if not name:
        raise _error("csv_name_empty", f"Linje {line}: navnet på nettverket er tomt.")
    return NetworkCounts(
        network=name,
        pupils=_count(cells[1], "elevtallet", line),
        children=_count(cells[2], "barnetallet", line),
    )


def _count(cell: str, label: str, line: int) -> int:
    text = cell.strip()
    if not text:
        raise _error("csv_count", f"Linje {line}: {label} mangler.")
    # Only ASCII digits: int() would also take "1_000", "+5" and digits from other scripts.
    if not _DIGITS.fullmatch(text):
        raise _error("csv_count", f"Linje {line}: {label} «{text}» må være et heltall ≥ 0.")
    return int(text)


def _error(code: str, message: str) -> AllocationError:
    return AllocationError(message, code=code, field="counts")
