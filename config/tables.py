"""The total of one column of a table whose ``rows`` are objects (a dataclass of rows shown as a
page's or a PDF's table with a sum line)."""

from __future__ import annotations

from typing import Any, overload


class ColumnTotal:
    """A read-only attribute: the sum of the field ``name`` over the owner's ``rows`` (a missing
    amount, None, counts as 0). ``frames = ColumnTotal("frame")``."""

    def __init__(self, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, table: None, owner: type | None = None) -> ColumnTotal: ...

    @overload
    def __get__(self, table: object, owner: type | None = None) -> int: ...

    def __get__(self, table: Any, owner: type | None = None) -> int | ColumnTotal:
        if table is None:
            return self
        return sum(getattr(row, self.name) or 0 for row in table.rows)
