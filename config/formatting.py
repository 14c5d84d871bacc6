"""The one place that turns amounts and dates into Norwegian text.

Used by templates (through ``networks.templatetags.nb``), PDFs and command output, so that every
amount a person reads looks the same: ``1 234 567 kr``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

MONTHS_NB = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)

MINUS = "\u2212"


def format_number(value: int | Decimal) -> str:
    """Group digits in threes with a space, Norwegian style: 1234567 -> '1 234 567'."""
    if isinstance(value, Decimal) and value != value.to_integral_value():
        whole, _, frac = f"{abs(value):f}".partition(".")
        grouped = f"{int(whole):,}".replace(",", " ") + "," + frac
    else:
        grouped = f"{abs(int(value)):,}".replace(",", " ")
    return (MINUS if value < 0 else "") + grouped


def format_kroner(amount: int | Decimal | None) -> str:
    """Whole kroner as people read them: 1234567 -> '1 234 567 kr'; None -> '–'."""
    if amount is None:
        return "–"
    return f"{format_number(amount)} kr"


def format_date_nb(value: dt.date | None) -> str:
    """A date as Norwegian text: 2027-02-01 -> '1. februar 2027'; None -> '–'."""
    if value is None:
        return "–"
    return f"{value.day}. {MONTHS_NB[value.month - 1]} {value.year}"


def field_label(model: Any, name: str) -> str:
    """The label people read for a model field (its verbose name), as text."""
    return str(getattr(model._meta.get_field(name), "verbose_name", name))
