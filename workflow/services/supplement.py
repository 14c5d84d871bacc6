"""Tilleggstildeling: a supplementary grant from the year's remaining money (``workflow.remaining``)
to a network or to the joint measures, by the same path as a grant. The forum recommends it
(``supplement_recommend`` makes a draft vedtak that adds the amount to the vedtak in force and
will supersede it); Statsforvalteren edits it like any draft (``decision_update``) and makes it
with ``decision_decide``, which refuses it when it is more than the remaining money then."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from config.errors import DomainError
from config.formatting import format_kroner
from grants.events import document_event
from grants.models import Decision
from networks.models import User

from .. import permissions as perms
from .. import rules
from ..messages import REASONS_REQUIRED, SUPPLEMENT_OVER_REMAINING, UH_OVER_RECOMMENDED
from ..models import Case
from ..remaining import year_money
from ..states import CaseState

#: A supplementary grant adds to a vedtak in force whose case is not yet closed.
SUPPLEMENT_STATES = (CaseState.VEDTAK, CaseState.RAPPORTERING)


def supplement_over_remaining(amount: int, remaining: int) -> str:
    return str(SUPPLEMENT_OVER_REMAINING) % {
        "amount": format_kroner(amount),
        "remaining": format_kroner(remaining),
    }


@transaction.atomic
def supplement_recommend(
    *, actor: User, case: Case, amount: int, uh_amount: int = 0, reason: str
) -> Decision:
    """The forum recommends a supplementary grant of ``amount`` (of which ``uh_amount`` to UH) to
    the case's network: a draft vedtak for Statsforvalteren that supersedes the vedtak in force
    with its amount plus this. Never more than the remaining money not already recommended."""
    if not perms.can_record_recommendation(actor, case):
        raise PermissionDenied
    if case.state not in SUPPLEMENT_STATES:
        raise DomainError(
            _("En tilleggstildeling kan bare gis i en sak med vedtak som ikke er avsluttet."),
            code="wrong_state",
        )
    in_force = rules.decision_in_force(case)
    if in_force is None:
        raise DomainError(
            _(
                "En tilleggstildeling kommer i tillegg til et vedtak om tilskudd, og saken har "
                "ikke noe vedtak."
            ),
            code="no_vedtak",
        )
    if rules.draft_decision(case) is not None:
        raise DomainError(
            _(
                "Saken har allerede et utkast til vedtak. Det må fattes eller slettes før en "
                "tilleggstildeling kan innstilles."
            ),
            code="draft_exists",
        )
    if amount < 1:
        raise DomainError(_("Tilleggstildelingen må være minst 1 kr."), field="amount")
    if uh_amount < 0 or uh_amount > amount:
        raise DomainError(UH_OVER_RECOMMENDED, field="uh_amount")
    if not reason.strip():
        raise DomainError(REASONS_REQUIRED, field="reason")
    if case.network.is_joint and case.network.host_owner_id is None:
        # Joint measures run by a UH institution: it receives the whole amount.
        uh_amount = amount
    # One supplementary grant at a time per year: the year row is the lock.
    type(case.scheme_year).objects.select_for_update().get(pk=case.scheme_year_id)
    money = year_money(case.scheme_year)
    if amount > money.available:
        raise DomainError(supplement_over_remaining(amount, money.available), field="amount")
    fields = {name: getattr(in_force, name) for name in Decision.EDITABLE_FIELDS}
    fields.update(
        amount=in_force.amount + amount,
        uh_amount=in_force.uh_amount + uh_amount,
        change_reason=reason.strip(),
        departure_reason="",
    )
    draft = Decision.objects.create(
        scheme_year=case.scheme_year,
        network=case.network,
        supersedes=in_force,
        supplement=amount,
        recommended_amount=in_force.amount + amount,
        frame=in_force.frame,
        **fields,
    )
    rules.forget(case)
    document_event(
        case,
        "supplement_recommended",
        _("Samarbeidsforum innstiller en tilleggstildeling på %(amount)s til %(network)s.")
        % {"amount": format_kroner(amount), "network": case.network.name},
        actor=actor,
        subject=draft,
        data={"amount": amount, "uh_amount": uh_amount},
    )
    return draft


def supplement_decide_problem(decision: Decision) -> str | None:
    """Why the supplementary grant cannot be made now (more than the remaining money), or None.
    Call inside the deciding transaction: it locks the year so two grants cannot both pass."""
    if not decision.is_supplement:
        return None
    type(decision.scheme_year).objects.select_for_update().get(pk=decision.scheme_year_id)
    remaining = year_money(decision.scheme_year).remaining
    if decision.supplement > remaining:
        return supplement_over_remaining(decision.supplement, remaining)
    return None
