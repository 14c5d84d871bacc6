"""Attachments on a case's documents: the partnership attaches to its decision basis on the case
page, the files are frozen and journaled with it when it is sent, and other networks get 404."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grants.models import Attachment, JournalEntry
from networks.models import Network
from networks.roles import Role
from reporting.attachments import NOT_EDITABLE
from tests.factories import user_with_role
from tests.reporting.conftest import BASIS_TIME, SORVEST, case_of, submit_basis
from workflow import services

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n%%EOF\n"


def attach(client, basis, name="Budsjettvedlegg.pdf", data=PDF):
    return client.post(
        reverse("reporting:attachment_upload", args=["beslutningsgrunnlag", basis.pk]),
        {"file": SimpleUploadedFile(name, data)},
        follow=True,
    )


def test_a_decision_basis_attachment_is_shown_frozen_and_journaled_when_sent(
    client, users, frozen_year, travel, monkeypatch
):
    travel(BASIS_TIME)
    case = case_of(frozen_year, SORVEST)
    services.decision_basis_start(actor=users["koordinator"], case=case)
    client.force_login(users["koordinator"])
    attach(client, case.decision_basis)

    page = client.get(reverse("case_documents", args=[case.pk])).content.decode()
    assert "Budsjettvedlegg.pdf" in page
    attachment = Attachment.objects.get()
    assert attachment.frozen_at is None

    # The basis was started above; write and send the rest as the reporting tests do.
    monkeypatch.setattr(services, "decision_basis_start", lambda **kwargs: None)
    submit_basis(users, case_of(frozen_year, SORVEST))
    attachment.refresh_from_db()
    entry = JournalEntry.objects.get(kind=JournalEntry.Kind.DECISION_BASIS)
    assert attachment.journal_entry == entry
    assert attachment.frozen_at is not None
    page = client.get(reverse("case_documents", args=[case.pk])).content.decode()
    assert "låst" in page
    response = attach(client, case.decision_basis, name="for-sent.pdf")
    assert str(NOT_EDITABLE) in response.content.decode()
    assert Attachment.objects.count() == 1


def test_another_networks_coordinator_gets_404_for_the_decision_basis_and_its_files(
    client, users, frozen_year, travel
):
    travel(BASIS_TIME)
    case = case_of(frozen_year, SORVEST)
    services.decision_basis_start(actor=users["koordinator"], case=case)
    client.force_login(users["koordinator"])
    attach(client, case.decision_basis)
    attachment = Attachment.objects.get()

    other = Network.objects.exclude(name=SORVEST).first()
    client.force_login(user_with_role(Role.NETWORK_COORDINATOR, network=other))
    download = reverse("reporting:attachment_download", args=[attachment.pk, attachment.name])
    assert client.get(download).status_code == 404
    assert attach(client, case.decision_basis).status_code == 404
    remove = reverse("reporting:attachment_remove", args=[attachment.pk])
    assert client.post(remove).status_code == 404
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    # The regional bodies read every network's files.
    client.force_login(users["statsforvalter"])
    assert client.get(download).status_code == 200
