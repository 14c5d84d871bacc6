"""Reads of cases: what a person may see, the case page's documents and history, and the scoped
case list with its amounts."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django_fsm_log.models import StateLog

from grants.models import (
    Appeal,
    Decision,
    DecisionBasis,
    Letter,
    LocalDeadline,
    Measure,
    NeedsReport,
    SchemeYear,
)
from networks.models import Event, Network, User
from networks.permissions import access_for

from .. import amounts, rules
from .. import permissions as perms
from ..models import Case
from ..states import CaseState
from ..steps import STEP_BY_NAME
from ._common import list_filtered

PAGE_SIZE = 25


def visible_cases(viewer: User) -> QuerySet[Case]:
    """The cases a person may see: every case for the regional bodies, else their networks'."""
    access = access_for(viewer)
    cases = Case.objects.all()
    if not access.is_regional:
        cases = cases.filter(network_id__in=access.member_network_ids)
    return cases


@functools.cache
def _local_needs_deadline() -> Subquery:
    """The network's own deadline for needs reports, if it set one (built once, as the amounts)."""
    return Subquery(
        LocalDeadline.objects.filter(
            scheme_year_id=OuterRef("scheme_year_id"), network_id=OuterRef("network_id")
        ).values("needs_deadline")[:1]
    )


def case_get(*, viewer: User, pk: int) -> Case | None:
    """One case the viewer may see, or None (another network's case answers like a missing one)."""
    cases = amounts.with_frame_and_budget(
        visible_cases(viewer).select_related(
            "network__partnership", "scheme_year", "decision_basis", "report"
        )
    )
    cases = cases.annotate(local_needs_deadline=_local_needs_deadline()).filter(pk=pk)
    # one row by its key: the default ordering (scheme year, network name) would only add joins
    found = list(cases.order_by()[:1])
    return found[0] if found else None


def case_list(
    *,
    viewer: User,
    year: int | None = None,
    network: Network | None = None,
    state: str | None = None,
) -> QuerySet[Case]:
    """The cases the viewer may see, filtered, with every amount a list shows (constant queries)."""
    cases = list_filtered(visible_cases(viewer), year=year, network=network, state=state)
    return amounts.with_amounts(
        cases.select_related("network", "scheme_year", "report").order_by(
            "-scheme_year__year", "network__name"
        )
    )


def case_totals(cases: QuerySet[Case]) -> dict[str, int]:
    """Sums over a filtered case list (all pages, not just the one shown)."""
    return amounts.totals(cases)


def visible_networks(viewer: User) -> QuerySet[Network]:
    access = access_for(viewer)
    networks = Network.objects.filter(is_active=True)
    if not access.is_regional:
        networks = networks.filter(pk__in=access.member_network_ids)
    return networks.order_by("name")


def scheme_years() -> QuerySet[SchemeYear]:
    return SchemeYear.objects.order_by("-year")


def current_scheme_year(today: dt.date) -> SchemeYear | None:
    """The year being worked on: the earliest one whose report deadline is not yet passed,
    else the newest."""
    upcoming = SchemeYear.objects.filter(report_deadline__gte=today).order_by("year").first()
    return upcoming or SchemeYear.objects.order_by("-year").first()


def case_frame(case: Case) -> int | None:
    return rules.case_frame(case)


def frame_page_url(case: Case) -> str | None:
    """The allocation pages' explanation of this network's frame, when that page exists (the
    joint measures' frame is the share set aside: it has no page of its own)."""
    if case.network.is_joint:
        return None
    try:
        return reverse(
            "allocation_network_frame",
            kwargs={"year": case.scheme_year.year, "slug": case.network.slug},
        )
    except NoReverseMatch:
        return None


def decision_letter_url(decision: Decision) -> str | None:
    """The vedtak letter (reporting), when that page exists."""
    try:
        return reverse("reporting:decision_letter", kwargs={"pk": decision.pk})
    except NoReverseMatch:
        return None


def _reporting_url(name: str, pk: int) -> str | None:
    try:
        return reverse(f"reporting:{name}", kwargs={"pk": pk})
    except NoReverseMatch:
        return None


def decision_preview_urls(decision: Decision) -> list[dict[str, str | None]]:
    """The draft's letter to each party as it would be sent, the host owner first: the party's
    name and where to read the letter (reporting renders it; nothing is stored)."""
    from networks.selectors import network_parties, party_key

    pdf = _reporting_url("decision_preview", decision.pk)
    html = _reporting_url("decision_preview_html", decision.pk)
    if pdf is None:
        return []
    previews: list[dict[str, str | None]] = []
    for party in network_parties(decision.network):
        query = "?" + urlencode({"part": party_key(party)})
        previews.append(
            {"party": party.name, "pdf": pdf + query, "html": html + query if html else None}
        )
    return previews


@dataclass
class LetterLink:
    letter: Letter
    pdf_url: str | None
    html_url: str | None


def decision_letters(decision: Decision) -> list[LetterLink]:
    """Every letter of a vedtak and of the appeals on it (one per party, dismissals, cover
    letters), by document number, with where to read each."""
    letters = Letter.objects.filter(decision=decision).order_by("document_number")
    return [
        LetterLink(
            letter=letter,
            pdf_url=_reporting_url("letter_pdf", letter.pk),
            html_url=_reporting_url("letter_html", letter.pk),
        )
        for letter in letters
    ]


