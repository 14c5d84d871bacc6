"""The handovers of a case, each turned into notifications: the people who must act next (from
the kind's rules, ``selectors.case_recipients``) and a receipt for the sender.

Case transitions arrive through ``workflow.signals.case_transitioned`` and the vedtak through
``decision_made`` (both sent after commit; connected in ``WorkflowConfig.ready``). The needs
report and the appeals are not case transitions: their services call these functions in their
own transaction.
"""

from __future__ import annotations

import logging

from django.urls import reverse

from ..steps import STEP_BY_NAME
from .kinds import Kind
from .selectors import case_recipients, recipients_for
from .services import notify

logger = logging.getLogger(__name__)


def case_params(case) -> dict:
    return {"year": case.scheme_year.year, "network": case.network.name}


def _case_url(case) -> str:
    return reverse("case_detail", kwargs={"pk": case.pk})


def _action_url(kind: str, case) -> str:
    """Where the people who must act next do it."""
    if kind == Kind.DECISION_BASIS_RETURNED:
        return reverse("decision_basis_edit", kwargs={"pk": case.pk})
    if kind in (Kind.REPORTING_OPENED, Kind.REPORT_RETURNED):
        return reverse("report_edit", kwargs={"pk": case.pk})
    if kind == Kind.RECOMMENDATION_RETURNED:
        return reverse("recommendation", kwargs={"year": case.scheme_year.year})
    return _case_url(case)


def _case_of(document):
    """The case a network's document of a year (a vedtak, a settlement) belongs to."""
    from ..models import Case

    return Case.objects.select_related("network", "scheme_year").get(
        scheme_year_id=document.scheme_year_id, network_id=document.network_id
    )


def _notify_case(kind: str, case, *, actor, params: dict | None = None, **rest) -> list:
    """Notify the people who act next on ``case`` for ``kind`` (and give the actor a receipt),
    named by the case's year and network and by ``params``."""
    return notify(
        kind=kind,
        recipients=case_recipients(kind, case),
        actor=actor,
        case=case,
        params={**case_params(case), **(params or {})},
        **rest,
    )


def _transition_comment(case, transition: str) -> str:
    from django_fsm_log.models import StateLog

    log = (
        StateLog.objects.for_(case).filter(transition=transition).order_by("-timestamp", "-pk")
    ).first()
    return (log.description or "") if log else ""


def case_handover(*, case, transition: str, actor) -> list:
    """Notify for a committed case transition (nothing for a transition that is no handover)."""
    step = STEP_BY_NAME.get(transition)
    kind = step.notifies if step is not None else None
    if kind is None:
        return []
    return _notify_case(
        kind,
        case,
        actor=actor,
        body=_transition_comment(case, transition),
        url=_action_url(kind, case),
        receipt_url=_case_url(case),
    )


def decision_handover(*, decision, actor) -> list:
    """The vedtak (or a corrected one; a refusal has its own kind) with its letter, to the
    partnership. Legal effect: its email cannot be switched off."""
    from ..selectors import decision_letter_url

    letter = decision_letter_url(decision)
    return _notify_case(
        Kind.DECISION_REFUSED if decision.is_refusal else Kind.DECISION_MADE,
        _case_of(decision),
        actor=actor,
        params={"amount": decision.amount, **({"letter_url": letter} if letter else {})},
        url=reverse("decision_detail", kwargs={"pk": decision.pk}),
    )


def repayment_claim_handover(*, settlement, actor) -> list:
    """A repayment claim (an enkeltvedtak) with its letter, to the parties. Legal effect."""
    case = _case_of(settlement)
    return _notify_case(
        Kind.REPAYMENT_CLAIMED,
        case,
        actor=actor,
        params={
            "amount": settlement.amount,
            "letter_url": reverse("reporting:repayment_letter", kwargs={"pk": settlement.pk}),
        },
        url=_case_url(case),
    )


def needs_report_handover(*, report, actor) -> list:
    """A submitted needs report, to the network's coordinators."""
    return notify(
        kind=Kind.NEEDS_REPORT_SUBMITTED,
        recipients=recipients_for(Kind.NEEDS_REPORT_SUBMITTED, network_id=report.network_id),
        actor=actor,
        params={
            "year": report.scheme_year.year,
            "owner": report.owner.name,
            "network": report.network.name,
        },
        url=reverse("needs_report_detail", kwargs={"pk": report.pk}),
    )


def appeal_lodged_handover(*, appeal, case, actor) -> list:
    return _notify_case(
        Kind.APPEAL_LODGED,
        case,
        actor=actor,
        body=appeal.text,
        url=reverse("appeal_decide", kwargs={"pk": appeal.pk}),
        receipt_url=_case_url(case),
    )


def appeal_decided_handover(*, appeal, case, actor) -> list:
    return _notify_case(
        Kind.APPEAL_DECIDED,
        case,
        actor=actor,
        params={"outcome": appeal.outcome},
        body=appeal.outcome_note,
        url=_case_url(case),
    )


def payout_handover(*, case, amount: int, actor, paid_on=None) -> list:
    """For the payout service (not built yet): a payout made to the partnership."""
    params = {"amount": amount}
    if paid_on is not None:
        params["date"] = paid_on.isoformat()
    return _notify_case(Kind.PAYOUT_MADE, case, actor=actor, params=params, url=_case_url(case))


# Signal receivers (after commit) ---------------------------------------------------------------


def on_case_transitioned(sender, case, transition, actor=None, **kwargs) -> None:
    """A failure here must not turn a committed handover into an error page: it is logged."""
    try:
        case_handover(case=case, transition=transition, actor=actor)
    except Exception:
        logger.exception("Could not notify about %s on case %s", transition, case.pk)


def on_decision_made(sender, decision, actor=None, **kwargs) -> None:
    try:
        decision_handover(decision=decision, actor=actor)
    except Exception:
        logger.exception("Could not notify about decision %s", decision.pk)


def on_settlement_decided(sender, settlement, actor=None, **kwargs) -> None:
    if settlement.kind != settlement.Kind.REPAYMENT:
        return
    try:
        repayment_claim_handover(settlement=settlement, actor=actor)
    except Exception:
        logger.exception("Could not notify about repayment claim %s", settlement.pk)
