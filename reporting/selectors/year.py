"""The year's rows with their amounts and deadlines, and the dashboard built from them."""

from __future__ import annotations

import datetime as dt
import enum
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from allocation.models import AllocationRun, RunStatus
from config.tables import ColumnTotal
from grants.models import (
    Decision,
    NeedsReport,
    Report,
    SchemeYear,
)
from networks.models import Network
from workflow.amounts import MADE, with_amounts
from workflow.models import Case
from workflow.states import NO_GRANT_STATES, CaseState

from .common import (
    _scoped,
    _sorted_by_network,
)
from .ledger import settled_by_network


class Deadline(enum.Enum):
    MET = "met"
    LATE = "late"
    MISSED = "missed"
    OPEN = "open"
    #: the case ended without a grant (refused or withdrawn) before this was due
    NONE = "none"

    @property
    def label(self) -> str:
        return {
            Deadline.MET: _("Innen fristen"),
            Deadline.LATE: _("Etter fristen"),
            Deadline.MISSED: _("Ikke levert, fristen er passert"),
            Deadline.OPEN: _("Ikke levert ennå"),
            Deadline.NONE: _("Gjelder ikke"),
        }[self]

    @property
    def is_missed(self) -> bool:
        return self in (Deadline.LATE, Deadline.MISSED)


def deadline_status(done_at: dt.datetime | None, deadline: dt.date, today: dt.date) -> Deadline:
    if done_at is not None:
        return Deadline.MET if timezone.localdate(done_at) <= deadline else Deadline.LATE
    return Deadline.MISSED if today > deadline else Deadline.OPEN


@dataclass
class YearRow:
    """One network's case in the year with its amounts, deadlines and letters."""

    case: Case
    frame: int | None
    recommended: int | None
    recommended_uh: int | None
    granted: int | None
    granted_uh: int | None
    used: int | None
    basis_deadline: Deadline
    decision_deadline: Deadline
    report_deadline: Deadline
    decisions: list[Decision] = field(default_factory=list)
    needs_submitted: int = 0
    needs_late: int = 0
    #: what was claimed back (the ledger's ``reclaimed``; a carry-over is not owed)
    reclaimed: int = 0

    @property
    def network(self) -> Network:
        return self.case.network

    @property
    def state_label(self) -> str:
        return str(self.case.get_state_display())

    @property
    def report(self) -> Report | None:
        return self.case.report

    @property
    def report_status_label(self) -> str:
        report = self.case.report
        if report is None:
            return _("Ikke åpnet")
        status = str(report.get_status_display())
        return f"{report.get_kind_display()}: {status.lower()}" if report.is_interim else status

    @property
    def deadline_statuses(self) -> tuple[Deadline, Deadline, Deadline]:
        return (self.basis_deadline, self.decision_deadline, self.report_deadline)

    @property
    def to_return(self) -> int:
        """What the network was claimed to pay back (not granted − used: unused money may be
        carried over to next year, or not yet settled)."""
        return self.reclaimed


