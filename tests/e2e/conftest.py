"""Browser tests: Playwright (sync API) drives Debian's Chromium against the live server.

Every page a test visits goes through ``axe_check`` (axe-core, WCAG 2.0/2.1 A and AA) and fails on
any violation. ``shot`` writes full-page screenshots to ``docs/screenshots/``.

Browsers cannot be downloaded here: the tests use ``/usr/bin/chromium`` and are skipped with a
reason when it is missing, except under CI (``CI=true``), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from networks.demo import DEMO_PASSWORD
from tests.world import load

CHROMIUM = Path(os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
E2E_DIR = Path(__file__).resolve().parent


MISSING_CHROMIUM = (
    f"Chromium not found at {CHROMIUM}; install Debian's `chromium` to run the e2e tests"
)


def _have_chromium() -> bool:
    return CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)


def _in_ci() -> bool:
    return os.environ.get("CI") == "true"


def pytest_collection_modifyitems(config, items):
    """Everything under tests/e2e is an e2e test (``-m e2e`` / ``-m "not e2e"`` select them).
    Without Chromium they are skipped up front (no database set up for nothing), except in CI."""
    skip = None if _have_chromium() or _in_ci() else pytest.mark.skip(reason=MISSING_CHROMIUM)
    for item in items:
        if E2E_DIR in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.e2e)
            if skip is not None:
                item.add_marker(skip)


def _require_chromium() -> None:
    if _have_chromium():
        return
    if _in_ci():
        pytest.fail(f"{MISSING_CHROMIUM} (CI=true: browser tests must run in CI, not be skipped)")
    pytest.skip(MISSING_CHROMIUM)


@pytest.fixture
def browser(site):
    """Chromium for one test, started after the database and the live server are ready.

    Two things follow from Playwright's sync API keeping an event loop running in the test thread:
    Django refuses ORM calls there unless DJANGO_ALLOW_ASYNC_UNSAFE is set (they are plain sync
    calls, so that is safe), and Django hands out *other* connection objects there than the
    database fixtures set up. So Playwright starts per test, inside the database fixtures: their
    setup (serialized rollback) and teardown (flush) run outside the loop, on the connections
    they own, and the connections the test itself opened are closed before the loop ends.
    """
    _require_chromium()
    from django.db import connections
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            try:
                yield browser
            finally:
                browser.close()
                connections.close_all()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def e2e_settings(settings):
    """Session and CSRF cookies without an expiry date: the server's clock may be moved by
    time_machine while Chromium keeps the real one, so a dated cookie could look expired."""
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    settings.LANGUAGE_CODE = "nb"
    return settings


@pytest.fixture(scope="module")
def _leave_database_as_migrated(django_db_setup, django_db_blocker):
    """After the last e2e test of a module, put back what the migrations wrote.

    The live server needs real commits, so each e2e test ends with a flush of every table. With a
    serialized rollback Django restores the migrations' data at the *start* of the next e2e test,
    but after the flush it skips the post-migrate signal, so a later transactional test outside
    e2e would find no content types and no legal texts. (Module scope, because pytest-django's
    autouse live-server helper sets up ``transactional_db`` before any fixture of ours, so only
    a wider fixture is torn down after the flush.)"""
    yield
    from django.contrib.contenttypes.models import ContentType
    from django.db import connections

    connection = connections["default"]
    contents = getattr(connection, "_test_serialized_contents", None)
    if contents:
        with django_db_blocker.unblock():
            connection.creation.deserialize_db_from_string(contents)
    ContentType.objects.clear_cache()


@pytest.fixture
def site(
    _leave_database_as_migrated,
    live_server,
    transactional_db,
    django_db_serialized_rollback,
    e2e_settings,
    request,
):
    """The live server with the demo world loaded (committed: see ``tests/world.py``). The live
    server needs real commits, so the database is flushed after each test; the serialized
    rollback puts back what the migrations wrote (the legal texts of a vedtak, for one) before
    each test."""
    load(request, "demo")
    return live_server


class Browse:
    """Opens one browser context per signed-in user (so sessions never leak between roles)."""

    def __init__(self, browser, base_url: str):
        self.browser = browser
        self.base_url = base_url
        self.contexts = []
        self.server_errors: list[str] = []
        self.csp_violations: list[str] = []

    def new_page(self, locale: str = "nb-NO"):
        """A page in a fresh context; ``locale`` is what the browser asks for (Accept-Language)."""
        context = self.browser.new_context(viewport=VIEWPORT, locale=locale, base_url=self.base_url)
        context.set_default_timeout(15_000)
        self.contexts.append(context)
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        page.on("console", lambda message: self._note_csp_violation(page, message))
        page.on(
            "response",
            lambda response: (
                response.status >= 500
                and self.server_errors.append(f"{response.status} {response.url}")
            ),
        )
        return page

    def _note_csp_violation(self, page, message) -> None:
        """Chromium reports what the Content-Security-Policy blocked on the console; on our own
        pages that is a bug (an inline script or style slipped into a template)."""
        if "Content Security Policy" in message.text and page.url.startswith(self.base_url):
            self.csp_violations.append(f"{page.url}: {message.text}")

    def login(self, username: str, password: str = DEMO_PASSWORD):
        """A fresh context, the login form filled in and sent; returns the page (start page)."""
        page = self.new_page()
        page.goto("/logg-inn/")
        axe_check(page)
        page.get_by_label("Brukernavn").fill(username)
        page.get_by_label("Passord").fill(password)
        page.get_by_role("button", name="Logg inn").click()
        page.wait_for_load_state()
        assert not page.url.rstrip("/").endswith("/logg-inn"), f"{username} could not log in"
        return page

    def close(self):
        for context in self.contexts:
            context.close()
        self.contexts.clear()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def browse(browser, site, request):
    """Open pages and sign in as the demo users: ``browse.login("eier")``."""
    helper = Browse(browser, site.url)
    yield helper
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        _save_failure_pages(helper, request.node.name)
    helper.close()
    assert not helper.server_errors, f"server errors: {helper.server_errors}"
    assert not helper.csp_violations, f"blocked by the CSP: {helper.csp_violations}"


def _save_failure_pages(helper: Browse, test_name: str) -> None:
    """On failure, keep a screenshot and the HTML of every open page (not in docs/)."""
    folder = Path(os.environ.get("E2E_FAILURE_DIR", "/tmp/e2e-failures"))
    folder.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_-]+", "_", test_name)
    for number, context in enumerate(helper.contexts):
        for index, page in enumerate(context.pages):
            stem = folder / f"{safe}-{number}-{index}"
            try:
                page.screenshot(path=f"{stem}.png", full_page=True)
                Path(f"{stem}.html").write_text(page.content())
            except Exception as error:  # the page may be gone; the test's own error matters
                print(f"could not save {stem}: {error}")
    print(f"Failure screenshots and HTML: {folder}")


def _format_violations(page, violations: list[dict]) -> str:
    lines = [f"{len(violations)} axe violation(s) on {page.url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']} "
            f"[{violation.get('helpUrl', '')}]"
        )
        for node in violation["nodes"]:
            target = " ".join(
                t if isinstance(t, str) else " > ".join(t) for t in node.get("target", [])
            )
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    at {target}: {summary}")
    return "\n".join(lines)


def axe_check(page) -> None:
    """Run axe-core with the WCAG 2.0/2.1 A and AA rules on the current page; fail on any
    violation, naming each rule, its impact and help, and the failing nodes."""
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state()
    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    violations = results.response["violations"]
    assert not violations, _format_violations(page, violations)
    AXE_PAGES.append(page.url)


#: Every URL axe has checked in this session (a test can assert that it checked what it visited).
AXE_PAGES: list[str] = []


def shot(page, name: str) -> Path | None:
    """Save a full-page PNG of the current page to docs/screenshots/<name>.png (skipped when
    E2E_SCREENSHOTS=0, e.g. on a read-only checkout)."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", name):
        raise ValueError(f"bad screenshot name: {name!r}")
    if os.environ.get("E2E_SCREENSHOTS", "1") == "0":
        return None
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True, animations="disabled")
    return path


PHONE_WIDTH = 390


def assert_fits(page, width: int | None = None) -> None:
    """Nothing on the page is wider than the viewport: it never scrolls sideways (a wide table
    scrolls inside its own box)."""
    width = width or page.viewport_size["width"]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        widest = page.evaluate(
            """(width) => [...document.querySelectorAll('body *')]
                .filter((el) => el.getBoundingClientRect().right > width + 1)
                .filter((el) => !(el.parentElement && el.parentElement.closest('.table-scroll')))
                .slice(-3).map((el) => el.outerHTML.slice(0, 160))""",
            width,
        )
        raise AssertionError(f"{page.url} is {scroll_width} px wide at {width} px: {widest}")


def assert_fits_a_phone(page) -> None:
    """The current page at 390 px wide, then back to the page's own width."""
    size = page.viewport_size
    page.set_viewport_size({"width": PHONE_WIDTH, "height": size["height"]})
    try:
        assert_fits(page, PHONE_WIDTH)
    finally:
        page.set_viewport_size(size)


def visit(page, url: str):
    """Go to ``url``, check that it answered 200, and run axe on it."""
    response = page.goto(url)
    assert response is not None and response.ok, f"GET {url} gave {response and response.status}"
    axe_check(page)
    return page
