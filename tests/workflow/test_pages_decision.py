"""Statsforvalteren decides, handles appeals, opens reporting and controls the report; the
partnership appeals and reports - all in the browser."""

from __future__ import annotations

import pytest
from django.urls import reverse

from grants.models import Appeal, Decision, Report
from workflow.demo import DEMO_ASSESSMENTS
from workflow.models import Case

from .helpers import deliver
from .test_pages_support import (
    assert_headings_in_order,
    error_summary_links,
    field_error,
    has_error_summary,
    last_message,
    offered_actions,
    text,
)
from .test_selectors import APPEAL_TIME, walk_to


def _draft(case) -> Decision:
    return Decision.objects.get(network=case.network, status=Decision.Status.DRAFT)


def _decision_data(decision: Decision, **changes) -> dict:
    data = {
        "amount": str(decision.amount),
        "uh_amount": str(decision.uh_amount),
        "reasons": "Tiltakene oppfyller de fire kriteriene.",
        "conditions": decision.conditions,
        "departure_reason": "",
        "legal_basis": decision.legal_basis,
        "report_deadline": "30.06.2027",
        "appeal_right": decision.appeal_right,
        "appeal_body": decision.appeal_body,
        "appeal_weeks": "3",
        "appeal_instructions": decision.appeal_instructions,
        "version": str(decision.version),
        **{f"criterion_{key}": "oppfylt" for key in DEMO_ASSESSMENTS},
        **{f"criterion_{key}_text": value for key, value in DEMO_ASSESSMENTS.items()},
    }
    data.update(changes)
    return data


def _propose(client, decision: Decision):
    return client.post(reverse("decision_propose", args=[decision.pk]))


@pytest.fixture
def drafted(demo, sorvest_case, travel):
    return walk_to(demo, sorvest_case, "vedtak-utkast", travel)


def test_the_draft_cannot_be_decided_until_the_reasons_are_written(login, drafted):
    client = login("statsforvalter")
    url = reverse("decision_detail", args=[_draft(drafted).pk])
    page = client.get(url)
    assert_headings_in_order(page)
    assert "decide" not in offered_actions(page)
    assert "Feltet «begrunnelse» må fylles ut." in text(page)
    assert "Vurder kriteriet «Tverrfaglig tilnærming»" in text(page)
    refused = _propose(client, _draft(drafted))
    assert _draft(drafted).proposed_at is None
    assert "Feltet «begrunnelse» må fylles ut." in last_message(refused)
    response = client.post(url, _decision_data(_draft(drafted)))
    assert response.status_code == 302
    assert last_message(response) == "Utkastet til vedtak er lagret."
    assert _draft(drafted).assessments.filter(met=True).count() == 4
    page = client.get(url)
    # The case officer prepares and proposes; the vedtak is approved by someone else.
    assert "decide" not in offered_actions(page)
    assert "return_recommendation" in offered_actions(page)
    response = _propose(client, _draft(drafted))
    assert "En annen med budsjettdisponeringsmyndighet må godkjenne det" in last_message(response)
    approver = login("godkjenner")
    page = approver.get(url)
    assert {"decide", "return_recommendation"} <= offered_actions(page)
    assert "Forberedt av" not in text(page)  # shown once decided
    response = approver.post(
        reverse("decision_decide", args=[_draft(drafted).pk]), {"decide-comment": ""}
    )
    assert response.status_code == 302
    assert last_message(response) == "Vedtaket for Trøndelag sørvest er fattet."
    decision = Decision.objects.get(network=drafted.network)
    assert decision.status == Decision.Status.DECIDED
    assert decision.reasons == "Tiltakene oppfyller de fire kriteriene."
    assert decision.prepared_by.username == "statsforvalter"
    assert decision.decided_by.username == "godkjenner"
    deliver(decision)  # the letter e-mailed after commit, accepted the same day
    network_view = text(login("koordinator").get(reverse("decision_detail", args=[decision.pk])))
    assert "Vedtak for Trøndelag sørvest 2027" in network_view
    assert "Klagefrist 22. mars 2027" in network_view


def test_a_decided_vedtak_offers_no_editing(login, demo, drafted):
    from .helpers import decide

    decide(demo, drafted)
    decision = Decision.objects.get(network=drafted.network)
    client = login("statsforvalter")
    page = client.get(reverse("decision_detail", args=[decision.pk]))
    assert 'name="amount"' not in page.content.decode()
    refused = client.post(
        reverse("decision_detail", args=[decision.pk]),
        _decision_data(decision, reasons="Endret etterpå."),
    )
    assert refused.status_code == 200
    assert "Vedtaket er fattet og kan ikke endres" in text(refused)
    assert Decision.objects.get(pk=decision.pk).reasons == decision.reasons


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "uh_amount",
            "99 999 999",
            "Andelen til UH kan ikke være større enn det innvilgede beløpet.",
        ),
        ("amount", "1,5", "Skriv beløpet i hele kroner, uten øre."),
        ("report_deadline", "31.02.2027", "Skriv en gyldig dato, for eksempel 20.02.2027."),
    ],
)
def test_invalid_vedtak_fields_are_shown_at_the_field(login, drafted, field, value, message):
    draft = _draft(drafted)
    response = login("statsforvalter").post(
        reverse("decision_detail", args=[draft.pk]), _decision_data(draft, **{field: value})
    )
    assert response.status_code == 200
    assert field_error(response, f"id_{field}") == message
    assert Decision.objects.get(pk=draft.pk).version == draft.version


