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

import datetime as dt
import hashlib
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm_log.models import StateLog
from lxml import etree

from config.errors import DomainError
from grants.models import (
    Attachment,
    Decision,
    JournalCorrection,
    JournalEntry,
    Recommendation,
    SchemeYear,
)
from grants.records.services import in_record_language
from workflow.models import Case

XSD_DIR = Path(__file__).resolve().parent / "noark5" / "xsd"
NS_ARKIV = "http://www.arkivverket.no/standarder/noark5/arkivstruktur"
NS_ENDRING = "http://www.arkivverket.no/standarder/noark5/endringslogg"
NS_LOEPENDE = "http://www.arkivverket.no/standarder/noark5/loependeJournal"
NS_OFFENTLIG = "http://www.arkivverket.no/standarder/noark5/offentligJournal"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"
#: the namespace our UUIDv5 system IDs are made in
ID_NAMESPACE = uuid.UUID("6f6b6c2e-6b6f-4d70-8a6e-6c6f66746574")

POST_TYPE: dict[str, str] = {
    JournalEntry.Direction.INCOMING: "Inngående dokument",
    JournalEntry.Direction.OUTGOING: "Utgående dokument",
    JournalEntry.Direction.INTERNAL: "Organinternt dokument uten oppfølging",
}
PARTY_TYPE: dict[str, str] = {
    JournalEntry.Direction.INCOMING: "Avsender",
    JournalEntry.Direction.OUTGOING: "Mottaker",
    JournalEntry.Direction.INTERNAL: "Intern avsender",
}
FORMATS = {
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/vnd.oasis.opendocument.text": "ODT",
}
SCHEMAS = {
    "arkivstruktur.xml": "arkivstruktur.xsd",
    "endringslogg.xml": "endringslogg.xsd",
    "loependeJournal.xml": "loependeJournal.xsd",
    "offentligJournal.xml": "offentligJournal.xsd",
}
DOCUMENT_DIR = "dokumenter"


def not_decided_message(year: int, missing: list[str]) -> str:
    return _(
        "Tilskuddsåret %(year)s er ikke ferdig vedtatt (mangler vedtak: %(missing)s). "
        "Bare et ferdig vedtatt år kan avleveres."
    ) % {"year": year, "missing": ", ".join(missing)}


def system_id(kind: str, key: object) -> str:
    return str(uuid.uuid5(ID_NAMESPACE, f"{kind}:{key}"))


@dataclass
class ExportedFile:
    name: str
    sha256: str
    size: int
    mime_type: str
    created: dt.datetime
    created_by: str


@dataclass
class Document:
    """One dokumentbeskrivelse: a title, its role, and its file (if it has one)."""

    key: str
    title: str
    role: str  # Hoveddokument / Vedlegg
    created: dt.datetime
    created_by: str
    file: ExportedFile | None = None


@dataclass
class Extract:
    year: int
    out: Path
    files: list[ExportedFile] = field(default_factory=list)
    entries: int = 0


def _who(user) -> str:
    return user.username if user is not None else "system"


def _iso(moment: dt.datetime) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _sub(parent, tag: str, text: object = None, ns: str = NS_ARKIV):
    element = etree.SubElement(parent, f"{{{ns}}}{tag}")
    if text is not None:
        element.text = str(text)
    return element


class _Writer:
    def __init__(self, extract: Extract) -> None:
        self.extract = extract
        (extract.out / DOCUMENT_DIR).mkdir(parents=True, exist_ok=True)

    def copy(self, stored, *, name: str, expected_sha256: str, mime_type: str, created, by):
        """Copy a stored file into the extract, refusing one whose bytes no longer match."""
        with stored.open("rb") as handle:
            data = handle.read()
        digest = hashlib.sha256(data).hexdigest()
        if expected_sha256 and digest != expected_sha256:
            raise DomainError(
                _("Filen %(name)s stemmer ikke med sjekksummen som ble lagret.") % {"name": name}
            )
        (self.extract.out / DOCUMENT_DIR / name).write_bytes(data)
        exported = ExportedFile(
            name=f"{DOCUMENT_DIR}/{name}",
            sha256=digest,
            size=len(data),
            mime_type=mime_type,
            created=created,
            created_by=by,
        )
        self.extract.files.append(exported)
        return exported


def _check_decided(scheme_year: SchemeYear, cases: list[Case]) -> None:
    decided = set(
        Decision.objects.filter(
            scheme_year=scheme_year, status=Decision.Status.DECIDED
        ).values_list("network_id", flat=True)
    )
    missing = [case.network.name for case in cases if case.network_id not in decided]
    if missing or not cases:
        raise DomainError(not_decided_message(scheme_year.year, missing), code="not_decided")


