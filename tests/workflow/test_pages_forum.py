"""The cooperation forum records and sends the innstilling in the browser."""

from __future__ import annotations

import pytest
from django.urls import reverse

from config.formatting import format_kroner
from grants.models import ConflictOfInterest, Decision, Recommendation, RecommendationLine
from workflow import rules, services
from workflow.models import Case

from .conftest import FORUM_MEETING
from .test_pages_support import (
    assert_headings_in_order,
    error_summary_links,
    field_error,
    has_error_summary,
    last_message,
    text,
)
from .test_selectors import walk_to


@pytest.fixture
def waiting(demo, sorvest_case, travel):
    case = walk_to(demo, sorvest_case, "innstilling", travel)
    travel(FORUM_MEETING)
    return case


def _meeting(**changes):
    data = {
        "meeting_date": "2027-02-20",
        "consensus_note": "Enstemmig.",
        "joint_measures": "Inkluderingsanalysen",
        "joint_amount": "1 800 000 kr",
        "version": "",
    }
    data.update(changes)
    return data


def test_all_cases_of_the_year_side_by_side(login, waiting):
    response = login("sekretariat").get(reverse("recommendation", args=[2027]))
    assert_headings_in_order(response)
    page = text(response)
    # The other ten networks and the joint measures have not started.
    assert page.count("Behovsmelding") == 11
    frame = rules.case_frame(waiting)
    assert f"Trøndelag sørvest Innstilling {format_kroner(frame)} {format_kroner(frame)}" in page
    assert "Registrer innstilling for Trøndelag sørvest" in page


def test_recording_the_amount_for_a_network(login, waiting):
    frame = rules.case_frame(waiting)
    url = reverse("recommendation_line", args=[2027, waiting.pk])
    form = text(login("forum").get(url))
    assert f"Forhåndstildelt ramme {format_kroner(frame)}" in form
    response = login("forum").post(
        url, {"amount": f"{frame:,}".replace(",", " "), "uh_amount": "400 000", "note": "OK"}
    )
    assert response.status_code == 302 and response.url == reverse("recommendation", args=[2027])
    assert last_message(response) == "Innstilt beløp for Trøndelag sørvest er ført."
    line = RecommendationLine.objects.get(network=waiting.network)
    assert (line.amount, line.uh_amount, line.note) == (frame, 400_000, "OK")


def test_an_amount_above_the_frame_is_refused_at_the_field(login, waiting):
    frame = rules.case_frame(waiting)
    response = login("forum").post(
        reverse("recommendation_line", args=[2027, waiting.pk]),
        {"amount": str(frame + 1), "uh_amount": "0"},
    )
    assert response.status_code == 200
    assert "er større enn rammen" in field_error(response, "id_amount")
    assert error_summary_links(response)[0][0] == "#id_amount"
    assert not RecommendationLine.objects.exists()


def test_uh_share_above_the_amount_is_refused(login, waiting):
    response = login("sekretariat").post(
        reverse("recommendation_line", args=[2027, waiting.pk]),
        {"amount": "100 000", "uh_amount": "200 000"},
    )
    assert response.status_code == 200
    assert field_error(response, "id_uh_amount") == (
        "Andelen til UH kan ikke være større enn anbefalt beløp."
    )


def test_meeting_details_are_saved_and_a_stale_save_is_refused(login, demo, waiting):
    url = reverse("recommendation", args=[2027])
    response = login("sekretariat").post(url, _meeting())
    assert response.status_code == 302
    assert last_message(response) == "Innstillingen er lagret."
    recommendation = Recommendation.objects.get()
    assert recommendation.joint_amount == 1_800_000
    assert str(recommendation.meeting_date) == "2027-02-20"
    stale = login("forum").post(
        url, _meeting(consensus_note="Votering 5–2.", version=str(recommendation.version - 1))
    )
    assert stale.status_code == 200
    assert "Dokumentet ble endret av noen andre" in text(stale)
    assert "Votering 5–2." in stale.content.decode()
    assert Recommendation.objects.get().consensus_note == "Enstemmig."


def test_sending_without_a_meeting_date_points_at_the_field(login, demo, waiting):
    frame = rules.case_frame(waiting)
    services.recommendation_line_set(actor=demo["forum"], case=waiting, amount=frame, uh_amount=0)
    response = login("sekretariat").post(reverse("recommendation_submit", args=[2027]), {})
    assert response.status_code == 200
    assert error_summary_links(response) == [
        ("#id_meeting_date", "Møtedato: Oppgi datoen for møtet i samarbeidsforum.")
    ]
    assert Case.objects.get(pk=waiting.pk).state == Case.State.INNSTILLING


def test_sending_the_innstilling_moves_the_case_and_drafts_the_vedtak(login, demo, waiting):
    frame = rules.case_frame(waiting)
    client = login("sekretariat")
    client.post(reverse("recommendation", args=[2027]), _meeting())
    client.post(
        reverse("recommendation_line", args=[2027, waiting.pk]),
        {"amount": str(frame), "uh_amount": "489 044"},
    )
    page = client.get(reverse("recommendation", args=[2027]))
    assert 'data-action="submit_recommendation"' in page.content.decode()
    response = client.post(
        reverse("recommendation_submit", args=[2027]), {"send-comment": "Fra møtet 20. februar."}
    )
    assert response.status_code == 302
    assert last_message(response) == ("Innstillingen er sendt til Statsforvalteren for 1 nettverk.")
    assert Case.objects.get(pk=waiting.pk).state == Case.State.VEDTAK
    draft = Decision.objects.get(network=waiting.network)
    assert (draft.status, draft.amount, draft.uh_amount) == ("utkast", frame, 489_044)


def test_only_the_secretariat_sends(login, demo, waiting):
    page = login("forum").get(reverse("recommendation", args=[2027]))
    assert 'data-action="submit_recommendation"' not in page.content.decode()
    assert login("forum").post(reverse("recommendation_submit", args=[2027])).status_code == 403


def test_statsforvalteren_reads_the_innstilling_without_forms(login, waiting):
    response = login("statsforvalter").get(reverse("recommendation", args=[2027]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="consensus_note"' not in html and "Registrer innstilling" not in html
    assert (
        login("statsforvalter").post(reverse("recommendation", args=[2027]), _meeting()).status_code
        == 403
    )


def test_declaring_a_conflict_removes_the_network_from_the_members_work(login, demo, waiting):
    client = login("forum")
    response = client.post(
        reverse("conflict_declare", args=[2027]),
        {"habilitet-network": str(waiting.network_id), "habilitet-reason": "Ansatt i Orkland."},
    )
    assert response.status_code == 302
    assert last_message(response).startswith("Inhabiliteten for Trøndelag sørvest er registrert.")
    assert ConflictOfInterest.objects.filter(user=demo["forum"]).count() == 1
    page = client.get(reverse("recommendation", args=[2027]))
    assert "Registrer innstilling for Trøndelag sørvest" not in text(page)
    assert "Ansatt i Orkland." in text(page)
    assert client.get(reverse("recommendation_line", args=[2027, waiting.pk])).status_code == 403
    case_page = client.get(reverse("case_detail", args=[waiting.pk]))
    assert "Du har erklært deg inhabil for dette nettverket." in text(case_page)


def test_a_conflict_without_network_is_shown_at_the_field(login, waiting):
    response = login("forum").post(
        reverse("conflict_declare", args=[2027]), {"habilitet-reason": "Grunn."}
    )
    assert response.status_code == 200 and has_error_summary(response)
    assert field_error(response, "id_habilitet-network") == "Velg nettverket."
    assert not ConflictOfInterest.objects.exists()
