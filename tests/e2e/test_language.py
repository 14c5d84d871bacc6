"""In a real browser: a browser set to English still opens the product in bokmål; the switcher
offers bokmål, nynorsk and English; a signed-in person's choice comes back in a new browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from networks.demo import DEMO_PASSWORD
from tests.e2e.conftest import axe_check, visit

pytestmark = pytest.mark.e2e


def sign_in(page, username_label: str, password_label: str, button: str) -> None:
    page.get_by_label(username_label).fill("eier")
    page.get_by_label(password_label).fill(DEMO_PASSWORD)
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()


def test_an_english_browser_gets_bokmal_and_the_choice_follows_the_user(browse):
    page = browse.new_page(locale="en-GB")
    visit(page, "/logg-inn/")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.get_by_role("heading", level=1, name="Logg inn")).to_be_visible()
    for name in ("Norsk bokmål", "Norsk nynorsk", "English"):
        expect(page.get_by_role("button", name=name)).to_be_visible()

    page.get_by_role("button", name="Norsk nynorsk").click()
    expect(page.locator("html")).to_have_attribute("lang", "nn")
    expect(page.get_by_label("Brukarnamn")).to_be_visible()
    axe_check(page)
    sign_in(page, "Brukarnamn", "Passord", "Logg inn")
    expect(page.get_by_role("link", name="Mine oppgåver")).to_be_visible()
    axe_check(page)

    # Signed in, the choice is kept on the profile: English here, and in a new browser too.
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("link", name="My tasks")).to_be_visible()

    fresh = browse.new_page(locale="nb-NO")
    visit(fresh, "/logg-inn/")
    expect(fresh.locator("html")).to_have_attribute("lang", "nb")
    sign_in(fresh, "Brukernavn", "Passord", "Logg inn")
    expect(fresh.locator("html")).to_have_attribute("lang", "en")
    expect(fresh.get_by_role("link", name="My tasks")).to_be_visible()
