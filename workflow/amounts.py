"""A case's amounts, annotated once and summed in one place.

Every page, export and letter that shows a network's money for a year reads these annotations, so
the frame, the budget, the innstilling and the vedtak are named the same everywhere.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any, TypeVar

from django.db.models import Case, Model, OuterRef, QuerySet, Subquery, Sum, When

from allocation.models import AllocationLine, AllocationRun, RunStatus
from grants.models import BudgetLine, Decision, RecommendationLine, Report, ReportCost

M = TypeVar("M", bound=Model)

#: Reports whose figures count as reported (a draft's are not yet).
REPORTED = (Report.Status.SUBMITTED, Report.Status.APPROVED)


def reported_costs() -> QuerySet[ReportCost]:
    """The report lines whose money counts as reported used: a final report's, once sent (an
    interim report's figures are the use so far, not what the grant was used for)."""
    return ReportCost.objects.filter(report__kind=Report.Kind.FINAL, report__status__in=REPORTED)


#: Vedtak that were made (the one in force, and those it replaced).
MADE = (Decision.Status.DECIDED, Decision.Status.SUPERSEDED)

#: The summable amounts ``with_amounts`` adds, in the order totals are shown.
AMOUNTS = (
    "frame",
    "budget_total",
    "recommended_amount",
    "recommended_uh",
    "granted_amount",
    "granted_uh",
    "used_amount",
)


def with_frame_and_budget(queryset: QuerySet[M]) -> QuerySet[M]:
    """Annotate rows that have ``scheme_year`` and ``network`` with the frozen ``frame`` (for the
    joint measures, the share set aside, as ``allocation.selectors.frozen_frame``) and the
    decision basis' ``budget_total`` (None when there is no frame or no budget line yet)."""
    return queryset.annotate(**_frame_and_budget())


def with_amounts(queryset: QuerySet[M]) -> QuerySet[M]:
    """Annotate rows that have ``scheme_year`` and ``network`` (cases, reports, decisions) with the
    year's amounts in whole kroner: the frozen ``frame``, the decision basis' ``budget_total``,
    the innstilling (``recommended_amount``, ``recommended_uh``, ``recommendation_sent``), the
    vedtak in force (``granted_amount``, ``granted_uh``, ``granted_id``), the first decision's
    ``first_decided_at`` and the money reported used (``used_amount``; None until the report is
    sent; a final report's only: see ``reported_costs``). One query however many rows."""
    return with_frame_and_budget(queryset).annotate(**_amounts())


# The annotations refer to the annotated row only through OuterRef, so each is built once per
# process and reused: ``annotate`` resolves a copy for every queryset (building them again for
# every page cost as much as compiling the page's query).


@functools.cache
def _frame_and_budget() -> dict[str, Any]:
    year = OuterRef("scheme_year_id")
    network = OuterRef("network_id")
    # one frozen run per year and one line per network in it: no ordering needed (the models'
    # default ordering would only add joins to every subquery)
    frame = AllocationLine.objects.filter(
        run__scheme_year_id=year, run__status=RunStatus.FROZEN, network_id=network
    ).order_by()
    joint_frame = AllocationRun.objects.filter(
        scheme_year_id=year, status=RunStatus.FROZEN
    ).order_by()
    budget = (
        BudgetLine.objects.filter(
            measure__decision_basis__scheme_year_id=year,
            measure__decision_basis__network_id=network,
        )
        .order_by()
        .values("measure__decision_basis_id")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return {
        "frame": Case(
            When(network__is_joint=True, then=Subquery(joint_frame.values("joint_measures")[:1])),
            default=Subquery(frame.values("frame")[:1]),
        ),
        "budget_total": Subquery(budget[:1]),
    }


@functools.cache
def _amounts() -> dict[str, Any]:
    year = OuterRef("scheme_year_id")
    network = OuterRef("network_id")
    # one innstilling per year with one line per network, one vedtak in force per network and
    # year: no ordering needed
    recommended = RecommendationLine.objects.filter(
        recommendation__scheme_year_id=year, network_id=network
    ).order_by()
    in_force = Decision.objects.filter(
        scheme_year_id=year, network_id=network, status=Decision.Status.DECIDED
    ).order_by()
    first_made = Decision.objects.filter(
        scheme_year_id=year, network_id=network, status__in=MADE
    ).order_by("decided_at")
    used = (
        reported_costs()
        .filter(report__scheme_year_id=year, report__network_id=network)
        .order_by()
        .values("report_id")
        .annotate(total=Sum("used"))
        .values("total")
    )
    return {
        "recommended_amount": Subquery(recommended.values("amount")[:1]),
        "recommended_uh": Subquery(recommended.values("uh_amount")[:1]),
        "recommendation_sent": Subquery(recommended.values("sent_at")[:1]),
        "granted_amount": Subquery(in_force.values("amount")[:1]),
        "granted_uh": Subquery(in_force.values("uh_amount")[:1]),
        "granted_id": Subquery(in_force.values("pk")[:1]),
        "first_decided_at": Subquery(first_made.values("decided_at")[:1]),
        "used_amount": Subquery(used[:1]),
    }


def totals(rows: Iterable[Any] | QuerySet[Any]) -> dict[str, int]:
    """The sum of each of ``AMOUNTS`` over annotated rows (a missing amount counts as 0). A
    queryset is summed in the database (all its rows, not one page); a list in Python."""
    if isinstance(rows, QuerySet):
        values = rows.order_by().values_list(*AMOUNTS)
        return {name: sum(int(row[i] or 0) for row in values) for i, name in enumerate(AMOUNTS)}
    rows = list(rows)
    return {name: sum(int(getattr(row, name) or 0) for row in rows) for name in AMOUNTS}
