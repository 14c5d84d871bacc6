"""Noark 5 (v5.0) archive extract (arkivuttrekk) of a scheme year.

``archive_export(year=..., out=...)`` writes into ``out``:
- ``arkivstruktur.xml``: arkiv → arkivdel (the scheme year) → one saksmappe per case → one
  journalpost per journal entry → dokumentbeskrivelse (main document and attachments) →
  dokumentobjekt (file reference, SHA-256, size);
- ``endringslogg.xml``: corrections of journal entries and the cases' step changes;
- ``loependeJournal.xml`` and ``offentligJournal.xml`` (restricted titles screened);
- ``dokumenter/``: the letters and attachments, each checked against its stored checksum.

System IDs are UUIDv5 of the object's identity, so the same year exports to the same IDs.
The year must be fully decided (every case has its vedtak) until year closing exists.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from lxml import etree

from config.errors import DomainError
from grants.models import (
    Attachment,
    JournalEntry,
    Letter,
    Recommendation,
    SchemeYear,
)
from grants.records.services import in_record_language
from workflow.models import Case

from .common import (
    DOCUMENT_DIR,
    NS_ARKIV,
    NS_LOEPENDE,
    NS_OFFENTLIG,
    SCHEMAS,
    XSD_DIR,
    ExportedFile,
    Extract,
    _who,
)
from .files import (
    _check_decided,
    _documents,
    _Writer,
)
from .xml import (
    _arkivstruktur,
    _endringslogg,
    _journal,
    _write,
)

__all__ = [
    "NS_ARKIV",
    "SCHEMAS",
    "XSD_DIR",
    "Extract",
    "archive_export",
    "not_decided_message",
    "validate",
]


@in_record_language
def archive_export(*, year: int, out: Path) -> Extract:
    """Write the extract of ``year`` into ``out`` (made if missing). Raises DomainError for a
    year that is not fully decided."""
    scheme_year = SchemeYear.objects.filter(year=year).first()
    if scheme_year is None:
        raise DomainError(_("Tilskuddsåret %(year)s finnes ikke.") % {"year": year})
    cases = list(
        Case.objects.filter(scheme_year=scheme_year)
        .select_related("network", "scheme_year")
        .order_by("case_number")
    )
    _check_decided(scheme_year, cases)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    extract = Extract(year=year, out=out)
    writer = _Writer(extract)
    creator = {"id": settings.RECORDS_ARCHIVE_CREATOR, "name": settings.RECORDS_ARCHIVE_CREATOR}

    entries = list(
        JournalEntry.objects.filter(scheme_year=scheme_year)
        .select_related("created_by")
        .order_by("case_number", "document_number")
    )
    attachments: dict[tuple[int, int], list[Attachment]] = defaultdict(list)
    for attachment in Attachment.objects.filter(
        network_id__in=[c.network_id for c in cases]
    ).select_related("uploaded_by"):
        attachments[(attachment.document_type_id, attachment.document_id)].append(attachment)
    objects: dict[tuple[int, int], Any] = {}
    # The journaled files: the letters (one per party, dismissals, cover letters).
    letter_type = ContentType.objects.get_for_model(Letter)
    for letter in Letter.objects.filter(
        pk__in=[e.document_id for e in entries if e.document_type_id == letter_type.pk]
    ):
        objects[(letter_type.pk, letter.pk)] = letter
    entries_by_case: dict[str, list[JournalEntry]] = defaultdict(list)
    documents_by_entry = {}
    for entry in entries:
        entries_by_case[entry.case_number].append(entry)
        documents_by_entry[entry.pk] = _documents(entry, writer, attachments, objects)
    _add_recommendation_pdf(scheme_year, entries, documents_by_entry, writer)
    extract.entries = len(entries)

    _write(
        _arkivstruktur(extract, scheme_year, cases, entries_by_case, documents_by_entry, creator),
        out / "arkivstruktur.xml",
    )
    _write(_endringslogg(cases, entries), out / "endringslogg.xml")
    by_number = {case.case_number: case for case in cases}
    in_date_order = sorted(entries, key=lambda e: (e.journal_year, e.journal_sequence))
    _write(
        _journal(NS_LOEPENDE, in_date_order, by_number, creator, public=False),
        out / "loependeJournal.xml",
    )
    _write(
        _journal(NS_OFFENTLIG, in_date_order, by_number, creator, public=True),
        out / "offentligJournal.xml",
    )
    return extract


def _add_recommendation_pdf(scheme_year, entries, documents_by_entry, writer) -> None:
    """The innstilling is one PDF for the year; each case's note (N) carries it."""
    from ..pdf import render_recommendation
    from ..selectors import recommendation_data

    notes = [e for e in entries if e.kind == JournalEntry.Kind.RECOMMENDATION]
    if not notes:
        return
    data = recommendation_data(scheme_year)
    if data is None:
        return
    pdf = render_recommendation(data)
    name = f"innstilling-{scheme_year.year}.pdf"
    (writer.extract.out / DOCUMENT_DIR / name).write_bytes(pdf)
    recommendation = Recommendation.objects.get(scheme_year=scheme_year)
    exported = ExportedFile(
        name=f"{DOCUMENT_DIR}/{name}",
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        mime_type="application/pdf",
        created=notes[0].created_at,
        created_by=_who(recommendation.updated_by),
    )
    writer.extract.files.append(exported)
    for note in notes:
        documents_by_entry[note.pk][0].file = exported


def validate(out: Path) -> dict[str, list[str]]:
    """Validate each XML file of an extract against Arkivverket's schema; the errors per file
    (an empty list when valid)."""
    errors: dict[str, list[str]] = {}
    for filename, schema_name in SCHEMAS.items():
        schema = etree.XMLSchema(etree.parse(str(XSD_DIR / schema_name)))
        document = etree.parse(str(Path(out) / filename))
        ok = schema.validate(document)
        errors[filename] = [] if ok else [str(e) for e in schema.error_log]
    return errors
