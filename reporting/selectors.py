"""Reads for reporting: the year's rows with their amounts, the PDF inputs built from stored rows,
the dashboard's figures and the open data. Every list is read in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import enum
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from allocation.models import AllocationLine, AllocationRun, RunStatus
from allocation.selectors import frozen_frame, frozen_run, nb_sort_key
from grants.models import (
    Decision,
    NeedsReport,
    Recommendation,
    RecommendationLine,
    Report,
    ReportCost,
    SchemeYear,
)
from grants.selectors import legal_texts
from networks.models import Event, Network, University
from workflow.events import LETTER_FAILED, LETTER_PROBLEMS
from workflow.models import Case
from workflow.states import CaseState

from .models import LetterBatch
from .pdf import (
    AllocationRow,
    AllocationTableData,
    DecisionLetterData,
    Issuer,
    JointMeasure,
    RecommendationData,
    RecommendationRow,
    Signatory,
    YearReportData,
    YearReportRow,
)
from .permissions import visible_network_ids

STATSFORVALTEREN = Issuer(
    name="Statsforvalteren i Trøndelag",
    unit="Oppvekst- og utdanningsavdelingen",
    address_lines=("Postboks 4710 Torgarden", "7468 Trondheim"),
)
FORUM = Issuer(name="Samarbeidsforum for Kompetanseløftet i Trøndelag")
CASE_OFFICER_TITLE = "saksbehandler"
REPORT_INSTRUCTIONS = (
    "Rapporten sendes i Kompetanseløftet. Den skal vise hva som er gjort i hvert tiltak, hvor "
    "mange som er nådd, og hva midlene er brukt til. Midler som ikke er brukt, skal betales "
    "tilbake."
)
NO_UH_PARTNER = "UH-partneren i partnerskapet"

#: Reports whose figures count: sent to Statsforvalteren, or approved.
REPORTED = (Report.Status.SUBMITTED, Report.Status.APPROVED)
#: Decisions that have been made (in force now, or replaced after a klage): they have letters.
MADE = (Decision.Status.DECIDED, Decision.Status.SUPERSEDED)


def scheme_year_get(year: int) -> SchemeYear | None:
    return SchemeYear.objects.filter(year=year).first()


def scheme_year_list() -> list[SchemeYear]:
    return list(SchemeYear.objects.order_by("-year"))


def _scoped(queryset: QuerySet, viewer) -> QuerySet:
    """Only the networks ``viewer`` may read (all of them for the regional bodies)."""
    if viewer is None:
        return queryset
    ids = visible_network_ids(viewer)
    return queryset if ids is None else queryset.filter(network_id__in=ids)


def _sorted_by_network(items, name=lambda item: item.network.name):
    return sorted(items, key=lambda item: nb_sort_key(name(item)))


# --- decision letters -----------------------------------------------------------------------


def decision_for_letter(pk: int) -> Decision | None:
    """A decision that has been made, with what its letter needs; drafts have no letter."""
    return (
        Decision.objects.filter(pk=pk, status__in=MADE)
        .select_related("network__partnership", "scheme_year", "decided_by")
        .prefetch_related("network__partnership__universities")
        .first()
    )


def uh_partner_names(network: Network) -> list[str]:
    partnership = getattr(network, "partnership", None)
    if partnership is None:
        return []
    universities: list[University] = sorted(
        partnership.universities.all(), key=lambda u: nb_sort_key(u.short_name)
    )
    return [u.name for u in universities]


def _join_names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} og {names[-1]}"


def decision_reference(decision: Decision) -> str:
    """Our reference: year and network; a correction after a klage adds the vedtak number."""
    reference = f"{decision.scheme_year.year}/{decision.network.slug}"
    return f"{reference}/{decision.pk}" if decision.supersedes_id else reference


def _conditions(text: str) -> tuple[str, ...]:
    """One condition per line; bullets people type are dropped."""
    lines = (line.strip().lstrip("-•*").strip() for line in text.replace("\r\n", "\n").split("\n"))
    return tuple(line for line in lines if line)


def _standard_appeal_right(scheme_year: SchemeYear) -> str:
    return legal_texts(scheme_year).get("klagerett", "").strip()


def decision_letter_data(decision: Decision) -> DecisionLetterData:
    """The vedtaksbrev's input, all from the (frozen) decision row and its network."""
    officer = decision.decided_by
    officer_name = (
        (officer.get_full_name() or officer.username) if officer else STATSFORVALTEREN.name
    )
    year = decision.scheme_year.year
    frame = decision.frame
    if frame is None:
        frame = frozen_frame(decision.network_id, year)
    recommended = decision.recommended_amount
    if recommended is None:
        recommended = decision.amount
    appeal_texts = [decision.appeal_instructions]
    if decision.appeal_right.strip() and decision.appeal_right.strip() != _standard_appeal_right(
        decision.scheme_year
    ):
        # The letter states the right to appeal in its own words; an edited text adds to it.
        appeal_texts.insert(0, decision.appeal_right)
    decided_on = timezone.localdate(decision.decided_at) if decision.decided_at else None
    return DecisionLetterData(
        appeal_legal_basis=legal_texts(decision.scheme_year).get("klage-hjemmel", ""),
        issuer=STATSFORVALTEREN,
        case_officer=Signatory(
            name=officer_name, title=CASE_OFFICER_TITLE, email=officer.email if officer else ""
        ),
        document_date=decided_on or decision.scheme_year.decision_deadline,
        reference=decision_reference(decision),
        year=year,
        network=decision.network.name,
        uh_partner=_join_names(uh_partner_names(decision.network)) or NO_UH_PARTNER,
        amount_granted=int(decision.amount),
        frame=int(frame if frame is not None else decision.amount),
        recommended_amount=int(recommended),
        conditions=_conditions(decision.conditions),
        reasons=decision.reasons,
        legal_basis=decision.legal_basis,
        report_deadline=decision.report_deadline or decision.scheme_year.report_deadline,
        appeal_body=decision.appeal_body,
        appeal_send_to=STATSFORVALTEREN.name,
        appeal_instructions="\n\n".join(text for text in appeal_texts if text.strip()),
        appeal_weeks=decision.appeal_weeks,
        departure_reason=decision.departure_reason,
        uh_share=int(decision.uh_amount),
        report_instructions=REPORT_INSTRUCTIONS,
    )


