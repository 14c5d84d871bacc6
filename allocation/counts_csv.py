"""The counts of ``allocate --counts`` as the engine's ``NetworkCounts``.

The format and its rules are ``networks.headcount_import.network_totals`` (one head-count import
module); this only turns its rows into engine values and its errors into ``AllocationError``.
"""

from __future__ import annotations

from collections.abc import Iterable

from allocation.engine import AllocationError, NetworkCounts
from config.errors import DomainError
from networks.headcount_import.network_totals import parse_network_totals, read_network_totals


def parse_counts_csv(text: str) -> list[NetworkCounts]:
    """Parse the counts file given as text; blank lines are skipped, anything else odd is an
    error naming its line."""
    return _counts(lambda: parse_network_totals(text))


def read_counts_csv(stream: Iterable[bytes]) -> list[NetworkCounts]:
    """The same, read as a stream of bytes (a file or stdin), which must be UTF-8."""
    return _counts(lambda: read_network_totals(stream))


def _counts(parse) -> list[NetworkCounts]:
    try:
        return [NetworkCounts(name, pupils, children) for name, pupils, children in parse()]
    except DomainError as error:
        raise AllocationError(error.message, code=error.code, field=error.field) from None
