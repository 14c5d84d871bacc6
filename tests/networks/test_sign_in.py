"""Signing in: lockout after repeated wrong passwords, password reset by e-mail, the idle timeout,
browser-session cookies for the regional roles, and ``recent_login_required``."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from networks import services
from networks.demo import DEMO_PASSWORD
from networks.models import Event
from networks.sessions import recent_login_required

LOCKED = "Innloggingen er sperret"
NEW_PASSWORD = "Nidelva-og-Gaula-2027"


def sign_in(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def fail(client, username, times, **extra):
    for _ in range(times):
        response = sign_in(client, username, "feil-passord", **extra)
        assert response.status_code in (200, 429)


def test_after_the_limit_the_right_password_is_refused_with_the_lockout_message(
    demo, client, settings
):
    fail(client, "eier", settings.AXES_FAILURE_LIMIT)
    response = sign_in(client, "eier", DEMO_PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED in page and "30 minutter" in page
    assert "_auth_user_id" not in client.session


def test_below_the_limit_the_right_password_still_works(demo, client, settings):
    fail(client, "eier", settings.AXES_FAILURE_LIMIT - 1)
    response = sign_in(client, "eier", DEMO_PASSWORD)
    assert response.status_code == 302


def test_lockout_is_per_user_name_and_per_address(demo, client, settings):
    fail(client, "eier", settings.AXES_FAILURE_LIMIT, REMOTE_ADDR="10.0.0.1")
    # Another person at another address is not affected by eier's lockout...
    assert sign_in(client, "koordinator", DEMO_PASSWORD, REMOTE_ADDR="10.0.0.2").status_code == 302
    client.logout()
    # ...but the address that made the failures is locked for every user name.
    response = sign_in(client, "uh", DEMO_PASSWORD, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 429


def test_lockout_ends_after_the_cool_off(demo, client, settings):
    fail(client, "eier", settings.AXES_FAILURE_LIMIT)
    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + dt.timedelta(minutes=1)):
        assert sign_in(client, "eier", DEMO_PASSWORD).status_code == 302


def test_password_reset_still_works_while_locked_out_and_lifts_the_lockout(demo, client, settings):
    fail(client, "eier", settings.AXES_FAILURE_LIMIT)
    assert sign_in(client, "eier", DEMO_PASSWORD).status_code == 429

    response = client.post(reverse("password_reset"), {"email": demo["eier"].email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Nytt passord til Kompetanseløftet i Trøndelag"
    link = re.search(r"https?://\S+/nytt-passord/\S+/", message.body).group(0)
    form = client.get(link, follow=True)
    assert "Lag nytt passord" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302 and done.url == reverse("password_reset_complete")

    assert sign_in(client, "eier", NEW_PASSWORD).status_code == 302
    assert Event.objects.filter(kind="sign_in_unlocked", data__username="eier").exists()


def test_an_administrator_unlocks_from_the_people_page(demo, client, login, settings):
    fail(client, "eier", settings.AXES_FAILURE_LIMIT)
    manager = login("sekretariat")
    page = manager.get(reverse("people")).content.decode()
    assert "Sperrede innlogginger" in page and "Lås opp eier" in page
    manager.post(reverse("sign_in_unlock"), {"username": "eier"})
    manager.logout()
    assert sign_in(client, "eier", DEMO_PASSWORD).status_code == 302
    event = Event.objects.get(kind="sign_in_unlocked")
    assert event.actor == demo["sekretariat"]


def test_others_cannot_unlock(demo, login):
    response = login("koordinator").post(reverse("sign_in_unlock"), {"username": "eier"})
    assert response.status_code == 403


def test_idle_for_longer_than_the_timeout_signs_out_with_a_message(demo, client, settings):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 60
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert sign_in(client, "eier", DEMO_PASSWORD).status_code == 302
    with time_machine.travel(start + dt.timedelta(minutes=59), tick=False):
        assert client.get(reverse("home")).status_code == 200  # activity keeps it alive
    with time_machine.travel(start + dt.timedelta(minutes=59 + 59), tick=False):
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=59 + 59 + 61), tick=False):
        response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert "ikke har vært aktiv på 60 minutter" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_idle_timeout_defaults_to_60_minutes():
    from config.settings import base

    assert base.SESSION_IDLE_TIMEOUT_MINUTES == 60


@pytest.mark.parametrize(
    ("username", "browser_session"),
    [("statsforvalter", True), ("sekretariat", True), ("forum", True), ("eier", False)],
)
def test_regional_roles_sessions_end_when_the_browser_closes(
    demo, client, username, browser_session
):
    response = sign_in(client, username, DEMO_PASSWORD)
    cookie = response.cookies["sessionid"]
    assert client.session.get_expire_at_browser_close() is browser_session
    assert (cookie["max-age"] == "") is browser_session


def _guarded_view(request):
    return HttpResponse("godkjent")


def test_recent_login_required_asks_an_old_sign_in_to_sign_in_again(demo, client, settings):
    settings.RECENT_LOGIN_MINUTES = 15
    view = recent_login_required()(_guarded_view)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sign_in(client, "statsforvalter", DEMO_PASSWORD)
    factory = RequestFactory()

    def call(minutes_later: int, method: str = "get"):
        request = getattr(factory, method)(
            "/sak/1/vedtak/godkjenn/", HTTP_REFERER="http://testserver/sak/1/"
        )
        request.session = client.session
        request.user = demo["statsforvalter"]
        request._messages = type("M", (), {"add": lambda *a, **k: None})()
        with time_machine.travel(start + dt.timedelta(minutes=minutes_later), tick=False):
            return view(request)

    assert call(10).content == b"godkjent"
    old = call(16)
    assert old.status_code == 302
    assert old.url == f"{reverse('login')}?next=/sak/1/vedtak/godkjenn/"
    old_post = call(16, "post")
    assert old_post.url == f"{reverse('login')}?next=http%3A//testserver/sak/1/"
    assert recent_login_required(max_age=30)(_guarded_view)  # a per-view limit


def test_signing_in_again_makes_the_sign_in_recent(demo, client, settings):
    settings.RECENT_LOGIN_MINUTES = 15
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sign_in(client, "statsforvalter", DEMO_PASSWORD)
    with time_machine.travel(start + dt.timedelta(minutes=40), tick=False):
        sign_in(client, "statsforvalter", DEMO_PASSWORD)
        from networks.sessions import has_recent_login

        request = RequestFactory().get("/")
        request.session = client.session
        request.user = demo["statsforvalter"]
        assert has_recent_login(request)


def test_unlock_service_refuses_non_managers(demo):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.sign_in_unlock(actor=demo["eier"], username="uh", reason="test")
