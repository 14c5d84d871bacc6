"""A measure that runs past the report deadline: an interim report (delrapport) with the use
expected now, the final report (sluttrapport) later; the case stays open until that is approved,
and only the final report settles the money and counts as used."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from config.errors import DomainError
from grants.models import Report, Settlement
from networks.models import Event
from reporting.selectors.ledger import ledger
from reporting.selectors.year import Deadline, year_rows
from workflow import rules, services
from workflow.amounts import with_amounts
from workflow.demo import DEMO_PAYOUT_SETTINGS
from workflow.messages import INTERIM_REPORT_NOT_FINAL
from workflow.models import Case
from workflow.notifications.kinds import Kind
from workflow.notifications.models import Notification
from workflow.reminders.selectors import obligations_compute
from workflow.selectors.closing import year_checklist

from .helpers import fill_report
from .test_pages_support import field_error, last_message, offered_actions, text
from .test_selectors import walk_to

#: Past the year's report deadline (30 June 2027).
DECEMBER = dt.date(2027, 12, 15)


def interim_sent(demo, case: Case, *, used: int, expected: int) -> Report:
    """The partnership writes its interim report (``used`` and ``expected`` on the first budget
    line, the other lines used in full) and sends it."""
    report = case.report
    costs = list(report.costs.select_related("budget_line"))
    spent = {c.pk: int(c.budget_line.amount) for c in costs}
    spent[costs[0].pk] = used
    services.report_update(
        actor=demo["koordinator"],
        case=case,
        assessment="Halvveis.",
        measures={
            m.pk: {"what_was_done": "To samlinger.", "participants_reached": 60}
            for m in report.measures.all()
        },
        costs=spent,
        expected={costs[0].pk: expected},
    )
    services.report_submit(actor=demo["koordinator"], case=case)
    return Report.objects.get(pk=report.pk)


@pytest.fixture
def interim_case(demo, sorvest_case, travel) -> Case:
    """Trøndelag sørvest, decided, its measure running to 15 December, reporting opened."""
    case = walk_to(demo, sorvest_case, "rapport-åpnet", travel, measure_ends=DECEMBER)
    return Case.objects.get(pk=case.pk)


def test_a_measure_past_the_report_deadline_makes_an_interim_report(interim_case):
    assert interim_case.report.kind == Report.Kind.INTERIM
    assert rules.case_report_deadline(interim_case) == dt.date(2027, 6, 30)


def test_measures_ending_by_the_deadline_make_a_final_report(demo, sorvest_case, travel):
    case = walk_to(demo, sorvest_case, "rapport-åpnet", travel)
    assert case.report.kind == Report.Kind.FINAL


def test_the_report_form_asks_for_the_expected_use_with_an_explanation(login, interim_case):
    report = interim_case.report
    cost = report.costs.select_related("budget_line").first()
    url = reverse("report_edit", args=[interim_case.pk])
    client = login("koordinator")
    page = text(client.get(url))
    assert "Delrapport for Trøndelag sørvest 2027" in page
    assert "varer lenger enn rapportfristen" in page and "Saken er åpen til sluttrapporten" in page
    assert "Forventet videre bruk på" in page
    data = {"assessment": "Halvveis.", "version": str(report.version)}
    for item in report.measures.all():
        data[f"done_{item.pk}"] = "To samlinger."
        data[f"reached_{item.pk}"] = "60"
    for line in report.costs.all():
        data[f"used_{line.pk}"] = "0"
        data[f"expected_{line.pk}"] = "0"
    refused = client.post(url, {**data, f"expected_{cost.pk}": "-5"})
    assert refused.status_code == 200 and field_error(refused, f"id_expected_{cost.pk}")
    saved = client.post(url, {**data, f"used_{cost.pk}": "10 000", f"expected_{cost.pk}": "20 000"})
    assert last_message(saved) == "Rapporten er lagret."
    cost.refresh_from_db()
    assert (cost.used, cost.expected) == (10_000, 20_000)


def test_a_final_report_takes_no_expected_use(demo, sorvest_case, travel):
    case = walk_to(demo, sorvest_case, "rapport-åpnet", travel)
    cost = case.report.costs.first()
    with pytest.raises(DomainError, match="bare i en delrapport"):
        services.report_update(actor=demo["koordinator"], case=case, expected={cost.pk: 5})


def test_used_and_expected_together_cannot_pass_the_grant(demo, interim_case):
    granted = rules.decision_in_force(interim_case).amount
    with pytest.raises(DomainError, match="forventet videre bruk"):
        interim_sent(demo, interim_case, used=0, expected=granted)
    assert Report.objects.get(pk=interim_case.report.pk).status == Report.Status.DRAFT


def test_approve_report_refuses_an_interim_report_and_says_why(demo, login, interim_case):
    interim_sent(demo, interim_case, used=10_000, expected=20_000)
    with pytest.raises(DomainError) as refused:
        services.report_approve(actor=demo["statsforvalter"], case=interim_case)
    assert str(INTERIM_REPORT_NOT_FINAL) in str(refused.value)
    interim_case.refresh_from_db()
    assert interim_case.state == Case.State.RAPPORTERING
    assert interim_case.report.status == Report.Status.SUBMITTED
    assert not Settlement.objects.exists()
    page = login("statsforvalter").get(reverse("case_detail", args=[interim_case.pk]))
    offered = offered_actions(page)
    assert "approve_interim_report" in offered and "approve_report" not in offered
    assert "Godkjenn delrapporten; ubrukte midler avgjøres" in text(page)


def test_the_control_page_shows_the_expected_use_and_makes_no_claim(demo, login, interim_case):
    interim_sent(demo, interim_case, used=10_000, expected=20_000)
    client = login("statsforvalter")
    url = reverse("report_control", args=[interim_case.pk])
    page = text(client.get(url))
    assert "Kontroll av delrapporten fra Trøndelag sørvest 2027" in page
    assert "Forventet videre bruk" in page and "20 000 kr" in page
    assert "Det avgjøres ikke noe om ubrukte midler nå" in page
    assert "Godkjenn delrapporten og åpne sluttrapporten" in page
    assert "Krav om tilbakebetaling" not in page
    assert client.post(url, {"settlement": "tilbakebetaling"}).status_code == 404
    assert not Settlement.objects.exists()


def test_approving_the_interim_report_keeps_the_case_open_and_opens_the_final_report(
    demo, login, interim_case
):
    interim = interim_sent(demo, interim_case, used=10_000, expected=20_000)
    client = login("statsforvalter")
    response = client.post(
        reverse("case_action", args=[interim_case.pk, "approve_interim_report"]),
        {"approve_interim_report-comment": "Fint, vi venter sluttrapporten."},
    )
    assert last_message(response) == (
        "Delrapporten er godkjent. Saken er åpen til sluttrapporten er godkjent."
    )
    case = Case.objects.get(pk=interim_case.pk)
    assert case.state == Case.State.RAPPORTERING
    interim.refresh_from_db()
    assert interim.status == Report.Status.APPROVED and interim.approved_at is not None
    final = case.report
    assert (final.kind, final.status) == (Report.Kind.FINAL, Report.Status.DRAFT)
    assert final.pk != interim.pk and final.assessment == ""
    # the final report starts from the use so far; the interim report keeps its figures
    assert sorted(final.costs.values_list("used", "expected")) == sorted(
        (used, 0) for used in interim.costs.values_list("used", flat=True)
    )
    assert interim.costs.filter(expected=20_000).exists()
    page = text(client.get(reverse("case_documents", args=[case.pk])))
    assert "Sluttrapport" in page and "Delrapporten: brukt og forventet videre bruk" in page
    assert "20 000 kr" in page and "Halvveis." in page
    history = text(client.get(reverse("case_history", args=[case.pk])))
    assert "Delrapporten ble godkjent, og sluttrapporten ble åpnet" in history
    edit = text(login("koordinator").get(reverse("report_edit", args=[case.pk])))
    assert "Sluttrapport for Trøndelag sørvest 2027" in edit
    assert "Forventet videre bruk på" not in edit


def test_the_final_report_is_approved_and_settles_the_money(demo, interim_case, travel):
    services.payout_settings_set(
        actor=demo["statsforvalter"], scheme_year=interim_case.scheme_year, **DEMO_PAYOUT_SETTINGS
    )
    interim_sent(demo, interim_case, used=10_000, expected=20_000)
    services.report_interim_approve(actor=demo["statsforvalter"], case=interim_case)
    travel(dt.datetime(2028, 1, 10, 10, 0))
    case = Case.objects.get(pk=interim_case.pk)
    fill_report(demo, case, unused=12_345)
    services.report_submit(actor=demo["koordinator"], case=case)
    # due when the measures have ended: not late for the interim report's deadline
    assert not Event.objects.filter(kind="late_submission").exists()
    services.report_approve(actor=demo["statsforvalter"], case=case)
    case.refresh_from_db()
    assert case.state == Case.State.AVSLUTTET
    claim = Settlement.objects.get()
    assert (claim.kind, claim.amount, claim.report_id) == (
        Settlement.Kind.REPAYMENT,
        12_345,
        case.report_id,
    )


def test_an_approved_interim_report_does_not_satisfy_the_checklist(demo, interim_case):
    interim_sent(demo, interim_case, used=10_000, expected=20_000)
    services.report_interim_approve(actor=demo["statsforvalter"], case=interim_case)
    rows = {row.check.name: row for row in year_checklist(interim_case.scheme_year)}
    texts = [item.text for item in rows["reports"].missing]
    assert (
        "Trøndelag sørvest: sluttrapporten er ikke godkjent (Utkast); delrapporten er godkjent."
        in texts
    )


def test_the_ledger_and_the_amounts_count_the_final_report_only(demo, interim_case):
    year = interim_case.scheme_year

    def used() -> tuple[int, object]:
        row = next(r for r in ledger(year).rows if r.network == "Trøndelag sørvest")
        annotated = with_amounts(Case.objects.filter(pk=interim_case.pk)).get()
        return row.used, annotated.used_amount

    interim_sent(demo, interim_case, used=10_000, expected=20_000)
    assert used() == (0, None)
    services.report_interim_approve(actor=demo["statsforvalter"], case=interim_case)
    assert used() == (0, None)
    case = Case.objects.get(pk=interim_case.pk)
    fill_report(demo, case, unused=1_000)
    services.report_submit(actor=demo["koordinator"], case=case)
    granted = int(rules.decision_in_force(case).amount)
    assert used() == (granted - 1_000, granted - 1_000)


def test_the_sent_interim_report_meets_the_report_deadline(demo, interim_case):
    interim_sent(demo, interim_case, used=10_000, expected=20_000)
    services.report_interim_approve(actor=demo["statsforvalter"], case=interim_case)
    (spec,) = [
        s
        for s in obligations_compute(
            scheme_year=interim_case.scheme_year, case_ids=[interim_case.pk]
        )
        if s.kind == "rapport"
    ]
    assert spec.met and spec.met_at is not None


def test_the_year_page_counts_the_interim_report_for_the_deadline(demo, interim_case, travel):
    """After the deadline, the network whose interim report came in time is not shown as having
    missed it while it writes its final report."""
    interim_sent(demo, interim_case, used=10_000, expected=20_000)
    services.report_interim_approve(actor=demo["statsforvalter"], case=interim_case)
    travel(dt.datetime(2027, 9, 1, 10, 0))
    [row] = [r for r in year_rows(scheme_year=interim_case.scheme_year) if r.case == interim_case]
    assert row.report_deadline == Deadline.MET
    assert row.report_status_label == "Utkast" and row.used is None


def test_reporting_opened_after_every_measure_has_ended_asks_for_the_final_report(
    demo, sorvest_case, travel
):
    case = walk_to(demo, sorvest_case, "vedtak-fattet", travel, measure_ends=DECEMBER)
    travel(dt.datetime(2027, 12, 20, 10, 0))
    services.reporting_open(actor=demo["statsforvalter"], case=case)
    assert Case.objects.get(pk=case.pk).report.kind == Report.Kind.FINAL


def test_the_partnership_is_told_to_write_the_final_report(
    demo, interim_case, django_capture_on_commit_callbacks
):
    interim_sent(demo, interim_case, used=10_000, expected=20_000)
    before = set(Notification.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        services.report_interim_approve(actor=demo["statsforvalter"], case=interim_case)
    told = Notification.objects.exclude(pk__in=before).filter(kind=Kind.REPORTING_OPENED)
    assert {n.recipient.username for n in told} == {"koordinator", "uh"}
    assert {n.url for n in told} == {reverse("report_edit", args=[interim_case.pk])}
