"""config.pages: how a posted action without a form tells the person how it went."""

from __future__ import annotations

from django.contrib.messages import constants, get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory
from django.utils.translation import gettext_lazy as _

from config.errors import DomainError
from config.pages import act

DONE = _("Vedtaket er sendt til godkjenning.")


def posted():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def said(request) -> list[tuple[int, str]]:
    return [(message.level, str(message)) for message in get_messages(request)]


def test_a_lazy_success_message_is_shown_once_the_action_has_run():
    request = posted()
    ran = []

    outcome = act(request, lambda: ran.append("service"), DONE)

    assert outcome and ran == ["service"]
    assert said(request) == [(constants.SUCCESS, "Vedtaket er sendt til godkjenning.")]


def test_a_service_that_returns_nothing_still_counts_as_done():
    outcome = act(posted(), lambda: None, "Lagret.")

    assert outcome.done and outcome.result is None


def test_the_success_message_may_be_made_from_what_the_service_returned():
    request = posted()

    outcome = act(request, lambda: 3, lambda n: f"{n} brev laget.")

    assert outcome.result == 3
    assert said(request) == [(constants.SUCCESS, "3 brev laget.")]


def test_a_refusal_is_an_error_message_and_no_success():
    request = posted()

    def refuse():
        raise DomainError("Saken er avsluttet.")

    outcome = act(request, refuse, DONE)

    assert not outcome
    assert said(request) == [(constants.ERROR, "Saken er avsluttet.")]
