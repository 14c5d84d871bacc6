"""Underretning: the vedtak is e-mailed to each party's postmottak after commit, and the appeal
period counts from the day it reached the parties, not from the decision day."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from grants.models import Decision, DeliveryRecord
from networks.models import Network
from reporting.tasks import make_missing_letters
from tests.workflow.helpers import prepare_and_approve
from workflow import services

from .conftest import DECISION_TIME, SORVEST, case_of


def _sorvest_draft_decided_without_commit(users, scheme_year, travel):
    """Decide Trøndelag sørvest, but hold back what runs after commit (the e-mail)."""
    travel(DECISION_TIME)
    case = case_of(scheme_year, SORVEST)
    draft = Decision.objects.get(network=case.network, status=Decision.Status.DRAFT)
    services.decision_update(actor=users["statsforvalter"], decision=draft, reasons="Begrunnet.")
    prepare_and_approve(users, draft)
    draft.refresh_from_db()
    return draft


def test_the_letter_goes_to_each_partys_postmottak_once_after_commit(
    users, recommended_year, travel, mailoutbox, django_capture_on_commit_callbacks
):
    travel(DECISION_TIME)
    case = case_of(recommended_year, SORVEST)
    network = Network.objects.get(name=SORVEST)
    expected = {network.host_owner.official_email} | {
        u.official_email for u in network.partnership.universities.all()
    }
    draft = Decision.objects.get(network=network, status=Decision.Status.DRAFT)
    services.decision_update(actor=users["statsforvalter"], decision=draft, reasons="Begrunnet.")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        prepare_and_approve(users, draft)
        assert mailoutbox == []  # nothing leaves before the vedtak is committed
    for callback in queued:
        callback()
    official = [m for m in mailoutbox if m.attachments]
    assert sorted(address for m in official for address in m.to) == sorted(expected)
    for message in official:
        name, content, mimetype = message.attachments[0]
        assert name.endswith(".pdf")
        assert mimetype == "application/pdf" and content.startswith(b"%PDF")
        assert str(case.scheme_year.year) in message.subject
    records = DeliveryRecord.objects.filter(decision=draft)
    assert {r.email for r in records} == expected
    assert all(r.sent_at and r.delivered_on == dt.date(2027, 3, 1) for r in records)

    # The periodic run and a second hand-over send nothing again.
    make_missing_letters()
    for callback in queued:
        callback()
    assert len([m for m in mailoutbox if m.attachments]) == len(expected)


def test_no_deadline_until_delivered_and_then_it_counts_from_the_delivered_day(
    users, recommended_year, travel, mailoutbox
):
    decision = _sorvest_draft_decided_without_commit(users, recommended_year, travel)
    assert decision.appeal_deadline() is None  # decided 1 March, not delivered yet
    travel(dt.datetime(2027, 3, 4, 9, 0))  # the mail server was down until now
    make_missing_letters()
    decision.refresh_from_db()
    assert decision.notified_on == dt.date(2027, 3, 4)
    assert decision.appeal_deadline() == dt.date(2027, 3, 25)
    for record in decision.deliveries.all():
        assert record.appeal_deadline() == dt.date(2027, 3, 25)


def test_a_corrected_delivered_date_moves_the_deadline(
    users, decided_year, client, travel, django_capture_on_commit_callbacks
):
    decision = Decision.objects.get(network__name=SORVEST, status=Decision.Status.DECIDED)
    assert decision.appeal_deadline() == dt.date(2027, 3, 22)
    record = decision.deliveries.get(owner__isnull=False)
    travel(dt.datetime(2027, 3, 10, 9, 0))
    client.force_login(users["statsforvalter"])
    url = reverse("delivery_correct", args=[record.pk])
    prefix = f"d{record.pk}"
    refused = client.post(
        url, {f"{prefix}-delivered_on": "05.03.2027", f"{prefix}-channel": "post"}
    )
    assert refused.status_code == 200
    assert "Skriv hvorfor datoen rettes" in refused.content.decode()
    response = client.post(
        url,
        {
            f"{prefix}-delivered_on": "05.03.2027",
            f"{prefix}-channel": "post",
            f"{prefix}-reason": "E-posten kom i retur; brevet ble sendt i posten.",
        },
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    record.refresh_from_db()
    assert record.delivered_on == dt.date(2027, 3, 5) and record.channel == "post"
    assert record.corrected_by == users["statsforvalter"]
    assert decision.appeal_deadline() == dt.date(2027, 3, 26)
    page = client.get(reverse("decision_detail", args=[decision.pk])).content.decode()
    assert "E-posten kom i retur" in page and "26. mars 2027" in page
    # Nobody but the case officer may correct it.
    client.force_login(users["koordinator"])
    assert client.post(url, {}).status_code == 403


def test_the_corrected_date_cannot_lie_before_the_vedtak_or_in_the_future(
    users, decided_year, travel
):
    import pytest

    from config.errors import DomainError

    record = DeliveryRecord.objects.filter(decision__network__name=SORVEST).first()
    for day in (dt.date(2027, 2, 28), dt.date(2027, 12, 1)):
        with pytest.raises(DomainError):
            services.delivery_correct(
                actor=users["statsforvalter"], record=record, delivered_on=day, reason="Post."
            )
    record.refresh_from_db()
    assert record.delivered_on == dt.date(2027, 3, 1)


def test_the_letter_of_a_vedtak_after_an_appeal_says_what_it_replaces_and_why(
    users, decided_year, travel, django_capture_on_commit_callbacks
):
    from reporting.selectors.letters import decision_letter_data

    from .conftest import host_letter, pdf_text, stored

    old = Decision.objects.get(network__name=SORVEST, status=Decision.Status.DECIDED)
    travel(dt.datetime(2027, 3, 5, 10, 0))
    case = case_of(decided_year, SORVEST)
    appeal = services.appeal_lodge(actor=users["koordinator"], case=case, text="For lite.")
    appeal = services.appeal_decide(
        actor=users["statsforvalter"],
        appeal=appeal,
        outcome="delvis",
        note="UH-andelen var regnet feil.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        prepare_and_approve(users, appeal.new_decision)
    new = Decision.objects.get(pk=appeal.new_decision_id)
    data = decision_letter_data(new)
    assert data.replaces_reference == host_letter(old).number
    assert data.change_reason == "UH-andelen var regnet feil."
    text = " ".join(pdf_text(stored(host_letter(new).letter_pdf)).split())
    assert "erstatter vårt vedtak av 1. mars 2027" in text
    assert "UH-andelen var regnet feil." in text
    # The new vedtak is delivered to the parties too, and has its own deadline.
    assert new.deliveries.count() == old.deliveries.count()
    assert new.appeal_deadline() == dt.date(2027, 3, 26)
