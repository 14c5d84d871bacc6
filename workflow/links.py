"""The link table: what a case page offers that is not a transition (a page with its own
form), each defined once. ``workflow.steps`` holds the transitions; ``selectors.case_actions``
reads both."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants.models import Appeal

from . import permissions as perms
from . import rules
from .messages import CONFLICTED
from .remaining import year_money
from .states import OUTCOME_STATES, CaseState

if TYPE_CHECKING:
    from .models import Case

S = CaseState


@dataclass(frozen=True)
class Link:
    """Something a page offers for a case that is not a transition: a page with its own form.

    ``targets(case, today)`` lists the objects it acts on (one link each); the default is the case.
    """

    name: str
    label: Callable[[Any], str] | Promise
    may: Callable[[Any, Case], bool]
    url: Callable[[Case, Any], str]
    states: tuple[str, ...] | None = None
    targets: Callable[[Case, dt.date], list[Any]] | None = None
    #: the reason shown instead of the link when the person has the role but not the right now
    refused: Callable[[Any, Case], str | None] | None = None
    primary: bool = False


def _case_page(name: str) -> Callable[[Case, Any], str]:
    return lambda case, target: reverse(name, kwargs={"pk": case.pk})


def _appealable(case: Case, today: dt.date) -> list[Any]:
    """The vedtak in force while the case is open: after the deadline too, for a late appeal is
    registered (flagged) and the case officer decides whether to consider it (fvl. § 31)."""
    if case.state == S.AVSLUTTET:
        return []
    decision = rules.decision_in_force(case)
    return [decision] if decision is not None else []


def _pending_appeals(case: Case, today: dt.date) -> list[Any]:
    pending = [a for a in rules.case_appeals(case) if a.outcome == Appeal.Outcome.PENDING]
    return sorted(pending, key=lambda appeal: appeal.lodged_at)


def _correction_drafts(case: Case, today: dt.date) -> list[Any]:
    """The draft of a new vedtak after an upheld appeal (decided outside the state machine)."""
    draft = rules.draft_decision(case)
    return [draft] if draft is not None and draft.supersedes_id else []


def _editable_drafts(case: Case, today: dt.date) -> list[Any]:
    draft = rules.draft_decision(case)
    if draft is None:
        return []
    if draft.supersedes_id or (case.state == S.VEDTAK and rules.not_decided(case)):
        return [draft]
    if draft.is_refusal and rules.not_decided(case) and case.state not in OUTCOME_STATES:
        return [draft]
    return []


def _supplementable(case: Case, today: dt.date) -> list[Any]:
    """A vedtak in force, no draft, and remaining money not yet recommended: the forum may
    recommend a tilleggstildeling to it."""
    decision = rules.decision_in_force(case)
    if decision is None or rules.draft_decision(case) is not None:
        return []
    return [case] if year_money(case.scheme_year).available > 0 else []


def _open_report(case: Case, today: dt.date) -> list[Any]:
    return [case] if rules.report_is_open(case) else []


def _submitted_report(case: Case, today: dt.date) -> list[Any]:
    return [case] if rules.report_is_submitted(case) else []


def _conflict(user: Any, case: Case) -> str | None:
    return str(CONFLICTED) if perms.has_conflict(user, case) else None


LINKS: tuple[Link, ...] = (
    Link(
        name="set_local_deadline",
        label=gettext_lazy("Sett lokal frist for behovsmelding"),
        may=lambda user, case: perms.can_set_local_deadline(user, case.network),
        url=_case_page("local_deadline_set"),
        states=(S.BEHOVSMELDING,),
    ),
    Link(
        name="reopen_decision_basis",
        label=gettext_lazy("Åpne for innsending etter fristen"),
        may=perms.can_reopen_decision_basis,
        url=_case_page("decision_basis_reopen"),
        states=(S.BEHOVSMELDING, S.BESLUTNINGSGRUNNLAG),
    ),
    Link(
        name="edit_decision_basis",
        label=gettext_lazy("Skriv beslutningsgrunnlaget"),
        may=perms.can_edit_decision_basis,
        url=_case_page("decision_basis_edit"),
        states=(S.BESLUTNINGSGRUNNLAG,),
    ),
    Link(
        name="record_recommendation",
        label=gettext_lazy("Registrer innstilling for nettverket"),
        may=lambda user, case: perms.is_forum(user),
        url=lambda case, target: reverse(
            "recommendation_line", kwargs={"year": case.scheme_year.year, "case_pk": case.pk}
        ),
        states=(S.INNSTILLING,),
        refused=_conflict,
        primary=True,
    ),
    Link(
        name="edit_decision",
        label=lambda draft: (
            _("Rediger tilleggstildeling")
            if draft.is_supplement
            else _("Rediger nytt vedtak etter klage")
            if draft.supersedes_id
            else _("Rediger utkast til avslag")
            if draft.is_refusal
            else _("Rediger utkast til vedtak")
        ),
        may=perms.can_decide,
        url=lambda case, draft: reverse("decision_detail", kwargs={"pk": draft.pk}),
        targets=_editable_drafts,
    ),
    Link(
        name="prepare_refusal",
        label=gettext_lazy("Forbered avslag"),
        may=perms.can_decide,
        url=_case_page("refusal_prepare"),
        targets=lambda case, today: [case] if rules.may_prepare_refusal(case) else [],
    ),
    Link(
        name="recommend_supplement",
        label=gettext_lazy("Innstill tilleggstildeling"),
        may=perms.can_record_recommendation,
        url=_case_page("supplement_recommend"),
        states=(S.VEDTAK, S.RAPPORTERING),
        targets=_supplementable,
    ),
    Link(
        name="edit_report",
        label=gettext_lazy("Skriv rapporten"),
        may=perms.can_edit_report,
        url=_case_page("report_edit"),
        states=(S.RAPPORTERING,),
        targets=_open_report,
    ),
    Link(
        name="control_report",
        label=lambda case: (
            _("Kontroller delrapporten")
            if rules.report_is_interim(case)
            else _("Kontroller rapporten og avgjør ubrukte midler")
        ),
        may=perms.can_control_report,
        url=_case_page("report_control"),
        states=(S.RAPPORTERING,),
        targets=_submitted_report,
        primary=True,
    ),
    Link(
        name="lodge_appeal",
        label=gettext_lazy("Klag på vedtaket"),
        may=perms.can_lodge_appeal,
        url=_case_page("appeal_lodge"),
        targets=_appealable,
    ),
    Link(
        name="decide_appeal",
        label=gettext_lazy("Behandle klagen"),
        may=perms.can_decide_appeal,
        url=lambda case, appeal: reverse("appeal_decide", kwargs={"pk": appeal.pk}),
        targets=_pending_appeals,
    ),
)

#: The vedtak after an upheld appeal is made outside the state machine (the case has moved on),
#: but it is the same step for the person: the ``decide`` row, acting on that draft.
CORRECTION_TARGETS = _correction_drafts
