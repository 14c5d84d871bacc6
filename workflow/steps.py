"""The step table: every step a person can take with a case, each defined once.

A *step* is a transition of the case's state machine (``Case.<name>``): its labels, who may take
it, the problems that block it, whether it takes a comment and the service that runs it. A *link*
is something else a page offers for the case (a page with its own form). The case page's actions
and blocked reasons, the timeline's wording, the comment forms, the buttons' views and the admin
all read these two tables; the services check the same ``may`` and ``problems`` before they act,
so a page never offers what a service would refuse. Adding a step is adding a row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import permissions as perms
from . import rules
from .links import CORRECTION_TARGETS, LINKS, Link  # noqa: F401 (the tables read together)
from .notifications.kinds import Kind
from .states import CaseState

if TYPE_CHECKING:
    from .models import Case

S = CaseState

#: A comment is not asked for, may be given, or must be given.
NO_COMMENT, OPTIONAL, REQUIRED = None, "optional", "required"
OPTIONAL_COMMENT = gettext_lazy("Kommentar (valgfritt)")
#: The comment of a step that makes a vedtak: it goes into the case log.
LOG_COMMENT = gettext_lazy("Kommentar i saksloggen (valgfritt)")


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
        comment_label=LOG_COMMENT,
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
        comment_label=LOG_COMMENT,
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
        comment_label=LOG_COMMENT,
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
