"""Sign-in with OpenID Connect against a real provider (node-oidc-provider, started on localhost
for the test) in Chromium: a network coordinator invites an owner contact on the people page; the
invited person opens the link from the e-mail, signs in at the provider, comes back through the
real redirect flow and lands on "Mine oppgaver" in the invited role."""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from networks.models import Membership, User
from networks.roles import Role
from tests.e2e.conftest import axe_check, shot, visit

pytestmark = pytest.mark.e2e

PROVIDER_DIR = Path(__file__).resolve().parent / "oidc"
CLIENT_ID = "kompetanseloftet-test"
CLIENT_SECRET = "test-only-client-secret-0123456789abcdef"
PROVIDER_NAME = "Testinnlogging"
INVITED = {
    "login": "nina.nyeier",
    "email": "nina.nyeier@orkland.example",
    "given_name": "Nina",
    "family_name": "Nyeier",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _missing(reason: str) -> None:
    """Skipped on a developer's machine without Node.js; a failure in CI (``CI=true``), like a
    missing browser."""
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def _install_provider() -> None:
    """``npm ci`` the provider into tests/e2e/oidc once (a fresh clone has no node_modules)."""
    if (PROVIDER_DIR / "node_modules" / "oidc-provider").exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        _missing("npm not found; it installs the local OpenID Connect provider (tests/e2e/oidc)")
    subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=PROVIDER_DIR,
        check=True,
        timeout=600,
    )


@pytest.fixture
def oidc_provider(site, settings):
    """A real OpenID Connect provider on localhost whose one client is the live server, and the
    product configured for it (as OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET would)."""
    node = shutil.which("node")
    if node is None:
        _missing("Node.js not found; it runs the local OpenID Connect provider (tests/e2e/oidc)")
    _install_provider()
    port = _free_port()
    accounts = {
        INVITED["login"]: {
            "email": INVITED["email"],
            "email_verified": True,
            "given_name": INVITED["given_name"],
            "family_name": INVITED["family_name"],
        }
    }
    process = subprocess.Popen(
        [node, "provider.js"],
        cwd=PROVIDER_DIR,
        env={
            **os.environ,
            "PORT": str(port),
            "CLIENT_ID": CLIENT_ID,
            "CLIENT_SECRET": CLIENT_SECRET,
            "REDIRECT_URI": f"{site.url}/oidc/callback/",
            "ACCOUNTS": json.dumps(accounts),
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        issuer = _wait_until_ready(process)
        settings.OIDC_ISSUER = issuer
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        settings.OIDC_PROVIDER_NAME = PROVIDER_NAME
        yield issuer
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_until_ready(process: subprocess.Popen) -> str:
    deadline = time.monotonic() + 30
    assert process.stdout is not None
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 1)
        if ready:
            line = process.stdout.readline()
            if line.startswith("ready "):
                return line.split(" ", 1)[1].strip()
            if not line and process.poll() is not None:
                break
    raise RuntimeError("the local OpenID Connect provider did not start")


def test_invited_owner_contact_signs_in_with_openid_connect_and_lands_on_mine_oppgaver(
    browse, oidc_provider
):
    # The network coordinator invites a new owner contact for Orkland on the people page.
    page = browse.login("koordinator")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Personer").click()
    axe_check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Personer og tilganger")
    page.get_by_label("E-postadresse").fill(INVITED["email"])
    page.get_by_label("Rolle").select_option(label="Eierkontakt")
    page.get_by_label("Organisasjon").select_option(label="Orkland")
    page.get_by_role("button", name="Send invitasjon").click()
    sent = f"Invitasjonen er sendt til {INVITED['email']}"
    expect(page.get_by_role("status")).to_contain_text(sent)
    axe_check(page)
    shot(page, "personer-koordinator")

    # The invited person opens the link from the e-mail in their own browser.
    assert mail.outbox[-1].to == [INVITED["email"]]
    link = re.search(r"https?://\S+/invitasjon/\S+/", mail.outbox[-1].body).group(0)
    link = "/" + link.split("/", 3)[3]  # the path on the live server (SITE_URL is elsewhere)
    invited = browse.new_page()
    visit(invited, link)
    expect(invited.get_by_role("heading", level=1)).to_have_text("Godta invitasjonen")
    invited.get_by_role("link", name=f"Logg inn med {PROVIDER_NAME}").click()

    # At the provider (its own development sign-in page), then back through the callback.
    invited.wait_for_url(re.compile(re.escape(oidc_provider)))
    invited.locator("input[name=login]").fill(INVITED["login"])
    invited.locator("input[name=password]").fill("any-password-the-provider-accepts")
    invited.locator("button[type=submit]").click()
    invited.wait_for_url(re.compile(re.escape(browse.base_url) + r"/$"))

    axe_check(invited)
    expect(invited.get_by_role("heading", level=1, name="Velkommen")).to_be_visible()
    menu = invited.get_by_role("navigation", name="Hovedmeny")
    expect(menu.get_by_role("link", name="Mine oppgaver")).to_have_attribute("aria-current", "page")
    roles = invited.get_by_role("table", name="Dine organisasjoner og roller")
    expect(roles).to_contain_text("Eierkontakt")
    expect(roles).to_contain_text("Orkland")
    shot(invited, "oidc-mine-oppgaver")

    user = User.objects.get(email=INVITED["email"])
    assert user.oidc_subject == INVITED["login"] and user.oidc_issuer == oidc_provider
    assert not user.has_usable_password()
    membership = Membership.objects.get(user=user)
    assert membership.role == Role.OWNER_CONTACT and membership.owner.name == "Orkland"


def test_sign_in_without_an_invitation_is_refused_with_a_message(browse, oidc_provider):
    # Known at the provider, but invited to nothing here.
    page = browse.new_page()
    visit(page, "/logg-inn/")
    page.get_by_role("link", name=f"Logg inn med {PROVIDER_NAME}").click()
    page.wait_for_url(re.compile(re.escape(oidc_provider)))
    page.locator("input[name=login]").fill(INVITED["login"])
    page.locator("input[name=password]").fill("any-password-the-provider-accepts")
    page.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/logg-inn/"))
    expect(page.get_by_role("status")).to_contain_text("fant ingen invitasjon eller tilgang")
    axe_check(page)
    assert not User.objects.filter(email=INVITED["email"]).exists()