def test_a_stale_vedtak_save_is_refused(login, demo, drafted):
    from workflow import services

    draft = _draft(drafted)
    services.decision_update(actor=demo["statsforvalter"], decision=draft, reasons="Kollega.")
    response = login("statsforvalter").post(
        reverse("decision_detail", args=[draft.pk]),
        _decision_data(draft, reasons="Min begrunnelse.", version=str(draft.version - 1)),
    )
    assert response.status_code == 200
    assert "Dokumentet ble endret av noen andre" in text(response)
    assert Decision.objects.get(pk=draft.pk).reasons == "Kollega."


def test_departing_from_the_innstilling_needs_a_reason_before_deciding(login, drafted):
    draft = _draft(drafted)
    client = login("statsforvalter")
    client.post(
        reverse("decision_detail", args=[draft.pk]),
        _decision_data(draft, amount=str(draft.amount - 10_000)),
    )
    page = client.get(reverse("decision_detail", args=[draft.pk]))
    assert "decide" not in offered_actions(page)
    assert "avviker fra innstillingen" in text(page)
    assert "Begrunn avviket" in last_message(_propose(client, draft))
    refused = login("godkjenner").post(reverse("decision_decide", args=[draft.pk]), {})
    assert refused.status_code == 200 and has_error_summary(refused)
    assert "Begrunn avviket" in text(refused)
    assert _draft(drafted).status == Decision.Status.DRAFT


def test_returning_the_innstilling_needs_a_comment(login, drafted):
    client = login("statsforvalter")
    url = reverse("case_action", args=[drafted.pk, "return_recommendation"])
    refused = client.post(url, {"return_recommendation-comment": ""})
    assert refused.status_code == 200
    assert error_summary_links(refused)[0][0] == "#id_return_recommendation-comment"
    response = client.post(url, {"return_recommendation-comment": "Vurder UH-andelen."})
    assert response.status_code == 302
    assert last_message(response) == "Innstillingen er returnert til samarbeidsforum."
    assert Case.objects.get(pk=drafted.pk).state == Case.State.INNSTILLING
    assert not Decision.objects.filter(network=drafted.network).exists()
    forum_view = text(login("forum").get(reverse("case_detail", args=[drafted.pk])))
    assert "Tilbakemeldinger" in forum_view and "Vurder UH-andelen." in forum_view


def test_the_partnership_appeals_and_an_upheld_appeal_gives_a_new_vedtak(
    login, demo, sorvest_case, travel
):
    case = walk_to(demo, sorvest_case, "vedtak-fattet", travel)
    travel(APPEAL_TIME)
    partnership = login("koordinator")
    assert "lodge_appeal" in offered_actions(
        partnership.get(reverse("case_detail", args=[case.pk]))
    )
    url = reverse("appeal_lodge", args=[case.pk])
    refused = partnership.post(url, {"text": " "})
    assert refused.status_code == 200
    assert field_error(refused, "id_text") == "Skriv hva du klager på og hvorfor."
    response = partnership.post(url, {"text": "Beløpet til UH er for lavt."})
    assert last_message(response) == "Klagen er sendt til Statsforvalteren."
    appeal = Appeal.objects.get()

    statsforvalter = login("statsforvalter")
    decide_url = reverse("appeal_decide", args=[appeal.pk])
    assert "Beløpet til UH er for lavt." in text(statsforvalter.get(decide_url))
    refused = statsforvalter.post(decide_url, {"note": "Tatt til følge."})
    assert field_error(refused, "id_outcome") == "Velg utfall."
    response = statsforvalter.post(decide_url, {"outcome": "tatt_til_folge", "note": "Riktig."})
    new = Appeal.objects.get().new_decision
    assert response.status_code == 302 and response.url == reverse("decision_detail", args=[new.pk])
    page = statsforvalter.get(response.url)
    assert "decide" not in offered_actions(page)
    _propose(statsforvalter, new)
    approver = login("godkjenner")
    assert "decide" in offered_actions(approver.get(response.url))
    approver.post(reverse("decision_decide", args=[new.pk]), {})
    statuses = dict(Decision.objects.values_list("pk", "status"))
    assert statuses == {appeal.decision_id: "erstattet", new.pk: "vedtatt"}


