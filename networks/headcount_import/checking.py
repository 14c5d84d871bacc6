"""Checking a whole owner file before anything is written: the header, every row, every owner.

``head_count_file_check`` reads the rows as they stream in and keeps only what the import needs:
the parsed counts of the good rows and the messages for the bad ones. Owners and this year's
counts are loaded in two queries, whatever the size of the file.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from config.errors import DomainError

from ..models import HeadCount, Owner
from .csvstream import is_blank
from .messages import (
    HEADER_SEARCH_LINES,
    children_label,
    msg_ambiguous_owner,
    msg_duplicate_owner,
    msg_no_header,
    msg_no_rows,
    msg_owner_missing,
    msg_unknown_owner_name,
    msg_unknown_owner_number,
    pupils_label,
)
from .reading import Row
from .rules import OWNER_CODE, cell_text, looks_like_header, map_header, normalise_name, parse_count


@dataclass(frozen=True)
class PreviewRow:
    """What one row of the file will do, for the page that asks for confirmation."""

    line: int
    owner: Owner
    pupils: int
    children: int
    previous_pupils: int | None = None
    previous_children: int | None = None

    @property
    def change(self) -> str:
        if self.previous_pupils is None:
            return _("Ny")
        if (self.previous_pupils, self.previous_children) == (self.pupils, self.children):
            return _("Uendret")
        return _("Endret")


@dataclass
class HeadCountPlan:
    """The outcome of checking a file: the rows to write, or why none may be written."""

    year: int
    rows: list[PreviewRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: The messages of each bad line, in the order of the file.
    row_errors: dict[int, list[str]] = field(default_factory=dict)
    #: Every line with figures below the header, good or bad (the admin shows them all).
    lines: list[int] = field(default_factory=list)
    owners_not_in_file: list[Owner] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def owner_label(owner: Owner) -> str:
    return f"{owner.name} ({owner.number})"


class OwnerLookup:
    """Find owners by number or name, all loaded in one query."""

    def __init__(self) -> None:
        owners = list(Owner.objects.select_related("network"))
        self.by_number = {o.number: o for o in owners}
        self.by_stripped = {o.number.lstrip("0"): o for o in owners}
        self.by_name: dict[str, list[Owner]] = {}
        for owner in owners:
            self.by_name.setdefault(normalise_name(owner.name), []).append(owner)

    def find(self, cells: Sequence[str], line: int) -> tuple[Owner | None, str | None]:
        """The first non-empty owner cell decides: a code if it starts with one, else a name."""
        text = next((c for c in cells if c), "")
        if not text:
            return None, msg_owner_missing(line)
        code = OWNER_CODE.match(text)
        if code:
            number = code.group(1)
            owner = self.by_number.get(number) or self.by_stripped.get(number.lstrip("0"))
            if owner is None:
                return None, msg_unknown_owner_number(line, number)
            return owner, None
        return self._by_name(text, line)

    def _by_name(self, text: str, line: int) -> tuple[Owner | None, str | None]:
        key = normalise_name(text)
        candidates = [key, *[part.strip() for part in re.split(r"\s[-–]\s", key)]]
        candidates += [c.removesuffix(" kommune") for c in candidates if c.endswith(" kommune")]
        for candidate in candidates:
            found = self.by_name.get(candidate)
            if found and len(found) > 1:
                return None, msg_ambiguous_owner(line, text)
            if found:
                return found[0], None
        return None, msg_unknown_owner_name(line, text)


def head_count_file_check(rows: Iterable[Row], *, year: int) -> HeadCountPlan:
    """Check every row of a file (as ``reading.read_rows`` gives them) for ``year``.

    A file-level problem (unreadable, over a cap, no header) is the only message; otherwise
    every bad row is named, and ``rows`` holds the good ones only when there are no bad ones.
    """
    plan = HeadCountPlan(year=year)
    try:
        _check(iter(rows), plan)
    except DomainError as error:
        plan.errors, plan.row_errors, plan.rows, plan.lines = [error.message], {}, [], []
    if plan.errors:
        plan.rows, plan.owners_not_in_file = [], []
    return plan


def _check(rows, plan: HeadCountPlan) -> None:
    top = list(itertools.islice(rows, HEADER_SEARCH_LINES))
    header_at = next((i for i, (_l, cells) in enumerate(top) if looks_like_header(cells)), None)
    if header_at is None:
        raise DomainError(msg_no_header())
    header_line, header_cells = top[header_at]
    mapping = map_header(header_line, header_cells)
    if mapping.errors:
        raise DomainError(" ".join(mapping.errors))

    lookup = OwnerLookup()
    previous = {
        owner_id: (pupils, children)
        for owner_id, pupils, children in HeadCount.objects.filter(year=plan.year).values_list(
            "owner_id", "pupils", "children"
        )
    }
    first_line: dict[int, int] = {}
    counts = (
        ("pupils", mapping.pupils, pupils_label()),
        ("children", mapping.children, children_label()),
    )
    for line, cells in itertools.chain(top[header_at + 1 :], rows):
        if is_blank(cells):
            continue
        plan.lines.append(line)
        errors: list[str] = []
        owner_cells = [cell_text(cells[i]) if i < len(cells) else "" for i in mapping.owner]
        owner, error = lookup.find(owner_cells, line)
        if error:
            errors.append(error)
        elif owner is not None and owner.pk in first_line:
            errors.append(msg_duplicate_owner(line, owner_label(owner), first_line[owner.pk]))
        elif owner is not None:
            first_line[owner.pk] = line
        values: dict[str, int | None] = {}
        for attr, index, label in counts:
            cell = cells[index] if index is not None and index < len(cells) else None
            values[attr], error = parse_count(cell, line=line, label=label)
            if error:
                errors.append(error)
        if errors:
            plan.row_errors[line] = errors
            plan.errors.extend(errors)
        elif owner is not None and not plan.errors:
            before = previous.get(owner.pk)
            plan.rows.append(
                PreviewRow(
                    line=line,
                    owner=owner,
                    pupils=values["pupils"] or 0,
                    children=values["children"] or 0,
                    previous_pupils=before[0] if before else None,
                    previous_children=before[1] if before else None,
                )
            )
    if not plan.lines:
        raise DomainError(msg_no_rows())
    plan.owners_not_in_file = sorted(
        (o for o in lookup.by_number.values() if o.is_active and o.pk not in first_line),
        key=lambda o: o.name,
    )