def year_rows(*, scheme_year: SchemeYear, viewer=None) -> list[YearRow]:
    """Every case of the year the viewer may read (all when ``viewer`` is None), in Norwegian
    name order. Four queries, whatever the number of networks."""
    # an interim report sent meets the report deadline (the final report comes later)
    interim_sent = Report.objects.filter(
        scheme_year_id=OuterRef("scheme_year_id"),
        network_id=OuterRef("network_id"),
        kind=Report.Kind.INTERIM,
        submitted_at__isnull=False,
    ).values("submitted_at")[:1]
    cases = with_amounts(
        _scoped(Case.objects.filter(scheme_year=scheme_year), viewer).select_related(
            "network", "decision_basis", "report"
        )
    ).annotate(interim_sent_at=Subquery(interim_sent))
    decisions: dict[int, list[Decision]] = defaultdict(list)
    made = _scoped(
        Decision.objects.filter(scheme_year=scheme_year, status__in=MADE), viewer
    ).order_by("-decided_at", "-id")
    for decision in made.only("pk", "network_id", "status", "amount", "decided_at"):
        decisions[decision.network_id].append(decision)
    needs = (
        _scoped(NeedsReport.objects.filter(scheme_year=scheme_year), viewer)
        .order_by()
        .values("network_id")
        .annotate(
            submitted=Count("pk", filter=Q(status=NeedsReport.Status.SUBMITTED)),
            late=Count("pk", filter=Q(status=NeedsReport.Status.SUBMITTED, is_late=True)),
        )
    )
    needs_by_network = {row["network_id"]: row for row in needs}
    reclaimed, _carried = settled_by_network(scheme_year)
    today = timezone.localdate()
    rows = []
    for case in cases:
        report = case.report
        counts = needs_by_network.get(case.network_id, {})
        # A refused or withdrawn case was granted nothing and reports nothing.
        no_grant = case.state in NO_GRANT_STATES
        rows.append(
            YearRow(
                case=case,
                frame=case.frame,
                recommended=case.recommended_amount,
                recommended_uh=case.recommended_uh,
                granted=0 if no_grant else case.granted_amount,
                granted_uh=0 if no_grant else case.granted_uh,
                used=case.used_amount,
                basis_deadline=deadline_status(
                    case.decision_basis.submitted_at, scheme_year.decision_basis_deadline, today
                ),
                decision_deadline=Deadline.NONE
                if case.state == CaseState.TRUKKET
                else deadline_status(case.first_decided_at, scheme_year.decision_deadline, today),
                report_deadline=Deadline.NONE
                if no_grant
                else deadline_status(
                    case.interim_sent_at or (report.submitted_at if report else None),
                    scheme_year.report_deadline,
                    today,
                ),
                decisions=decisions.get(case.network_id, []),
                needs_submitted=counts.get("submitted", 0),
                needs_late=counts.get("late", 0),
                reclaimed=reclaimed[case.network_id],
            )
        )
    return _sorted_by_network(rows)


# --- dashboard ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    label: str
    value: int


@dataclass(frozen=True)
class DeadlineSummary:
    label: str
    deadline: dt.date
    met: int
    late: int
    missed: int
    open: int


@dataclass
class Dashboard:
    scheme_year: SchemeYear
    rows: list[YearRow]
    states: list[Figure]
    joint_measures: int | None
    deadlines: list[DeadlineSummary]

    frames = ColumnTotal("frame")
    recommended = ColumnTotal("recommended")
    granted = ColumnTotal("granted")
    used = ColumnTotal("used")
    to_return = ColumnTotal("to_return")
    needs_submitted = ColumnTotal("needs_submitted")
    needs_late = ColumnTotal("needs_late")

    @property
    def money(self) -> list[Figure]:
        return [
            Figure(_("Fordelt (rammer)"), self.frames),
            Figure(_("Innstilt"), self.recommended),
            Figure(_("Innvilget"), self.granted),
            Figure(_("Brukt"), self.used),
            Figure(_("Tilbakebetales"), self.to_return),
        ]


def dashboard(*, scheme_year: SchemeYear) -> Dashboard:
    rows = year_rows(scheme_year=scheme_year)
    by_state: dict[str, int] = defaultdict(int)
    for row in rows:
        by_state[row.case.state] += 1
    run = (
        AllocationRun.objects.filter(scheme_year=scheme_year, status=RunStatus.FROZEN)
        .values_list("joint_measures", flat=True)
        .first()
    )
    deadlines = []
    for attr, label, deadline in (
        ("basis_deadline", _("Beslutningsgrunnlag"), scheme_year.decision_basis_deadline),
        ("decision_deadline", _("Vedtak"), scheme_year.decision_deadline),
        ("report_deadline", _("Rapport"), scheme_year.report_deadline),
    ):
        statuses = [getattr(row, attr) for row in rows]
        deadlines.append(
            DeadlineSummary(
                label=label,
                deadline=deadline,
                met=statuses.count(Deadline.MET),
                late=statuses.count(Deadline.LATE),
                missed=statuses.count(Deadline.MISSED),
                open=statuses.count(Deadline.OPEN),
            )
        )
    return Dashboard(
        scheme_year=scheme_year,
        rows=rows,
        states=[Figure(str(label), by_state[value]) for value, label in CaseState.choices],
        joint_measures=run,
        deadlines=deadlines,
    )
