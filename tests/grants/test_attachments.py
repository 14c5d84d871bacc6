"""Attachments: the type is read from the bytes, the size is limited, zip bombs are refused, names
are sanitised, only those who may see the document can download, and a submitted document's
attachments are frozen with it."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grants.models import Attachment
from grants.records.files import ARCHIVE_TOO_LARGE, TYPE_NOT_ALLOWED
from networks.models import Event, Network
from networks.roles import Role
from reporting.attachments import NOT_EDITABLE
from tests.factories import user_with_role
from tests.grants.conftest import PDF, PNG, docx, office_zip
from workflow import services


def upload(client, report, name: str, data: bytes):
    url = reverse("reporting:attachment_upload", args=["behovsmelding", report.pk])
    target = reverse("needs_report_detail", args=[report.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, data), "next": target}, follow=True)


def stored_files(media_root) -> list:
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


def page_text(response) -> str:
    return response.content.decode()


def test_the_owner_attaches_a_pdf_and_sees_it_with_a_safe_name(login, needs_draft, media_root):
    client = login("eier")
    response = upload(client, needs_draft, "../../Plan for høsten <2027>.pdf", PDF)

    attachment = Attachment.objects.get()
    assert attachment.name == "Plan_for_høsten_2027.pdf"
    assert attachment.mime_type == "application/pdf"
    assert attachment.size == len(PDF)
    assert "Vedlegget «Plan_for_høsten_2027.pdf» er lagt til." in page_text(response)
    assert len(stored_files(media_root)) == 1
    download = client.get(
        reverse("reporting:attachment_download", args=[attachment.pk, attachment.name])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"


def test_a_file_gets_the_extension_of_what_it_really_is(login, needs_draft):
    upload(login("eier"), needs_draft, "bilde.pdf", PNG)
    upload(login("eier"), needs_draft, "notat.docx", docx())
    names = sorted(Attachment.objects.values_list("name", "mime_type"))
    assert names[0] == ("bilde.png", "image/png")
    assert names[1][0] == "notat.docx"


def test_an_exe_renamed_to_pdf_is_refused_and_nothing_is_stored(login, needs_draft, media_root):
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
    response = upload(login("eier"), needs_draft, "rapport.pdf", exe)

    assert str(TYPE_NOT_ALLOWED) in page_text(response)
    assert not Attachment.objects.exists()
    assert not Event.objects.filter(kind="file_attached").exists()
    assert stored_files(media_root) == []


def test_a_file_over_the_limit_is_refused_and_nothing_is_stored(
    login, needs_draft, media_root, settings
):
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    big = PDF + b"0" * (1024 * 1024)
    response = upload(login("eier"), needs_draft, "stor.pdf", big)

    assert "Filen er for stor. Største tillatte størrelse er 1 MB." in page_text(response)
    assert not Attachment.objects.exists()
    assert stored_files(media_root) == []


def test_a_zip_bomb_disguised_as_docx_is_refused_and_nothing_is_stored(
    login, needs_draft, media_root
):
    bomb = office_zip(
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\x00" * (30 * 1024 * 1024)}
    )
    assert len(bomb) < 100 * 1024  # small on the wire, 30 MB unpacked
    response = upload(login("eier"), needs_draft, "søknad.docx", bomb)

    assert str(ARCHIVE_TOO_LARGE) in page_text(response)
    assert not Attachment.objects.exists()
    assert stored_files(media_root) == []


def test_a_zip_that_is_not_an_office_document_is_refused(login, needs_draft):
    response = upload(login("eier"), needs_draft, "pakke.docx", office_zip({"a.txt": b"hei"}))
    assert str(TYPE_NOT_ALLOWED) in page_text(response)
    assert not Attachment.objects.exists()


def test_another_organisations_user_gets_404_for_the_attachment(client, login, needs_draft):
    upload(login("eier"), needs_draft, "plan.pdf", PDF)
    attachment = Attachment.objects.get()
    partnership = needs_draft.network
    other = Network.objects.exclude(pk=partnership.pk).first()
    stranger = user_with_role(Role.NETWORK_COORDINATOR, network=other)
    client.force_login(stranger)

    url = reverse("reporting:attachment_download", args=[attachment.pk, attachment.name])
    assert client.get(url).status_code == 404
    upload_url = reverse("reporting:attachment_upload", args=["behovsmelding", needs_draft.pk])
    assert client.post(upload_url, {"file": SimpleUploadedFile("x.pdf", PDF)}).status_code == 404
    # The network's own coordinator (the partnership) reads it.
    own = user_with_role(Role.NETWORK_COORDINATOR, network=partnership)
    client.force_login(own)
    assert client.get(url).status_code == 200


def test_a_submitted_needs_reports_attachments_are_frozen_with_it(demo, login, needs_draft):
    client = login("eier")
    upload(client, needs_draft, "plan.pdf", PDF)
    services.needs_report_submit(actor=demo["eier"], report=needs_draft)

    attachment = Attachment.objects.get()
    assert attachment.frozen_at is not None
    assert attachment.journal_entry.kind == "behovsmelding"
    response = client.post(
        reverse("reporting:attachment_remove", args=[attachment.pk]), follow=True
    )
    assert "kan ikke fjernes" in page_text(response)
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    response = upload(client, needs_draft, "mer.pdf", PDF)
    assert str(NOT_EDITABLE) in page_text(response)
    assert Attachment.objects.count() == 1


def test_a_draft_attachment_can_be_removed(login, needs_draft, media_root):
    client = login("eier")
    upload(client, needs_draft, "plan.pdf", PDF)
    attachment = Attachment.objects.get()
    client.post(reverse("reporting:attachment_remove", args=[attachment.pk]))
    assert not Attachment.objects.exists()


def test_the_page_of_the_document_lists_its_attachments(login, needs_draft):
    client = login("eier")
    upload(client, needs_draft, "plan.pdf", PDF)
    page = client.get(reverse("needs_report_edit", args=[2027, needs_draft.owner_id]))
    assert "plan.pdf" in page_text(page)
    assert "Last opp vedlegg" in page_text(page)


def test_detect_type_reads_bytes_not_names():
    from grants.records.files import DOCX, detect_type
    from grants.records.files import PDF as PDF_TYPE

    assert detect_type(io.BytesIO(PDF)) == PDF_TYPE
    assert detect_type(io.BytesIO(docx())) == DOCX


def test_the_journal_is_kept_in_norwegian_whatever_language_the_sender_reads(demo, needs_draft):
    from django.utils import translation

    from grants.models import JournalEntry

    with translation.override("en"):
        services.needs_report_submit(actor=demo["eier"], report=needs_draft)
    entry = JournalEntry.objects.get()
    assert entry.title == "Behovsmelding 2027 fra Orkland"