def decisions_missing_letters(scheme_year: SchemeYear | None = None) -> QuerySet[Decision]:
    """Made vedtak without both letters (of one year, or of every year)."""
    decisions = Decision.objects.filter(status__in=MADE).filter(
        Q(letter_sha256="") | Q(uh_letter_sha256="")
    )
    return decisions if scheme_year is None else decisions.filter(scheme_year=scheme_year)


def letter_failures(scheme_year: SchemeYear) -> list[Event]:
    """The latest failure of each vedtak of the year whose letters are still missing, and every
    alarm about a stored letter, newest first (the year's letter page)."""
    missing = set(decisions_missing_letters(scheme_year).values_list("pk", flat=True))
    rows = (
        Event.objects.filter(
            year=scheme_year.year,
            kind__in=LETTER_PROBLEMS,
            subject_type=ContentType.objects.get_for_model(Decision),
        )
        .select_related("network")
        .order_by("-created_at", "-id")[:200]
    )
    seen: set[int | None] = set()
    shown = []
    for event in rows:
        stale = event.subject_id not in missing or event.subject_id in seen
        if event.kind == LETTER_FAILED and stale:
            continue
        seen.add(event.subject_id)
        shown.append(event)
    return shown


def letter_batch_latest(scheme_year: SchemeYear) -> LetterBatch | None:
    return LetterBatch.objects.filter(scheme_year=scheme_year).select_related("started_by").first()


# --- the year's rows ------------------------------------------------------------------------


class Deadline(enum.Enum):
    MET = "met"
    LATE = "late"
    MISSED = "missed"
    OPEN = "open"

    @property
    def label(self) -> str:
        return {
            Deadline.MET: _("Innen fristen"),
            Deadline.LATE: _("Etter fristen"),
            Deadline.MISSED: _("Ikke levert, fristen er passert"),
            Deadline.OPEN: _("Ikke levert ennå"),
        }[self]

    @property
    def is_missed(self) -> bool:
        return self in (Deadline.LATE, Deadline.MISSED)


