"""Vedtak and klage: Statsforvalteren edits and makes the vedtak (frozen once made; a correction
after an upheld appeal is a new vedtak that supersedes it); the partnership may appeal."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import DomainError
from config.formatting import format_date_nb, format_kroner
from grants.locks import ensure_year_open
from grants.models import Appeal, Criterion, CriterionAssessment, Decision, DeliveryRecord
from grants.selectors import legal_texts
from networks.models import Owner, University, User

from .. import journal, rules
from .. import permissions as perms
from ..messages import (
    ALREADY_PROPOSED,
    APPEAL_PERIOD_TOO_SHORT,
    COMMENT_REQUIRED,
    FORWARDING_LETTER_REQUIRED,
    LATE_APPEAL_UNDECIDED,
    NO_BUDGET_AUTHORITY,
    REASONS_REQUIRED,
    REFUSAL_HAS_NO_AMOUNT,
)
from ..models import Case
from ..notifications import handovers as notifications
from ..rules import today
from ..signals import appeal_answered, decision_made
from ._common import bump_version, case_event, run_step
from .delivery import deliveries_create
from .payout import payout_plan_create
from .supplement import supplement_decide_problem

DECISION_FIELDS = Decision.EDITABLE_FIELDS


@transaction.atomic
def decision_update(
    *, actor: User, decision: Decision, expected_version: int | None = None, **fields: Any
) -> Decision:
    """Edit a draft vedtak. A decided vedtak is frozen: a correction is a new vedtak."""
    case = Case.objects.get(scheme_year=decision.scheme_year, network=decision.network)
    if not perms.can_decide(actor, case):
        raise PermissionDenied
    if decision.status != Decision.Status.DRAFT:
        raise DomainError(
            _("Vedtaket er fattet og kan ikke endres. En retting gjøres som et nytt vedtak."),
            code="frozen",
        )
    unknown = set(fields) - set(DECISION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
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
    for name, value in fields.items():
        setattr(decision, name, value)
    _withdraw_proposal(decision)
    decision.save(update_fields=[*fields, "prepared_by", "proposed_at"])
    return decision


def _withdraw_proposal(decision: Decision) -> None:
    """A changed draft is no longer what was proposed: it must be proposed again, so that the
    approver always approves what they saw."""
    decision.prepared_by = None
    decision.proposed_at = None


def _draft_case(actor: User, decision: Decision) -> Case:
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
    case_event(
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
    if not perms.can_decide(actor, case):
        raise PermissionDenied
    ensure_year_open(case)
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
                case_event(
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
                case_event(
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


def appeal_is_late(
    decision: Decision, on: dt.date | None = None, *, party: Owner | University | None = None
) -> bool:
    """Whether an appeal lodged ``on`` (today) comes after the appeal deadline: the appealing
    party's own (from the day the vedtak reached that party), else the vedtak's. Before the
    vedtak has reached the party there is no deadline, so no appeal is late."""
    deadline = appeal_deadline_for(decision, party)
    return deadline is not None and (on or today()) > deadline


def appeal_deadline_for(decision: Decision, party: Owner | University | None) -> dt.date | None:
    if party is not None:
        record = DeliveryRecord.objects.filter(
            decision=decision,
            **({"university": party} if isinstance(party, University) else {"owner": party}),
        ).first()
        if record is not None:
            return record.appeal_deadline()
    return decision.appeal_deadline()


def appealing_party(actor: User, case: Case) -> Owner | University | None:
    """The party an appeal is lodged for: the UH institution of the person's own when they
    speak for one in the partnership, otherwise the network's host owner (the partnership's
    coordinator and the host owner's contacts appeal on the network's behalf)."""
    from networks.permissions import access_for

    access = access_for(actor)
    if access.university_ids and case.network_id in access.uh_network_ids:
        university = (
            University.objects.filter(
                pk__in=access.university_ids, partnerships__network_id=case.network_id
            )
            .order_by("short_name")
            .first()
        )
        if university is not None:
            return university
    if case.network.host_owner_id:
        return Owner.objects.filter(pk=case.network.host_owner_id).first()
    return None


@transaction.atomic
def appeal_lodge(*, actor: User, case: Case, text: str) -> Appeal:
    if not perms.can_lodge_appeal(actor, case):
        raise PermissionDenied
    ensure_year_open(case)
    decision = rules.decision_in_force(case)
    if decision is None:
        raise DomainError(_("Det finnes ikke noe vedtak å klage på."))
    if case.state == Case.State.AVSLUTTET:
        raise DomainError(
            _("Saken er avsluttet. Kontakt Statsforvalteren direkte om dere vil klage."),
            code="closed",
        )
    if not text.strip():
        raise DomainError(_("Skriv hva du klager på og hvorfor."), field="text")
    # A late appeal is registered all the same, flagged; the case officer decides whether to
    # consider it (fvl. § 31) or dismiss it.
    party = appealing_party(actor, case)
    is_late = appeal_is_late(decision, party=party)
    appeal = Appeal.objects.create(
        decision=decision,
        text=text,
        lodged_by=actor,
        is_late=is_late,
        owner=party if isinstance(party, Owner) else None,
        university=party if isinstance(party, University) else None,
    )
    notifications.appeal_lodged_handover(appeal=appeal, case=case, actor=actor)
    case_event(
        case,
        "appeal_lodged",
        _("Klage mottatt på vedtaket etter klagefristen (%(date)s).")
        % {"date": format_date_nb(appeal_deadline_for(decision, party))}
        if is_late
        else _("Klage mottatt på vedtaket."),
        actor=actor,
        subject=appeal,
        data={"late": is_late},
    )
    journal.appeal_received(actor=actor, case=case, appeal=appeal)
    return appeal


def _answer_after_commit(appeal: Appeal, actor: User) -> None:
    """The dismissal or the cover letter is made after commit (reporting makes letters)."""
    transaction.on_commit(lambda: appeal_answered.send(sender=Appeal, appeal=appeal, actor=actor))


#: The outcomes that change the vedtak: a new draft vedtak replaces the one appealed.
CHANGING_OUTCOMES = (Appeal.Outcome.UPHELD, Appeal.Outcome.PARTLY_UPHELD)


def _replacement_draft(decision: Decision, reason: str) -> Decision:
    """A new draft vedtak that replaces ``decision`` (it says which, and why), to be edited and
    decided by the case officer."""
    fields = {name: getattr(decision, name) for name in DECISION_FIELDS}
    fields["change_reason"] = reason
    if decision.is_refusal:
        # The refusal is changed: the new vedtak grants (its amount is for the case officer to
        # set), with the year's conditions and report deadline.
        fields["conditions"] = legal_texts(decision.scheme_year).get("vilkar", "")
        fields["report_deadline"] = decision.scheme_year.report_deadline
    draft = Decision.objects.create(
        scheme_year=decision.scheme_year,
        network=decision.network,
        supersedes=decision,
        recommended_amount=decision.recommended_amount,
        frame=decision.frame,
        **fields,
    )
    CriterionAssessment.objects.bulk_create(
        CriterionAssessment(decision=draft, criterion=a.criterion, met=a.met, text=a.text)
        for a in decision.assessments.all()
    )
    return draft


@transaction.atomic
def appeal_decide(
    *,
    actor: User,
    appeal: Appeal,
    outcome: str,
    note: str,
    forwarding_letter: str = "",
    on: dt.date | None = None,
) -> Appeal:
    """Record Statsforvalteren's outcome: the vedtak changed in full or in part (a new draft
    vedtak that replaces it is made, to be edited and decided), or maintained and forwarded to
    the appeal body with the cover letter (oversendelsesbrev) that assesses the appeal."""
    decision = appeal.decision
    case = Case.objects.get(scheme_year=decision.scheme_year, network=decision.network)
    if not perms.can_decide_appeal(actor, case):
        raise PermissionDenied
    ensure_year_open(decision)
    if appeal.outcome != Appeal.Outcome.PENDING:
        raise DomainError(_("Klagen er allerede avgjort."))
    if appeal.awaits_late_handling:
        raise DomainError(LATE_APPEAL_UNDECIDED, code="late_appeal")
    if outcome not in (*CHANGING_OUTCOMES, Appeal.Outcome.FORWARDED):
        raise DomainError(_("Velg utfall."), field="outcome")
    if not note.strip():
        raise DomainError(COMMENT_REQUIRED, field="note")
    if outcome == Appeal.Outcome.FORWARDED and not forwarding_letter.strip():
        raise DomainError(FORWARDING_LETTER_REQUIRED, field="forwarding_letter")
    appeal.outcome = outcome
    appeal.outcome_on = on or today()
    appeal.outcome_note = note
    if outcome == Appeal.Outcome.FORWARDED:
        appeal.forwarding_letter = forwarding_letter.strip()
    if outcome in CHANGING_OUTCOMES:
        appeal.new_decision = _replacement_draft(decision, note.strip())
    appeal.save(
        update_fields=["outcome", "outcome_on", "outcome_note", "new_decision", "forwarding_letter"]
    )
    notifications.appeal_decided_handover(appeal=appeal, case=case, actor=actor)
    if outcome == Appeal.Outcome.FORWARDED:
        _answer_after_commit(appeal, actor)
    case_event(
        case,
        "appeal_decided",
        _("Klagen: %(outcome)s. %(note)s")
        % {"outcome": appeal.get_outcome_display(), "note": note},
        actor=actor,
        subject=appeal,
    )
    return appeal


@transaction.atomic
def appeal_ruling_register(
    *, actor: User, appeal: Appeal, ruling: str, on: dt.date, note: str = ""
) -> Appeal:
    """Register the appeal body's ruling on a forwarded appeal, with its date: the vedtak
    confirmed, changed (a new vedtak replaces it, recorded here as a draft to be decided), or set
    aside and returned (Statsforvalteren makes a new vedtak, started here as a draft)."""
    decision = appeal.decision
    case = Case.objects.select_related("network", "scheme_year").get(
        scheme_year=decision.scheme_year, network=decision.network
    )
    if not perms.can_decide_appeal(actor, case):
        raise PermissionDenied
    ensure_year_open(decision)
    if appeal.outcome != Appeal.Outcome.FORWARDED:
        raise DomainError(
            _("Bare en klage som er oversendt klageinstansen, har en avgjørelse der.")
        )
    if appeal.ruling:
        raise DomainError(_("Klageinstansens avgjørelse er allerede registrert."))
    if ruling not in (
        Appeal.Ruling.CONFIRMED,
        Appeal.Ruling.CHANGED,
        Appeal.Ruling.SET_ASIDE,
    ):
        raise DomainError(_("Velg klageinstansens avgjørelse."), field="ruling")
    if on is None:
        raise DomainError(_("Skriv datoen for avgjørelsen."), field="ruling_on")
    if on > today():
        raise DomainError(_("Datoen for avgjørelsen kan ikke være fram i tid."), field="ruling_on")
    if appeal.outcome_on and on < appeal.outcome_on:
        raise DomainError(
            _("Klageinstansen kan ikke ha avgjort klagen før den ble oversendt (%(date)s).")
            % {"date": format_date_nb(appeal.outcome_on)},
            field="ruling_on",
        )
    if ruling != Appeal.Ruling.CONFIRMED and not note.strip():
        raise DomainError(REASONS_REQUIRED, field="ruling_note")
    appeal.ruling = ruling
    appeal.ruling_on = on
    appeal.ruling_note = note.strip()
    if ruling != Appeal.Ruling.CONFIRMED:
        appeal.ruling_decision = _replacement_draft(decision, note.strip())
    appeal.save(update_fields=["ruling", "ruling_on", "ruling_note", "ruling_decision"])
    case_event(
        case,
        "appeal_ruling",
        _("Klageinstansens avgjørelse %(date)s: %(ruling)s. %(note)s")
        % {
            "date": format_date_nb(on),
            "ruling": appeal.get_ruling_display(),
            "note": appeal.ruling_note,
        },
        actor=actor,
        subject=appeal,
    )
    return appeal


def _appeal_case(actor: User, appeal: Appeal) -> Case:
    decision = appeal.decision
    case = Case.objects.select_related("network", "scheme_year").get(
        scheme_year=decision.scheme_year, network=decision.network
    )
    if not perms.can_decide_appeal(actor, case):
        raise PermissionDenied
    ensure_year_open(decision)
    if appeal.outcome != Appeal.Outcome.PENDING:
        raise DomainError(_("Klagen er allerede avgjort."))
    return case


@transaction.atomic
def appeal_late_consider(*, actor: User, appeal: Appeal, reason: str) -> Appeal:
    """Consider a late appeal all the same (fvl. § 31), with the reason; it is then decided as
    any other appeal."""
    case = _appeal_case(actor, appeal)
    if not appeal.awaits_late_handling:
        raise DomainError(_("Klagen kom ikke for sent, eller det er allerede tatt stilling til."))
    if not reason.strip():
        raise DomainError(REASONS_REQUIRED, field="reason")
    appeal.late_handling = Appeal.LateHandling.CONSIDERED
    appeal.late_reason = reason.strip()
    appeal.save(update_fields=["late_handling", "late_reason"])
    case_event(
        case,
        "appeal_late_considered",
        _("Klagen kom for sent, men behandles (forvaltningsloven § 31): %(reason)s")
        % {"reason": appeal.late_reason},
        actor=actor,
        subject=appeal,
    )
    return appeal


@transaction.atomic
def appeal_dismiss(
    *, actor: User, appeal: Appeal, reasons: str, on: dt.date | None = None
) -> Appeal:
    """Avvisning: the appeal is not considered (for a late appeal, or one that cannot be
    considered for another reason), with the reasons; the vedtak stands."""
    case = _appeal_case(actor, appeal)
    if not reasons.strip():
        raise DomainError(REASONS_REQUIRED, field="reason")
    appeal.outcome = Appeal.Outcome.DISMISSED
    appeal.outcome_on = on or today()
    appeal.outcome_note = reasons.strip()
    appeal.save(update_fields=["outcome", "outcome_on", "outcome_note"])
    notifications.appeal_decided_handover(appeal=appeal, case=case, actor=actor)
    _answer_after_commit(appeal, actor)
    case_event(
        case,
        "appeal_dismissed",
        _("Klagen er avvist: %(reasons)s") % {"reasons": appeal.outcome_note},
        actor=actor,
        subject=appeal,
    )
    return appeal
