"""Letters that heal: a vedtak whose letters were not made (broker down, a failing try) gets them
from the periodic task; a failed try leaves no file behind and is shown where people look; a
stored letter that no longer matches its checksum gives a clear page and an alarm."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from grants import events as grants_events
from grants.models import Decision, Letter
from networks.models import Event
from reporting import services as reporting_services
from reporting import tasks
from workflow.events import LETTER_ALARM, LETTER_FAILED

from .conftest import DECISION_TIME, SORVEST, case_of, decide, decide_all, host_letter, uh_letters


def files_under(root: str) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in Path(root).rglob("*") if p.is_file())


@pytest.fixture
def decided_without_letters(recommended_year, users, travel, django_capture_on_commit_callbacks):
    """Every vedtak made while the broker was down: the letter tasks never ran."""
    travel(DECISION_TIME)
    decide_all(users, recommended_year, lambda execute: django_capture_on_commit_callbacks())
    assert not Letter.objects.exists()
    return recommended_year


@pytest.fixture
def fail_after_writing(monkeypatch):
    """Making a letter fails after both files were written (the event cannot be saved)."""
    real = grants_events.event_record

    def event_record(**kwargs):
        if kwargs["kind"] == "decision_letter_made":
            raise RuntimeError("databasen svarte ikke")
        return real(**kwargs)

    monkeypatch.setattr(grants_events, "event_record", event_record)


def test_the_periodic_task_makes_the_letters_the_broker_never_got(decided_without_letters):
    from grants.models import DeliveryRecord

    result = tasks.make_missing_letters.delay().get()
    # The e-mails to the parties' postmottak never got to the broker either: sent now.
    emailed = DeliveryRecord.objects.filter(channel=DeliveryRecord.Channel.EMAIL).count()
    assert result == {"made": 12, "failed": 0, "deliveries": emailed}
    assert not DeliveryRecord.objects.filter(delivered_on__isnull=True).exists()
    assert not reporting_services.selectors.decisions_missing_letters().exists()
    assert Event.objects.filter(kind="decision_letter_made").count() == 12
    # Nothing left to do: a second run makes nothing and writes nothing.
    location = Letter.objects.first().letter_pdf.storage.location
    files = files_under(location)
    assert tasks.make_missing_letters.delay().get() == {"made": 0, "failed": 0, "deliveries": 0}
    assert files_under(location) == files


def test_a_failed_letter_task_leaves_no_file_and_records_an_event(
    recommended_year,
    users,
    travel,
    media_root,
    fail_after_writing,
    django_capture_on_commit_callbacks,
):
    travel(DECISION_TIME)
    decision = decide(users, case_of(recommended_year, SORVEST), django_capture_on_commit_callbacks)
    # The vedtak stands; the letter task (run inline after commit) failed.
    assert decision.status == Decision.Status.DECIDED
    assert not decision.letters.exists()
    assert files_under(media_root) == []  # no empty, cut-off or half-written file
    event = Event.objects.get(kind=LETTER_FAILED)
    assert event.subject_id == decision.pk
    assert "kunne ikke lages" in event.message and "databasen svarte ikke" in event.message

    # Trying again (as the retries do) still leaves nothing, not a second copy.
    with pytest.raises(RuntimeError):
        tasks.make_decision_letters.apply(args=[decision.pk])
    assert files_under(media_root) == []


def test_a_letter_failure_is_shown_on_the_vedtak_page_and_the_letter_page(
    decided_without_letters, login, monkeypatch
):
    decision = Decision.objects.get(
        scheme_year=decided_without_letters, network__name=SORVEST, status="vedtatt"
    )

    def broken(letter):
        raise OSError("Ingen plass igjen på disken")

    monkeypatch.setattr(reporting_services, "render_decision_letter", broken)
    outcome = reporting_services.decision_letters_make_missing()
    assert len(outcome.failed) == 12 and outcome.made == []
    client = login("statsforvalter")
    page = client.get(reverse("decision_detail", args=[decision.pk])).content.decode()
    assert "Problemer med vedtaksbrevet" in page
    assert "kunne ikke lages: OSError: Ingen plass igjen på disken" in page
    batch_page = client.get(reverse("reporting:letter_batch", args=[2027])).content.decode()
    assert "Feil ved laging av brev" in batch_page
    assert batch_page.count("Ingen plass igjen på disken") == 12

    # A failure is not tried again every run: the next run within the hour waits ...
    assert reporting_services.decision_letters_make_missing().failed == []
    assert Event.objects.filter(kind=LETTER_FAILED).count() == 12
    # ... and once the fault is mended the letters come, and the pages stop warning.
    monkeypatch.undo()
    # (the audit trail is append-only: the clock moves past the hour instead)
    later = time_machine.travel(timezone.now() + dt.timedelta(hours=2), tick=False)
    later.start()
    assert len(reporting_services.decision_letters_make_missing().made) == 12
    page = client.get(reverse("decision_detail", args=[decision.pk])).content.decode()
    assert "Problemer med vedtaksbrevet" not in page
    batch_page = client.get(reverse("reporting:letter_batch", args=[2027])).content.decode()
    assert "Feil ved laging av brev" not in batch_page
    later.stop()


def test_a_damaged_letter_shows_a_clear_page_and_raises_an_alarm(decided_year, login):
    decision = Decision.objects.get(
        scheme_year=decided_year, network__name=SORVEST, status="vedtatt"
    )
    letter = host_letter(decision)
    Path(letter.letter_pdf.path).write_bytes(b"%PDF-1.4 endret etterpaa")
    client = login("koordinator")
    response = client.get(reverse("reporting:decision_letter", args=[decision.pk]))
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "Vedtaksbrevet kan ikke vises" in page
    assert "endret eller skadet" in page
    alarm = Event.objects.get(kind=LETTER_ALARM)
    assert alarm.subject_id == decision.pk and alarm.data["expected"] == letter.letter_sha256
    # The stored letter is not replaced by a new one; the vedtak page shows the alarm.
    letter.refresh_from_db()
    assert Path(letter.letter_pdf.path).read_bytes() == b"%PDF-1.4 endret etterpaa"
    page = login("statsforvalter").get(reverse("decision_detail", args=[decision.pk]))
    assert "ALARM" in page.content.decode()
    # The letter to the UH institution is intact and still downloads.
    (to_uh,) = uh_letters(decision)
    assert client.get(reverse("reporting:letter_pdf", args=[to_uh.pk])).status_code == 200


def test_letters_are_named_by_their_document_number_and_checksum(decided_year, media_root):
    for letter in Letter.objects.all():
        stem = letter.number.replace("/", "-")
        assert letter.letter_pdf.name == f"brev/2027/{stem}-{letter.letter_sha256[:16]}.pdf"
    # One file per letter and nothing else (no partial or duplicate files).
    assert len(files_under(media_root)) == Letter.objects.count()