def test_reporting_from_opening_to_approval(login, demo, sorvest_case, travel):
    case = walk_to(demo, sorvest_case, "vedtak-fattet", travel)
    response = login("statsforvalter").post(
        reverse("case_action", args=[case.pk, "open_reporting"]), {}
    )
    assert last_message(response) == "Rapporteringen er åpnet."
    report = Report.objects.get(network=case.network)
    measures = list(report.measures.all())
    costs = list(report.costs.select_related("budget_line"))

    partnership = login("uh")
    url = reverse("report_edit", args=[case.pk])
    page = partnership.get(url)
    assert_headings_in_order(page)
    assert "submit_report" not in offered_actions(page)
    data = {"assessment": "Godt gjennomført.", "version": str(report.version)}
    for item in measures:
        data[f"done_{item.pk}"] = "Fire samlinger."
        data[f"reached_{item.pk}"] = "-3"
    for cost in costs:
        data[f"used_{cost.pk}"] = f"{cost.budget_line.amount} kr"
    refused = partnership.post(url, data)
    assert refused.status_code == 200
    assert (
        field_error(refused, f"id_reached_{measures[0].pk}") == "Antallet kan ikke være negativt."
    )
    data.update({f"reached_{item.pk}": "110" for item in measures})
    response = partnership.post(url, data)
    assert last_message(response) == "Rapporten er lagret."
    stale = partnership.post(url, {**data, "assessment": "Ny tekst."})
    assert "Dokumentet ble endret av noen andre" in text(stale)
    assert Report.objects.get(pk=report.pk).assessment == "Godt gjennomført."
    response = partnership.post(
        reverse("case_action", args=[case.pk, "submit_report"]),
        {"submit_report-comment": ""},
    )
    assert last_message(response) == "Rapporten er sendt til Statsforvalteren."

    statsforvalter = login("statsforvalter")
    case_page = statsforvalter.get(reverse("case_detail", args=[case.pk]))
    assert {"approve_report", "return_report"} <= offered_actions(case_page)
    documents = statsforvalter.get(reverse("case_documents", args=[case.pk]))
    assert "Godt gjennomført." in text(documents)
    refused = statsforvalter.post(
        reverse("case_action", args=[case.pk, "return_report"]), {"return_report-comment": ""}
    )
    assert field_error(refused, "id_return_report-comment") == (
        "Skriv en kommentar som forklarer hvorfor."
    )
    statsforvalter.post(
        reverse("case_action", args=[case.pk, "return_report"]),
        {"return_report-comment": "Tallene for UH mangler."},
    )
    assert Report.objects.get(pk=report.pk).status == Report.Status.RETURNED
    report_page = text(login("koordinator").get(url))
    assert "Tallene for UH mangler." in report_page
    home = text(login("koordinator").get(reverse("home")))
    assert "Rett opp rapporten for 2027 og send den på nytt" in home

    login("koordinator").post(reverse("case_action", args=[case.pk, "submit_report"]), {})
    response = login("statsforvalter").post(
        reverse("case_action", args=[case.pk, "approve_report"]), {}
    )
    assert last_message(response) == "Rapporten er godkjent, og saken er avsluttet."
    assert Case.objects.get(pk=case.pk).state == Case.State.AVSLUTTET


def test_year_overview_counts_cases_and_money(login, demo, sorvest_case, travel):
    walk_to(demo, sorvest_case, "vedtak-fattet", travel)
    response = login("statsforvalter").get(reverse("year_overview", args=[2027]))
    assert_headings_in_order(response)
    page = text(response)
    assert "Behovsmelding 11" in page and "Vedtak 1" in page  # 10 networks, joint measures
    decided = Decision.objects.get(network=sorvest_case.network)
    from config.formatting import format_kroner

    assert f"Vedtatt {format_kroner(decided.amount)}" in page


def test_an_old_sign_in_must_sign_in_again_before_the_vedtak_is_made(login, drafted, travel):
    """Approving a vedtak asks for a fresh sign-in: the button leads to the sign-in page and back
    to the vedtak, and nothing is decided until the approver presses it again."""
    import datetime as dt

    from .conftest import DECISION_TIME

    officer = login("statsforvalter")
    draft = _draft(drafted)
    officer.post(reverse("decision_detail", args=[draft.pk]), _decision_data(draft))
    _propose(officer, draft)
    client = login("godkjenner")
    travel(DECISION_TIME + dt.timedelta(hours=2))
    page_url = reverse("decision_detail", args=[draft.pk])
    response = client.post(
        reverse("decision_decide", args=[draft.pk]), {"decide-comment": ""}, HTTP_REFERER=page_url
    )
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert Decision.objects.get(pk=draft.pk).status == Decision.Status.DRAFT
    client = login("godkjenner")
    response = client.post(reverse("decision_decide", args=[draft.pk]), {"decide-comment": ""})
    assert Decision.objects.get(pk=draft.pk).status == Decision.Status.DECIDED
