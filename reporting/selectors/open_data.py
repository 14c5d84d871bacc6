"""Open data: what is published for a year once its decisions are made."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils import timezone

from allocation.models import AllocationRun, RunStatus
from allocation.selectors import frozen_run
from grants.models import (
    Decision,
    SchemeYear,
)
from workflow.models import Case
from workflow.states import NO_GRANT_STATES, OUTCOME_STATES, CaseState

from ..pdf import AllocationRow
from .common import allocation_figures

#: The published columns, in this order. Changing them breaks the people who read the files.
OPEN_DATA_COLUMNS = ("network", "pupils", "children", "base", "pro_rata", "frame", "granted")


@dataclass(frozen=True)
class OpenDataRow(AllocationRow):
    """A row of the allocation table with the granted amount once the vedtak is made."""

    granted: int | None = None

    def as_dict(self) -> dict[str, str | int | None]:
        return {name: getattr(self, name) for name in OPEN_DATA_COLUMNS}


@dataclass(frozen=True)
class OpenData:
    year: int
    published: bool
    rows: tuple[OpenDataRow, ...] = ()
    decided_on: dt.date | None = None
    frozen_on: dt.date | None = None
    joint_measures: int | None = None
    total: int | None = None

    def total_of(self, name: str) -> int:
        return sum(getattr(row, name) or 0 for row in self.rows)

    @property
    def totals(self) -> dict[str, int]:
        return {name: self.total_of(name) for name in OPEN_DATA_COLUMNS[1:]}


def _published_condition():
    """A year is published when its allocation is frozen, it has cases, and every case has a
    vedtak in force (a grant or a refusal) or was withdrawn: nothing is shown while any network
    still waits for its vedtak."""
    frozen = AllocationRun.objects.filter(scheme_year=OuterRef("pk"), status=RunStatus.FROZEN)
    cases = Case.objects.filter(scheme_year=OuterRef("pk")).exclude(state=CaseState.TRUKKET)
    in_force = Decision.objects.filter(
        scheme_year=OuterRef("scheme_year_id"),
        network=OuterRef("network_id"),
        status=Decision.Status.DECIDED,
    )
    waiting = (
        cases.exclude(state__in=list(OUTCOME_STATES))
        .annotate(decided=Exists(in_force))
        .filter(decided=False)
    )
    return Exists(frozen) & Exists(cases) & ~Exists(waiting)


def published_years() -> list[int]:
    return list(
        SchemeYear.objects.filter(_published_condition())
        .order_by("-year")
        .values_list("year", flat=True)
    )


def open_data(year: int) -> OpenData | None:
    """The year's frozen allocation and decided amounts; None for an unknown year."""
    scheme_year = (
        SchemeYear.objects.filter(year=year).annotate(is_published=_published_condition()).first()
    )
    if scheme_year is None:
        return None
    if not scheme_year.is_published:
        return OpenData(year=year, published=False)
    run = frozen_run(year)
    if run is None:  # published years have a frozen run
        return OpenData(year=year, published=False)
    # A refused network's vedtak in force grants 0 kr; a withdrawn network was granted nothing.
    granted = dict.fromkeys(
        Case.objects.filter(scheme_year=scheme_year, state__in=NO_GRANT_STATES).values_list(
            "network_id", flat=True
        ),
        0,
    )
    granted.update(
        Decision.objects.filter(
            scheme_year=scheme_year, status=Decision.Status.DECIDED
        ).values_list("network_id", "amount")
    )
    last_decided = (
        Decision.objects.filter(scheme_year=scheme_year, status=Decision.Status.DECIDED)
        .order_by("-decided_at")
        .values_list("decided_at", flat=True)
        .first()
    )
    return OpenData(
        year=year,
        published=True,
        rows=tuple(
            OpenDataRow(**allocation_figures(line), granted=granted.get(line.network_id))
            for line in run.lines.all()
        ),
        decided_on=timezone.localdate(last_decided) if last_decided else None,
        frozen_on=timezone.localdate(run.frozen_at),
        joint_measures=int(run.joint_measures),
        total=int(run.total_amount),
    )
