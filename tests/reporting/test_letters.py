"""Decision letters: made once from the frozen vedtak when it is made, stored with a checksum,
read back as a case officer reads them, and downloaded only by the network's own people."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.urls import reverse

from config.errors import DomainError
from grants.models import Appeal, Decision, Letter
from networks.models import Event
from reporting import services as reporting_services
from reporting import tasks
from reporting.models import LetterBatch
from tests.workflow.helpers import prepare_and_approve
from workflow import rules, services

from .conftest import (
    DECISION_TIME,
    DEPARTURE_REASON,
    SORVEST,
    SORVEST_CUT,
    case_of,
    decide,
    decide_all,
    host_letter,
    letters_made,
    nb_kroner,
    pdf_text,
    stored,
    uh_letters,
)

NTNU = "Norges teknisk-naturvitenskapelige universitet"


def decision_of(scheme_year, name: str) -> Decision:
    return Decision.objects.select_related("network").get(
        scheme_year=scheme_year, network__name=name, status=Decision.Status.DECIDED
    )


def test_making_a_vedtak_stores_one_numbered_letter_per_party_with_checksums(decided_year):
    decisions = Decision.objects.filter(scheme_year=decided_year).select_related("network")
    for decision in decisions:
        case = case_of(decided_year, decision.network.name)
        letters = list(decision.letters.all())
        parties = [(x.owner_id, x.university_id) for x in letters]
        host = decision.network.host_owner_id  # none for the joint measures (a UH recipient)
        expected = ([(host, None)] if host else []) + [
            (None, u.pk) for u in decision.network.partnership.universities.order_by("short_name")
        ]
        assert sorted(parties, key=str) == sorted(expected, key=str)
        for letter in letters:
            assert letter.case_number == case.case_number
            stem = f"{case.case_number.replace('/', '-')}-{letter.document_number}"
            assert letter.letter_pdf.name.startswith(f"brev/2027/{stem}-")
            assert hashlib.sha256(stored(letter.letter_pdf)).hexdigest() == letter.letter_sha256
    assert Event.objects.filter(kind="decision_letter_made").count() == decisions.count() == 12


def test_the_letter_states_the_decision_as_stored(decided_year, users):
    decision = decision_of(decided_year, SORVEST)
    case = case_of(decided_year, SORVEST)
    frame = rules.case_frame(case)
    letter = host_letter(decision)
    text = pdf_text(stored(letter.letter_pdf))

    assert "Statsforvalteren i Trøndelag" in text
    assert "Vedtak om tilskudd" in text
    assert SORVEST in text
    assert NTNU in text
    assert f"Vår referanse: {case.case_number}" in text
    assert re.fullmatch(r"2027/\d{5}", case.case_number)
    assert f"Dokumentnr.: {letter.number}" in text
    assert "Saksbehandler: Stine Statsforvalter" in text
    assert "Vår dato: 1. mars 2027" in text
    assert f"tilskudd på {nb_kroner(frame - SORVEST_CUT)} for 2027" in text
    assert f"Forhåndstildelt ramme {nb_kroner(frame)}" in text
    assert f"Innstilling fra samarbeidsforum {nb_kroner(frame)}" in text
    assert "avviker fra innstillingen" in text
    assert DEPARTURE_REASON in text
    assert "Tiltakene oppfyller de fire kriteriene." in text
    assert "FOR-2021-01-26-230" in text and "3201" not in text
    assert "innen 30. juni 2027" in text
    # The appeal paragraph: right, body, deadline and where to send it.
    assert "Klageadgang" in text
    assert "Dere har rett til å klage på vedtaket, jf. forvaltningsloven §§ 28 og 29" in text
    assert "Klageinstans er Utdanningsdirektoratet" in text
    assert "Klagefristen er 3 uker" in text
    assert "Klagen skal sendes til Statsforvalteren i Trøndelag" in text
    assert "Side 1 av" in text
    assert "Kopi til" not in text


def test_an_edited_appeal_text_is_added_and_the_standard_one_not_repeated(
    recommended_year, users, travel, django_capture_on_commit_callbacks
):
    travel(DECISION_TIME)
    standard = decide(users, case_of(recommended_year, "Fosen"), django_capture_on_commit_callbacks)
    assert "Vedtaket er et enkeltvedtak og kan påklages" not in pdf_text(
        stored(host_letter(standard).letter_pdf)
    )
    case = case_of(recommended_year, "Trondheim")
    draft = Decision.objects.get(network=case.network, status=Decision.Status.DRAFT)
    services.decision_update(
        actor=users["statsforvalter"],
        decision=draft,
        appeal_right="Dere har også rett til å se dokumentene i saken, jf. forvaltningsloven § 18.",
    )
    edited = decide(users, case, django_capture_on_commit_callbacks)
    text = pdf_text(stored(host_letter(edited).letter_pdf))
    assert "Dere har også rett til å se dokumentene i saken, jf. forvaltningsloven § 18." in text
    assert "Klagen skal være skriftlig" in text


def test_each_uh_institution_gets_its_own_letter_on_the_same_decision(decided_year):
    decision = decision_of(decided_year, "Trondheim")
    to_owner = pdf_text(stored(host_letter(decision).letter_pdf))
    partners = "Dronning Mauds Minne Høgskole for barnehagelærerutdanning og " + NTNU
    assert f"partnerskapet mellom Trondheim og {partners}" in to_owner
    assert "Vedtaket er rettet til Trondheim som vertseier på vegne av" in to_owner
    letters = uh_letters(decision)
    assert len(letters) == 2
    numbers = {host_letter(decision).number, *(x.number for x in letters)}
    assert len(numbers) == 3
    for letter in letters:
        text = pdf_text(stored(letter.letter_pdf))
        assert f"Vedtaket er rettet til {letter.university.name} for institusjonens del" in text
        assert nb_kroner(decision.amount) in text and letter.number in text
        assert "Kopi til" not in text


def test_download_returns_the_stored_bytes_every_time(decided_year, login):
    decision = decision_of(decided_year, SORVEST)
    client = login("koordinator")
    url = reverse("reporting:decision_letter", args=[decision.pk])
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert "attachment" in first["Content-Disposition"]
    assert first.content == second.content
    letter = host_letter(decision)
    assert hashlib.sha256(first.content).hexdigest() == letter.letter_sha256
    assert first["ETag"] == f'"{letter.letter_sha256}"'
    assert f'filename="{letter.number.replace("/", "-")}.pdf"' in first["Content-Disposition"]
    (to_uh,) = uh_letters(decision)
    own = client.get(reverse("reporting:letter_pdf", args=[to_uh.pk]))
    assert hashlib.sha256(own.content).hexdigest() == to_uh.letter_sha256


def test_making_again_changes_nothing(decided_year):
    decision = decision_of(decided_year, SORVEST)
    before = list(decision.letters.values_list("pk", "letter_pdf", "letter_sha256"))
    reporting_services.decision_letters_make(decision_id=decision.pk)
    tasks.make_decision_letters.delay(decision.pk).get()
    assert list(decision.letters.values_list("pk", "letter_pdf", "letter_sha256")) == before


def test_who_may_download_a_letter(decided_year, client, users):
    decision = decision_of(decided_year, SORVEST)
    allowed = {
        "koordinator": 200,  # the network's coordinator
        "uh": 200,  # NTNU is the partnership's UH
        "eier": 200,  # Orkland is an owner in Trøndelag sørvest
        "statsforvalter": 200,
        "forum": 200,
        "sekretariat": 200,
        "nord": 404,  # another university: exactly like a letter that does not exist
    }
    urls = [reverse("reporting:decision_letter", args=[decision.pk])]
    for letter in decision.letters.all():
        urls += [
            reverse("reporting:letter_pdf", args=[letter.pk]),
            reverse("reporting:letter_html", args=[letter.pk]),
        ]
    for username, status in allowed.items():
        client.force_login(users[username])
        for url in urls:
            response = client.get(url)
            assert response.status_code == status, (username, url)


def test_another_networks_letter_is_not_found_like_a_missing_one(decided_year, login):
    client = login("koordinator")
    fosen = decision_of(decided_year, "Fosen")
    assert client.get(reverse("reporting:decision_letter", args=[fosen.pk])).status_code == 404
    assert client.get(reverse("reporting:decision_letter", args=[999_999])).status_code == 404


def test_anonymous_is_sent_to_login(decided_year, client):
    decision = decision_of(decided_year, SORVEST)
    response = client.get(reverse("reporting:decision_letter", args=[decision.pk]))
    assert response.status_code == 302 and "logg-inn" in response.url


def test_a_draft_has_no_letter(recommended_year, login):
    draft = Decision.objects.filter(scheme_year=recommended_year).first()
    url = reverse("reporting:decision_letter", args=[draft.pk])
    assert login("statsforvalter").get(url).status_code == 404
    with pytest.raises(DomainError, match="ikke fattet"):
        reporting_services.decision_letters_make(decision_id=draft.pk)


def test_letter_is_made_on_first_download_when_the_worker_has_not(
    recommended_year, users, travel, login, django_capture_on_commit_callbacks
):
    travel(DECISION_TIME)
    case = case_of(recommended_year, SORVEST)
    # The callbacks are captured but not run: as if the broker had lost the task.
    decision = decide(users, case, lambda execute: django_capture_on_commit_callbacks())
    assert not letters_made(decision)
    client = login("eier")
    first = client.get(reverse("reporting:decision_letter", args=[decision.pk]))
    assert first.status_code == 200
    assert hashlib.sha256(first.content).hexdigest() == host_letter(decision).letter_sha256
    assert client.get(reverse("reporting:decision_letter", args=[decision.pk])).content == (
        first.content
    )


def test_a_broker_failure_does_not_undo_the_vedtak(
    recommended_year, users, travel, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.make_decision_letters, "delay", broker_down)
    monkeypatch.setattr(tasks.deliver_decision_letter, "delay", broker_down)
    travel(DECISION_TIME)
    decision = decide(users, case_of(recommended_year, "Fosen"), django_capture_on_commit_callbacks)
    assert decision.status == Decision.Status.DECIDED
    assert not letters_made(decision)


def test_stored_letter_survives_as_the_decision_stays_frozen(decided_year):
    decision = decision_of(decided_year, SORVEST)
    decision.amount += 1
    with pytest.raises(ValueError, match="frozen"):
        decision.save()


def test_a_corrected_vedtak_after_klage_gets_its_own_letter(
    decided_year, users, login, django_capture_on_commit_callbacks
):
    case = case_of(decided_year, "Fosen")
    old = decision_of(decided_year, "Fosen")
    appeal = services.appeal_lodge(actor=users["uh"], case=case, text="Vi ber om mer.")
    appeal = services.appeal_decide(
        actor=users["statsforvalter"],
        appeal=appeal,
        outcome=Appeal.Outcome.UPHELD,
        note="Klagen tas til følge.",
    )
    new = appeal.new_decision
    services.decision_update(
        actor=users["statsforvalter"],
        decision=new,
        amount=old.amount - 10_000,
        departure_reason="Rettet etter klage.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        prepare_and_approve(users, new)
    new.refresh_from_db()
    old.refresh_from_db()
    assert old.status == Decision.Status.SUPERSEDED
    old_letter, new_letter = host_letter(old), host_letter(new)
    assert new_letter.number != old_letter.number
    assert new_letter.letter_sha256 != old_letter.letter_sha256
    text = " ".join(pdf_text(stored(new_letter.letter_pdf)).split())
    assert f"Dokumentnr.: {new_letter.number}" in text and "Rettet etter klage." in text
    # Fosen's host owner (Ørland) has decided on nynorsk.
    assert (
        f"Dette vedtaket erstattar vedtaket vårt av 1. mars 2027 med referanse {old_letter.number}"
        in text
    )
    page = login("uh").get(reverse("reporting:year", args=[2027])).content.decode()
    assert reverse("reporting:decision_letter", args=[old.pk]) in page
    assert reverse("reporting:decision_letter", args=[new.pk]) in page
    assert "Erstattet" in page


# --- the letter batch -----------------------------------------------------------------------


@pytest.fixture
def decided_without_letters(recommended_year, users, travel, django_capture_on_commit_callbacks):
    travel(DECISION_TIME)
    decide_all(users, recommended_year, lambda execute: django_capture_on_commit_callbacks())
    assert not Letter.objects.exists()
    return recommended_year


def test_statsforvalteren_makes_the_missing_letters_in_a_batch(
    decided_without_letters, login, django_capture_on_commit_callbacks
):
    client = login("statsforvalter")
    url = reverse("reporting:letter_batch", args=[2027])
    page = client.get(url).content.decode()
    assert "12 fattede vedtak mangler vedtaksbrev" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    batch = LetterBatch.objects.get()
    assert (batch.status, batch.done, batch.total) == (LetterBatch.Status.DONE, 12, 12)
    assert all(letters_made(d) for d in Decision.objects.filter(scheme_year__year=2027))
    page = client.get(url).content.decode()
    assert "12 av 12 brev laget" in page
    assert "Ferdig" in page
    assert "Alle fattede vedtak har vedtaksbrev" in page
    again = client.post(url, follow=True).content.decode()
    assert "Alle vedtaksbrev for 2027 er allerede laget" in again
    assert LetterBatch.objects.count() == 1


def test_batch_page_offers_refresh_only_while_running_and_only_when_asked(
    decided_without_letters, users, login
):
    batch = LetterBatch.objects.create(
        scheme_year=decided_without_letters, total=11, done=4, started_by=users["statsforvalter"]
    )
    client = login("statsforvalter")
    url = reverse("reporting:letter_batch", args=[2027])
    page = client.get(url)
    assert "Refresh" not in page
    assert "4 av 11 brev laget" in page.content.decode()
    assert 'max="11" value="4"' in page.content.decode()
    assert client.get(url + "?auto=1")["Refresh"] == "5"
    # While one runs, another cannot be started.
    assert b"Lag manglende vedtaksbrev" not in page.content
    response = client.post(url, follow=True)
    assert "lages allerede" in response.content.decode()
    batch.refresh_from_db()
    assert batch.done == 4


def test_a_failing_batch_keeps_the_letters_made_and_says_what_failed(
    decided_without_letters, users, monkeypatch
):
    made = []
    real = reporting_services.decision_letters_make

    def fail_on_third(*, decision_id, actor=None):
        if len(made) == 2:
            raise RuntimeError("disken er full")
        made.append(decision_id)
        return real(decision_id=decision_id, actor=actor)

    monkeypatch.setattr(reporting_services, "decision_letters_make", fail_on_third)
    batch = LetterBatch.objects.create(
        scheme_year=decided_without_letters, total=11, started_by=users["statsforvalter"]
    )
    batch = reporting_services.letter_batch_run(batch_id=batch.pk)
    assert batch.status == LetterBatch.Status.FAILED
    assert batch.done == 2 and "disken er full" in batch.error
    assert Decision.objects.filter(letters__isnull=False).distinct().count() == 2


def test_only_statsforvalteren_runs_the_batch(decided_without_letters, client, users):
    url = reverse("reporting:letter_batch", args=[2027])
    for username in ("forum", "sekretariat", "koordinator", "uh", "eier"):
        client.force_login(users[username])
        assert client.get(url).status_code == 403, username
        assert client.post(url).status_code == 403, username
    assert not LetterBatch.objects.exists()


def test_legal_texts_are_per_year_and_editing_one_year_leaves_the_next_alone(demo):
    from grants.models import LegalText, SchemeYear
    from grants.selectors import legal_texts

    year = SchemeYear.objects.get(year=2027)
    texts = legal_texts(year)
    assert "FOR-2021-01-26-230" in texts["hjemmel"] and "3201" not in texts["hjemmel"]
    assert texts["klage-hjemmel"] == "forvaltningsloven §§ 28 og 29"
    assert "§ 18" in texts["innsyn"]
    assert "forvaltningslova" in legal_texts(year, language="nn")["klagerett"]
    LegalText.objects.filter(scheme_year=year, key="klage-hjemmel").update(
        text="forvaltningsloven (2025) § 52"
    )
    assert legal_texts(year)["klage-hjemmel"] == "forvaltningsloven (2025) § 52"
    template = LegalText.objects.get(scheme_year=None, key="klage-hjemmel")
    assert template.text == "forvaltningsloven §§ 28 og 29"
