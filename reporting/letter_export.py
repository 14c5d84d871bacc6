"""``export_letters``: every letter of a year written out as PDF, one file each, named by its
document number."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from config.errors import DomainError
from grants.models import SchemeYear

from . import selectors
from .pdf import letter_file_stem
from .repayment import repayment_letter_bytes
from .services import appeal_letter_make, decision_letter_alarm, decision_letters_make


@dataclass
class ExportedLetter:
    path: Path
    #: what the letter is (``Letter.Kind``'s label, or the repayment claim's)
    kind: str
    recipient: str


def letters_export(*, year: int, out: Path) -> list[ExportedLetter]:
    """Write every letter of the year as PDF into ``out``, one file each, named by its document
    number (``2027-00042-3.pdf``): the vedtak to each party (refusals and repayment claims are
    vedtak too), dismissals and cover letters. Letters not made yet are made first (as the
    periodic task would). The bytes are the stored ones, checked against their checksum; a
    damaged file raises an alarm and stops the export."""
    scheme_year = SchemeYear.objects.filter(year=year).first()
    if scheme_year is None:
        raise DomainError(_("Tilskuddsåret %(year)s finnes ikke.") % {"year": year})
    for decision_id in selectors.decisions_missing_letters(scheme_year).values_list(
        "pk", flat=True
    ):
        decision_letters_make(decision_id=decision_id)
    for appeal, _kind in selectors.appeals_missing_letters(scheme_year):
        appeal_letter_make(appeal_id=appeal.pk)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for letter in selectors.year_letters(scheme_year):
        with letter.letter_pdf.open("rb") as stored:
            content = stored.read()
        actual = hashlib.sha256(content).hexdigest()
        if actual != letter.letter_sha256:
            decision_letter_alarm(letter=letter, actual=actual)
            raise DomainError(
                _("Den lagrede filen for brev %(number)s stemmer ikke med sjekksummen.")
                % {"number": letter.number}
            )
        path = out / f"{letter_file_stem(letter.number)}.pdf"
        path.write_bytes(content)
        written.append(
            ExportedLetter(
                path=path, kind=str(letter.get_kind_display()), recipient=letter.recipient
            )
        )
    for claim in selectors.repayment_claim_letters(scheme_year):
        path = out / f"{letter_file_stem(claim.document_number)}.pdf"
        path.write_bytes(repayment_letter_bytes(claim.settlement))
        host = claim.settlement.network.host_owner
        written.append(
            ExportedLetter(
                path=path,
                kind=_("Tilbakebetalingskrav"),
                recipient=host.name if host is not None else claim.settlement.network.name,
            )
        )
    return written
