"""Remembering answers for one page or one transition, and today's date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.utils import timezone

T = TypeVar("T")


def today() -> dt.date:
    return timezone.localdate()


# --- Remembering answers for one page or one transition ---------------------------------------
# Several rules ask the database the same question many times while one page is built or one
# step is taken (is there a vedtak in force? a draft? the frame? the budget?). Inside
# ``remembering(case)`` each answer is read once and kept on the case (and its decision basis);
# outside it every call reads afresh, so code that keeps a case object across changes (tests,
# shells) never sees a stale answer. Services that change an answer call ``forget(case)``.

_MEMO = "_rules_memo"


def _holders(case) -> list:
    basis = case._state.fields_cache.get("decision_basis")
    return [case] if basis is None else [case, basis]


@contextmanager
def remembering(case) -> Iterator[None]:
    """Keep the rules' answers about ``case`` until the block ends (nested blocks share them);
    those about its decision basis too when the case was read with it."""
    if getattr(case, _MEMO, None) is not None:
        yield
        return
    holders = _holders(case)
    for holder in holders:
        setattr(holder, _MEMO, {})
    _seed_from_annotations(case)
    try:
        yield
    finally:
        for holder in holders:
            holder.__dict__.pop(_MEMO, None)


def forget(case) -> None:
    """Drop what ``remembering`` kept about ``case`` (after a change to what the rules read)."""
    for holder in _holders(case):
        memo = getattr(holder, _MEMO, None)
        if memo is not None:
            memo.clear()


def _seed_from_annotations(case) -> None:
    """Answers the case read already carries (``selectors.case_get`` annotates them), so the
    page asks the database once for the case and its frame, budget and local deadline."""
    found = case.__dict__
    if "frame" in found:
        remember(case, "frame", found["frame"])
    if "budget_total" in found and len(_holders(case)) > 1:
        remember(case.decision_basis, "total:None", int(found["budget_total"] or 0))
    if "local_needs_deadline" in found:
        remember(
            case, "needs_deadline", _needs_deadline(found["local_needs_deadline"], case.scheme_year)
        )


def is_remembering(holder, key: str | None = None) -> bool:
    """Whether ``remembering`` keeps answers about ``holder`` now (with ``key``: and has that one
    already)."""
    memo = getattr(holder, _MEMO, None)
    return memo is not None and (key is None or key in memo)


def remember(holder, key: str, value: object) -> None:
    """Give ``remembering`` an answer already read (e.g. the page's own list of measures)."""
    memo = getattr(holder, _MEMO, None)
    if memo is not None:
        memo[key] = value


def remembered(holder, key: str, read: Callable[[], T]) -> T:
    """``read()``, or inside ``remembering`` what it gave the first time for ``holder``."""
    memo = getattr(holder, _MEMO, None)
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]


def _needs_deadline(local: dt.date | None, scheme_year) -> dt.date:
    """The network's local deadline for needs reports if it set one, else the year's."""
    return local or scheme_year.needs_deadline
