"""The Noark 5 archive extract of a decided year: valid against Arkivverket's XSDs (SQLite and
PostgreSQL alike, since the same tests run on both), with every file's checksum matching."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from lxml import etree

from grants.models import Appeal, JournalEntry
from reporting import attachments
from reporting.archive import NS_ARKIV, validate
from tests.reporting.conftest import SORVEST, case_of
from workflow import services

NS = {"n": NS_ARKIV}
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def export(year: int, out: Path) -> str:
    stdout = io.StringIO()
    call_command("archive_export", year=year, out=str(out), stdout=stdout)
    return stdout.getvalue()


@pytest.fixture
def appealed_year(users, decided_year):
    """Trøndelag sørvest appeals its vedtak and sends a PDF with the klage."""
    case = case_of(decided_year, SORVEST)
    appeal = services.appeal_lodge(
        actor=users["koordinator"], case=case, text="Vi mener kuttet bygger på feil faktum."
    )
    holder = attachments.document_get(viewer=users["koordinator"], kind="klage", pk=appeal.pk)
    attachments.attachment_upload(
        actor=users["koordinator"],
        holder=holder,
        upload=io.BytesIO(PDF),
        name="Dokumentasjon av Dekom-midler.pdf",
        size=len(PDF),
    )
    return decided_year


def test_the_extract_of_a_decided_year_validates_against_the_noark5_schemas(
    appealed_year, tmp_path
):
    output = export(2027, tmp_path)

    assert "Gyldig mot Noark 5 v5.0" in output
    assert validate(tmp_path) == {
        "arkivstruktur.xml": [],
        "endringslogg.xml": [],
        "loependeJournal.xml": [],
        "offentligJournal.xml": [],
    }
    tree = etree.parse(str(tmp_path / "arkivstruktur.xml"))
    folders = tree.findall(".//n:arkivdel/n:mappe", NS)
    assert len(folders) == 12  # one saksmappe per case: 11 networks and the joint measures
    numbers = [f.findtext("n:mappeID", namespaces=NS) for f in folders]
    assert all(n.startswith("2027/") and len(n) == 10 for n in numbers)
    posts = tree.findall(".//n:registrering", NS)
    assert len(posts) == JournalEntry.objects.filter(scheme_year=appealed_year).count()
    kinds = {p.findtext("n:journalposttype", namespaces=NS) for p in posts}
    assert kinds == {
        "Inngående dokument",
        "Utgående dokument",
        "Organinternt dokument uten oppfølging",
    }


def test_every_file_in_the_extract_matches_its_checksum_and_the_attachment_is_there(
    appealed_year, tmp_path
):
    export(2027, tmp_path)
    tree = etree.parse(str(tmp_path / "arkivstruktur.xml"))
    objects = tree.findall(".//n:dokumentobjekt", NS)
    assert objects
    for obj in objects:
        path = tmp_path / obj.findtext("n:referanseDokumentfil", namespaces=NS)
        data = path.read_bytes()
        assert hashlib.sha256(data).hexdigest() == obj.findtext("n:sjekksum", namespaces=NS)
        assert int(obj.findtext("n:filstoerrelse", namespaces=NS)) == len(data)
    appeal = Appeal.objects.get()
    attachment = attachments.attachment_list(attachments.holder_for(appeal))[0]
    described = [
        d
        for d in tree.findall(".//n:dokumentbeskrivelse", NS)
        if d.findtext("n:tilknyttetRegistreringSom", namespaces=NS) == "Vedlegg"
    ]
    assert len(described) == 1
    assert described[0].findtext("n:tittel", namespaces=NS) == attachment.name
    checksum = described[0].findtext("n:dokumentobjekt/n:sjekksum", namespaces=NS)
    assert checksum == attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    letters = [
        d
        for d in tree.findall(".//n:dokumentbeskrivelse", NS)
        if d.findtext("n:dokumentobjekt/n:format", namespaces=NS) == "PDF"
        and d.findtext("n:dokumenttype", namespaces=NS) == "Brev"
    ]
    # One letter to each party: 11 host owners, 13 UH institutions (two networks have two)
    # and the joint measures' UH recipient.
    assert len(letters) == 25


def test_a_restricted_entry_is_screened_in_the_public_journal_of_the_extract(
    users, appealed_year, tmp_path
):
    from grants.records.services import journal_correct

    entry = JournalEntry.objects.get(kind=JournalEntry.Kind.APPEAL)
    journal_correct(
        actor=users["statsforvalter"],
        entry=entry,
        reason="Klagen omtaler en navngitt ansatt.",
        restriction_basis="Offl. § 13 jf. fvl. § 13 første ledd nr. 1",
    )
    export(2027, tmp_path)

    public = (tmp_path / "offentligJournal.xml").read_text()
    running = (tmp_path / "loependeJournal.xml").read_text()
    log = (tmp_path / "endringslogg.xml").read_text()
    assert entry.title in running
    assert entry.title not in public
    assert "Klage ****" in public
    assert "Offl. § 13" in public
    assert "restriction_basis" in log


def test_a_year_not_fully_decided_is_refused(recommended_year, tmp_path):
    with pytest.raises(CommandError, match="ikke ferdig vedtatt"):
        export(2027, tmp_path)
    assert not (tmp_path / "arkivstruktur.xml").exists()
