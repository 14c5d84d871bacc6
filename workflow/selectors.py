"""Reads for the workflow pages: what a person should do now, what they may do with a case, and the
scoped lists of cases and needs reports, with their related rows fetched up front.

``available_actions`` asks the same permission predicates (``workflow.permissions``) and rule
checks (``workflow.rules`` and the services' own problem lists) the services use, so a page never
offers a button the service would refuse.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Sum
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm_log.models import StateLog

from allocation.models import AllocationLine, RunStatus
from grants.models import (
    Appeal,
    BudgetLine,
    ConflictOfInterest,
    Decision,
    LocalDeadline,
    NeedsReport,
    RecommendationLine,
    Report,
    SchemeYear,
)
from networks.models import Event, Network, Owner
from networks.permissions import access_for
from networks.roles import Role

from . import permissions as perms
from . import rules, services
from .models import Case
from .states import CaseState

S = CaseState
PAGE_SIZE = 25

#: What each transition means in the case's timeline.
TRANSITION_LABELS = {
    "start_decision_basis": gettext_lazy("Arbeidet med beslutningsgrunnlaget ble startet"),
    "submit_decision_basis": gettext_lazy("Beslutningsgrunnlaget ble sendt til samarbeidsforum"),
    "return_decision_basis": gettext_lazy("Beslutningsgrunnlaget ble returnert til partnerskapet"),
    "recommend": gettext_lazy("Innstillingen ble sendt til Statsforvalteren"),
    "return_recommendation": gettext_lazy("Innstillingen ble returnert til samarbeidsforum"),
    "decide": gettext_lazy("Vedtak ble fattet"),
    "open_reporting": gettext_lazy("Rapporteringen ble åpnet"),
    "submit_report": gettext_lazy("Rapporten ble sendt til Statsforvalteren"),
    "return_report": gettext_lazy("Rapporten ble returnert til partnerskapet"),
    "approve_report": gettext_lazy("Rapporten ble godkjent"),
}

#: Transitions that send a document back with a comment the receiver must act on.
RETURN_TRANSITIONS = ("return_decision_basis", "return_recommendation", "return_report")


# --- Cases ----------------------------------------------------------------------------------


def visible_cases(viewer) -> QuerySet[Case]:
    """The cases a person may see: every case for the regional bodies, else their networks'."""
    access = access_for(viewer)
    cases = Case.objects.all()
    if not access.is_regional:
        cases = cases.filter(network_id__in=access.member_network_ids)
    return cases


def case_get(*, viewer, pk: int) -> Case | None:
    """One case the viewer may see, or None (another network's case answers like a missing one)."""
    return (
        visible_cases(viewer)
        .select_related("network__partnership", "scheme_year", "decision_basis", "report")
        .filter(pk=pk)
        .first()
    )


def _frame_subquery():
    return Subquery(
        AllocationLine.objects.filter(
            run__status=RunStatus.FROZEN,
            run__scheme_year_id=OuterRef("scheme_year_id"),
            network_id=OuterRef("network_id"),
        ).values("frame")[:1]
    )


