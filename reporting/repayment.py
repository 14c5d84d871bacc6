"""The repayment claim's letter, made once after the claim is decided and stored with its
SHA-256 (its input and the year's list of claims are read in ``selectors.repayment``)."""

from __future__ import annotations

import hashlib
import logging

from django.db import transaction
from django.utils.translation import gettext as _

from grants.events import document_event
from grants.models import Settlement

from .pdf.repayment import render_repayment_letter
from .selectors.repayment import repayment_letter_data, settlement_for_letter

logger = logging.getLogger(__name__)


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
    document_event(
        settlement,
        "repayment_letter_made",
        _("Brev med krav om tilbakebetaling laget for %(network)s.")
        % {"network": settlement.network.name},
        actor=actor,
        data={"letter_sha256": checksum},
    )
    return settlement


def repayment_letter_bytes(settlement: Settlement, *, actor=None) -> bytes:
    """The stored letter (made now if it is missing)."""
    if not settlement.letter_sha256:
        settlement = repayment_letter_make(settlement_id=settlement.pk, actor=actor)
    with settlement.letter_pdf.open("rb") as stored:
        return stored.read()


def on_settlement_decided(sender, settlement, actor=None, **kwargs) -> None:
    """A repayment claim was committed: make its letter. A failure is logged; the letter is made
    on first download or by the year's letter list instead."""
    if settlement.kind != Settlement.Kind.REPAYMENT:
        return
    try:
        repayment_letter_make(settlement_id=settlement.pk, actor=actor)
    except Exception:
        logger.exception("Could not make the repayment letter of settlement %s", settlement.pk)
