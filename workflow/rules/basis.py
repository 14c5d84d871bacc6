"""Deadlines, the frame, the decision basis and the innstilling."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet, Sum
from django.utils.translation import gettext as _

from config.formatting import format_date_nb, format_kroner
from grants.models import (
    BudgetLine,
    LocalDeadline,
    Measure,
    RecommendationLine,
    SchemeYear,
)
from networks.models import Network

from .memo import _needs_deadline, remembered, today


def needs_deadline(*, scheme_year: SchemeYear, network: Network) -> dt.date:
    """The network's local deadline for needs reports, else the year's recommended one."""
    local = (
        LocalDeadline.objects.filter(scheme_year=scheme_year, network=network)
        .values_list("needs_deadline", flat=True)
        .first()
    )
    return _needs_deadline(local, scheme_year)


def case_needs_deadline(case) -> dt.date:
    """``needs_deadline`` for the case's network and year."""
    return remembered(
        case,
        "needs_deadline",
        lambda: needs_deadline(scheme_year=case.scheme_year, network=case.network),
    )


def decision_basis_deadline(case) -> dt.date:
    return case.decision_basis_reopened_until or case.scheme_year.decision_basis_deadline


def decision_basis_total(decision_basis, *, kind: str | None = None) -> int:
    """The decision basis' budget in whole kroner (of one kind of budget line, if given)."""

    def read() -> int:
        lines = BudgetLine.objects.filter(measure__decision_basis=decision_basis)
        if kind is not None:
            lines = lines.filter(kind=kind)
        return int(lines.aggregate(total=Sum("amount"))["total"] or 0)

    return remembered(decision_basis, f"total:{kind}", read)


def case_frame(case) -> int | None:
    """The network's frozen, published frame for the case's year, or None before it exists."""
    from allocation.selectors import frozen_frame

    return remembered(
        case, "frame", lambda: frozen_frame(network=case.network, year=case.scheme_year.year)
    )


def with_has_budget_lines(measures: QuerySet[Measure]) -> QuerySet[Measure]:
    """Measures annotated with ``has_budget_lines``, in the same query."""
    return measures.annotate(
        has_budget_lines=Exists(BudgetLine.objects.filter(measure_id=OuterRef("pk")))
    )


def decision_basis_problems(case) -> list[str]:
    basis = case.decision_basis
    problems: list[str] = []
    if not basis.summary.strip():
        problems.append(_("Sammendraget mangler."))
    # measures annotated with ``has_budget_lines`` (the case's documents page gives its own list,
    # ``selectors.case_measures``, annotated alike)
    measures: list[Any] = remembered(
        basis, "measures", lambda: list(with_has_budget_lines(basis.measures.all()))
    )
    if not measures:
        problems.append(_("Beslutningsgrunnlaget må ha minst ett tiltak."))
    for measure in measures:
        if not measure.target_groups:
            problems.append(_("Tiltaket «%(title)s» mangler målgruppe.") % {"title": measure.title})
        if not measure.has_budget_lines:
            problems.append(
                _("Tiltaket «%(title)s» mangler budsjettlinjer.") % {"title": measure.title}
            )
    for label in basis.missing_criteria():
        problems.append(
            _("Kriteriet «%(criterion)s» må bekreftes og begrunnes skriftlig.")
            % {"criterion": label}
        )
    return problems


def frame_problem(case) -> str | None:
    frame = case_frame(case)
    if frame is None:
        return _(
            "Nettverket har ingen publisert forhåndstildelt ramme for %(year)s ennå. "
            "Fordelingen må fryses før beslutningsgrunnlaget kan sendes."
        ) % {"year": case.scheme_year.year}
    total = decision_basis_total(case.decision_basis)
    if total > frame:
        return _(
            "Budsjettet (%(total)s) er større enn den forhåndstildelte rammen (%(frame)s) "
            "med %(over)s."
        ) % {
            "total": format_kroner(total),
            "frame": format_kroner(frame),
            "over": format_kroner(total - frame),
        }
    return None


def decision_basis_submit_problems(case) -> list[str]:
    """Everything that stops the partnership from sending its decision basis now."""
    problems = decision_basis_problems(case)
    frame = frame_problem(case)
    if frame:
        problems.append(frame)
    deadline = decision_basis_deadline(case)
    if today() > deadline:
        problems.append(
            _(
                "Fristen for beslutningsgrunnlaget var %(date)s. Sekretariatet for "
                "samarbeidsforum kan åpne for innsending etter fristen."
            )
            % {"date": format_date_nb(deadline)}
        )
    return problems


def decision_basis_is_complete(case) -> bool:
    return not decision_basis_problems(case)


def decision_basis_within_frame(case) -> bool:
    return frame_problem(case) is None


def recommendation_line(case) -> RecommendationLine | None:
    return remembered(
        case,
        "recommendation_line",
        lambda: RecommendationLine.objects.filter(
            recommendation__scheme_year=case.scheme_year, network=case.network
        ).first(),
    )


def has_recommendation_line(case) -> bool:
    return recommendation_line(case) is not None
