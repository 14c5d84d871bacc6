"""The repayment claim's letter: its input from the stored settlement, made once after the claim
is decided and stored with its SHA-256, and listed among the year's letters (by document number).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.models import JournalEntry, SchemeYear, Settlement
from grants.selectors import legal_texts
from networks.parties import format_account_number, format_org_number
from networks.services import event_record

from .pdf import Signatory
from .pdf.repayment import RepaymentLetterData, render_repayment_letter
from .pdf.texts import BOKMAL, document_language, texts
from .selectors.common import statsforvalteren
from .selectors.letters import decision_reference

logger = logging.getLogger(__name__)


def settlement_for_letter(pk: int) -> Settlement | None:
    return (
        Settlement.objects.filter(pk=pk, kind=Settlement.Kind.REPAYMENT)
        .select_related("network__host_owner", "scheme_year", "decision", "decided_by")
        .first()
    )


def claim_journal_entry(settlement: Settlement) -> JournalEntry | None:
    from django.contrib.contenttypes.models import ContentType

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


@transaction.atomic
def repayment_letter_make(*, settlement_id: int, actor=None) -> Settlement:
    """Make and store the claim's letter once (under a row lock); a stored letter is returned."""
    locked = Settlement.objects.select_for_update().filter(pk=settlement_id).first()
    if locked is None or locked.kind != Settlement.Kind.REPAYMENT:
        raise Settlement.DoesNotExist
    if locked.letter_sha256:
        return locked
    settlement = settlement_for_letter(settlement_id)
    assert settlement is not None
    pdf = render_repayment_letter(repayment_letter_data(settlement))
    checksum = hashlib.sha256(pdf).hexdigest()
    field = settlement.letter_pdf
    name = field.field.generate_filename(
        settlement,
        f"{settlement.scheme_year.year}-{settlement.network.slug}-tilbakebetaling-"
        f"{settlement.pk}-{checksum[:16]}.pdf",
    )
    from django.core.files.base import ContentFile

    stored = field.storage.save(name, ContentFile(pdf))
    settlement.letter_pdf.name = stored
    settlement.letter_sha256 = checksum
    settlement.save(update_fields=["letter_pdf", "letter_sha256"])
    event_record(
        kind="repayment_letter_made",
        actor=actor,
        network=settlement.network,
        year=settlement.scheme_year.year,
        subject=settlement,
        message=_("Brev med krav om tilbakebetaling laget for %(network)s.")
        % {"network": settlement.network.name},
        data={"letter_sha256": checksum},
    )
    return settlement


def repayment_letter_bytes(settlement: Settlement, *, actor=None) -> bytes:
    """The stored letter (made now if it is missing)."""
    if not settlement.letter_sha256:
        settlement = repayment_letter_make(settlement_id=settlement.pk, actor=actor)
    with settlement.letter_pdf.open("rb") as stored:
        return stored.read()


@dataclass(frozen=True)
class LetterFile:
    """One letter of the year as ``export_letters`` writes it: named by document number."""

    document_number: str
    filename: str
    settlement: Settlement

    def content(self) -> bytes:
        return repayment_letter_bytes(self.settlement)


def repayment_letters(scheme_year: SchemeYear) -> list[LetterFile]:
    """The year's repayment claims as letters (for the year's letter list)."""
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


def on_settlement_decided(sender, settlement, actor=None, **kwargs) -> None:
    """A repayment claim was committed: make its letter. A failure is logged; the letter is made
    on first download or by the year's letter list instead."""
    if settlement.kind != Settlement.Kind.REPAYMENT:
        return
    try:
        repayment_letter_make(settlement_id=settlement.pk, actor=actor)
    except Exception:
        logger.exception("Could not make the repayment letter of settlement %s", settlement.pk)