def deadline_status(done_at: dt.datetime | None, deadline: dt.date, today: dt.date) -> Deadline:
    if done_at is not None:
        return Deadline.MET if timezone.localdate(done_at) <= deadline else Deadline.LATE
    return Deadline.MISSED if today > deadline else Deadline.OPEN


def with_amounts(queryset: QuerySet) -> QuerySet:
    """Annotate cases or reports (both have scheme_year and network) with the year's amounts:
    frozen frame, recommended, granted (the vedtak in force), the first decision date, and the
    money used according to the report once it is sent (a draft's figures are not yet reported:
    None). One query however many rows."""
    year = OuterRef("scheme_year_id")
    network = OuterRef("network_id")
    frame = AllocationLine.objects.filter(
        run__scheme_year_id=year, run__status=RunStatus.FROZEN, network_id=network
    )
    recommended = RecommendationLine.objects.filter(
        recommendation__scheme_year_id=year, network_id=network
    )
    in_force = Decision.objects.filter(
        scheme_year_id=year, network_id=network, status=Decision.Status.DECIDED
    )
    first_made = Decision.objects.filter(
        scheme_year_id=year, network_id=network, status__in=MADE
    ).order_by("decided_at")
    used = (
        ReportCost.objects.filter(
            report__scheme_year_id=year,
            report__network_id=network,
            report__status__in=REPORTED,
        )
        .order_by()
        .values("report_id")
        .annotate(total=Sum("used"))
        .values("total")
    )
    return queryset.annotate(
        frame_amount=Subquery(frame.values("frame")[:1]),
        recommended_total=Subquery(recommended.values("amount")[:1]),
        recommended_uh=Subquery(recommended.values("uh_amount")[:1]),
        granted_amount=Subquery(in_force.values("amount")[:1]),
        granted_uh=Subquery(in_force.values("uh_amount")[:1]),
        granted_id=Subquery(in_force.values("pk")[:1]),
        first_decided_at=Subquery(first_made.values("decided_at")[:1]),
        used_amount=Subquery(used[:1]),
    )


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
        return str(report.get_status_display()) if report else _("Ikke åpnet")

    @property
    def deadline_statuses(self) -> tuple[Deadline, Deadline, Deadline]:
        return (self.basis_deadline, self.decision_deadline, self.report_deadline)

    @property
    def to_return(self) -> int | None:
        if self.granted is None or self.used is None:
            return None
        return self.granted - self.used


