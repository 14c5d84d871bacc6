"""Every demo user signs in through the form and sees the start page, the network directory, the
accessibility statement and every page of their menu; axe on each."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import DEMO_USERNAMES
from tests.e2e.conftest import axe_check, shot, visit

pytestmark = pytest.mark.e2e


def h1(page, name: str):
    return page.get_by_role("heading", level=1, name=name)


def test_login_page_and_accessibility_statement_anonymous(browse):
    page = browse.new_page()
    visit(page, "/tilgjengelighet/")
    expect(h1(page, "Tilgjengelighetserklæring")).to_be_visible()
    visit(page, "/")  # redirects to the login form
    assert "/logg-inn/" in page.url
    expect(h1(page, "Logg inn")).to_be_visible()
    shot(page, "logg-inn")


def test_wrong_password_shows_an_accessible_error(browse):
    page = browse.new_page()
    visit(page, "/logg-inn/")
    page.get_by_label("Brukernavn").fill("eier")
    page.get_by_label("Passord").fill("feil-passord")
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("alert")).to_contain_text("Brukernavn eller passord er feil")
    axe_check(page)


@pytest.mark.parametrize("username", DEMO_USERNAMES)
def test_each_demo_user_sees_start_directory_statement_and_menu(browse, username):
    page = browse.login(username)
    axe_check(page)
    expect(h1(page, "Velkommen")).to_be_visible()
    menu = page.get_by_role("navigation", name="Hovedmeny")
    expect(menu).to_be_visible()
    if username == "admin":  # the other roles' start pages are shot in the whole-year test
        shot(page, "admin-start")

    menu.get_by_role("link", name="Nettverk").click()
    axe_check(page)
    expect(h1(page, "Kompetansenettverk i Trøndelag")).to_be_visible()
    if username == "koordinator":
        page.get_by_role("link", name="Trøndelag sørvest").click()
        axe_check(page)
        expect(h1(page, "Trøndelag sørvest")).to_be_visible()
        shot(page, "nettverk-trondelag-sorvest")

    page.get_by_role("link", name="Tilgjengelighetserklæring").click()
    axe_check(page)
    expect(h1(page, "Tilgjengelighetserklæring")).to_be_visible()

    # Every page in this person's menu answers and passes axe.
    links = menu.get_by_role("link")
    targets = [
        (links.nth(i).inner_text().strip(), links.nth(i).get_attribute("href"))
        for i in range(links.count())
    ]
    assert len(targets) >= 3, targets
    for name, href in targets:
        visit(page, href)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        current = page.get_by_role("navigation", name="Hovedmeny").get_by_role(
            "link", name=name, exact=True
        )
        expect(current).to_have_attribute("aria-current", "page")

    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_load_state()
    assert "/logg-inn/" in page.url
    axe_check(page)
