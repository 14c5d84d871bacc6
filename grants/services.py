"""Writes for the scheme year and its documents."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.errors import DomainError
from config.formatting import format_date_nb

from .events import year_event
from .locks import ensure_money_open, ensure_year_open
from .messages import JOINT_PERCENT_RANGE, JOINT_SHARE_ONE_OF
from .models import LegalText, SchemeYear, default_deadlines
from .permissions import can_manage_scheme_year

DEADLINE_ORDER = (
    ("needs_deadline", gettext_lazy("frist for behovsmelding")),
    ("decision_basis_deadline", gettext_lazy("frist for beslutningsgrunnlag")),
    ("decision_deadline", gettext_lazy("frist for vedtak")),
    ("report_deadline", gettext_lazy("frist for rapportering")),
)


def _check_scheme_year_values(
    *,
    total_amount: int,
    joint_percent: Decimal | None,
    joint_amount: int | None,
    base_grant: int,
    pupil_weight: Decimal,
    child_weight: Decimal,
    deadlines: dict[str, dt.date],
) -> None:
    if total_amount < 0 or base_grant < 0:
        raise DomainError(_("Beløp kan ikke være negative."))
    if (joint_percent is None) == (joint_amount is None):
        raise DomainError(
            JOINT_SHARE_ONE_OF,
            field="joint_percent",
        )
    if joint_percent is not None and not Decimal(0) <= joint_percent <= Decimal(100):
        raise DomainError(JOINT_PERCENT_RANGE, field="joint_percent")
    if joint_amount is not None and joint_amount > total_amount:
        raise DomainError(
            _("Beløpet til fellestiltak kan ikke være større enn totalbeløpet."),
            field="joint_amount",
        )
    if pupil_weight < 0 or child_weight < 0:
        raise DomainError(_("Vektene kan ikke være negative."))
    for (first, first_label), (second, second_label) in itertools.pairwise(DEADLINE_ORDER):
        if deadlines[first] >= deadlines[second]:
            raise DomainError(
                _("%(first)s (%(a)s) må komme før %(second)s (%(b)s).")
                % {
                    "first": str(first_label).capitalize(),
                    "a": format_date_nb(deadlines[first]),
                    "second": second_label,
                    "b": format_date_nb(deadlines[second]),
                },
                field=second,
            )


def scheme_year_create(
    *,
    actor,
    year: int,
    total_amount: int,
    base_grant: int,
    joint_percent: Decimal | None = None,
    joint_amount: int | None = None,
    pupil_weight: Decimal = Decimal(1),
    child_weight: Decimal = Decimal(1),
    deadlines: dict[str, dt.date] | None = None,
) -> SchemeYear:
    """Create a scheme year with the plan's default deadlines unless others are given."""
    if not can_manage_scheme_year(actor):
        raise PermissionDenied
    if SchemeYear.objects.filter(year=year).exists():
        raise DomainError(_("Tilskuddsåret %(year)s finnes allerede.") % {"year": year})
    all_deadlines = default_deadlines(year) | (deadlines or {})
    values: dict[str, Any] = {
        "total_amount": total_amount,
        "joint_percent": joint_percent,
        "joint_amount": joint_amount,
        "base_grant": base_grant,
        "pupil_weight": pupil_weight,
        "child_weight": child_weight,
    }
    _check_scheme_year_values(**values, deadlines=all_deadlines)
    scheme_year = SchemeYear.objects.create(
        year=year, created_by=actor if actor.is_authenticated else None, **values, **all_deadlines
    )
    LegalText.objects.bulk_create(
        LegalText(
            scheme_year=scheme_year,
            key=template.key,
            title=template.title,
            text=template.text,
            text_nn=template.text_nn,
        )
        for template in LegalText.objects.filter(scheme_year=None)
    )
    year_event(
        scheme_year,
        "scheme_year_created",
        _("Tilskuddsåret %(year)s ble opprettet.") % {"year": year},
        actor=actor,
        subject=scheme_year,
    )
    return scheme_year


def scheme_year_update(*, actor, scheme_year: SchemeYear, **changes) -> SchemeYear:
    """Change the year's money or deadlines. A moved deadline is recorded as an event. Nothing
    changes in a closed year, and the money stays as decided from the year's first vedtak on."""
    if not can_manage_scheme_year(actor):
        raise PermissionDenied
    ensure_year_open(scheme_year)
    fields = [*SchemeYear.MONEY_FIELDS, *SchemeYear.DEADLINE_FIELDS]
    unknown = set(changes) - set(fields)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    merged = {f: changes.get(f, getattr(scheme_year, f)) for f in fields}
    deadlines = {name: merged.pop(name) for name in SchemeYear.DEADLINE_FIELDS}
    _check_scheme_year_values(**merged, deadlines=deadlines)
    changed = [f for f in fields if f in changes and getattr(scheme_year, f) != changes[f]]
    if set(changed) & set(SchemeYear.MONEY_FIELDS):
        ensure_money_open(scheme_year)
    for f in changed:
        setattr(scheme_year, f, changes[f])
    if changed:
        scheme_year.save(update_fields=changed)
        year_event(
            scheme_year,
            "scheme_year_changed",
            _("Tilskuddsåret %(year)s ble endret: %(fields)s.")
            % {"year": scheme_year.year, "fields": ", ".join(changed)},
            actor=actor,
            subject=scheme_year,
            data={"fields": changed},
        )
    return scheme_year
