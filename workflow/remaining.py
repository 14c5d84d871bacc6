"""The year's remaining money: what is neither granted nor held for a case still waiting for
its vedtak. One function computes it (``year_money``); the year page, the supplementary grants
(tilleggstildeling) and the ledger read it, exact to the krone.

    remaining = total − Σ granted (the vedtak in force of every case, the joint measures
                included, supplementary grants included) − Σ frames of the cases still waiting
                for a vedtak (the joint measures' frame is the share set aside)

A refused or withdrawn case holds nothing, and a vedtak below its frame leaves the difference:
both become remaining money. Before the allocation is frozen nothing is remaining (the money is
not yet divided).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Sum

from allocation.models import AllocationRun, RunStatus
from grants.models import Decision, SchemeYear

from . import amounts
from .models import Case
from .states import CaseState

#: Cases that hold no money unless a vedtak was made: refused or withdrawn.
RELEASED_STATES = (CaseState.AVSLATT, CaseState.TRUKKET)


@dataclass(frozen=True)
class YearMoney:
    """A scheme year's money in whole kroner."""

    total: int
    #: the share set aside for joint measures (the frozen run's), 0 before it is frozen
    joint_set_aside: int
    #: Σ the vedtak in force, joint measures and supplementary grants included
    granted: int
    #: of which the joint measures' vedtak in force
    granted_joint: int
    #: Σ supplementary grants decided (tilleggstildelinger)
    supplements: int
    #: Σ frames of cases still waiting for a vedtak (held for them)
    reserved: int
    #: Σ supplementary grants recommended and not yet decided (drafts)
    pending_supplements: int
    #: whether the allocation is frozen (before it is, nothing is remaining)
    frozen: bool

    @property
    def remaining(self) -> int:
        """Neither granted nor held: what a supplementary grant may come from, and what is
        unspent when the year ends."""
        if not self.frozen:
            return 0
        return self.total - self.granted - self.reserved

    @property
    def available(self) -> int:
        """Remaining money not yet recommended as a supplementary grant."""
        return max(self.remaining - self.pending_supplements, 0)


def year_money(scheme_year: SchemeYear) -> YearMoney:
    """The year's money (a few queries, however many cases)."""
    run = (
        AllocationRun.objects.filter(scheme_year=scheme_year, status=RunStatus.FROZEN)
        .values("total_amount", "joint_measures")
        .first()
    )
    cases = amounts.with_amounts(
        Case.objects.filter(scheme_year=scheme_year).select_related("network")
    )
    granted = granted_joint = reserved = 0
    joint_has_case = False
    for case in cases:
        joint_has_case = joint_has_case or case.network.is_joint
        if case.granted_amount is not None:
            granted += int(case.granted_amount)
            if case.network.is_joint:
                granted_joint += int(case.granted_amount)
        elif case.state not in RELEASED_STATES:
            reserved += int(case.frame or 0)
    joint_set_aside = int(run["joint_measures"]) if run else 0
    if run and not joint_has_case:
        # A year without a joint-measures case still holds its share set aside.
        reserved += joint_set_aside
    made = Decision.objects.filter(scheme_year=scheme_year, status__in=amounts.MADE)
    supplements = int(made.aggregate(total=Sum("supplement"))["total"] or 0)
    pending = Decision.objects.filter(
        scheme_year=scheme_year, status=Decision.Status.DRAFT, supplement__gt=0
    ).aggregate(total=Sum("supplement"))["total"]
    return YearMoney(
        total=int(run["total_amount"]) if run else int(scheme_year.total_amount),
        joint_set_aside=joint_set_aside,
        granted=granted,
        granted_joint=granted_joint,
        supplements=supplements,
        reserved=reserved,
        pending_supplements=int(pending or 0),
        frozen=run is not None,
    )