def decision_letter_problems(decision: Decision) -> list[Event]:
    """What went wrong with the vedtak's letters (recorded by reporting): the latest failure
    while a letter is still missing, and every alarm about a stored letter, newest first."""
    from django.contrib.contenttypes.models import ContentType

    from ..events import LETTER_ALARM, LETTER_FAILED

    events = Event.objects.filter(
        subject_type=ContentType.objects.get_for_model(Decision), subject_id=decision.pk
    ).order_by("-created_at", "-id")
    problems = list(events.filter(kind=LETTER_ALARM)[:5])
    if not Letter.objects.filter(decision=decision, kind=Letter.Kind.DECISION).exists():
        problems += list(events.filter(kind=LETTER_FAILED)[:1])
    return sorted(problems, key=lambda event: event.created_at, reverse=True)


@dataclass
class TimelineEntry:
    when: dt.datetime
    who: Any
    text: str
    source: str = ""
    target: str = ""
    comment: str = ""
    is_transition: bool = False

    @property
    def moved(self) -> bool:
        """A transition that changed the stage; one that stays in it does not say "fra X til X"."""
        return self.is_transition and bool(self.source) and self.source != self.target


def case_timeline(case: Case) -> list[TimelineEntry]:
    """Every transition (django-fsm-log) and every event of the network's year, newest first."""
    labels = dict(CaseState.choices)
    entries = [
        TimelineEntry(
            when=log.timestamp,
            who=log.by,
            text=str(STEP_BY_NAME[log.transition].done)
            if log.transition in STEP_BY_NAME
            else log.transition,
            source=str(labels.get(log.source_state, log.source_state or "")),
            target=str(labels.get(log.state, log.state)),
            comment=log.description or "",
            is_transition=True,
        )
        for log in _state_logs(case)
    ]
    entries += [
        TimelineEntry(when=event.created_at, who=event.actor, text=event.message)
        for event in Event.objects.filter(
            network_id=case.network_id, year=case.scheme_year.year
        ).select_related("actor")
    ]
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def revision_comments(case: Case) -> list[StateLog]:
    """The comments given when a document of the case was sent back, newest first.

    Each has ``answered_at``: when the document was sent again after it (the feedback is then
    resolved), or None while the feedback is still open.
    """
    logs = _state_logs(case)
    comments = []
    for index, log in enumerate(logs):
        step = STEP_BY_NAME.get(log.transition)
        if step is None or not step.returns or not log.description:
            continue
        answer = next(
            (later for later in logs[index + 1 :] if later.transition == step.answered_by), None
        )
        log.answered_at = answer.timestamp if answer is not None else None
        comments.append(log)
    comments.reverse()
    return comments


def _state_logs(case: Case) -> list[StateLog]:
    """The case's transitions, oldest first; read once for the timeline and the comments on a
    case page."""
    return rules.remembered(
        case,
        "state_logs",
        lambda: list(StateLog.objects.for_(case).select_related("by").order_by("timestamp", "pk")),
    )


def case_needs_reports(*, viewer: User, case: Case) -> list[NeedsReport]:
    """The needs reports of the case's network and year that the viewer may read, each with
    ``answered``: whether the case's decision basis says it answers it."""
    access = access_for(viewer)
    reports = NeedsReport.objects.filter(
        scheme_year_id=case.scheme_year_id, network_id=case.network_id
    )
    if not (access.is_regional or case.network_id in access.partnership_network_ids):
        reports = reports.filter(owner_id__in=access.owner_ids)
    answered = DecisionBasis.needs_reports.through.objects.filter(
        decisionbasis_id=case.decision_basis_id, needsreport_id=OuterRef("pk")
    )
    return list(
        reports.select_related("owner").annotate(answered=Exists(answered)).order_by("owner__name")
    )


def case_measures(case: Case, *, owners: bool = True) -> list[Measure]:
    """The decision basis' measures with their UH partner and budget lines (and, as the rules
    read them, ``has_budget_lines``), and their owners unless ``owners=False`` (the case's
    documents page does not show them)."""
    measures = rules.with_has_budget_lines(
        case.decision_basis.measures.select_related("university").prefetch_related("budget_lines")
    )
    return list(measures.prefetch_related("owners") if owners else measures)


def case_decisions(*, viewer: User, case: Case) -> list[Decision]:
    """The case's vedtak; drafts only for those who decide."""
    decisions = rules.case_decision_list(case)
    if perms.can_decide(viewer, case):
        return decisions
    return [d for d in decisions if d.status != Decision.Status.DRAFT]


def case_appeals(case: Case) -> list[Appeal]:
    return rules.case_appeals(case)


def decision_get(*, viewer: User, pk: int) -> tuple[Decision, Case] | None:
    """A vedtak and its case, if the viewer may see it (drafts: only those who decide)."""
    decision = (
        Decision.objects.select_related("network", "scheme_year", "decided_by", "prepared_by")
        .filter(pk=pk)
        .first()
    )
    if decision is None:
        return None
    case = _case_of(viewer, decision)
    if case is None:
        return None
    if decision.status == Decision.Status.DRAFT and not perms.can_decide(viewer, case):
        return None
    return decision, case


def appeal_get(*, viewer: User, pk: int) -> tuple[Appeal, Case] | None:
    """A klage and its case, if the viewer may see the case."""
    appeal = (
        Appeal.objects.select_related("decision__network", "decision__scheme_year", "lodged_by")
        .filter(pk=pk)
        .first()
    )
    if appeal is None:
        return None
    case = _case_of(viewer, appeal.decision)
    return None if case is None else (appeal, case)


def _case_of(viewer: User, decision: Decision) -> Case | None:
    """The case a vedtak belongs to, if the viewer may see it."""
    return (
        visible_cases(viewer)
        .select_related("network", "scheme_year", "decision_basis", "report")
        .filter(scheme_year=decision.scheme_year, network=decision.network)
        .first()
    )