def year_rows(*, scheme_year: SchemeYear, viewer=None) -> list[YearRow]:
    """Every case of the year the viewer may read (all when ``viewer`` is None), in Norwegian
    name order. Four queries, whatever the number of networks."""
    cases = with_amounts(
        _scoped(Case.objects.filter(scheme_year=scheme_year), viewer).select_related(
            "network", "decision_basis", "report"
        )
    )
    decisions: dict[int, list[Decision]] = defaultdict(list)
    made = _scoped(
        Decision.objects.filter(scheme_year=scheme_year, status__in=MADE), viewer
    ).order_by("-decided_at", "-id")
    for decision in made.only(
        "pk", "network_id", "status", "amount", "decided_at", "letter_sha256", "uh_letter_sha256"
    ):
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
    today = timezone.localdate()
    rows = []
    for case in cases:
        report = case.report
        counts = needs_by_network.get(case.network_id, {})
        rows.append(
            YearRow(
                case=case,
                frame=case.frame_amount,
                recommended=case.recommended_total,
                recommended_uh=case.recommended_uh,
                granted=case.granted_amount,
                granted_uh=case.granted_uh,
                used=case.used_amount,
                basis_deadline=deadline_status(
                    case.decision_basis.submitted_at, scheme_year.decision_basis_deadline, today
                ),
                decision_deadline=deadline_status(
                    case.first_decided_at, scheme_year.decision_deadline, today
                ),
                report_deadline=deadline_status(
                    report.submitted_at if report else None, scheme_year.report_deadline, today
                ),
                decisions=decisions.get(case.network_id, []),
                needs_submitted=counts.get("submitted", 0),
                needs_late=counts.get("late", 0),
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

    def _total(self, name: str) -> int:
        return sum(getattr(row, name) or 0 for row in self.rows)

    @property
    def frames(self) -> int:
        return self._total("frame")

    @property
    def recommended(self) -> int:
        return self._total("recommended")

    @property
    def granted(self) -> int:
        return self._total("granted")

    @property
    def used(self) -> int:
        return self._total("used")

    @property
    def to_return(self) -> int:
        return self._total("to_return")

    @property
    def money(self) -> list[Figure]:
        return [
            Figure(_("Fordelt (rammer)"), self.frames),
            Figure(_("Innstilt"), self.recommended),
            Figure(_("Innvilget"), self.granted),
            Figure(_("Brukt"), self.used),
            Figure(_("Tilbakebetales"), self.to_return),
        ]

    @property
    def needs_submitted(self) -> int:
        return sum(row.needs_submitted for row in self.rows)

    @property
    def needs_late(self) -> int:
        return sum(row.needs_late for row in self.rows)


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


# --- the year's PDFs ------------------------------------------------------------------------


def recommendation_data(scheme_year: SchemeYear) -> RecommendationData | None:
    """The innstilling as sent: None until the forum has a meeting date and recorded lines."""
    recommendation = (
        Recommendation.objects.filter(scheme_year=scheme_year)
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=RecommendationLine.objects.select_related(
                    "network__partnership"
                ).prefetch_related("network__partnership__universities"),
            )
        )
        .first()
    )
    if recommendation is None or recommendation.meeting_date is None:
        return None
    lines = list(recommendation.lines.all())
    if not lines:
        return None
    frames = _frozen_frames(scheme_year)
    sent = [line.sent_at for line in lines if line.sent_at]
    document_date = timezone.localdate(max(sent)) if sent else recommendation.meeting_date
    rows = [
        RecommendationRow(
            network=line.network.name,
            uh_partner=_join_names(uh_partner_names(line.network)) or NO_UH_PARTNER,
            frame=frames.get(line.network_id, 0),
            recommended_amount=int(line.amount),
            uh_share=int(line.uh_amount),
        )
        for line in _sorted_by_network(lines)
    ]
    joint = []
    if recommendation.joint_amount or recommendation.joint_measures.strip():
        joint.append(
            JointMeasure(
                name=recommendation.joint_measures.strip().split("\n")[0] or "Fellestiltak",
                amount=int(recommendation.joint_amount),
                description="\n".join(recommendation.joint_measures.strip().split("\n")[1:]),
            )
        )
    return RecommendationData(
        issuer=FORUM,
        recipient=STATSFORVALTEREN.name,
        year=scheme_year.year,
        meeting_date=recommendation.meeting_date,
        document_date=document_date,
        rows=tuple(rows),
        joint_measures=tuple(joint),
        decision_note=recommendation.consensus_note,
        reference=f"{scheme_year.year}/innstilling",
        secretariat=STATSFORVALTEREN.name,
    )


def _frozen_frames(scheme_year: SchemeYear) -> dict[int, int]:
    return dict(
        AllocationLine.objects.filter(
            run__scheme_year=scheme_year, run__status=RunStatus.FROZEN
        ).values_list("network_id", "frame")
    )


def allocation_table_data(scheme_year: SchemeYear) -> AllocationTableData | None:
    """The frozen allocation of the year; None before it is frozen."""
    run = frozen_run(scheme_year.year)
    if run is None:
        return None
    lines = list(run.lines.all())
    sources = sorted({line.counts_source for line in lines if line.counts_source})
    dates = [line.counted_on for line in lines if line.counted_on]
    frozen_on = timezone.localdate(run.frozen_at)
    return AllocationTableData(
        issuer=STATSFORVALTEREN,
        year=scheme_year.year,
        document_date=frozen_on,
        total=int(run.total_amount),
        joint_measures=int(run.joint_measures),
        base_grant=int(run.base_grant),
        pupil_weight=run.pupil_weight.normalize(),
        child_weight=run.child_weight.normalize(),
        counts_source="; ".join(sources) or "–",
        counts_date=max(dates) if dates else frozen_on,
        rows=tuple(
            AllocationRow(
                network=line.network_name,
                pupils=int(line.pupils),
                children=int(line.children),
                base=int(line.base),
                pro_rata=int(line.pro_rata),
                frame=int(line.frame),
            )
            for line in lines
        ),
        reference=f"{scheme_year.year}/fordeling-{run.number}",
    )


