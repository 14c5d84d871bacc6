"""The step table: every step a person can take with a case, each defined once.

A *step* is a transition of the case's state machine (``Case.<name>``): its labels, who may take
it, the problems that block it, whether it takes a comment and the service that runs it. A *link*
is something else a page offers for the case (a page with its own form). The case page's actions
and blocked reasons, the timeline's wording, the comment forms, the buttons' views and the admin
all read these two tables; the services check the same ``may`` and ``problems`` before they act,
so a page never offers what a service would refuse. Adding a step is adding a row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants.models import Appeal

from . import permissions as perms
from . import rules
from .messages import CONFLICTED
from .notifications.kinds import Kind
from .remaining import year_money
from .states import OUTCOME_STATES, CaseState

if TYPE_CHECKING:
    from .models import Case

S = CaseState

#: A comment is not asked for, may be given, or must be given.
NO_COMMENT, OPTIONAL, REQUIRED = None, "optional", "required"
OPTIONAL_COMMENT = gettext_lazy("Kommentar (valgfritt)")


def _none(case: Case, actor: Any) -> list[str]:
    return []


@dataclass(frozen=True)
class Step:
    """One transition of ``Case``, as people meet it."""

    name: str
    #: the button
    label: Promise
    #: what the case's history says once it was taken
    done: Promise
    #: the message the person sees after taking it
    success: Promise
    #: who may take it: ``may(user, case)``
    may: Callable[[Any, Case], bool]
    #: the service that runs it, called as ``service(actor=, case=, comment=)``
    service: str
    #: what stops it now although the person may take it: ``problems(case, actor)``
    problems: Callable[[Case, Any], list[str]] = _none
    #: the label of the blocked step, where it differs from the button
    blocked_label: Promise | None = None
    comment: str | None = NO_COMMENT
    comment_label: Promise = OPTIONAL_COMMENT
    help: Promise | str = ""
    primary: bool = False
    #: sends a document back: its comment is feedback the receiver must act on
    returns: bool = False
    #: for a step that ``returns``: the step that sends the document again (answers the feedback)
    answered_by: str = ""
    #: taken with a button on the case page (``recommend`` is taken for the whole year at once)
    on_case_page: bool = True
    #: the document the step acts on, when it is not the case itself (the draft vedtak)
    target: Callable[[Case], Any] | None = None
    #: where the button posts for that target, when not to the case page's step view
    url: Callable[[Case, Any], str] | None = None
    #: a condition beyond the state for offering the button at all (nothing to act on yet)
    offered: Callable[[Case], bool] | None = None
    #: the notification this handover sends the people who act next (None: no handover; the
    #: vedtak is notified with its letter once made)
    notifies: str | None = None

    def run(self, *, actor: Any, case: Case, comment: str = "") -> Any:
        """Take the step from the case page (steps without a ``target``)."""
        return import_string(self.service)(actor=actor, case=case, comment=comment)

    def post_url(self, case: Case, target: Any = None) -> str:
        if self.url is not None:
            return self.url(case, target)
        return reverse("case_action", kwargs={"pk": case.pk, "action": self.name})


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


# --- Problems ---------------------------------------------------------------------------------


def _decision_basis_problems(case: Case, actor: Any) -> list[str]:
    return rules.decision_basis_submit_problems(case)


def _report_problems(case: Case, actor: Any) -> list[str]:
    return rules.report_problems(case)


def _final_report_problems(case: Case, actor: Any) -> list[str]:
    return rules.final_report_problems(case)


def _draft_problems(case: Case, actor: Any) -> list[str]:
    draft = rules.draft_grant(case)
    if draft is None:
        return [_("Det finnes ikke noe utkast til vedtak.")]
    return rules.draft_problems(case) + rules.approval_problems(draft, actor)


def _refusal_problems(case: Case, actor: Any) -> list[str]:
    draft = rules.draft_refusal(case)
    if draft is None:
        return [_("Det finnes ikke noe utkast til avslag.")]
    return (
        rules.refusal_problems(case)
        + rules.draft_problems(case)
        + rules.approval_problems(draft, actor)
    )


def _has_draft(case: Case) -> bool:
    return rules.draft_grant(case) is not None


def _decide_url(case: Case, draft: Any) -> str:
    return reverse("decision_decide", kwargs={"pk": draft.pk})


# --- The steps --------------------------------------------------------------------------------

STEPS: tuple[Step, ...] = (
    Step(
        name="start_decision_basis",
        label=gettext_lazy("Start beslutningsgrunnlaget"),
        done=gettext_lazy("Arbeidet med beslutningsgrunnlaget ble startet"),
        success=gettext_lazy("Arbeidet med beslutningsgrunnlaget er startet."),
        may=perms.can_start_decision_basis,
        service="workflow.services.decision_basis_start",
        primary=True,
    ),
    Step(
        name="submit_decision_basis",
        notifies=Kind.DECISION_BASIS_SUBMITTED,
        label=gettext_lazy("Send beslutningsgrunnlaget til samarbeidsforum"),
        blocked_label=gettext_lazy("Send beslutningsgrunnlaget"),
        done=gettext_lazy("Beslutningsgrunnlaget ble sendt til samarbeidsforum"),
        success=gettext_lazy("Beslutningsgrunnlaget er sendt til samarbeidsforum."),
        may=perms.can_submit_decision_basis,
        problems=_decision_basis_problems,
        service="workflow.services.decision_basis_submit",
        comment=OPTIONAL,
        comment_label=gettext_lazy("Kommentar til samarbeidsforum (valgfritt)"),
        primary=True,
    ),
    Step(
        name="return_decision_basis",
        notifies=Kind.DECISION_BASIS_RETURNED,
        label=gettext_lazy("Returner beslutningsgrunnlaget"),
        done=gettext_lazy("Beslutningsgrunnlaget ble returnert til partnerskapet"),
        success=gettext_lazy("Beslutningsgrunnlaget er returnert til partnerskapet."),
        may=perms.can_return_decision_basis,
        service="workflow.services.decision_basis_return",
        comment=REQUIRED,
        comment_label=gettext_lazy("Hva må partnerskapet rette opp?"),
        help=gettext_lazy(
            "Skriv hva partnerskapet må rette opp. Kommentaren vises for partnerskapet."
        ),
        returns=True,
        answered_by="submit_decision_basis",
    ),
    Step(
        name="recommend",
        notifies=Kind.RECOMMENDATION_SENT,
        label=gettext_lazy("Send innstillingen til Statsforvalteren"),
        done=gettext_lazy("Innstillingen ble sendt til Statsforvalteren"),
        success=gettext_lazy("Innstillingen er sendt til Statsforvalteren."),
        may=lambda user, case: perms.can_submit_recommendation(user),
        service="workflow.services.recommendation_submit",
        on_case_page=False,
    ),
    Step(
        name="return_recommendation",
        notifies=Kind.RECOMMENDATION_RETURNED,
        label=gettext_lazy("Returner innstillingen til samarbeidsforum"),
        done=gettext_lazy("Innstillingen ble returnert til samarbeidsforum"),
        success=gettext_lazy("Innstillingen er returnert til samarbeidsforum."),
        may=perms.can_return_recommendation,
        service="workflow.services.recommendation_return",
        comment=REQUIRED,
        comment_label=gettext_lazy("Hva må samarbeidsforum vurdere på nytt?"),
        help=gettext_lazy("Skriv hva samarbeidsforum må vurdere på nytt."),
        returns=True,
        answered_by="recommend",
        offered=rules.not_decided,
    ),
    Step(
        name="decide",
        label=gettext_lazy("Godkjenn og fatt vedtak"),
        done=gettext_lazy("Vedtak ble fattet"),
        success=gettext_lazy("Vedtaket er fattet."),
        may=perms.can_approve_decision,
        problems=_draft_problems,
        service="workflow.services.decision_decide",
        comment=OPTIONAL,
        comment_label=gettext_lazy("Kommentar i saksloggen (valgfritt)"),
        primary=True,
        target=rules.draft_grant,
        url=_decide_url,
        offered=lambda case: rules.not_decided(case) and _has_draft(case),
    ),
    Step(
        name="refuse",
        label=gettext_lazy("Fatt vedtak om avslag"),
        done=gettext_lazy("Vedtak om avslag ble fattet"),
        success=gettext_lazy("Vedtaket om avslag er fattet, og saken er avsluttet."),
        may=perms.can_approve_decision,
        problems=_refusal_problems,
        service="workflow.services.decision_decide",
        comment=OPTIONAL,
        comment_label=gettext_lazy("Kommentar i saksloggen (valgfritt)"),
        target=rules.draft_refusal,
        url=_decide_url,
        offered=lambda case: rules.not_decided(case) and rules.draft_refusal(case) is not None,
    ),
    Step(
        name="grant_after_appeal",
        label=gettext_lazy("Fatt nytt vedtak om tilskudd etter klage"),
        done=gettext_lazy("Avslaget ble erstattet av et vedtak om tilskudd etter klage"),
        success=gettext_lazy("Vedtaket om tilskudd er fattet og erstatter avslaget."),
        may=perms.can_approve_decision,
        service="workflow.services.decision_decide",
        comment=OPTIONAL,
        comment_label=gettext_lazy("Kommentar i saksloggen (valgfritt)"),
        # Taken with the new vedtak after an upheld appeal (the ``decide`` row's correction).
        on_case_page=False,
    ),
    Step(
        name="withdraw",
        notifies=Kind.CASE_WITHDRAWN,
        label=gettext_lazy("Trekk saken"),
        done=gettext_lazy("Nettverket trakk saken"),
        success=gettext_lazy("Saken er trukket og avsluttet."),
        may=perms.can_withdraw_case,
        service="workflow.services.case_withdraw",
        comment=REQUIRED,
        comment_label=gettext_lazy("Hvorfor trekker nettverket saken?"),
        help=gettext_lazy(
            "Når saken er trukket, er den avsluttet uten tilskudd for året. Begrunnelsen vises "
            "for Statsforvalteren og samarbeidsforum."
        ),
        offered=rules.not_decided,
    ),
    Step(
        name="open_reporting",
        notifies=Kind.REPORTING_OPENED,
        label=gettext_lazy("Åpne rapporteringen"),
        done=gettext_lazy("Rapporteringen ble åpnet"),
        success=gettext_lazy("Rapporteringen er åpnet."),
        may=perms.can_open_reporting,
        service="workflow.services.reporting_open",
        primary=True,
        offered=rules.decided,
    ),
    Step(
        name="submit_report",
        notifies=Kind.REPORT_SUBMITTED,
        label=gettext_lazy("Send rapporten til Statsforvalteren"),
        blocked_label=gettext_lazy("Send rapporten"),
        done=gettext_lazy("Rapporten ble sendt til Statsforvalteren"),
        success=gettext_lazy("Rapporten er sendt til Statsforvalteren."),
        may=perms.can_edit_report,
        problems=_report_problems,
        service="workflow.services.report_submit",
        comment=OPTIONAL,
        comment_label=gettext_lazy("Kommentar til Statsforvalteren (valgfritt)"),
        primary=True,
        offered=rules.report_is_open,
    ),
    Step(
        name="approve_report",
        notifies=Kind.REPORT_APPROVED,
        label=gettext_lazy("Godkjenn rapporten"),
        done=gettext_lazy("Rapporten ble godkjent"),
        success=gettext_lazy("Rapporten er godkjent, og saken er avsluttet."),
        may=perms.can_control_report,
        service="workflow.services.report_approve",
        problems=_final_report_problems,
        comment=OPTIONAL,
        comment_label=gettext_lazy("Kommentar til godkjenningen (valgfritt)"),
        primary=True,
        offered=rules.report_is_submitted,
    ),
    Step(
        name="approve_interim_report",
        # the partnership writes the final report next
        notifies=Kind.REPORTING_OPENED,
        label=gettext_lazy("Godkjenn delrapporten og åpne sluttrapporten"),
        done=gettext_lazy("Delrapporten ble godkjent, og sluttrapporten ble åpnet"),
        success=gettext_lazy(
            "Delrapporten er godkjent. Saken er åpen til sluttrapporten er godkjent."
        ),
        may=perms.can_control_report,
        service="workflow.services.report_interim_approve",
        comment=OPTIONAL,
        comment_label=gettext_lazy("Kommentar til partnerskapet (valgfritt)"),
        help=gettext_lazy(
            "Et tiltak varer lenger enn rapportfristen. Partnerskapet skriver sluttrapporten når "
            "tiltakene er avsluttet; da avgjøres ubrukte midler."
        ),
        primary=True,
        offered=rules.interim_report_is_submitted,
    ),
    Step(
        name="return_report",
        notifies=Kind.REPORT_RETURNED,
        label=gettext_lazy("Returner rapporten"),
        done=gettext_lazy("Rapporten ble returnert til partnerskapet"),
        success=gettext_lazy("Rapporten er returnert til partnerskapet."),
        may=perms.can_control_report,
        service="workflow.services.report_return",
        comment=REQUIRED,
        comment_label=gettext_lazy("Hva må partnerskapet rette opp i rapporten?"),
        help=gettext_lazy("Skriv hva partnerskapet må rette opp i rapporten."),
        returns=True,
        answered_by="submit_report",
        offered=rules.report_is_submitted,
    ),
)

STEP_BY_NAME: dict[str, Step] = {step.name: step for step in STEPS}


def step(name: str) -> Step:
    return STEP_BY_NAME[name]


#: Transitions that send a document back with a comment the receiver must act on.
RETURN_STEPS: tuple[str, ...] = tuple(s.name for s in STEPS if s.returns)


# --- The links --------------------------------------------------------------------------------


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