def _documents(entry: JournalEntry, writer: _Writer, attachments, objects) -> list[Document]:
    """The documents of a journal entry: the main document (with the letter file where the
    entry is a letter) and the attachments received with it."""
    reference = entry.document_reference.replace("/", "-")
    by = _who(entry.created_by)
    main = Document(
        key=f"{entry.pk}:main",
        title=entry.title,
        role="Hoveddokument",
        created=entry.created_at,
        created_by=by,
    )
    document = objects.get((entry.document_type_id, entry.document_id))
    if entry.file_field and document is not None:
        stored = getattr(document, entry.file_field)
        if stored:
            main.file = writer.copy(
                stored,
                name=f"{reference}.pdf",
                expected_sha256=getattr(document, entry.file_field.replace("_pdf", "_sha256")),
                mime_type="application/pdf",
                created=entry.created_at,
                by=by,
            )
    documents = [main]
    for number, attachment in enumerate(
        attachments.get((entry.document_type_id, entry.document_id), []), start=1
    ):
        if attachment.journal_entry_id != entry.pk:
            continue  # sent with another version of the document (another entry)
        extension = attachment.name.rsplit(".", 1)[-1]
        documents.append(
            Document(
                key=f"{entry.pk}:attachment:{attachment.pk}",
                title=attachment.name,
                role="Vedlegg",
                created=attachment.uploaded_at,
                created_by=_who(attachment.uploaded_by),
                file=writer.copy(
                    attachment.file,
                    name=f"{reference}-vedlegg-{number}.{extension}",
                    expected_sha256=attachment.sha256,
                    mime_type=attachment.mime_type,
                    created=attachment.uploaded_at,
                    by=_who(attachment.uploaded_by),
                ),
            )
        )
    return documents


def _skjerming(parent, entry: JournalEntry) -> None:
    if not entry.restricted:
        return
    skjerming = _sub(parent, "skjerming")
    _sub(skjerming, "tilgangsrestriksjon", "13")
    _sub(skjerming, "skjermingshjemmel", entry.restriction_basis)
    _sub(skjerming, "skjermingMetadata", "tittel")


def _dokumentbeskrivelse(parent, entry: JournalEntry, number: int, doc: Document) -> None:
    element = _sub(parent, "dokumentbeskrivelse")
    _sub(element, "systemID", system_id("dokumentbeskrivelse", doc.key))
    _sub(element, "dokumenttype", "Brev" if entry.file_field else "Skjema")
    _sub(element, "dokumentstatus", "Dokumentet er ferdigstilt")
    _sub(element, "tittel", doc.title)
    _sub(element, "opprettetDato", _iso(doc.created))
    _sub(element, "opprettetAv", doc.created_by)
    _sub(element, "tilknyttetRegistreringSom", doc.role)
    _sub(element, "dokumentnummer", number)
    _sub(element, "tilknyttetDato", _iso(entry.created_at))
    _sub(element, "tilknyttetAv", _who(entry.created_by))
    _skjerming(element, entry)
    if doc.file is not None:
        obj = _sub(element, "dokumentobjekt")
        _sub(obj, "systemID", system_id("dokumentobjekt", doc.key))
        _sub(obj, "versjonsnummer", 1)
        _sub(obj, "variantformat", "Produksjonsformat")
        _sub(obj, "format", FORMATS.get(doc.file.mime_type, doc.file.mime_type))
        _sub(obj, "opprettetDato", _iso(doc.file.created))
        _sub(obj, "opprettetAv", doc.file.created_by)
        _sub(obj, "referanseDokumentfil", doc.file.name)
        _sub(obj, "sjekksum", doc.file.sha256)
        _sub(obj, "sjekksumAlgoritme", "SHA256")
        _sub(obj, "filstoerrelse", doc.file.size)


def _journalpost(mappe, entry: JournalEntry, documents: list[Document]) -> None:
    post = _sub(mappe, "registrering")
    post.set(f"{{{NS_XSI}}}type", "journalpost")
    _sub(post, "systemID", system_id("journalpost", entry.pk))
    _sub(post, "opprettetDato", _iso(entry.created_at))
    _sub(post, "opprettetAv", _who(entry.created_by))
    _sub(post, "arkivertDato", _iso(entry.created_at))
    _sub(post, "arkivertAv", _who(entry.created_by))
    _skjerming(post, entry)
    for number, doc in enumerate(documents, start=1):
        _dokumentbeskrivelse(post, entry, number, doc)
    _sub(post, "registreringsID", entry.document_reference)
    _sub(post, "tittel", entry.title)
    if entry.restricted:
        _sub(post, "offentligTittel", entry.public_title)
    if entry.correspondent:
        party = _sub(post, "korrespondansepart")
        _sub(party, "korrespondanseparttype", PARTY_TYPE[entry.direction])
        _sub(party, "korrespondansepartNavn", entry.correspondent)
    _sub(post, "journalaar", entry.journal_year)
    _sub(post, "journalsekvensnummer", entry.journal_sequence)
    _sub(post, "journalpostnummer", entry.document_number)
    _sub(post, "journalposttype", POST_TYPE[entry.direction])
    _sub(post, "journalstatus", "Arkivert")
    _sub(post, "journaldato", entry.journal_date.isoformat())
    _sub(post, "dokumentetsDato", entry.document_date.isoformat())
    if entry.direction == JournalEntry.Direction.INCOMING:
        _sub(post, "mottattDato", _iso(entry.created_at))
    elif entry.direction == JournalEntry.Direction.OUTGOING:
        _sub(post, "sendtDato", _iso(entry.created_at))
    _sub(post, "antallVedlegg", len(documents) - 1)


