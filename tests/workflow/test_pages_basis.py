"""The partnership writes the decision basis in the browser; the forum reviews and returns it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django_fsm_log.models import StateLog

from grants.models import BudgetLine, DecisionBasis, Measure
from networks.models import University
from workflow import rules
from workflow.models import Case

from .conftest import BEFORE_BASIS_DEADLINE
from .test_pages_support import (
    assert_headings_in_order,
    error_summary_links,
    field_error,
    has_error_summary,
    last_message,
    offered_actions,
    text,
)
from .test_selectors import walk_to

CRITERIA = {
    **{name: "on" for name, _label in DecisionBasis.CRITERIA},
    **{f"{name}_text": "Forankret i behovsmeldingene." for name, _label in DecisionBasis.CRITERIA},
}


@pytest.fixture
def started(demo, sorvest_case, travel, login):
    travel(BEFORE_BASIS_DEADLINE)
    response = login("koordinator").post(
        reverse("case_action", args=[sorvest_case.pk, "start_decision_basis"]), {}
    )
    assert response.status_code == 302
    assert last_message(response) == "Arbeidet med beslutningsgrunnlaget er startet."
    sorvest_case.refresh_from_db()
    assert sorvest_case.state == Case.State.BESLUTNINGSGRUNNLAG
    return sorvest_case


def _basis(case) -> DecisionBasis:
    return DecisionBasis.objects.get(pk=case.decision_basis_id)


def _measure_data(**changes):
    data = {
        "title": "Inkluderende læringsmiljø",
        "description": "Samlinger og veiledning.",
        "target_groups": ["barnehage", "skole"],
        "period_start": "2027-03-15",
        "period_end": "15.12.2027",
        "expected_participants": "120",
        "university": "",
        "version": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _add_measure(client, case, **changes):
    data = _measure_data(version=str(_basis(case).version), **changes)
    return client.post(reverse("measure_add", args=[case.pk]), data)


def _add_line(client, case, measure, amount, kind="uh", description="UH-bidrag"):
    return client.post(
        reverse("budget_line_add", args=[case.pk, measure.pk]),
        {
            "kind": kind,
            "description": description,
            "amount": amount,
            "version": str(_basis(case).version),
        },
    )


def test_saving_the_summary_and_the_four_criteria(login, started):
    client = login("uh")
    url = reverse("decision_basis_edit", args=[started.pk])
    page = client.get(url)
    assert_headings_in_order(page)
    assert page.content.decode().count('<fieldset class="criterion">') == 4
    response = client.post(
        url, {"summary": "Felles løft.", "version": str(_basis(started).version), **CRITERIA}
    )
    assert response.status_code == 302 and response.url == url
    assert last_message(response) == "Beslutningsgrunnlaget er lagret."
    basis = _basis(started)
    assert basis.summary == "Felles løft."
    assert basis.missing_criteria() == []


def test_the_basis_remembers_who_saved_it_last(login, demo, started):
    from workflow import services

    services.decision_basis_update(actor=demo["uh"], case=started, summary="UH skrev dette.")
    assert _basis(started).updated_by == demo["uh"]
    client = login("koordinator")
    client.post(
        reverse("decision_basis_edit", args=[started.pk]),
        {"summary": "Koordinatoren skrev dette.", "version": str(_basis(started).version)},
    )
    assert _basis(started).updated_by.username == "koordinator"


def test_a_stale_save_of_the_basis_overwrites_nothing(login, demo, started):
    from workflow import services

    seen = _basis(started).version
    services.decision_basis_update(actor=demo["uh"], case=started, summary="UH skrev dette.")
    response = login("koordinator").post(
        reverse("decision_basis_edit", args=[started.pk]),
        {"summary": "Koordinatoren skrev dette.", "version": str(seen)},
    )
    assert response.status_code == 200
    assert "Dokumentet ble endret av noen andre" in text(response)
    assert "Koordinatoren skrev dette." in response.content.decode()
    assert _basis(started).summary == "UH skrev dette."


def test_adding_a_measure_and_amounts_typed_with_spaces_and_kr(login, started):
    client = login("koordinator")
    response = _add_measure(client, started)
    measure = Measure.objects.get(decision_basis_id=started.decision_basis_id)
    assert response.status_code == 302
    assert response.url.endswith(f"#tiltak-{measure.pk}")
    assert measure.target_groups == ["barnehage", "skole"]
    assert str(measure.period_end) == "2027-12-15"
    response = _add_line(client, started, measure, "489 044 kr")
    assert response.status_code == 302
    assert last_message(response) == "Budsjettlinjen er lagret."
    assert BudgetLine.objects.get(measure=measure).amount == 489_044
    page = text(client.get(reverse("decision_basis_edit", args=[started.pk])))
    assert "489 044 kr" in page
    frame = rules.case_frame(started)
    from config.formatting import format_kroner

    assert f"Igjen av rammen {format_kroner(frame - 489_044)}" in page


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("12,50", "Skriv beløpet i hele kroner, uten øre."),
        ("-5 000", "Beløpet kan ikke være negativt."),
        ("mange penger", "Skriv beløpet med sifre, for eksempel 1 234 567."),
        ("", "Skriv beløpet i hele kroner."),
    ],
)
def test_a_wrong_amount_is_shown_at_the_field(login, demo, started, amount, message):
    from workflow import services

    measure = services.measure_save(
        actor=demo["koordinator"],
        case=started,
        title="Tiltak",
        description="x",
        target_groups=["skole"],
        period_start=dt.date(2027, 3, 1),
        period_end=dt.date(2027, 6, 1),
        expected_participants=10,
    )
    response = _add_line(login("koordinator"), started, measure, amount)
    assert response.status_code == 200
    assert error_summary_links(response) == [("#id_amount", f"Beløp: {message}")]
    assert field_error(response, "id_amount") == message
    assert not BudgetLine.objects.exists()


def test_an_invalid_measure_lists_every_problem_linked_to_its_field(login, started):
    response = _add_measure(
        login("koordinator"), started, title="", period_end="2027-01-01", target_groups=None
    )
    assert response.status_code == 200
    hrefs = [href for href, _message in error_summary_links(response)]
    assert hrefs == ["#id_title", "#id_target_groups", "#id_period_end"]
    assert field_error(response, "id_period_end") == "Perioden kan ikke slutte før den starter."
    assert field_error(response, "id_target_groups") == "Velg minst én målgruppe."
    assert not Measure.objects.exists()


def test_only_the_partnerships_universities_can_be_chosen(login, started):
    nord = University.objects.get(short_name="Nord")
    response = _add_measure(login("koordinator"), started, university=str(nord.pk))
    assert response.status_code == 200
    assert "id_university" in [href[1:] for href, _m in error_summary_links(response)]
    assert not Measure.objects.exists()


def test_a_budget_over_the_frame_is_shown_and_cannot_be_sent(login, demo, started):
    from config.formatting import format_kroner

    client = login("koordinator")
    client.post(
        reverse("decision_basis_edit", args=[started.pk]),
        {"summary": "Plan.", "version": str(_basis(started).version), **CRITERIA},
    )
    _add_measure(client, started)
    measure = Measure.objects.get()
    frame = rules.case_frame(started)
    _add_line(client, started, measure, str(frame + 10_000))
    editor = client.get(reverse("decision_basis_edit", args=[started.pk]))
    assert f"Over rammen {format_kroner(10_000)}" in text(editor)
    assert "submit_decision_basis" not in offered_actions(editor)
    case_page = client.get(reverse("case_detail", args=[started.pk]))
    assert "submit_decision_basis" not in offered_actions(case_page)
    assert "er større enn den forhåndstildelte rammen" in text(case_page)
    response = client.post(reverse("case_action", args=[started.pk, "submit_decision_basis"]), {})
    assert response.status_code == 200
    assert "er større enn den forhåndstildelte rammen" in text(response)
    assert Case.objects.get(pk=started.pk).state == Case.State.BESLUTNINGSGRUNNLAG


def test_partnership_submits_and_the_forum_returns_with_a_comment(login, demo, started, travel):
    case = walk_to(demo, started, "grunnlag-klart", travel)
    partnership = login("koordinator")
    response = partnership.post(
        reverse("case_action", args=[case.pk, "submit_decision_basis"]),
        {"submit_decision_basis-comment": "Vedlagt som avtalt."},
    )
    assert response.status_code == 302
    assert last_message(response) == "Beslutningsgrunnlaget er sendt til samarbeidsforum."
    assert Case.objects.get(pk=case.pk).state == Case.State.INNSTILLING

    secretariat = login("sekretariat")
    url = reverse("case_action", args=[case.pk, "return_decision_basis"])
    refused = secretariat.post(url, {"return_decision_basis-comment": "  "})
    assert refused.status_code == 200
    assert error_summary_links(refused) == [
        (
            "#id_return_decision_basis-comment",
            "Hva må partnerskapet rette opp?: Skriv en kommentar som forklarer hvorfor.",
        )
    ]
    assert Case.objects.get(pk=case.pk).state == Case.State.INNSTILLING
    returned = secretariat.post(
        url, {"return_decision_basis-comment": "Beskriv UH-bidraget nærmere."}
    )
    assert returned.status_code == 302
    assert last_message(returned) == "Beslutningsgrunnlaget er returnert til partnerskapet."
    assert Case.objects.get(pk=case.pk).state == Case.State.BESLUTNINGSGRUNNLAG

    editor = text(login("koordinator").get(reverse("decision_basis_edit", args=[case.pk])))
    assert "Tilbakemeldinger" in editor and "Beskriv UH-bidraget nærmere." in editor
    timeline = text(login("koordinator").get(reverse("case_history", args=[case.pk])))
    assert "Beslutningsgrunnlaget ble returnert til partnerskapet" in timeline
    assert "Siri Sekretariat" in timeline
    assert "fra «Innstilling» til «Beslutningsgrunnlag»" in timeline
    assert StateLog.objects.filter(transition="return_decision_basis").count() == 1


def test_a_forum_member_may_not_return_the_basis(login, demo, started, travel):
    case = walk_to(demo, started, "innstilling", travel)
    response = login("forum").post(
        reverse("case_action", args=[case.pk, "return_decision_basis"]),
        {"return_decision_basis-comment": "Nei."},
    )
    assert response.status_code == 403
    assert Case.objects.get(pk=case.pk).state == Case.State.INNSTILLING


def test_unknown_step_is_not_found(login, started):
    response = login("koordinator").post(reverse("case_action", args=[started.pk, "slett"]), {})
    assert response.status_code == 404


def test_deleting_with_a_stale_version_keeps_the_measure(login, demo, started):
    client = login("koordinator")
    _add_measure(client, started)
    measure = Measure.objects.get()
    stale = _basis(started).version
    _add_line(client, started, measure, "1000")
    response = client.post(
        reverse("measure_delete", args=[started.pk, measure.pk]), {"version": str(stale)}
    )
    assert response.status_code == 302
    assert last_message(response).startswith("Dokumentet ble endret av noen andre")
    assert Measure.objects.filter(pk=measure.pk).exists()
    line = BudgetLine.objects.get()
    response = client.post(
        reverse("budget_line_delete", args=[started.pk, line.pk]),
        {"version": str(_basis(started).version)},
    )
    assert last_message(response) == "Budsjettlinjen «UH-bidrag» er slettet."
    response = client.post(
        reverse("measure_delete", args=[started.pk, measure.pk]),
        {"version": str(_basis(started).version)},
    )
    assert last_message(response) == "Tiltaket «Inkluderende læringsmiljø» er slettet."
    assert not Measure.objects.exists()


def test_the_editor_is_read_only_once_the_basis_is_sent(login, demo, started, travel):
    case = walk_to(demo, started, "innstilling", travel)
    client = login("koordinator")
    page = client.get(reverse("decision_basis_edit", args=[case.pk]))
    assert "kan bare endres i steget «Beslutningsgrunnlag»" in text(page)
    assert 'name="summary"' not in page.content.decode()
    response = client.get(reverse("measure_add", args=[case.pk]))
    assert response.status_code == 302
    refused = client.post(
        reverse("decision_basis_edit", args=[case.pk]),
        {"summary": "Endret etterpå.", "version": str(_basis(case).version)},
    )
    assert refused.status_code == 200 and has_error_summary(refused)
    assert _basis(case).summary != "Endret etterpå."


def test_a_stale_measure_or_budget_line_save_overwrites_nothing(login, demo, started):
    client = login("koordinator")
    _add_measure(client, started)
    measure = Measure.objects.get()
    stale = _basis(started).version
    _add_line(client, started, measure, "1 000")  # someone else's save raises the version
    response = client.post(
        reverse("measure_edit", args=[started.pk, measure.pk]),
        _measure_data(title="Nytt navn", version=str(stale)),
    )
    assert response.status_code == 200
    assert "Dokumentet ble endret av noen andre" in text(response)
    assert 'value="Nytt navn"' in response.content.decode()
    assert Measure.objects.get().title == "Inkluderende læringsmiljø"
    line = BudgetLine.objects.get()
    response = client.post(
        reverse("budget_line_edit", args=[started.pk, line.pk]),
        {"kind": "uh", "description": "UH-bidrag", "amount": "9 999", "version": str(stale)},
    )
    assert response.status_code == 200 and has_error_summary(response)
    assert BudgetLine.objects.get().amount == 1_000


def test_changing_a_measure_and_a_budget_line(login, started):
    client = login("koordinator")
    _add_measure(client, started)
    measure = Measure.objects.get()
    _add_line(client, started, measure, "1 000")
    line = BudgetLine.objects.get()
    form = client.get(reverse("budget_line_edit", args=[started.pk, line.pk]))
    assert 'value="1 000"' in form.content.decode()
    response = client.post(
        reverse("budget_line_edit", args=[started.pk, line.pk]),
        {
            "kind": "nettverk",
            "description": "Frikjøp",
            "amount": "2 500 kr",
            "version": str(_basis(started).version),
        },
    )
    assert last_message(response) == "Budsjettlinjen er lagret."
    line.refresh_from_db()
    assert (line.kind, line.description, line.amount) == ("nettverk", "Frikjøp", 2_500)
    response = client.post(
        reverse("measure_edit", args=[started.pk, measure.pk]),
        _measure_data(title="Nytt navn", version=str(_basis(started).version)),
    )
    assert last_message(response) == "Tiltaket «Nytt navn» er lagret."


def test_the_secretariat_reopens_submission_after_the_deadline(login, demo, started, travel):
    travel(dt.datetime(2027, 2, 3, 9, 0))
    client = login("sekretariat")
    url = reverse("decision_basis_reopen", args=[started.pk])
    refused = client.post(url, {"until": "2027-02-01", "comment": "Sykdom."})
    assert refused.status_code == 200
    assert field_error(refused, "id_until") == "Den nye fristen kan ikke være i fortiden."
    refused = client.post(url, {"until": "", "comment": ""})
    assert [href for href, _m in error_summary_links(refused)] == ["#id_until", "#id_comment"]
    response = client.post(url, {"until": "10.02.2027", "comment": "Sykdom i nettverket."})
    assert last_message(response) == "Partnerskapet kan sende beslutningsgrunnlaget etter fristen."
    assert str(Case.objects.get(pk=started.pk).decision_basis_reopened_until) == "2027-02-10"
    page = text(login("koordinator").get(reverse("case_detail", args=[started.pk])))
    assert "10. februar 2027 (gjenåpnet av sekretariatet)" in page


def test_the_network_sets_its_local_needs_deadline(login, demo, sorvest_case, travel):
    travel(dt.datetime(2026, 11, 1, 10, 0))
    client = login("koordinator")
    url = reverse("local_deadline_set", args=[sorvest_case.pk])
    assert 'value="2026-12-01"' in client.get(url).content.decode()
    refused = client.post(url, {"deadline": "2027-02-05"})
    assert refused.status_code == 200
    assert field_error(refused, "id_deadline").startswith(
        "Den lokale fristen må være før fristen for beslutningsgrunnlag (1. februar 2027)"
    )
    response = client.post(url, {"deadline": "2026-12-10"})
    assert last_message(response) == "Den lokale fristen for behovsmelding er lagret."
    home = text(login("eier").get(reverse("home")))
    assert "Send behovsmelding for 2027 Orkland 10. desember 2026" in home
