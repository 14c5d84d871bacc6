"""``seed_demo --stage STAGE`` takes the demo year's networks through the services to a stage."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_fsm_log.models import StateLog

from grants.models import Decision, NeedsReport, RecommendationLine, Report, SchemeYear
from networks.models import Event
from workflow.demo import INTERIM_NETWORK, REFUSED_NETWORK, STAGES
from workflow.models import Case


def seed(stage: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", stage=stage, stdout=out)
    return out.getvalue()


def test_the_stages_are_the_case_states_of_a_grant_in_order():
    """The stages are the states a granted case passes; the other outcomes end outside them."""
    outcomes = {Case.State.AVSLATT, Case.State.TRUKKET}
    assert tuple(v for v in Case.State.values if v not in outcomes) == STAGES


@pytest.mark.django_db
def test_vedtak_decides_every_network_with_a_letter_to_each_party_and_refuses_ytre_namdal():
    output = seed("vedtak")
    states = dict(Case.objects.values_list("network__name", "state"))
    assert len(states) == 12  # the eleven networks and the joint measures
    assert states.pop(REFUSED_NETWORK) == "avslatt"
    assert set(states.values()) == {"vedtak"}
    decided = Decision.objects.filter(status=Decision.Status.DECIDED).select_related("network")
    assert decided.count() == 12
    for decision in decided:
        assert decision.prepared_by.username == "statsforvalter"
        assert decision.decided_by.username == "godkjenner"
        letters = list(decision.letters.all())
        assert len(letters) == len(decision.deliveries.all()) >= 1, decision.network
        for letter in letters:
            assert letter.letter_pdf.read(5) == b"%PDF-"
    refusal = decided.get(network__name=REFUSED_NETWORK)
    assert (refusal.kind, refusal.amount) == (Decision.Kind.REFUSAL, 0)
    assert refusal.deliveries.exists()
    # It sent nothing: no decision basis, no innstilling line.
    assert Case.objects.get(network__name=REFUSED_NETWORK).decision_basis.submitted_at is None
    assert not RecommendationLine.objects.filter(network__name=REFUSED_NETWORK).exists()
    assert "«vedtak»" in output and "Avslått: 1" in output


@pytest.mark.django_db
def test_the_joint_measures_have_a_recipient_and_a_vedtak_from_vedtak_on():
    seed("vedtak")
    joint = Case.objects.select_related("network").get(network__is_joint=True)
    decision = Decision.objects.get(network=joint.network, status=Decision.Status.DECIDED)
    assert decision.amount == decision.uh_amount == decision.frame == 1_800_000
    [letter] = decision.letters.all()
    assert letter.letter_pdf.read(5) == b"%PDF-"
    assert [d.party_name for d in decision.deliveries.all()] == [
        "Norges teknisk-naturvitenskapelige universitet"
    ]
    seed("avsluttet")
    joint.refresh_from_db()
    assert joint.state == "avsluttet" and joint.report.status == "godkjent"


@pytest.mark.django_db
def test_every_step_was_taken_through_the_services_and_logged():
    seed("avsluttet")
    # ten networks and the joint measures report; the refused network does not
    assert sorted(Case.objects.values_list("state", flat=True)) == ["avslatt"] + ["avsluttet"] * 11
    assert set(Report.objects.values_list("status", flat=True)) == {"godkjent"}
    # and the interim network's interim report before its final one
    assert Report.objects.count() == 12
    assert list(
        Report.objects.filter(kind="delrapport").values_list("network__name", flat=True)
    ) == [INTERIM_NETWORK]
    refused = Case.objects.get(network__name=REFUSED_NETWORK)
    assert list(StateLog.objects.for_(refused).values_list("transition", flat=True)) == ["refuse"]
    case = Case.objects.exclude(network__name=REFUSED_NETWORK).first()
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
def test_avsluttet_closes_the_year_and_running_it_again_changes_nothing():
    output = seed("avsluttet")
    scheme_year = SchemeYear.objects.get(year=2027)
    assert scheme_year.is_closed and "er avsluttet" in output
    assert Event.objects.filter(kind="scheme_year_closed", year=2027).count() == 1
    seed("avsluttet")
    assert Event.objects.filter(kind="scheme_year_closed", year=2027).count() == 1


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


@pytest.mark.django_db
def test_avsluttet_has_every_payout_paid_and_one_repayment_claim():
    from grants.models import PayoutInstalment, SchemeYear, Settlement
    from reporting.selectors.ledger import ledger

    seed("avsluttet")
    assert set(PayoutInstalment.objects.values_list("status", flat=True)) == {"utbetalt"}
    [claim] = Settlement.objects.select_related("network")
    assert claim.kind == Settlement.Kind.REPAYMENT and claim.network.name == "Fosen"
    assert claim.letter_sha256 and claim.letter_pdf.read(5) == b"%PDF-"
    result = ledger(SchemeYear.objects.get(year=2027))
    for row in result.rows:
        assert row.granted == row.paid == row.used + row.reclaimed + row.carried_over, row
    assert result.totals["reclaimed"] == 37_500
    out = io.StringIO()
    call_command("ledger", "--year", "2027", "--format", "table", stdout=out)
    assert "Fosen" in out.getvalue() and "37 500" in out.getvalue()


@pytest.mark.django_db
def test_one_network_runs_past_the_report_deadline_and_sends_an_interim_report():
    """At ``rapportering`` the interim network has sent an interim report with the use it expects
    (its measure runs to 15 December); every other network a final report. At ``avsluttet`` its
    interim report and then its final report are approved, and the year still closes."""
    seed("rapportering")
    reports = {r.network.name: r for r in Report.objects.select_related("network")}
    interim = reports.pop(INTERIM_NETWORK)
    assert (interim.kind, interim.status) == ("delrapport", "sendt")
    costs = list(interim.costs.all())
    assert sum(c.expected for c in costs) > 0 and all(c.used > 0 for c in costs)
    assert {r.kind for r in reports.values()} == {"sluttrapport"}
    seed("avsluttet")
    case = Case.objects.get(network__name=INTERIM_NETWORK)
    assert case.state == "avsluttet" and case.report.kind == "sluttrapport"
    assert list(
        StateLog.objects.for_(case).order_by("timestamp").values_list("transition", flat=True)
    )[-4:] == ["submit_report", "approve_interim_report", "submit_report", "approve_report"]
    assert SchemeYear.objects.get(year=2027).is_closed


@pytest.mark.django_db
def test_running_it_again_after_the_needs_deadline_changes_nothing():
    """The demo's needs reports are sent once: a second run after 1 December (when a sent needs
    report may no longer change) leaves them as they are instead of failing."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    import time_machine

    with time_machine.travel(dt.datetime(2026, 12, 2, 0, 30, tzinfo=ZoneInfo("Europe/Oslo"))):
        seed("innstilling")
        sent = dict(NeedsReport.objects.values_list("pk", "submitted_at"))
        seed("vedtak")
    assert dict(NeedsReport.objects.values_list("pk", "submitted_at")) == sent
    assert set(
        Case.objects.exclude(network__name=REFUSED_NETWORK).values_list("state", flat=True)
    ) == {"vedtak"}
