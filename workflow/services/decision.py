"""Vedtak and klage: Statsforvalteren edits and makes the vedtak (frozen once made; a correction
after an upheld appeal is a new vedtak that supersedes it); the partnership may appeal."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import DomainError
from config.formatting import format_kroner
from grants.events import document_event
from grants.models import Criterion, CriterionAssessment, Decision
from networks.models import User

from .. import permissions as perms
from .. import rules
from ..messages import (
    ALREADY_PROPOSED,
    APPEAL_PERIOD_TOO_SHORT,
    NO_BUDGET_AUTHORITY,
    REFUSAL_HAS_NO_AMOUNT,
)
from ..models import Case
from ..rules import today
from ..signals import decision_made
from ._common import bump_version, fields_known, fields_save, permitted_in_open_year, run_step
from .delivery import deliveries_create
from .payout import payout_plan_create
from .supplement import supplement_decide_problem

DECISION_FIELDS = Decision.EDITABLE_FIELDS


def _draft_case(actor: User, decision: Decision) -> Case:
    """The vedtak's case, when the person may edit the vedtak and it is still a draft."""
    case = Case.objects.select_related("network", "scheme_year").get(
        scheme_year=decision.scheme_year, network=decision.network
    )
    if not perms.can_decide(actor, case):
        raise PermissionDenied
    if decision.status != Decision.Status.DRAFT:
        raise DomainError(
            _("Vedtaket er fattet og kan ikke endres. En retting gjøres som et nytt vedtak."),
            code="frozen",
        )
    return case


@transaction.atomic
def decision_update(
    *, actor: User, decision: Decision, expected_version: int | None = None, **fields: Any
) -> Decision:
    """Edit a draft vedtak. A decided vedtak is frozen: a correction is a new vedtak."""
    _draft_case(actor, decision)
    fields_known(fields, DECISION_FIELDS)
    weeks = fields.get("appeal_weeks")
    if weeks is not None and weeks < Decision.APPEAL_WEEKS_MIN:
        raise DomainError(str(APPEAL_PERIOD_TOO_SHORT), field="appeal_weeks", code="appeal_weeks")
    if decision.is_refusal and (fields.get("amount") or fields.get("uh_amount")):
        raise DomainError(str(REFUSAL_HAS_NO_AMOUNT), field="amount", code="refusal_amount")
    if "report_deadline" in fields and not decision.supersedes_id:
        late = rules.report_deadline_problem(fields["report_deadline"], today())
        if late:
            raise DomainError(late, field="report_deadline", code="report_deadline")
    if decision.is_supplement and "amount" in fields:
        # A tilleggstildeling's amount is the vedtak it adds to plus the supplement.
        base = decision.supersedes.amount if decision.supersedes else 0
        if fields["amount"] <= base:
            raise DomainError(
                _(
                    "En tilleggstildeling må gi mer enn vedtaket den kommer i tillegg til "
                    "(%(base)s)."
                )
                % {"base": format_kroner(base)},
                field="amount",
            )
        fields["supplement"] = fields["amount"] - base
    bump_version(decision, expected_version, actor=actor)
    _withdraw_proposal(decision)
    fields_save(decision, fields, "prepared_by", "proposed_at")
    return decision


def _withdraw_proposal(decision: Decision) -> None:
    """A changed draft is no longer what was proposed: it must be proposed again, so that the
    approver always approves what they saw."""
    decision.prepared_by = None
    decision.proposed_at = None


@transaction.atomic
def decision_assess(
    *,
    actor: User,
    decision: Decision,
    assessments: dict[str, tuple[bool | None, str]],
) -> Decision:
    """Record Statsforvalteren's assessment of each criterion on the draft vedtak: met or not
    (None: not assessed yet) and the reasons. The letter states them before its conclusion."""
    _draft_case(actor, decision)
    unknown = set(assessments) - set(Criterion.values)
    if unknown:
        raise TypeError(f"unknown criteria: {sorted(unknown)}")
    for criterion, (met, text) in assessments.items():
        CriterionAssessment.objects.update_or_create(
            decision=decision, criterion=criterion, defaults={"met": met, "text": text.strip()}
        )
    if decision.proposed_at is not None:
        _withdraw_proposal(decision)
        decision.save(update_fields=["prepared_by", "proposed_at"])
    return decision


