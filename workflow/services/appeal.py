"""Appeals (klage) on a vedtak: lodging (any party, late ones flagged), the outcome, the
appeal body's ruling, late appeals considered (fvl. § 31) or dismissed."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.errors import DomainError
from config.formatting import format_date_nb
from grants.events import document_event
from grants.models import Appeal, CriterionAssessment, Decision, DeliveryRecord
from grants.selectors import legal_texts
from networks.models import Owner, University, User

from .. import journal, rules
from .. import permissions as perms
from ..messages import (
    COMMENT_REQUIRED,
    FORWARDING_LETTER_REQUIRED,
    LATE_APPEAL_UNDECIDED,
    REASONS_REQUIRED,
)
from ..models import Case
from ..notifications import handovers as notifications

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
from ..rules import today
from ..signals import appeal_answered
from ._common import permitted_in_open_year
from .decision import DECISION_FIELDS


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
    permitted_in_open_year(perms.can_lodge_appeal(actor, case), case)
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
    document_event(
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


#: What an appeal must be for each kind of step on it, and what is said when it is not.
UNDECIDED = (Appeal.Outcome.PENDING, gettext_lazy("Klagen er allerede avgjort."))
AT_APPEAL_BODY = (
    Appeal.Outcome.FORWARDED,
    gettext_lazy("Bare en klage som er oversendt klageinstansen, har en avgjørelse der."),
)


def _appeal_case(actor: User, appeal: Appeal, *, must_be: tuple[str, StrOrPromise]) -> Case:
    """The appeal's case, when the person may decide appeals, the year is open and the appeal's
    outcome is what the step needs (``must_be``: the outcome, and the refusal otherwise)."""
    decision = appeal.decision
    case = Case.objects.select_related("network", "scheme_year").get(
        scheme_year=decision.scheme_year, network=decision.network
    )
    permitted_in_open_year(perms.can_decide_appeal(actor, case), decision)
    outcome, refusal = must_be
    if appeal.outcome != outcome:
        raise DomainError(refusal)
    return case


#: What deciding an appeal writes: the outcome, its date, who decided it, and the note.
OUTCOME_FIELDS = ["outcome", "outcome_on", "outcome_by", "outcome_note"]


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
    case = _appeal_case(actor, appeal, must_be=UNDECIDED)
    decision = appeal.decision
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
    appeal.outcome_by = actor
    appeal.outcome_note = note
    if outcome == Appeal.Outcome.FORWARDED:
        appeal.forwarding_letter = forwarding_letter.strip()
    if outcome in CHANGING_OUTCOMES:
        appeal.new_decision = _replacement_draft(decision, note.strip())
    appeal.save(update_fields=[*OUTCOME_FIELDS, "new_decision", "forwarding_letter"])
    notifications.appeal_decided_handover(appeal=appeal, case=case, actor=actor)
    if outcome == Appeal.Outcome.FORWARDED:
        _answer_after_commit(appeal, actor)
    document_event(
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
    case = _appeal_case(actor, appeal, must_be=AT_APPEAL_BODY)
    decision = appeal.decision
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
    document_event(
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


@transaction.atomic
def appeal_late_consider(*, actor: User, appeal: Appeal, reason: str) -> Appeal:
    """Consider a late appeal all the same (fvl. § 31), with the reason; it is then decided as
    any other appeal."""
    case = _appeal_case(actor, appeal, must_be=UNDECIDED)
    if not appeal.awaits_late_handling:
        raise DomainError(_("Klagen kom ikke for sent, eller det er allerede tatt stilling til."))
    if not reason.strip():
        raise DomainError(REASONS_REQUIRED, field="reason")
    appeal.late_handling = Appeal.LateHandling.CONSIDERED
    appeal.late_reason = reason.strip()
    appeal.save(update_fields=["late_handling", "late_reason"])
    document_event(
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
    case = _appeal_case(actor, appeal, must_be=UNDECIDED)
    if not reasons.strip():
        raise DomainError(REASONS_REQUIRED, field="reason")
    appeal.outcome = Appeal.Outcome.DISMISSED
    appeal.outcome_on = on or today()
    appeal.outcome_by = actor
    appeal.outcome_note = reasons.strip()
    appeal.save(update_fields=OUTCOME_FIELDS)
    notifications.appeal_decided_handover(appeal=appeal, case=case, actor=actor)
    _answer_after_commit(appeal, actor)
    document_event(
        case,
        "appeal_dismissed",
        _("Klagen er avvist: %(reasons)s") % {"reasons": appeal.outcome_note},
        actor=actor,
        subject=appeal,
    )
    return appeal
