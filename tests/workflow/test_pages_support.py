"""Helpers for the page tests (no tests here): what a person notices on a page, read from the
HTML the way a test can assert it."""

from __future__ import annotations

import itertools
import re
from html import unescape

from django.contrib.messages import get_messages


def body(response) -> str:
    return response.content.decode()


def text(response) -> str:
    """The visible text of the page's main content, whitespace collapsed."""
    html = body(response)
    main = re.search(r"<main\b.*?</main>", html, re.S)
    html = main.group(0) if main else html
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def error_summary_links(response) -> list[tuple[str, str]]:
    """(href, text) of each link in the error summary at the top of the page."""
    html = body(response)
    summary = re.search(r'<div class="error-summary[ "].*?</div>', html, re.S)
    assert summary, "no error summary on the page"
    return [
        (href, re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", label))).strip())
        for href, label in re.findall(r'<a href="([^"]+)">(.*?)</a>', summary.group(0), re.S)
    ]


def has_error_summary(response) -> bool:
    return 'class="error-summary' in body(response)


def field_error(response, field_id: str) -> str:
    """The error text tied to a field, after checking the field points at it (aria-describedby)."""
    html = body(response)
    error = re.search(
        rf'<p class="error-text[^"]*" id="{field_id}_error"[^>]*>(.*?)</p>', html, re.S
    )
    assert error, f"no error shown for {field_id}"
    tag = re.search(rf'<[^>]*\bid="{field_id}"[^>]*>', html)
    assert tag and f"{field_id}_error" in tag.group(0), f"{field_id} is not tied to its error"
    return re.sub(r"\s+", " ", unescape(error.group(1))).strip()


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def offered_actions(response) -> set[str]:
    """The data-action names of the buttons and links the page offers."""
    return set(re.findall(r'data-action="([a-z_]+)"', body(response)))


def headings(response) -> list[int]:
    return [int(level) for level in re.findall(r"<h([1-6])\b", body(response))]


def assert_headings_in_order(response) -> None:
    levels = headings(response)
    assert levels and levels[0] == 1 and levels.count(1) == 1, levels
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"heading level skipped: {levels}"


def last_message(response) -> str:
    """The newest flash message (earlier ones wait until a page shows them)."""
    found = messages_of(response)
    assert found, "no message"
    return found[-1]


_PER_REQUEST = re.compile(
    rb'(name="csrfmiddlewaretoken" value=")[^"]*(")|(name="next" type="hidden" value=")[^"]*(")'
)


def page_content(response) -> bytes:
    """The page as bytes, without what differs on every request by design: the CSRF token and
    the address the language switcher returns to. Two 404s compared this way must be equal."""
    return _PER_REQUEST.sub(lambda m: b"".join(g for g in m.groups() if g), response.content)
