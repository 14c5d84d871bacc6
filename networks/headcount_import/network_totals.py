"""The network totals format of ``manage.py allocate --counts``: ``network,pupils,children``.

One network a line, comma-separated UTF-8, the header exactly as above. It is stricter than the
owner file of the pages (``networks.headcount_import``): it is typed by people who run the
allocation by hand or made by a program, so a count is plain digits ("1 000" and "12.5" are
refused) and nothing is guessed. Pure Python, no Django: ``allocate`` runs without a database.
Every error is a ``DomainError`` (``field="counts"``, a ``code`` starting with ``csv_``) whose
message names the line (the header is line 1). Names are stripped and normalised to NFC, so
that two spellings of one name count as a duplicate.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from config.errors import DomainError

from .csvstream import (
    WHOLE_NUMBER,
    CsvSyntaxError,
    NotUtf8Error,
    TooManyLinesError,
    clean_name,
    csv_rows,
    decoded_lines,
    is_blank,
)

HEADER = ("network", "pupils", "children")
#: Far more networks than any county has; a file past it is a mistake, refused before it is read.
MAX_LINES = 100_000


def read_network_totals(
    stream: Iterable[bytes], *, max_lines: int = MAX_LINES
) -> list[tuple[str, int, int]]:
    """(network, pupils, children) for every line of a UTF-8 file, read as a stream."""
    try:
        return parse_network_totals(decoded_lines(stream), max_lines=max_lines)
    except NotUtf8Error as error:
        raise _error(
            "csv_encoding", f"Linje {error.line}: filen er ikke UTF-8. Lagre den som «CSV UTF-8»."
        ) from None


def parse_network_totals(
    lines: Iterable[str], *, max_lines: int = MAX_LINES
) -> list[tuple[str, int, int]]:
    """Parse the lines of the file; blank lines are skipped, anything else odd is an error."""
    if isinstance(lines, str):
        lines = io.StringIO(lines.removeprefix("\ufeff"), newline="")
    rows: list[tuple[str, int, int]] = []
    first_line: dict[str, int] = {}
    header_line = 0
    try:
        for line, cells in csv_rows(lines, strict=True, max_lines=max_lines):
            if is_blank(cells):
                continue
            if not header_line:
                _check_header(cells, line)
                header_line = line
                continue
            name, pupils, children = _parse_row(cells, line)
            if name in first_line:
                raise _error(
                    "csv_duplicate",
                    f"Linje {line}: nettverket «{name}» står også på linje {first_line[name]}.",
                )
            first_line[name] = line
            rows.append((name, pupils, children))
    except CsvSyntaxError as error:
        raise _error(
            "csv_syntax",
            f'Linje {error.line}: ugyldig CSV; kontroller at anførselstegn (") står i par.',
        ) from None
    except TooManyLinesError as error:
        raise _error("csv_too_long", f"Filen har mer enn {error.limit} linjer.") from None

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


def _parse_row(cells: list[str], line: int) -> tuple[str, int, int]:
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
    name = clean_name(cells[0])
    if not name:
        raise _error("csv_name_empty", f"Linje {line}: navnet på nettverket er tomt.")
    return name, _count(cells[1], "elevtallet", line), _count(cells[2], "barnetallet", line)


def _count(cell: str, label: str, line: int) -> int:
    text = cell.strip()
    if not text:
        raise _error("csv_count", f"Linje {line}: {label} mangler.")
    if not WHOLE_NUMBER.fullmatch(text):
        raise _error("csv_count", f"Linje {line}: {label} «{text}» må være et heltall ≥ 0.")
    return int(text)


def _error(code: str, message: str) -> DomainError:
    return DomainError(message, code=code, field="counts")
