"""The repayment claim (tilbakebetalingskrav) as a letter: its input, number and file name,
and the year's claims for the letter list (``export_letters``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from grants.models import (
    JournalEntry,
    SchemeYear,
    Settlement,
)
from grants.selectors import legal_texts
from networks.parties import format_account_number, format_org_number

from ..pdf import (
    Signatory,
)
from ..pdf.repayment import RepaymentLetterData
from ..pdf.texts import BOKMAL, document_language, texts
from .common import (
    statsforvalteren,
)
from .letters import decision_reference


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