def year_report_data(scheme_year: SchemeYear) -> YearReportData:
    """Granted, used and to be returned per network with a vedtak in force."""
    rows = [row for row in year_rows(scheme_year=scheme_year) if row.granted is not None]
    return YearReportData(
        issuer=STATSFORVALTEREN,
        year=scheme_year.year,
        document_date=timezone.localdate(),
        rows=tuple(
            YearReportRow(
                network=row.network.name,
                granted=int(row.granted or 0),
                used=int(row.used or 0),
                status=row.report_status_label,
            )
            for row in rows
        ),
        reference=f"{scheme_year.year}/arsrapport",
        intro=(
            f"Oversikten viser tilskuddet hvert kompetansenettverk fikk innvilget for "
            f"{scheme_year.year}, hva partnerskapene har rapportert som brukt, og hva som skal "
            "betales tilbake. Nettverk som ikke har sendt rapporten, står med 0 kr brukt; for dem "
            "er beløpet som skal betales tilbake foreløpig."
        ),
        report_deadline=scheme_year.report_deadline,
    )


# --- open data ------------------------------------------------------------------------------

#: The published columns, in this order. Changing them breaks the people who read the files.
OPEN_DATA_COLUMNS = ("network", "pupils", "children", "base", "pro_rata", "frame", "granted")


@dataclass(frozen=True)
class OpenDataRow:
    network: str
    pupils: int
    children: int
    base: int
    pro_rata: int
    frame: int
    granted: int | None

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
    vedtak in force: nothing is shown while any network still waits for its vedtak."""
    frozen = AllocationRun.objects.filter(scheme_year=OuterRef("pk"), status=RunStatus.FROZEN)
    cases = Case.objects.filter(scheme_year=OuterRef("pk"))
    in_force = Decision.objects.filter(
        scheme_year=OuterRef("scheme_year_id"),
        network=OuterRef("network_id"),
        status=Decision.Status.DECIDED,
    )
    undecided = cases.annotate(decided=Exists(in_force)).filter(decided=False)
    return Exists(frozen) & Exists(cases) & ~Exists(undecided)


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
    granted = dict(
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
            OpenDataRow(
                network=line.network_name,
                pupils=int(line.pupils),
                children=int(line.children),
                base=int(line.base),
                pro_rata=int(line.pro_rata),
                frame=int(line.frame),
                granted=granted.get(line.network_id),
            )
            for line in run.lines.all()
        ),
        decided_on=timezone.localdate(last_decided) if last_decided else None,
        frozen_on=timezone.localdate(run.frozen_at),
        joint_measures=int(run.joint_measures),
        total=int(run.total_amount),
    )


# --- exports --------------------------------------------------------------------------------


def allocation_export_queryset(*, scheme_year: SchemeYear, viewer=None) -> QuerySet:
    return _scoped(
        AllocationLine.objects.filter(run__scheme_year=scheme_year, run__status=RunStatus.FROZEN),
        viewer,
    ).select_related("run__scheme_year")


def case_export_queryset(*, scheme_year: SchemeYear, viewer=None) -> QuerySet:
    return with_amounts(
        _scoped(Case.objects.filter(scheme_year=scheme_year), viewer).select_related(
            "network", "scheme_year"
        )
    ).order_by("network__name")


def report_export_queryset(*, scheme_year: SchemeYear, viewer=None) -> QuerySet:
    return with_amounts(
        _scoped(Report.objects.filter(scheme_year=scheme_year), viewer).select_related(
            "network", "scheme_year"
        )
    ).order_by("network__name")
