"""The inbox and the email choices in the browser, with axe: the unread count in the menu, mark
as read, and a choice saved."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from networks.models import User
from tests.e2e.conftest import axe_check, shot, visit
from workflow.notifications.kinds import Kind
from workflow.notifications.services import notify

pytestmark = pytest.mark.e2e


def test_inbox_and_email_choices(browse):
    coordinator = User.objects.get(username="koordinator")
    for kind in (Kind.REPORT_APPROVED, Kind.DECISION_BASIS_RETURNED):
        notify(
            kind=kind,
            recipients=[coordinator],
            params={"year": 2027, "network": "Trøndelag sørvest"},
            body="Beskriv UH-bidraget nærmere." if kind == Kind.DECISION_BASIS_RETURNED else "",
            url="/saker/",
        )
    page = browse.login("koordinator")
    menu = page.get_by_role("navigation", name="Hovedmeny")
    expect(menu.get_by_role("link", name="Varsler 2 uleste")).to_be_visible()

    visit(page, "/varsler/")
    expect(page.get_by_role("heading", level=1, name="Varsler")).to_be_visible()
    shot(page, "varsler")
    page.get_by_role("button", name=re.compile(r"^Merk som lest\W+Beslutningsgrunnlaget")).click()
    page.wait_for_load_state()
    axe_check(page)
    expect(menu.get_by_role("link", name="Varsler 1 uleste")).to_be_visible()

    page.get_by_role("link", name="Velg hvilke varsler du får på e-post").click()
    page.wait_for_load_state()
    axe_check(page)
    group = page.get_by_role("group", name="Rapport returnert")
    group.get_by_label("Daglig sammendrag").check()
    page.get_by_role("button", name="Lagre valgene").click()
    expect(page.get_by_role("status")).to_contain_text("Valgene dine for e-post er lagret")
    axe_check(page)
    expect(
        page.get_by_role("group", name="Vedtak fattet").get_by_label("Ingen e-post")
    ).to_have_count(0)
