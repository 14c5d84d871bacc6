"""What needs a person now: their open tasks across organisations and roles, the coming
deadlines that matter to them, and which pages their menu shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.formatting import format_date_nb
from grants.models import (
    Appeal,
    ConflictOfInterest,
    Decision,
    LocalDeadline,
    NeedsReport,
    Report,
    SchemeYear,
)
from networks.models import Owner, User
from networks.permissions import Access, access_for
from networks.roles import Role

from .. import permissions as perms
from .. import rules
from ..models import Case
from ..states import OUTCOME_STATES, CaseState
from .cases import current_scheme_year

S = CaseState


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
    def sort_key(self) -> tuple[Any, ...]:
        return (self.deadline or dt.date.max, self.subject, self.title)


def _owner_tasks(access: Access, today: dt.date) -> list[Task]:
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


def _partnership_tasks(access: Access, today: dt.date) -> list[Task]:
    network_ids = access.partnership_network_ids
    if not network_ids:
        return []
    tasks = []
    cases = Case.objects.filter(
        network_id__in=network_ids,
        state__in=[S.BEHOVSMELDING, S.BESLUTNINGSGRUNNLAG, S.RAPPORTERING],
    ).select_related("scheme_year", "network", "decision_basis", "report")
    # the final report after an approved interim report (``rules.follows_interim_report``)
    cases = cases.annotate(
        after_interim=Exists(
            rules.approved_interim_reports(OuterRef("scheme_year_id"), OuterRef("network_id"))
        )
    )
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
            deadline = case.scheme_year.report_deadline
            if report.status == Report.Status.RETURNED:
                title = _("Rett opp rapporten for %(year)s og send den på nytt")
            elif report.kind == Report.Kind.INTERIM:
                title = _("Skriv og send delrapporten for %(year)s")
            elif case.after_interim:
                # due when the measures have ended, not by the report deadline
                title, deadline = _("Skriv og send sluttrapporten for %(year)s"), None
            else:
                title = _("Skriv og send rapporten for %(year)s")
            title = title % {"year": year}
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


def _after_decision_tasks(access: Access, today: dt.date) -> list[Task]:
    """The partnership between the vedtak and the report: read the vedtak (and its letter) while
    it can still be appealed, and know that the report comes when reporting opens."""
    network_ids = access.partnership_network_ids
    if not network_ids:
        return []
    cases = {
        (c.scheme_year_id, c.network_id): c
        for c in Case.objects.filter(network_id__in=network_ids, state=S.VEDTAK).select_related(
            "scheme_year", "network"
        )
    }
    if not cases:
        return []
    decisions = Decision.objects.filter(
        status=Decision.Status.DECIDED,
        network_id__in={key[1] for key in cases},
        scheme_year_id__in={key[0] for key in cases},
    ).order_by("decided_at")
    tasks = []
    for decision in decisions:
        case = cases.get((decision.scheme_year_id, decision.network_id))
        if case is None:
            continue
        year = case.scheme_year.year
        appeal_deadline = decision.appeal_deadline()
        if appeal_deadline is not None and today <= appeal_deadline:
            tasks.append(
                Task(
                    title=_("Les vedtaket for %(year)s; klagefristen er %(date)s")
                    % {"year": year, "date": format_date_nb(appeal_deadline)},
                    subject=case.network.name,
                    url=reverse("decision_detail", kwargs={"pk": decision.pk}),
                    deadline=appeal_deadline,
                    today=today,
                    year=year,
                )
            )
        tasks.append(
            Task(
                title=_("Rapporten for %(year)s skrives når Statsforvalteren åpner rapporteringen")
                % {"year": year},
                subject=case.network.name,
                url=reverse("case_detail", kwargs={"pk": case.pk}),
                deadline=case.scheme_year.report_deadline,
                today=today,
                year=year,
            )
        )
    return tasks


def _forum_tasks(user: User, access: Access, today: dt.date) -> list[Task]:
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


def _statsforvalter_tasks(access: Access, today: dt.date) -> list[Task]:
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
        deadline = None
        if case.state == S.VEDTAK and key not in decided:
            draft = drafts.get(key)
            if draft is None:
                continue
            title = _("Fatt vedtak for %(year)s")
            url = reverse("decision_detail", kwargs={"pk": draft.pk})
            deadline = case.scheme_year.decision_deadline
        elif case.state == S.VEDTAK:
            title = _("Åpne rapporteringen for %(year)s")
            url = reverse("case_detail", kwargs={"pk": case.pk})
        elif case.report is not None and case.report.status == Report.Status.SUBMITTED:
            title = _("Kontroller rapporten for %(year)s")
            url = reverse("case_detail", kwargs={"pk": case.pk})
        else:
            continue
        tasks.append(
            Task(
                title=title % {"year": year},
                subject=case.network.name,
                url=url,
                deadline=deadline,
                today=today,
                year=year,
            )
        )
    refusals = {key: d for key, d in drafts.items() if d.is_refusal and not d.supersedes_id}
    if refusals:
        # A refusal drafted before the innstilling reached Statsforvalteren (the case is not yet
        # in `vedtak`): it is made on the vedtak page all the same.
        for case in Case.objects.filter(
            state__in=[S.BEHOVSMELDING, S.BESLUTNINGSGRUNNLAG, S.INNSTILLING],
            network_id__in={network_id for _year, network_id in refusals},
        ).select_related("scheme_year", "network"):
            draft = refusals.get((case.scheme_year_id, case.network_id))
            if draft is None:
                continue
            tasks.append(
                Task(
                    title=_("Fatt vedtak om avslag for %(year)s") % {"year": case.scheme_year.year},
                    subject=case.network.name,
                    url=reverse("decision_detail", kwargs={"pk": draft.pk}),
                    deadline=case.scheme_year.decision_deadline,
                    today=today,
                    year=case.scheme_year.year,
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
    # Every case has its outcome: the year's checklist is the next thing (it names what else
    # is still open, if anything).
    open_cases = Case.objects.filter(scheme_year=OuterRef("pk")).exclude(
        state__in=list(OUTCOME_STATES)
    )
    ready = SchemeYear.objects.filter(closed_at__isnull=True, cases__isnull=False).filter(
        ~Exists(open_cases)
    )
    for year in sorted(set(ready.values_list("year", flat=True))):
        tasks.append(
            Task(
                title=_("Avslutt tilskuddsåret %(year)s") % {"year": year},
                subject=_("Sjekkliste"),
                url=reverse("scheme_year_close", kwargs={"year": year}),
                deadline=None,
                today=today,
                year=year,
            )
        )
    return tasks


def tasks_for(user: User, today: dt.date) -> list[Task]:
    """The person's open tasks across all their organisations and roles, soonest deadline first."""
    access = access_for(user)
    tasks = (
        _owner_tasks(access, today)
        + _partnership_tasks(access, today)
        + _after_decision_tasks(access, today)
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


def upcoming_for(user: User, today: dt.date) -> list[Upcoming]:
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


def menu_for(user: User, today: dt.date) -> dict[str, Any]:
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
