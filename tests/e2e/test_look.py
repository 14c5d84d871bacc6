"""The look in a real browser: every demo role's start page and a case page, in bokmål, nynorsk
and English, at desktop width and at 390 px (a phone). axe finds 0 violations on each, no page
scrolls sideways, and the screenshots in docs/screenshots/ are made here."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import DEMO_USERNAMES
from tests.e2e.conftest import PHONE_WIDTH, VIEWPORT, assert_fits, axe_check, shot, visit

pytestmark = pytest.mark.e2e

#: language code, the switcher's button, the start page's heading and the menu's "Cases"
LANGUAGES = [
    ("nb", "Norsk bokmål", "Velkommen", "Saker"),
    ("nn", "Norsk nynorsk", "Velkomen", "Saker"),
    ("en", "English", "Welcome", "Cases"),
]
WIDTHS = {"desktop": VIEWPORT["width"], "mobil": PHONE_WIDTH}


def look(page, name: str) -> None:
    """axe on the page, and at each width: fits, and a screenshot ``<name>-<width>``."""
    axe_check(page)
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": VIEWPORT["height"]})
        assert_fits(page, width)
        shot(page, f"{name}-{label}")
    page.set_viewport_size(VIEWPORT)


@pytest.mark.parametrize("language", LANGUAGES, ids=[lang[0] for lang in LANGUAGES])
def test_every_role_in_each_language_at_desktop_and_phone_width(browse, language):
    code, button, welcome, cases = language
    for username in DEMO_USERNAMES:
        page = browse.login(username)
        page.get_by_role("button", name=button).click()
        page.wait_for_load_state()
        try:
            expect(page.locator("html")).to_have_attribute("lang", code)
            expect(page.get_by_role("heading", level=1)).to_contain_text(welcome)
            look(page, f"{code}-{username}-start")
            menu = page.get_by_role("navigation")
            menu.get_by_role("link", name=cases, exact=True).click()
            page.wait_for_load_state()
            axe_check(page)
            first_case = page.locator("main table a[href*='/saker/']").first
            if first_case.count():
                first_case.click()
                page.wait_for_load_state()
                expect(page.locator("html")).to_have_attribute("lang", code)
                look(page, f"{code}-{username}-sak")
        finally:
            # The choice is kept on the profile: give the next test its bokmål back.
            if code != "nb":
                visit(page, "/")
                page.get_by_role("button", name="Norsk bokmål").click()
                page.wait_for_load_state()


def test_a_phone_never_scrolls_sideways_on_the_decision_basis_editor(browse):
    """A long unbroken word and wide tables stay inside a 390 px screen."""
    page = browse.new_page()
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
    page.goto("/logg-inn/")
    page.get_by_label("Brukernavn").fill("koordinator")
    from networks.demo import DEMO_PASSWORD

    page.get_by_label("Passord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()
    assert_fits(page, PHONE_WIDTH)
    visit(page, "/saker/")
    assert_fits(page, PHONE_WIDTH)