def _case_title(case: Case) -> str:
    return _("Tilskudd %(year)s – %(network)s") % {
        "year": case.scheme_year.year,
        "network": case.network.name,
    }


def _arkivstruktur(extract, scheme_year, cases, entries_by_case, documents_by_entry, creator):
    now = timezone.now()
    all_entries = [e for entries in entries_by_case.values() for e in entries]
    first = min((e.created_at for e in all_entries), default=now)
    last = max((e.created_at for e in all_entries), default=now)
    root = etree.Element(f"{{{NS_ARKIV}}}arkiv", nsmap={None: NS_ARKIV, "xsi": NS_XSI})
    root.set(f"{{{NS_XSI}}}schemaLocation", f"{NS_ARKIV} arkivstruktur.xsd")
    _sub(root, "systemID", system_id("arkiv", "kompetanseloftet"))
    _sub(root, "tittel", _("Kompetanseløftet for spesialpedagogikk og inkluderende praksis"))
    _sub(root, "arkivstatus", "Avsluttet")
    _sub(root, "dokumentmedium", "Elektronisk arkiv")
    _sub(root, "opprettetDato", _iso(first))
    _sub(root, "opprettetAv", "system")
    _sub(root, "avsluttetDato", _iso(now))
    _sub(root, "avsluttetAv", "system")
    skaper = _sub(root, "arkivskaper")
    _sub(skaper, "arkivskaperID", creator["id"])
    _sub(skaper, "arkivskaperNavn", creator["name"])
    del_ = _sub(root, "arkivdel")
    _sub(del_, "systemID", system_id("arkivdel", scheme_year.year))
    _sub(del_, "tittel", _("Tilskuddsår %(year)s") % {"year": scheme_year.year})
    _sub(del_, "arkivdelstatus", "Avsluttet periode")
    _sub(del_, "dokumentmedium", "Elektronisk arkiv")
    _sub(del_, "opprettetDato", _iso(first))
    _sub(del_, "opprettetAv", "system")
    _sub(del_, "avsluttetDato", _iso(max(last, first)))
    _sub(del_, "avsluttetAv", "system")
    _sub(del_, "arkivperiodeStartDato", timezone.localdate(first).isoformat())
    _sub(del_, "arkivperiodeSluttDato", timezone.localdate(last).isoformat())
    for case in cases:
        entries = entries_by_case.get(case.case_number, [])
        year_part, sequence = case.case_number.split("/")
        created = min((e.created_at for e in entries), default=first)
        closed = max((e.created_at for e in entries), default=created)
        mappe = _sub(del_, "mappe")
        mappe.set(f"{{{NS_XSI}}}type", "saksmappe")
        _sub(mappe, "systemID", system_id("saksmappe", case.case_number))
        _sub(mappe, "mappeID", case.case_number)
        _sub(mappe, "tittel", _case_title(case))
        _sub(mappe, "opprettetDato", _iso(created))
        _sub(mappe, "opprettetAv", "system")
        _sub(mappe, "avsluttetDato", _iso(closed))
        _sub(mappe, "avsluttetAv", "system")
        for entry in entries:
            _journalpost(mappe, entry, documents_by_entry[entry.pk])
        _sub(mappe, "saksaar", int(year_part))
        _sub(mappe, "sakssekvensnummer", int(sequence))
        _sub(mappe, "saksdato", timezone.localdate(created).isoformat())
        _sub(mappe, "administrativEnhet", creator["name"])
        _sub(mappe, "saksansvarlig", creator["name"])
        _sub(
            mappe,
            "saksstatus",
            "Avsluttet" if case.state == Case.State.AVSLUTTET else "Under behandling",
        )
    return root


