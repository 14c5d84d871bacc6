"""``seed_demo --stage STAGE`` takes the demo year's networks through the services to a stage."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_fsm_log.models import StateLog

from grants.models import Decision, NeedsReport, Report
from workflow.demo import STAGES
from workflow.models import Case


def seed(stage: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", stage=stage, stdout=out)
    return out.getvalue()


def test_the_stages_are_the_case_states_in_order():
    assert tuple(Case.State.values) == STAGES


@pytest.mark.django_db
def test_vedtak_leaves_every_network_decided_with_a_letter_to_each_party():
    output = seed("vedtak")
    cases = list(Case.objects.select_related("network"))
    assert len(cases) == 11 and {c.state for c in cases} == {"vedtak"}
    decided = Decision.objects.filter(status=Decision.Status.DECIDED)
    assert decided.count() == 11
    for decision in decided:
        assert decision.prepared_by.username == "statsforvalter"
        assert decision.decided_by.username == "godkjenner"
        letters = list(decision.letters.all())
        assert len(letters) == len(decision.deliveries.all()) >= 2, decision.network
        for letter in letters:
            assert letter.letter_pdf.read(5) == b"%PDF-"
    assert "«vedtak»" in output


@pytest.mark.django_db
def test_every_step_was_taken_through_the_services_and_logged():
    seed("avsluttet")
    assert set(Case.objects.values_list("state", flat=True)) == {"avsluttet"}
    assert set(Report.objects.values_list("status", flat=True)) == {"godkjent"}
    case = Case.objects.first()
    assert list(
        StateLog.objects.for_(case).order_by("timestamp").values_list("transition", flat=True)
    ) == [
        "start_decision_basis",
        "submit_decision_basis",
        "recommend",
        "decide",
        "open_reporting",
        "submit_report",
        "approve_report",
    ]
    assert NeedsReport.objects.filter(status=NeedsReport.Status.SUBMITTED).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("stage", ["behovsmelding", "beslutningsgrunnlag", "innstilling"])
def test_an_early_stage_stops_there_and_running_it_again_changes_nothing(stage):
    seed(stage)
    states = sorted(Case.objects.values_list("network__name", "state"))
    assert {state for _name, state in states} == {stage}
    seed(stage)
    assert sorted(Case.objects.values_list("network__name", "state")) == states


@pytest.mark.django_db
def test_an_unknown_stage_is_refused():
    with pytest.raises(CommandError, match="behovsmelding"):
        call_command("seed_demo", "--stage", "ferdig", stdout=io.StringIO())
