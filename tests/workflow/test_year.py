"""A whole year through the services, as the demo users of each role do it."""

from django_fsm_log.models import StateLog

from grants.models import Appeal, Decision, NeedsReport, Report, Settlement
from networks.models import Event, Network
from workflow import rules, services
from workflow.models import Case

from .conftest import BEFORE_NEEDS_DEADLINE, DECISION_TIME, FORUM_MEETING, REPORT_TIME
from .helpers import decide, fill_report, prepare_and_approve, recommend, submit_needs, write_basis


def _log(case):
    return [
        (row.transition, row.by.username, row.source_state, row.state)
        for row in StateLog.objects.for_(case).order_by("timestamp", "id")
    ]


def test_one_network_from_behovsmelding_to_avsluttet(demo, sorvest_case, travel):
    users, case = demo, sorvest_case
    travel(BEFORE_NEEDS_DEADLINE)
    needs = submit_needs(users, case.scheme_year)
    assert needs.status == NeedsReport.Status.SUBMITTED and not needs.is_late

    write_basis(users, case)
    services.decision_basis_update(actor=users["uh"], case=case, needs_reports=[needs])
    services.decision_basis_submit(actor=users["koordinator"], case=case)
    assert case.state == Case.State.INNSTILLING

    travel(FORUM_MEETING)
    recommend(users, case)
    case.refresh_from_db()
    assert case.state == Case.State.VEDTAK

    travel(DECISION_TIME)
    decision = decide(users, case)
    case.refresh_from_db()
    assert decision.status == Decision.Status.DECIDED
    assert decision.amount == rules.case_frame(case)
    assert case.state == Case.State.VEDTAK

    services.reporting_open(actor=users["statsforvalter"], case=case)
    travel(REPORT_TIME)
    fill_report(users, case, unused=25_000)
    services.report_submit(actor=users["koordinator"], case=case)
    services.report_approve(actor=users["statsforvalter"], case=case)
    case.refresh_from_db()

    assert case.state == Case.State.AVSLUTTET
    assert case.report.status == Report.Status.APPROVED
    assert decision.amount - rules.report_used_total(case.report) == 25_000
    # What was not used is claimed back at approval.
    assert Settlement.objects.get(report=case.report).amount == 25_000
    assert _log(case) == [
        ("start_decision_basis", "koordinator", "behovsmelding", "beslutningsgrunnlag"),
        ("submit_decision_basis", "koordinator", "beslutningsgrunnlag", "innstilling"),
        ("recommend", "sekretariat", "innstilling", "vedtak"),
        ("decide", "godkjenner", "vedtak", "vedtak"),
        ("open_reporting", "statsforvalter", "vedtak", "rapportering"),
        ("submit_report", "koordinator", "rapportering", "rapportering"),
        ("approve_report", "statsforvalter", "rapportering", "avsluttet"),
    ]


def test_second_network_through_revision_and_klage(demo, frozen_year, travel):
    users = demo
    case = Case.objects.get(scheme_year=frozen_year, network=Network.objects.get(name="Fosen"))
    travel(BEFORE_NEEDS_DEADLINE)
    # NTNU is Fosen's partner, so the UH contact writes for this partnership.
    write_basis(users, case, writer="uh")
    services.decision_basis_submit(actor=users["uh"], case=case)
    services.decision_basis_return(
        actor=users["sekretariat"], case=case, comment="Beskriv involveringen av PPT."
    )
    assert case.state == Case.State.BESLUTNINGSGRUNNLAG
    services.decision_basis_update(actor=users["uh"], case=case, summary="Revidert: PPT med.")
    services.decision_basis_submit(actor=users["uh"], case=case, comment="Revidert")

    travel(FORUM_MEETING)
    frame = rules.case_frame(case)
    recommend(users, case, amount=frame - 100_000)
    travel(DECISION_TIME)
    first = decide(users, case)

    appeal = services.appeal_lodge(
        actor=users["uh"], case=case, text="Vi ber om hele rammen: tiltaket er fullt budsjettert."
    )
    services.appeal_decide(
        actor=users["statsforvalter"],
        appeal=appeal,
        outcome=Appeal.Outcome.UPHELD,
        note="Klagen tas til følge.",
    )
    appeal.refresh_from_db()
    new = appeal.new_decision
    services.decision_update(
        actor=users["statsforvalter"],
        decision=new,
        amount=frame,
        departure_reason="Klagen er tatt til følge: tiltaket er fullt budsjettert.",
    )
    prepare_and_approve(users, new)

    first.refresh_from_db()
    assert first.status == Decision.Status.SUPERSEDED
    assert rules.decision_in_force(case).amount == frame
    assert [row[0] for row in _log(case)] == [
        "start_decision_basis",
        "submit_decision_basis",
        "return_decision_basis",
        "submit_decision_basis",
        "recommend",
        "decide",
    ]
    returned = StateLog.objects.for_(case).get(transition="return_decision_basis")
    assert returned.description == "Beskriv involveringen av PPT."
    assert Event.objects.filter(kind="decision_corrected", network=case.network).exists()
