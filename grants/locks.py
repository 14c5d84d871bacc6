"""When a scheme year stops changing: the guards every write service calls.

- From the year's first vedtak on, its money (total, joint share, allocation key) and its
  allocation are fixed: the vedtak and the published open data were made from them
  (``ensure_money_open``).
- Once Statsforvalteren has closed the year, nothing of it changes (``ensure_year_open``): every
  write service touching one of the year's objects calls it (``workflow.services.run_step`` and
  ``bump_version`` do for the steps and the versioned documents).
"""

from __future__ import annotations

from typing import Any

from config.errors import DomainError

from .messages import YEAR_CLOSED, YEAR_MONEY_LOCKED
from .models import Decision, SchemeYear


def _scheme_year(of: Any) -> SchemeYear:
    """The scheme year itself, or that of an object with a ``scheme_year`` (a case, a document)
    or with a ``case`` (a document of a case)."""
    if isinstance(of, SchemeYear):
        return of
    if hasattr(of, "scheme_year"):
        return of.scheme_year
    if hasattr(of, "case"):
        return of.case.scheme_year
    raise TypeError(f"{type(of).__name__} has no scheme year to guard")


def year_is_closed(of: Any) -> bool:
    return _scheme_year(of).closed_at is not None


def year_closed_error(scheme_year: SchemeYear) -> DomainError:
    return DomainError(YEAR_CLOSED % {"year": scheme_year.year}, code="year_closed")


def ensure_year_open(of: Any) -> None:
    """Refuse any write to a closed year (``of``: the year, or an object of the year)."""
    scheme_year = _scheme_year(of)
    if scheme_year.closed_at is not None:
        raise year_closed_error(scheme_year)


def ensure_year_number_open(year: int) -> None:
    """``ensure_year_open`` for a write that knows only the year's number."""
    scheme_year = SchemeYear.objects.filter(year=year, closed_at__isnull=False).first()
    if scheme_year is not None:
        raise year_closed_error(scheme_year)


def money_is_locked(scheme_year: SchemeYear) -> bool:
    """The year has (or had) a vedtak in force, or is closed."""
    return (
        scheme_year.closed_at is not None
        or Decision.objects.filter(scheme_year=scheme_year)
        .exclude(status=Decision.Status.DRAFT)
        .exists()
    )


def ensure_money_open(scheme_year: SchemeYear) -> None:
    """Refuse changing the year's total, money settings or allocation after its first vedtak."""
    ensure_year_open(scheme_year)
    if money_is_locked(scheme_year):
        raise DomainError(YEAR_MONEY_LOCKED % {"year": scheme_year.year}, code="money_locked")
