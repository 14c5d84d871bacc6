"""Innherred's measure runs past the report deadline: its coordinator reads the interim report
with the expected use, Statsforvalteren checks it and approves it from the control page, and the
case's documents page then shows the final report opened with the interim report below it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from grants.models import SchemeYear
from tests.e2e.conftest import axe_check, visit
from tests.world import demo_users
from workflow import demo as demo_walk
from workflow import services
from workflow.models import Case

pytestmark = pytest.mark.e2e


def test_an_interim_report_is_written_checked_and_approved_and_the_final_report_opens(browse):
    users = demo_users()
    demo_walk.walk(scheme_year=SchemeYear.objects.get(year=2027), stage="vedtak", users=users)
    case = Case.objects.select_related("network").get(network__name=demo_walk.INTERIM_NETWORK)
    services.reporting_open(actor=users["statsforvalter"], case=case)
    case.refresh_from_db()
    assert case.report.kind == "delrapport"

    coordinator = browse.login("koordinator-innherred")
    visit(coordinator, f"/saker/{case.pk}/rapport/")
    expect(coordinator.get_by_role("heading", level=1)).to_have_text(
        "Delrapport for Innherred 2027"
    )
    expect(
        coordinator.get_by_label("Forventet videre bruk på «Frikjøp og samlinger»", exact=False)
    ).to_be_visible()
    demo_walk.write_report(case, actor=demo_walk.coordinator_for(case.network))

    page = browse.login("statsforvalter")
    visit(page, f"/saker/{case.pk}/kontroll/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kontroll av delrapporten fra Innherred 2027"
    )
    expect(page.get_by_role("columnheader", name="Forventet videre bruk")).to_be_visible()
    page.get_by_role("button", name="Godkjenn delrapporten og åpne sluttrapporten").click()
    page.wait_for_load_state()
    axe_check(page)
    visit(page, f"/saker/{case.pk}/dokumenter/")
    expect(page.get_by_role("heading", name="Sluttrapport", exact=True)).to_be_visible()
    expect(
        page.get_by_role("table", name="Delrapporten: brukt og forventet videre bruk")
    ).to_be_visible()

    visit(coordinator, f"/saker/{case.pk}/rapport/")
    expect(coordinator.get_by_role("heading", level=1)).to_have_text(
        "Sluttrapport for Innherred 2027"
    )
