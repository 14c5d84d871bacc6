"""Reads for the forum and the year: the innstilling side by side, conflicts of interest, and
the year overview."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet, Subquery

from grants.models import Appeal, ConflictOfInterest, RecommendationLine, Report, SchemeYear
from networks.models import User

from .. import amounts
from ..models import Case
from ..remaining import year_money
from ..states import CaseState


def recommendation_rows(scheme_year: SchemeYear) -> QuerySet[Case]:
    """All cases of the year side by side, with state, frame, budget and recommended amounts."""
    return amounts.with_amounts(
        Case.objects.filter(scheme_year=scheme_year)
        .select_related("network", "scheme_year")
        .order_by("network__name")
    ).annotate(
        recommended_note=Subquery(
            RecommendationLine.objects.filter(
                recommendation__scheme_year_id=OuterRef("scheme_year_id"),
                network_id=OuterRef("network_id"),
            ).values("note")[:1]
        )
    )


def ready_to_send(scheme_year: SchemeYear) -> QuerySet[Case]:
    """The cases whose innstilling is recorded and waits to be sent to Statsforvalteren."""
    waiting = RecommendationLine.objects.filter(
        recommendation__scheme_year_id=OuterRef("scheme_year_id"),
        network_id=OuterRef("network_id"),
        sent_at__isnull=True,
    )
    return Case.objects.filter(scheme_year=scheme_year, state=CaseState.INNSTILLING).filter(
        Exists(waiting)
    )


def conflicts_of(*, user: User, scheme_year: SchemeYear) -> list[ConflictOfInterest]:
    return list(
        ConflictOfInterest.objects.filter(user=user, scheme_year=scheme_year)
        .select_related("network")
        .order_by("network__name")
    )


def year_conflicts(scheme_year: SchemeYear) -> list[ConflictOfInterest]:
    return list(
        ConflictOfInterest.objects.filter(scheme_year=scheme_year)
        .select_related("network", "user")
        .order_by("network__name", "user__last_name")
    )


def year_overview(scheme_year: SchemeYear) -> dict[str, Any]:
    cases = list(recommendation_rows(scheme_year).select_related("report"))
    by_state = {state: 0 for state in CaseState.values}
    for case in cases:
        by_state[case.state] += 1
    reports = {status: 0 for status in Report.Status.values}
    for case in cases:
        if case.report is not None:
            reports[case.report.status] += 1
    pending_appeals = Appeal.objects.filter(
        decision__scheme_year=scheme_year, outcome=Appeal.Outcome.PENDING
    ).count()
    return {
        "cases": cases,
        "by_state": [(CaseState(s).label, n, s) for s, n in by_state.items()],
        "reports": [(Report.Status(s).label, n) for s, n in reports.items()],
        "totals": amounts.totals(cases),
        "pending_appeals": pending_appeals,
        "money": year_money(scheme_year),
    }
