"""The XML of the extract: arkivstruktur, endringslogg and the two journals."""

from __future__ import annotations

from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm_log.models import StateLog
from lxml import etree

from grants.models import (
    JournalCorrection,
    JournalEntry,
)
from workflow.models import Case

from .common import (
    FORMATS,
    NS_ARKIV,
    NS_ENDRING,
    NS_XSI,
    PARTY_TYPE,
    POST_TYPE,
    Document,
    _iso,
    _sub,
    _who,
    system_id,
)


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