def _with_amounts(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Annotate each case with its frame, budget, recommended and decided amounts (kroner)."""
    budget = (
        BudgetLine.objects.filter(measure__decision_basis_id=OuterRef("decision_basis_id"))
        .order_by()
        .values("measure__decision_basis_id")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    recommended = RecommendationLine.objects.filter(
        recommendation__scheme_year_id=OuterRef("scheme_year_id"), network_id=OuterRef("network_id")
    )
    decided = Decision.objects.filter(
        scheme_year_id=OuterRef("scheme_year_id"),
        network_id=OuterRef("network_id"),
        status=Decision.Status.DECIDED,
    )
    return cases.annotate(
        frame=_frame_subquery(),
        budget_total=Subquery(budget[:1]),
        recommended_amount=Subquery(recommended.values("amount")[:1]),
        recommended_uh=Subquery(recommended.values("uh_amount")[:1]),
        recommendation_sent=Subquery(recommended.values("sent_at")[:1]),
        decided_amount=Subquery(decided.values("amount")[:1]),
        decided_uh=Subquery(decided.values("uh_amount")[:1]),
        decision_id=Subquery(decided.values("pk")[:1]),
    )


def case_list(
    *, viewer, year: int | None = None, network: Network | None = None, state: str | None = None
) -> QuerySet[Case]:
    """The cases the viewer may see, filtered, with every amount a list shows (constant queries)."""
    cases = visible_cases(viewer)
    if year:
        cases = cases.filter(scheme_year__year=year)
    if network is not None:
        cases = cases.filter(network=network)
    if state:
        cases = cases.filter(state=state)
    return _with_amounts(
        cases.select_related("network", "scheme_year", "report").order_by(
            "-scheme_year__year", "network__name"
        )
    )


def case_totals(cases: QuerySet[Case]) -> dict[str, int]:
    """Sums over a filtered case list (all pages, not just the one shown)."""
    rows = list(
        cases.values_list(
            "frame", "budget_total", "recommended_amount", "decided_amount", "decided_uh"
        )
    )
    return {
        name: sum(row[i] or 0 for row in rows)
        for i, name in enumerate(("frame", "budget", "recommended", "decided", "decided_uh"))
    }


def visible_networks(viewer) -> QuerySet[Network]:
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
    """The allocation pages' explanation of this network's frame, when that page exists."""
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


@dataclass
class TimelineEntry:
    when: dt.datetime
    who: object
    text: str
    source: str = ""
    target: str = ""
    comment: str = ""
    is_transition: bool = False


def case_timeline(case: Case) -> list[TimelineEntry]:
    """Every transition (django-fsm-log) and every event of the network's year, newest first."""
    labels = dict(CaseState.choices)
    entries = [
        TimelineEntry(
            when=log.timestamp,
            who=log.by,
            text=str(TRANSITION_LABELS.get(log.transition, log.transition)),
            source=str(labels.get(log.source_state, log.source_state or "")),
            target=str(labels.get(log.state, log.state)),
            comment=log.description or "",
            is_transition=True,
        )
        for log in StateLog.objects.for_(case).select_related("by")
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
    """The comments given when a document of the case was sent back, newest first."""
    return list(
        StateLog.objects.for_(case)
        .filter(transition__in=RETURN_TRANSITIONS)
        .exclude(description__isnull=True)
        .exclude(description="")
        .select_related("by")
        .order_by("-timestamp")
    )


def case_needs_reports(*, viewer, case: Case) -> list[NeedsReport]:
    """The needs reports of the case's network and year that the viewer may read."""
    access = access_for(viewer)
    reports = NeedsReport.objects.filter(scheme_year=case.scheme_year, network=case.network)
    if not (access.is_regional or case.network_id in access.partnership_network_ids):
        reports = reports.filter(owner_id__in=access.owner_ids)
    return list(reports.select_related("owner").order_by("owner__name"))


def case_measures(case: Case) -> list:
    return list(
        case.decision_basis.measures.select_related("university").prefetch_related(
            "budget_lines", "owners"
        )
    )


def case_decisions(*, viewer, case: Case) -> list[Decision]:
    """The case's vedtak; drafts only for those who decide."""
    decisions = Decision.objects.filter(scheme_year=case.scheme_year, network=case.network)
    if not perms.can_decide(viewer, case):
        decisions = decisions.exclude(status=Decision.Status.DRAFT)
    return list(decisions.select_related("decided_by").order_by("-id"))


def case_appeals(case: Case) -> list[Appeal]:
    return list(
        Appeal.objects.filter(
            decision__scheme_year=case.scheme_year, decision__network=case.network
        )
        .select_related("decision", "lodged_by", "new_decision")
        .order_by("-lodged_at")
    )


def decision_get(*, viewer, pk: int) -> tuple[Decision, Case] | None:
    """A vedtak and its case, if the viewer may see it (drafts: only those who decide)."""
    decision = Decision.objects.select_related("network", "scheme_year", "decided_by").filter(pk=pk)
    decision = decision.first()
    if decision is None:
        return None
    case = (
        visible_cases(viewer)
        .select_related("network", "scheme_year", "decision_basis", "report")
        .filter(scheme_year=decision.scheme_year, network=decision.network)
        .first()
    )
    if case is None:
        return None
    if decision.status == Decision.Status.DRAFT and not perms.can_decide(viewer, case):
        return None
    return decision, case


# --- Actions --------------------------------------------------------------------------------


@dataclass
class Action:
    """Something the signed-in person may do with a case right now.

    ``kind`` is "post" (a button posting to ``url``, with a comment field when ``comment`` is
    "required" or "optional") or "link" (a page with its own form).
    """

    name: str
    label: str
    kind: str
    url: str
    comment: str | None = None
    help: str = ""
    primary: bool = False
    target_id: int | None = None


@dataclass
class Blocked:
    """An action the person has the right to take in this stage, but a rule stops it for now."""

    name: str
    label: str
    problems: list[str] = field(default_factory=list)


def _case_url(case: Case, action: str) -> str:
    return reverse("case_action", kwargs={"pk": case.pk, "action": action})


def _within_appeal_window(decision: Decision, today: dt.date) -> bool:
    deadline = decision.appeal_deadline()
    return deadline is None or today <= deadline


def _actions_and_blocked(user, case: Case, today: dt.date) -> tuple[list[Action], list[Blocked]]:
    actions: list[Action] = []
    blocked: list[Blocked] = []
    state = case.state

    def post(name, label, *, comment=None, primary=False, help=""):
        actions.append(
            Action(
                name=name,
                label=str(label),
                kind="post",
                url=_case_url(case, name),
                comment=comment,
                primary=primary,
                help=str(help),
            )
        )

    def link(name, label, url, *, primary=False, target_id=None):
        actions.append(
            Action(
                name=name,
                label=str(label),
                kind="link",
                url=url,
                primary=primary,
                target_id=target_id,
            )
        )

    # Behovsmelding
    if state == S.BEHOVSMELDING and perms.can_start_decision_basis(user, case):
        post("start_decision_basis", _("Start beslutningsgrunnlaget"), primary=True)
    if state == S.BEHOVSMELDING and perms.can_set_local_deadline(user, case.network):
        link(
            "set_local_deadline",
            _("Sett lokal frist for behovsmelding"),
            reverse("local_deadline_set", kwargs={"pk": case.pk}),
        )
    if state in (S.BEHOVSMELDING, S.BESLUTNINGSGRUNNLAG) and perms.can_reopen_decision_basis(
        user, case
    ):
        link(
            "reopen_decision_basis",
            _("Åpne for innsending etter fristen"),
            reverse("decision_basis_reopen", kwargs={"pk": case.pk}),
        )

    # Beslutningsgrunnlag
    if state == S.BESLUTNINGSGRUNNLAG and perms.can_edit_decision_basis(user, case):
        link(
            "edit_decision_basis",
            _("Skriv beslutningsgrunnlaget"),
            reverse("decision_basis_edit", kwargs={"pk": case.pk}),
        )
    if state == S.BESLUTNINGSGRUNNLAG and perms.can_submit_decision_basis(user, case):
        problems = services.decision_basis_submit_problems(case)
        if problems:
            blocked.append(
                Blocked("submit_decision_basis", _("Send beslutningsgrunnlaget"), problems)
            )
        else:
            post(
                "submit_decision_basis",
                _("Send beslutningsgrunnlaget til samarbeidsforum"),
                comment="optional",
                primary=True,
            )

    # Innstilling
    if state == S.INNSTILLING and perms.can_return_decision_basis(user, case):
        post(
            "return_decision_basis",
            _("Returner beslutningsgrunnlaget"),
            comment="required",
            help=_("Skriv hva partnerskapet må rette opp. Kommentaren vises for partnerskapet."),
        )
    if state == S.INNSTILLING and perms.is_forum(user):
        if perms.can_record_recommendation(user, case):
            link(
                "record_recommendation",
                _("Før innstilling for nettverket"),
                reverse(
                    "recommendation_line",
                    kwargs={"year": case.scheme_year.year, "case_pk": case.pk},
                ),
                primary=True,
            )
        else:
            blocked.append(
                Blocked(
                    "record_recommendation",
                    _("Før innstilling for nettverket"),
                    [_("Du har erklært deg inhabil for dette nettverket.")],
                )
            )

    # Vedtak
    not_decided = rules.not_decided(case) if state == S.VEDTAK else True
    if state == S.VEDTAK and not_decided and perms.can_return_recommendation(user, case):
        post(
            "return_recommendation",
            _("Returner innstillingen til samarbeidsforum"),
            comment="required",
            help=_("Skriv hva samarbeidsforum må vurdere på nytt."),
        )
    draft = rules.draft_decision(case) if perms.can_decide(user, case) else None
    if draft is not None:
        first = draft.supersedes_id is None
        if not first or (state == S.VEDTAK and not_decided):
            link(
                "edit_decision",
                _("Rediger utkast til vedtak") if first else _("Rediger nytt vedtak etter klage"),
                reverse("decision_detail", kwargs={"pk": draft.pk}),
                target_id=draft.pk,
            )
            problems = rules.decision_problems(draft)
            if problems:
                blocked.append(Blocked("decide", _("Fatt vedtak"), problems))
            else:
                actions.append(
                    Action(
                        name="decide",
                        label=_("Fatt vedtak"),
                        kind="post",
                        url=reverse("decision_decide", kwargs={"pk": draft.pk}),
                        comment="optional",
                        primary=True,
                        target_id=draft.pk,
                    )
                )
    if state == S.VEDTAK and perms.can_open_reporting(user, case) and rules.decided(case):
        post("open_reporting", _("Åpne rapporteringen"), primary=True)

    # Rapportering
    report = case.report
    writes_report = (
        state == S.RAPPORTERING and report is not None and perms.can_edit_report(user, case)
    )
    if writes_report and report.status in (Report.Status.DRAFT, Report.Status.RETURNED):
        link("edit_report", _("Skriv rapporten"), reverse("report_edit", kwargs={"pk": case.pk}))
        problems = rules.report_problems(case)
        if problems:
            blocked.append(Blocked("submit_report", _("Send rapporten"), problems))
        else:
            post(
                "submit_report",
                _("Send rapporten til Statsforvalteren"),
                comment="optional",
                primary=True,
            )
    if (
        state == S.RAPPORTERING
        and perms.can_control_report(user, case)
        and rules.report_is_submitted(case)
    ):
        post("approve_report", _("Godkjenn rapporten"), comment="optional", primary=True)
        post(
            "return_report",
            _("Returner rapporten"),
            comment="required",
            help=_("Skriv hva partnerskapet må rette opp i rapporten."),
        )

    # Klage
    if perms.can_lodge_appeal(user, case):
        in_force = rules.decision_in_force(case)
        if in_force is not None and _within_appeal_window(in_force, today):
            link(
                "lodge_appeal",
                _("Klag på vedtaket"),
                reverse("appeal_lodge", kwargs={"pk": case.pk}),
            )
    if perms.can_decide_appeal(user, case):
        for appeal in Appeal.objects.filter(
            decision__scheme_year=case.scheme_year,
            decision__network=case.network,
            outcome=Appeal.Outcome.PENDING,
        ).order_by("lodged_at"):
            link(
                "decide_appeal",
                _("Behandle klagen"),
                reverse("appeal_decide", kwargs={"pk": appeal.pk}),
                target_id=appeal.pk,
            )
    return actions, blocked


def case_actions(
    user, case: Case, today: dt.date | None = None
) -> tuple[list[Action], list[Blocked]]:
    """Both lists at once (one pass over the rules), for the case page."""
    return _actions_and_blocked(user, case, today or services._today())


def available_actions(user, case: Case, today: dt.date | None = None) -> list[Action]:
    """What the signed-in person may do with the case now; each one the service would accept."""
    return _actions_and_blocked(user, case, today or services._today())[0]


def blocked_actions(user, case: Case, today: dt.date | None = None) -> list[Blocked]:
    """Steps the person is responsible for now but cannot take yet, with the reasons."""
    return _actions_and_blocked(user, case, today or services._today())[1]


# --- What needs me now ----------------------------------------------------------------------


@dataclass
class Task:
    """One thing a person should do, with its deadline."""

    title: str
    subject: str
    url: str
    deadline: dt.date | None
    today: dt.date
    year: int | None = None

    @property
    def days_left(self) -> int | None:
        return None if self.deadline is None else (self.deadline - self.today).days

    @property
    def overdue(self) -> bool:
        return self.deadline is not None and self.deadline < self.today

    @property
    def days_overdue(self) -> int:
        return -(self.days_left or 0) if self.overdue else 0

    @property
    def sort_key(self) -> tuple:
        return (self.deadline or dt.date.max, self.subject, self.title)


def _owner_tasks(access, today: dt.date) -> list[Task]:
    owners = list(Owner.objects.filter(pk__in=access.owner_ids).select_related("network"))
    if not owners:
        return []
    cases = list(
        Case.objects.filter(
            network_id__in={o.network_id for o in owners},
            state__in=[S.BEHOVSMELDING, S.BESLUTNINGSGRUNNLAG],
            scheme_year__decision_basis_deadline__gte=today,
        ).select_related("scheme_year")
    )
    year_ids = {c.scheme_year_id for c in cases}
    reports = {
        (r.owner_id, r.scheme_year_id): r
        for r in NeedsReport.objects.filter(owner__in=owners, scheme_year_id__in=year_ids)
    }
    local = {
        (d.network_id, d.scheme_year_id): d.needs_deadline
        for d in LocalDeadline.objects.filter(scheme_year_id__in=year_ids)
    }
    tasks = []
    for case in cases:
        for owner in owners:
            if owner.network_id != case.network_id:
                continue
            report = reports.get((owner.pk, case.scheme_year_id))
            if report is not None and report.status == NeedsReport.Status.SUBMITTED:
                continue
            year = case.scheme_year.year
            title = (
                _("Fullfør og send behovsmeldingen for %(year)s")
                if report is not None
                else _("Send behovsmelding for %(year)s")
            ) % {"year": year}
            tasks.append(
                Task(
                    title=title,
                    subject=owner.name,
                    url=reverse("needs_report_edit", kwargs={"year": year, "owner_pk": owner.pk}),
                    deadline=local.get(
                        (case.network_id, case.scheme_year_id), case.scheme_year.needs_deadline
                    ),
                    today=today,
                    year=year,
                )
            )
    return tasks


def _partnership_tasks(access, today: dt.date) -> list[Task]:
    network_ids = access.partnership_network_ids
    if not network_ids:
        return []
    tasks = []
    cases = Case.objects.filter(
        network_id__in=network_ids,
        state__in=[S.BEHOVSMELDING, S.BESLUTNINGSGRUNNLAG, S.RAPPORTERING],
    ).select_related("scheme_year", "network", "decision_basis", "report")
    for case in cases:
        year = case.scheme_year.year
        url = reverse("case_detail", kwargs={"pk": case.pk})
        basis_deadline = (
            case.decision_basis_reopened_until or case.scheme_year.decision_basis_deadline
        )
        if case.state == S.BEHOVSMELDING:
            title = _("Start beslutningsgrunnlaget for %(year)s") % {"year": year}
            deadline = basis_deadline
        elif case.state == S.BESLUTNINGSGRUNNLAG:
            url = reverse("decision_basis_edit", kwargs={"pk": case.pk})
            if case.decision_basis.submitted_at is not None:
                title = _("Rett opp beslutningsgrunnlaget for %(year)s og send det på nytt")
            else:
                title = _("Skriv og send beslutningsgrunnlaget for %(year)s")
            title = title % {"year": year}
            deadline = basis_deadline
        else:
            report = case.report
            if report is None or report.status not in (
                Report.Status.DRAFT,
                Report.Status.RETURNED,
            ):
                continue
            url = reverse("report_edit", kwargs={"pk": case.pk})
            if report.status == Report.Status.RETURNED:
                title = _("Rett opp rapporten for %(year)s og send den på nytt")
            else:
                title = _("Skriv og send rapporten for %(year)s")
            title = title % {"year": year}
            deadline = case.scheme_year.report_deadline
        tasks.append(
            Task(
                title=title,
                subject=case.network.name,
                url=url,
                deadline=deadline,
                today=today,
                year=year,
            )
        )
    return tasks


def _forum_tasks(user, access, today: dt.date) -> list[Task]:
    is_secretariat = access.has(Role.FORUM_SECRETARIAT)
    if not (is_secretariat or access.has(Role.FORUM_MEMBER)):
        return []
    conflicts = set(
        ConflictOfInterest.objects.filter(user=user).values_list("scheme_year_id", "network_id")
    )
    tasks = []
    waiting = Case.objects.filter(state=S.INNSTILLING).select_related("scheme_year", "network")
    for case in waiting:
        if (case.scheme_year_id, case.network_id) in conflicts:
            continue
        tasks.append(
            Task(
                title=_("Behandle beslutningsgrunnlaget og før innstilling"),
                subject=case.network.name,
                url=reverse("case_detail", kwargs={"pk": case.pk}),
                deadline=case.scheme_year.decision_deadline,
                today=today,
                year=case.scheme_year.year,
            )
        )
    if is_secretariat:
        years = SchemeYear.objects.filter(
            recommendation__lines__sent_at__isnull=True,
            cases__state=S.INNSTILLING,
            cases__network_id=F("recommendation__lines__network_id"),
        ).distinct()
        for scheme_year in years:
            tasks.append(
                Task(
                    title=_("Send innstillingen for %(year)s til Statsforvalteren")
                    % {"year": scheme_year.year},
                    subject=_("Samarbeidsforum"),
                    url=reverse("recommendation", kwargs={"year": scheme_year.year}),
                    deadline=scheme_year.decision_deadline,
                    today=today,
                    year=scheme_year.year,
                )
            )
    return tasks


def _statsforvalter_tasks(access, today: dt.date) -> list[Task]:
    if not access.has(Role.STATSFORVALTER):
        return []
    tasks = []
    drafts = {
        (d.scheme_year_id, d.network_id): d
        for d in Decision.objects.filter(status=Decision.Status.DRAFT).order_by("id")
    }
    decided = set(
        Decision.objects.filter(status=Decision.Status.DECIDED).values_list(
            "scheme_year_id", "network_id"
        )
    )
    cases = Case.objects.filter(state__in=[S.VEDTAK, S.RAPPORTERING]).select_related(
        "scheme_year", "network", "report"
    )
    for case in cases:
        key = (case.scheme_year_id, case.network_id)
        year = case.scheme_year.year
        if case.state == S.VEDTAK and key not in decided:
            draft = drafts.get(key)
            if draft is None:
                continue
            tasks.append(
                Task(
                    title=_("Fatt vedtak for %(year)s") % {"year": year},
                    subject=case.network.name,
                    url=reverse("decision_detail", kwargs={"pk": draft.pk}),
                    deadline=case.scheme_year.decision_deadline,
                    today=today,
                    year=year,
                )
            )
        elif case.state == S.VEDTAK:
            tasks.append(
                Task(
                    title=_("Åpne rapporteringen for %(year)s") % {"year": year},
                    subject=case.network.name,
                    url=reverse("case_detail", kwargs={"pk": case.pk}),
                    deadline=None,
                    today=today,
                    year=year,
                )
            )
        elif case.report is not None and case.report.status == Report.Status.SUBMITTED:
            tasks.append(
                Task(
                    title=_("Kontroller rapporten for %(year)s") % {"year": year},
                    subject=case.network.name,
                    url=reverse("case_detail", kwargs={"pk": case.pk}),
                    deadline=None,
                    today=today,
                    year=year,
                )
            )
    for draft in Decision.objects.filter(
        status=Decision.Status.DRAFT, supersedes__isnull=False
    ).select_related("network", "scheme_year"):
        tasks.append(
            Task(
                title=_("Fatt nytt vedtak etter klage"),
                subject=draft.network.name,
                url=reverse("decision_detail", kwargs={"pk": draft.pk}),
                deadline=None,
                today=today,
                year=draft.scheme_year.year,
            )
        )
    pending = Appeal.objects.filter(outcome=Appeal.Outcome.PENDING).select_related(
        "decision__network", "decision__scheme_year"
    )
    for appeal in pending:
        tasks.append(
            Task(
                title=_("Behandle klagen på vedtaket"),
                subject=appeal.decision.network.name,
                url=reverse("appeal_decide", kwargs={"pk": appeal.pk}),
                deadline=None,
                today=today,
                year=appeal.decision.scheme_year.year,
            )
        )
    return tasks


def tasks_for(user, today: dt.date) -> list[Task]:
    """The person's open tasks across all their organisations and roles, soonest deadline first."""
    access = access_for(user)
    tasks = (
        _owner_tasks(access, today)
        + _partnership_tasks(access, today)
        + _forum_tasks(user, access, today)
        + _statsforvalter_tasks(access, today)
    )
    seen: set[tuple[str, str]] = set()
    unique = []
    for task in sorted(tasks, key=lambda t: t.sort_key):
        if (task.url, task.title) in seen:
            continue
        seen.add((task.url, task.title))
        unique.append(task)
    return unique


#: Which of the year's deadlines matter to each role (for "what comes next").
ROLE_DEADLINES = {
    Role.OWNER_CONTACT: ("needs_deadline",),
    Role.NETWORK_COORDINATOR: ("needs_deadline", "decision_basis_deadline", "report_deadline"),
    Role.UH_CONTACT: ("decision_basis_deadline", "report_deadline"),
    Role.FORUM_SECRETARIAT: ("decision_basis_deadline", "decision_deadline"),
    Role.FORUM_MEMBER: ("decision_basis_deadline", "decision_deadline"),
    Role.STATSFORVALTER: ("decision_deadline", "report_deadline"),
    Role.SYSTEM_ADMIN: (
        "needs_deadline",
        "decision_basis_deadline",
        "decision_deadline",
        "report_deadline",
    ),
}

DEADLINE_LABELS = {
    "needs_deadline": gettext_lazy("Anbefalt frist for behovsmelding fra eierne"),
    "decision_basis_deadline": gettext_lazy("Frist for beslutningsgrunnlag fra partnerskapene"),
    "decision_deadline": gettext_lazy("Frist for vedtak fra Statsforvalteren"),
    "report_deadline": gettext_lazy("Frist for rapportering fra partnerskapene"),
}


@dataclass
class Upcoming:
    label: str
    date: dt.date
    year: int


def upcoming_for(user, today: dt.date) -> list[Upcoming]:
    """The coming deadlines of open scheme years that matter to the person's roles."""
    access = access_for(user)
    names: list[str] = []
    for role in Role:
        if access.has(role):
            names += [n for n in ROLE_DEADLINES[role] if n not in names]
    found = []
    for scheme_year in SchemeYear.objects.filter(report_deadline__gte=today).order_by("year"):
        for name in names:
            date = getattr(scheme_year, name)
            if date >= today:
                found.append(Upcoming(str(DEADLINE_LABELS[name]), date, scheme_year.year))
    return sorted(found, key=lambda u: u.date)


# --- Needs reports --------------------------------------------------------------------------


@dataclass
class OwnerYear:
    """An owner's needs report for a year as its contact sees it (``report`` may not exist)."""

    owner: Owner
    scheme_year: SchemeYear
    report: NeedsReport | None
    deadline: dt.date
    editable: bool


def owner_needs_overview(*, viewer, today: dt.date) -> list[OwnerYear]:
    """For an owner contact: every owner they speak for × every scheme year, newest year first."""
    access = access_for(viewer)
    owners = list(Owner.objects.filter(pk__in=access.owner_ids).order_by("name"))
    if not owners:
        return []
    years = list(SchemeYear.objects.order_by("-year"))
    reports = {
        (r.owner_id, r.scheme_year_id): r
        for r in NeedsReport.objects.filter(owner__in=owners).select_related("scheme_year")
    }
    local = {
        (d.network_id, d.scheme_year_id): d.needs_deadline
        for d in LocalDeadline.objects.filter(network_id__in={o.network_id for o in owners})
    }
    rows = []
    for scheme_year in years:
        for owner in owners:
            report = reports.get((owner.pk, scheme_year.pk))
            deadline = local.get((owner.network_id, scheme_year.pk), scheme_year.needs_deadline)
            submitted = report is not None and report.status == NeedsReport.Status.SUBMITTED
            rows.append(
                OwnerYear(
                    owner=owner,
                    scheme_year=scheme_year,
                    report=report,
                    deadline=deadline,
                    editable=not (submitted and today > deadline),
                )
            )
    return rows


def needs_report_list(
    *,
    viewer,
    year: int | None = None,
    network: Network | None = None,
    status: str | None = None,
) -> QuerySet[NeedsReport]:
    """The needs reports a person may read: the owners' own, their networks' for partnerships,
    all for the regional bodies."""
    access = access_for(viewer)
    reports = NeedsReport.objects.all()
    if not access.is_regional:
        reports = reports.filter(
            Q(owner_id__in=access.owner_ids) | Q(network_id__in=access.partnership_network_ids)
        )
    if year:
        reports = reports.filter(scheme_year__year=year)
    if network is not None:
        reports = reports.filter(network=network)
    if status:
        reports = reports.filter(status=status)
    return reports.select_related("owner", "network", "scheme_year").order_by(
        "-scheme_year__year", "network__name", "owner__name"
    )


def needs_report_get(*, viewer, pk: int) -> NeedsReport | None:
    report = (
        NeedsReport.objects.select_related("owner", "network", "scheme_year", "submitted_by")
        .prefetch_related("units")
        .filter(pk=pk)
        .first()
    )
    if report is None or not perms.can_view_needs_report(viewer, report):
        return None
    return report


def needs_deadline(*, scheme_year: SchemeYear, network: Network) -> dt.date:
    return services.needs_deadline(scheme_year=scheme_year, network=network)


# --- Innstilling ----------------------------------------------------------------------------


def recommendation_rows(scheme_year: SchemeYear) -> QuerySet[Case]:
    """All cases of the year side by side, with state, frame, budget and recommended amounts."""
    return _with_amounts(
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


def conflicts_of(*, user, scheme_year: SchemeYear) -> list[ConflictOfInterest]:
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


# --- Year overview --------------------------------------------------------------------------


def year_overview(scheme_year: SchemeYear) -> dict:
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
        "frame_total": sum(c.frame or 0 for c in cases),
        "budget_total": sum(c.budget_total or 0 for c in cases),
        "recommended_total": sum(c.recommended_amount or 0 for c in cases),
        "decided_total": sum(c.decided_amount or 0 for c in cases),
        "decided_uh_total": sum(c.decided_uh or 0 for c in cases),
        "pending_appeals": pending_appeals,
    }


def menu_for(user, today: dt.date) -> dict:
    """Which of the workflow's pages a person's menu shows."""

    access = access_for(user)
    year = current_scheme_year(today)
    return {
        "year": year.year if year else None,
        "needs": bool(access.owner_ids or access.partnership_network_ids or access.is_regional),
        "innstilling": bool(year) and (perms.is_forum(user) or perms.is_statsforvalter(user)),
        "overview": bool(year) and access.is_regional,
        "is_owner": access.has(Role.OWNER_CONTACT),
    }
