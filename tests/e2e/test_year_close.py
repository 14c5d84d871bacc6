"""Statsforvalteren opens the year's checklist from the year overview and tries to close a year
with open cases: the checklist is shown again with the reason, and each open case is a link."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_check, visit

pytestmark = pytest.mark.e2e


def test_closing_a_year_with_open_cases_shows_the_checklist(browse):
    page = browse.login("statsforvalter")
    visit(page, "/aar/2027/")
    page.get_by_role("link", name="Sjekkliste for å avslutte året").click()
    axe_check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Avslutte tilskuddsåret 2027")
    page.get_by_role("button", name="Avslutt året").click()
    page.wait_for_load_state()
    axe_check(page)
    expect(page.get_by_role("alert")).to_contain_text("Året kan ikke avsluttes ennå")
    page.get_by_role("link", name="Fosen: saken er i steget «Behovsmelding»").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fosen")
