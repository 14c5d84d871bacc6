"""What the large world's parts share: its size, its stages and which documents each has."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from ..states import CaseState

S = CaseState
BATCH = 2000
OWNERS_PER_NETWORK = 10
BASE_GRANT = 300_000
SOURCE = "Skalatest: genererte tall"

#: The stages in the order a case passes them; the current year cycles through all of them.
STAGES = (
    S.BEHOVSMELDING,
    S.BESLUTNINGSGRUNNLAG,
    S.INNSTILLING,
    S.VEDTAK,
    S.RAPPORTERING,
    S.AVSLUTTET,
)

#: The transitions (name, source, target) that bring a new case to each stage.
PATH = (
    ("start_decision_basis", S.BEHOVSMELDING, S.BESLUTNINGSGRUNNLAG),
    ("submit_decision_basis", S.BESLUTNINGSGRUNNLAG, S.INNSTILLING),
    ("recommend", S.INNSTILLING, S.VEDTAK),
    ("open_reporting", S.VEDTAK, S.RAPPORTERING),
    ("approve_report", S.RAPPORTERING, S.AVSLUTTET),
)


#: What each stage implies (documentation for readers and the test; the builder follows it).
STATE_DOCUMENTS = {
    S.BEHOVSMELDING: "needs reports (half sent), an empty decision basis",
    S.BESLUTNINGSGRUNNLAG: "sent needs reports, a decision basis being written (measures, budget)",
    S.INNSTILLING: "a submitted decision basis; every other one has a recorded innstilling line",
    S.VEDTAK: "an innstilling line sent; a draft vedtak, every other one decided",
    S.RAPPORTERING: "a decided vedtak and a report (draft or sent)",
    S.AVSLUTTET: "a decided vedtak and an approved report",
}


@dataclass
class ScaleSummary:
    networks: int = 0
    owners: int = 0
    years: list[int] = field(default_factory=list)
    cases_by_state: dict[str, int] = field(default_factory=dict)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


def _stage_index(state: str) -> int:
    return STAGES.index(S(state))
