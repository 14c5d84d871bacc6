"""The rules of the owner file: which headers mean what, where the header is, what a count is.

Each rule is defined here once; the docstring of ``networks.headcount_import`` and
``docs/head-count-import.md`` describe them for people.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from config.formatting import format_number

from ..models import HEAD_COUNT_MAX
from .csvstream import WHOLE_NUMBER, is_blank
from .messages import (
    msg_count_missing,
    msg_count_too_large,
    msg_duplicate_column,
    msg_missing_column,
    msg_negative,
    msg_no_figure,
    msg_not_whole,
)

OWNER_ALIASES = frozenset(
    {
        "eier",
        "eiernummer",
        "eiernr",
        "nummer",
        "kommunenummer",
        "kommunenr",
        "knr",
        "fylkesnummer",
        "organisasjonsnummer",
        "orgnr",
        "region",
        "regionkode",
        "owner",
        "number",
        "owner number",
    }
)
#: Columns that may hold a code or a name ("Kommune": "5001 Trondheim" or "Trondheim").
OWNER_TEXT_ALIASES = frozenset(
    {"kommune", "fylke", "kommunenavn", "eiernavn", "navn", "name", "owner name"}
)
PUPIL_ALIASES = frozenset(
    {"elever", "elevtall", "antall elever", "elever i alt", "elever og lærlinger", "pupils"}
)
CHILD_ALIASES = frozenset(
    {
        "barn",
        "barnetall",
        "antall barn",
        "barn i barnehage",
        "barn i barnehager",
        "barn i alt",
        "children",
    }
)

_YEAR_IN_HEADER = re.compile(r"\b(19|20)[0-9]{2}\b")
_PARENTHESIS = re.compile(r"\([^)]*\)")
#: An owner cell that starts with a number: "5001", "5001 Trondheim", "K-5001 Trondheim".
OWNER_CODE = re.compile(r"^(?:[A-Za-z]{1,3}-)?([0-9]{2,9})(?:\s+(.*))?$")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_ZERO_DECIMALS = re.compile(r"[.,]0+$")
_NEGATIVE = re.compile(r"^[-\u2212][0-9]+(?:[.,][0-9]+)?$")
SSB_NO_FIGURE = frozenset({".", "..", "...", ":", "…"})
SSB_NIL = frozenset({"-", "\u2212", "\u2013"})


def normalise_header(value: Any) -> str:
    text = unicodedata.normalize("NFC", str(value or "")).casefold()
    text = _PARENTHESIS.sub(" ", text)
    text = _YEAR_IN_HEADER.sub(" ", text).replace("_", " ")
    return _SPACES.sub(" ", text).strip(" .:;\"'")


def normalise_name(value: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip().casefold()


def role(header: str) -> str | None:
    if header in OWNER_ALIASES:
        return "owner"
    if header in OWNER_TEXT_ALIASES:
        return "owner_text"
    if header in PUPIL_ALIASES:
        return "pupils"
    if header in CHILD_ALIASES:
        return "children"
    return None


@dataclass
class HeaderMap:
    line: int
    owner: list[int] = field(default_factory=list)  # column indexes, most specific first
    pupils: int | None = None
    children: int | None = None
    errors: list[str] = field(default_factory=list)


def looks_like_header(cells: Sequence[Any]) -> bool:
    if is_blank(cells):
        return False
    roles = {role(normalise_header(cell)) for cell in cells}
    return bool(roles & {"owner", "owner_text"}) and bool(roles & {"pupils", "children"})


def map_header(line: int, cells: Sequence[Any]) -> HeaderMap:
    mapping = HeaderMap(line=line)
    owner_cols: list[int] = []
    owner_text_cols: list[int] = []
    seen: dict[str, int] = {}
    for index, cell in enumerate(cells):
        kind = role(normalise_header(cell))
        if kind is None:
            continue
        if kind in ("pupils", "children"):
            if kind in seen:
                mapping.errors.append(
                    msg_duplicate_column(line, str(cells[seen[kind]]).strip(), str(cell).strip())
                )
                continue
            seen[kind] = index
            setattr(mapping, kind, index)
        elif kind == "owner":
            owner_cols.append(index)
        else:
            owner_text_cols.append(index)
    mapping.owner = owner_cols + owner_text_cols
    if not mapping.owner:
        mapping.errors.append(
            msg_missing_column(line, _("eier"), "«Kommunenummer», «Region» eller «Eier»")
        )
    if mapping.pupils is None:
        mapping.errors.append(msg_missing_column(line, _("elevtall"), "«Elever» eller «Elevtall»"))
    if mapping.children is None:
        mapping.errors.append(
            msg_missing_column(line, _("barnetall"), "«Barn» eller «Barn i barnehage»")
        )
    return mapping


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_count(value: Any, *, line: int, label: str) -> tuple[int | None, str | None]:
    """A count cell as a whole number between 0 and ``HEAD_COUNT_MAX``, or the error."""
    number, error = _parse_count(value, line=line, label=label)
    if number is not None and number > HEAD_COUNT_MAX:
        return None, msg_count_too_large(line, label, format_number(number), HEAD_COUNT_MAX)
    return number, error


def _parse_count(value: Any, *, line: int, label: str) -> tuple[int | None, str | None]:
    """A count cell as a whole number, or the Norwegian error for the line.

    Spreadsheet numbers are taken as they are; text may group thousands with spaces ("1 234")
    and end in zero decimals ("1234,0"), and is then held to the same digits-only rule as the
    network totals of ``allocate``. Statistics Norway's nil ("-") is 0; its "no figure" signs
    are errors.
    """
    if isinstance(value, bool):
        return None, msg_not_whole(line, label, str(value))
    if isinstance(value, int):
        return (value, None) if value >= 0 else (None, msg_negative(line, label, str(value)))
    if isinstance(value, float | Decimal):
        if value != int(value):
            return None, msg_not_whole(line, label, cell_text(value))
        number = int(value)
        return (number, None) if number >= 0 else (None, msg_negative(line, label, str(number)))
    text = cell_text(value)
    compact = _SPACES.sub("", text)
    if not compact:
        return None, msg_count_missing(line, label)
    if compact in SSB_NIL:
        return 0, None
    if compact in SSB_NO_FIGURE:
        return None, msg_no_figure(line, label, compact)
    digits = _ZERO_DECIMALS.sub("", compact)
    if WHOLE_NUMBER.fullmatch(digits):
        return int(digits), None
    if _NEGATIVE.match(compact):
        return None, msg_negative(line, label, text)
    return None, msg_not_whole(line, label, text)
