"""Reads for the decision letters: their input from the stored vedtak; letters missing or failed."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone

from allocation.selectors import frozen_frame, nb_sort_key
from grants.models import (
    Decision,
    JournalEntry,
    SchemeYear,
    Settlement,
)
from grants.selectors import legal_texts
from networks.models import Event, Network, University
from networks.parties import format_account_number, format_org_number
from workflow.amounts import MADE
from workflow.events import LETTER_FAILED, LETTER_PROBLEMS
from workflow.models import Case

from ..models import LetterBatch
from ..pdf import (
    DecisionLetterData,
    Signatory,
)
from ..pdf.repayment import RepaymentLetterData
from ..pdf.texts import BOKMAL, document_language, texts
from .common import (
    statsforvalteren,
)


def decision_for_letter(pk: int) -> Decision | None:
    """A decision that has been made, with what its letter needs; drafts have no letter."""
    return (
        Decision.objects.filter(pk=pk, status__in=MADE)
        .select_related("network__partnership", "network__host_owner", "scheme_year", "decided_by")
        .prefetch_related("network__partnership__universities")
        .first()
    )


def uh_partner_names(network: Network) -> list[str]:
    partnership = getattr(network, "partnership", None)
    if partnership is None:
        return []
    universities: list[University] = sorted(
        partnership.universities.all(), key=lambda u: nb_sort_key(u.short_name)
    )
    return [u.name for u in universities]


def _join_names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} og {names[-1]}"


def decision_reference(decision: Decision) -> str:
    """Our reference: the case number (saksnummer, ``2027/00042``); a new vedtak after a klage
    adds its vedtak number, so the two letters are told apart."""
    case_number = (
        Case.objects.filter(scheme_year_id=decision.scheme_year_id, network_id=decision.network_id)
        .values_list("case_number", flat=True)
        .first()
    )
    reference = case_number or f"{decision.scheme_year.year}/{decision.network.slug}"
    return f"{reference}/{decision.pk}" if decision.supersedes_id else reference


def _conditions(text: str) -> tuple[str, ...]:
    """One condition per line; bullets people type are dropped."""
    lines = (line.strip().lstrip("-•*").strip() for line in text.replace("\r\n", "\n").split("\n"))
    return tuple(line for line in lines if line)


def _standard_appeal_right(scheme_year: SchemeYear) -> str:
    return legal_texts(scheme_year).get("klagerett", "").strip()


def decision_letter_data(decision: Decision, *, language: str | None = None) -> DecisionLetterData:
    """The vedtaksbrev's input, all from the (frozen) decision row and its network.

    The letter is in the written standard of the party it is addressed to, the network's host
    owner (språkvedtak, språklova § 15): nynorsk when it has decided on nynorsk, otherwise
    bokmål (also for a språknøytral owner). ``language`` overrides it.
    """
    if language is None:
        host = decision.network.host_owner
        language = host.language_decision if host is not None else BOKMAL
    language = document_language(language)
    t = texts(language)
    issuer = statsforvalteren(language)
    officer = decision.decided_by
    officer_name = (officer.get_full_name() or officer.username) if officer else issuer.name
    year = decision.scheme_year.year
    frame = decision.frame
    if frame is None:
        frame = frozen_frame(decision.network_id, year)
    recommended = decision.recommended_amount
    if recommended is None:
        recommended = decision.amount
    appeal_texts = [decision.appeal_instructions]
    if decision.appeal_right.strip() and decision.appeal_right.strip() != _standard_appeal_right(
        decision.scheme_year
    ):
        # The letter states the right to appeal in its own words; an edited text adds to it.
        appeal_texts.insert(0, decision.appeal_right)
    decided_on = timezone.localdate(decision.decided_at) if decision.decided_at else None
    replaced = decision.supersedes
    return DecisionLetterData(
        replaces_reference=decision_reference(replaced) if replaced else "",
        replaces_date=timezone.localdate(replaced.decided_at)
        if replaced and replaced.decided_at
        else None,
        change_reason=decision.change_reason if replaced else "",
        supplement=int(decision.supplement),
        appeal_legal_basis=legal_texts(decision.scheme_year, language=language).get(
            "klage-hjemmel", ""
        ),
        issuer=issuer,
        case_officer=Signatory(
            name=officer_name,
            title=t["case_officer_title"],
            email=officer.email if officer else "",
        ),
        document_date=decided_on or decision.scheme_year.decision_deadline,
        reference=decision_reference(decision),
        year=year,
        network=decision.network.name,
        uh_partner=_join_names(uh_partner_names(decision.network)) or t["no_uh_partner"],
        amount_granted=int(decision.amount),
        frame=int(frame if frame is not None else decision.amount),
        recommended_amount=int(recommended),
        conditions=_conditions(decision.conditions),
        reasons=decision.reasons,
        legal_basis=decision.legal_basis,
        report_deadline=decision.report_deadline or decision.scheme_year.report_deadline,
        appeal_body=decision.appeal_body,
        appeal_send_to=issuer.name,
        appeal_instructions="\n\n".join(text for text in appeal_texts if text.strip()),
        appeal_weeks=decision.appeal_weeks,
        departure_reason=decision.departure_reason,
        uh_share=int(decision.uh_amount),
        report_instructions=t["report_instructions"],
        language=language,
        refusal=decision.is_refusal,
    )


def decisions_missing_letters(scheme_year: SchemeYear | None = None) -> QuerySet[Decision]:
    """Made vedtak without both letters (of one year, or of every year)."""
    decisions = Decision.objects.filter(status__in=MADE).filter(
        Q(letter_sha256="") | Q(uh_letter_sha256="")
    )
    return decisions if scheme_year is None else decisions.filter(scheme_year=scheme_year)


def letter_failures(scheme_year: SchemeYear) -> list[Event]:
    """The latest failure of each vedtak of the year whose letters are still missing, and every
    alarm about a stored letter, newest first (the year's letter page)."""
    missing = set(decisions_missing_letters(scheme_year).values_list("pk", flat=True))
    rows = (
        Event.objects.filter(
            year=scheme_year.year,
            kind__in=LETTER_PROBLEMS,
            subject_type=ContentType.objects.get_for_model(Decision),
        )
        .select_related("network")
        .order_by("-created_at", "-id")[:200]
    )
    seen: set[int | None] = set()
    shown = []
    for event in rows:
        stale = event.subject_id not in missing or event.subject_id in seen
        if event.kind == LETTER_FAILED and stale:
            continue
        seen.add(event.subject_id)
        shown.append(event)
    return shown


def letter_batch_latest(scheme_year: SchemeYear) -> LetterBatch | None:
    return LetterBatch.objects.filter(scheme_year=scheme_year).select_related("started_by").first()


# Repayment claims (tilbakebetalingskrav) ---------------------------------------------------


def settlement_for_letter(pk: int) -> Settlement | None:
    return (
        Settlement.objects.filter(pk=pk, kind=Settlement.Kind.REPAYMENT)
        .select_related("network__host_owner", "scheme_year", "decision", "decided_by")
        .first()
    )


def claim_journal_entry(settlement: Settlement) -> JournalEntry | None:
    return (
        JournalEntry.objects.filter(
            document_type=ContentType.objects.get_for_model(Settlement),
            document_id=settlement.pk,
            kind=JournalEntry.Kind.REPAYMENT_CLAIM,
        )
        .order_by("pk")
        .first()
    )


def claim_reference(settlement: Settlement) -> str:
    """The letter's own number: case number and document number (``2027/00042-7``)."""
    entry = claim_journal_entry(settlement)
    if entry is not None:
        return f"{entry.case_number}-{entry.document_number}"
    return decision_reference(settlement.decision)


def repayment_letter_data(
    settlement: Settlement, *, language: str | None = None
) -> RepaymentLetterData:
    """The claim's input, all from the stored settlement and the party it is addressed to (the
    network's host owner, in the written standard it has decided on)."""
    host = settlement.network.host_owner
    if language is None:
        language = host.language_decision if host is not None else BOKMAL
    language = document_language(language)
    issuer = statsforvalteren(language)
    officer = settlement.decided_by
    year_texts = legal_texts(settlement.scheme_year, language=language)
    assert settlement.due_on is not None, "a repayment claim has a due date"
    return RepaymentLetterData(
        issuer=issuer,
        case_officer=Signatory(
            name=(officer.get_full_name() or officer.username) if officer else issuer.name,
            title=texts(language)["case_officer_title"],
            email=officer.email if officer else "",
        ),
        document_date=timezone.localdate(settlement.decided_at),
        reference=claim_reference(settlement),
        year=settlement.scheme_year.year,
        network=settlement.network.name,
        party=host.name if host is not None else settlement.network.name,
        party_address_lines=tuple(host.address_lines) if host is not None else (),
        party_org_number=format_org_number(host.org_number) if host is not None else "",
        granted=int(settlement.granted),
        used=int(settlement.used),
        amount=int(settlement.amount),
        due_on=settlement.due_on,
        account_number=format_account_number(settlement.account_number),
        payment_reference=settlement.reference,
        decision_reference=decision_reference(settlement.decision),
        reasons=settlement.reasons,
        legal_basis=settlement.legal_basis,
        appeal_legal_basis=year_texts.get("klage-hjemmel", ""),
        appeal_body=settlement.appeal_body,
        appeal_send_to=issuer.name,
        appeal_instructions=settlement.appeal_instructions,
        appeal_weeks=settlement.appeal_weeks,
        access_text=year_texts.get("innsyn", ""),
        language=language,
    )


def repayment_letter_filename(settlement: Settlement) -> str:
    number = claim_reference(settlement).replace("/", "-")
    return f"{number}-tilbakebetaling-{settlement.network.slug}.pdf"


@dataclass(frozen=True)
class LetterFile:
    """One repayment claim letter of the year: its document number, file name and claim."""

    document_number: str
    filename: str
    settlement: Settlement


def repayment_claim_letters(scheme_year: SchemeYear) -> list[LetterFile]:
    """The year's repayment claims (tilbakebetalingskrav) as letters, each named by its document
    number, for the year's letter list (``export_letters``). The bytes:
    ``reporting.repayment.repayment_letter_bytes(letter.settlement)``."""
    settlements = (
        Settlement.objects.filter(scheme_year=scheme_year, kind=Settlement.Kind.REPAYMENT)
        .select_related("network__host_owner", "scheme_year", "decision", "decided_by")
        .order_by("network__name")
    )
    return [
        LetterFile(
            document_number=claim_reference(s),
            filename=repayment_letter_filename(s),
            settlement=s,
        )
        for s in settlements
    ]