@transaction.atomic
def decision_propose(*, actor: User, decision: Decision) -> Decision:
    """The case officer who prepared the vedtak proposes it for approval. An approver with
    budget authority, never the same person, approves it (``decision_decide``)."""
    case = _draft_case(actor, decision)
    if decision.proposed_at is not None:
        raise DomainError(ALREADY_PROPOSED, code="proposed")
    problems = rules.decision_problems(decision)
    if problems:
        raise DomainError(" ".join(problems), code="conditions")
    decision.prepared_by = actor
    decision.proposed_at = timezone.now()
    decision.save(update_fields=["prepared_by", "proposed_at"])
    document_event(
        case,
        "decision_proposed",
        _("Vedtak foreslått for godkjenning: %(amount)s.")
        % {"amount": format_kroner(decision.amount)},
        actor=actor,
        subject=decision,
    )
    return decision


def _mark_decided(decision: Decision, actor: User) -> None:
    old = decision.supersedes
    if old is not None:
        old.status = Decision.Status.SUPERSEDED
        old.save(update_fields=["status"])
    decision.status = Decision.Status.DECIDED
    decision.decided_at = timezone.now()
    decision.decided_by = actor
    # Not yet delivered: the appeal period starts when the vedtak reaches the parties.
    decision.notified_on = None
    decision.save(update_fields=["status", "decided_at", "decided_by", "notified_on"])
    deliveries_create(decision)
    payout_plan_create(decision)


def decision_decide(*, actor: User, decision: Decision, comment: str = "") -> Decision:
    """Approve and so make the vedtak: every vedtak, whatever its kind, is made here. The
    approver has budget authority and is not the case officer who prepared and proposed it
    (two-person approval). For the first vedtak of a case this is the case's `decide`
    transition (a refusal: `refuse`, which ends the case); a correction (after an upheld
    appeal) or a tilleggstildeling supersedes the vedtak in force (a grant replacing a refusal:
    `grant_after_appeal`; a tilleggstildeling only within the year's remaining money)."""
    case = Case.objects.select_related("network", "scheme_year").get(
        scheme_year=decision.scheme_year, network=decision.network
    )
    permitted_in_open_year(perms.can_decide(actor, case), case)
    if not perms.can_approve_decision(actor, case):
        # The step table's ``may`` for ``decide``: the page never offers it to this person.
        raise PermissionDenied(str(NO_BUDGET_AUTHORITY))
    if decision.status != Decision.Status.DRAFT:
        raise DomainError(_("Vedtaket er allerede fattet."), code="frozen")
    draft = rules.draft_decision(case)
    if decision.supersedes_id or draft is None or draft.pk != decision.pk:
        # Not the draft the ``decide`` row checks (a correction after an appeal is made outside
        # the state machine): the same checks here, two-person approval included.
        problems = rules.decision_problems(decision) + rules.approval_problems(decision, actor)
        if problems:
            raise DomainError(" ".join(problems), code="conditions")
    if decision.supersedes_id:

        def corrected() -> None:
            over = supplement_decide_problem(decision)
            if over:
                raise DomainError(over, code="over_remaining")
            _mark_decided(decision, actor)
            if decision.is_supplement:
                document_event(
                    case,
                    "supplement_decided",
                    _(
                        "Tilleggstildeling vedtatt: %(supplement)s, til sammen %(amount)s "
                        "(erstatter vedtak %(old)s)."
                    )
                    % {
                        "supplement": format_kroner(decision.supplement),
                        "amount": format_kroner(decision.amount),
                        "old": decision.supersedes_id,
                    },
                    actor=actor,
                    subject=decision,
                )
            else:
                document_event(
                    case,
                    "decision_corrected",
                    _("Nytt vedtak fattet: %(amount)s (erstatter vedtak %(old)s).")
                    % {"amount": format_kroner(decision.amount), "old": decision.supersedes_id},
                    actor=actor,
                    subject=decision,
                )

        if case.state == Case.State.AVSLATT and not decision.is_refusal:
            # A grant replaces the refusal after an appeal: the case goes on from `vedtak`.
            run_step(
                case, "grant_after_appeal", actor=actor, comment=comment, before_save=corrected
            )
        else:
            with transaction.atomic():
                corrected()
    else:
        # A refusal ends the case (the step table's ``refuse`` row); a grant keeps it in `vedtak`.
        run_step(
            case,
            "refuse" if decision.is_refusal else "decide",
            actor=actor,
            comment=comment,
            before_save=lambda: _mark_decided(decision, actor),
        )
    transaction.on_commit(
        lambda: decision_made.send(sender=Decision, decision=decision, actor=actor)
    )
    return decision


# Klage ---------------------------------------------------------------------------------------
