"""The people pages in Chromium with axe: the secretariat adds a network, then ends a membership."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_check

pytestmark = pytest.mark.e2e


def test_secretariat_adds_an_organisation_and_ends_a_membership(browse):
    page = browse.login("sekretariat")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Personer").click()
    axe_check(page)
    page.get_by_role("link", name="Legg til nettverk, eiere og UH-institusjoner").click()
    axe_check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisasjoner")

    new_network = page.get_by_role("region", name="Nytt nettverk")
    new_network.get_by_role("button", name="Legg til").click()  # empty: the error summary
    expect(page.get_by_role("alert")).to_be_visible()
    axe_check(page)
    page.get_by_role("region", name="Nytt nettverk").get_by_label("Navn på nettverket").fill(
        "Fjellregionen"
    )
    page.get_by_role("region", name="Nytt nettverk").get_by_role("button", name="Legg til").click()
    expect(page.get_by_role("status")).to_contain_text("Lagret: Fjellregionen")

    page.get_by_role("link", name="Tilbake til personer og tilganger").click()
    page.get_by_role("button", name="Avslutt rollen Eierkontakt for").first.click()
    expect(page.get_by_role("status")).to_contain_text("har ikke lenger rollen Eierkontakt")
    axe_check(page)