def _endringslogg(cases, entries) -> etree._Element:
    root = etree.Element(f"{{{NS_ENDRING}}}endringslogg", nsmap={None: NS_ENDRING})
    changes = []
    for correction in JournalCorrection.objects.filter(entry__in=entries).select_related(
        "corrected_by"
    ):
        changes.append(
            (
                correction.corrected_at,
                system_id("journalpost", correction.entry_id),
                correction.field,
                _who(correction.corrected_by),
                correction.old_value or "-",
                correction.new_value or "-",
            )
        )
    by_pk = {case.pk: case for case in cases}
    logs = StateLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Case), object_id__in=list(by_pk)
    ).select_related("by")
    for log in logs:
        case = by_pk[log.object_id]
        changes.append(
            (
                log.timestamp,
                system_id("saksmappe", case.case_number),
                "virksomhetsspesifikkeMetadata/steg",
                _who(log.by),
                log.source_state or "-",
                log.state,
            )
        )
    for when, reference, field_name, who, old, new in sorted(changes, key=lambda c: c[0]):
        endring = _sub(root, "endring", ns=NS_ENDRING)
        _sub(endring, "referanseArkivenhet", reference, ns=NS_ENDRING)
        _sub(endring, "referanseMetadata", field_name, ns=NS_ENDRING)
        _sub(endring, "endretDato", _iso(when), ns=NS_ENDRING)
        _sub(endring, "endretAv", who, ns=NS_ENDRING)
        _sub(endring, "tidligereVerdi", old, ns=NS_ENDRING)
        _sub(endring, "nyVerdi", new, ns=NS_ENDRING)
    return root


def _journal(ns: str, entries, cases_by_number, creator, *, public: bool) -> etree._Element:
    root = etree.Element(
        f"{{{ns}}}{'offentligJournal' if public else 'loependeJournal'}", nsmap={None: ns}
    )
    head = _sub(root, "journalhode", ns=ns)
    _sub(head, "journalStartDato", min(e.journal_date for e in entries).isoformat(), ns=ns)
    _sub(head, "journalSluttDato", max(e.journal_date for e in entries).isoformat(), ns=ns)
    _sub(head, "antallJournalposter", len(entries), ns=ns)
    skaper = _sub(head, "arkivskaper", ns=ns)
    _sub(skaper, "arkivskaperID", creator["id"], ns=ns)
    _sub(skaper, "arkivskaperNavn", creator["name"], ns=ns)
    for entry in entries:
        case = cases_by_number[entry.case_number]
        year_part, sequence = entry.case_number.split("/")
        registration = _sub(root, "journalregistrering", ns=ns)
        mappe = _sub(registration, "saksmappe", ns=ns)
        _sub(mappe, "mappeID", entry.case_number, ns=ns)
        _sub(mappe, "saksaar", int(year_part), ns=ns)
        _sub(mappe, "sakssekvensnummer", int(sequence), ns=ns)
        if public:
            _sub(mappe, "offentligTittel", _case_title(case), ns=ns)
        else:
            _sub(mappe, "tittel", _case_title(case), ns=ns)
        post = _sub(registration, "journalpost", ns=ns)
        _sub(post, "systemID", system_id("journalpost", entry.pk), ns=ns)
        _sub(post, "registreringsID", entry.document_reference, ns=ns)
        _sub(post, "journalaar", entry.journal_year, ns=ns)
        _sub(post, "journalsekvensnummer", entry.journal_sequence, ns=ns)
        _sub(post, "journalpostnummer", entry.document_number, ns=ns)
        if public:
            _sub(post, "offentligTittel", entry.shown_title, ns=ns)
        else:
            _sub(post, "tittel", entry.title, ns=ns)
            if entry.restricted:
                _sub(post, "offentligTittel", entry.public_title, ns=ns)
        _sub(post, "journaldato", entry.journal_date.isoformat(), ns=ns)
        _sub(post, "dokumentetsDato", entry.document_date.isoformat(), ns=ns)
        if entry.restricted:
            _sub(post, "tilgangsrestriksjon", "13", ns=ns)
            _sub(post, "skjermingshjemmel", entry.restriction_basis, ns=ns)
        party = _sub(post, "korrespondansepart", ns=ns)
        _sub(party, "korrespondanseparttype", PARTY_TYPE[entry.direction], ns=ns)
        shown = entry.correspondent or "-"
        if public and entry.correspondent_is_person:
            shown = "****"
        _sub(party, "korrespondansepartNavn", shown, ns=ns)
    return root


def _write(tree: etree._Element, path: Path) -> None:
    path.write_bytes(
        etree.tostring(tree, xml_declaration=True, encoding="utf-8", pretty_print=True)
    )


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
    objects = {}
    decision_type = ContentType.objects.get_for_model(Decision)
    for decision in Decision.objects.filter(
        pk__in=[e.document_id for e in entries if e.document_type_id == decision_type.pk]
    ):
        objects[(decision_type.pk, decision.pk)] = decision
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
    from .pdf import render_recommendation
    from .selectors import recommendation_data

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
