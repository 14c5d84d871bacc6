"""The interface language: bokmål by default whatever the browser asks for; nynorsk and English
when the person chooses them, and a signed-in person's choice is kept on their profile."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from networks import services
from networks.demo import DEMO_PASSWORD
from networks.models import Owner, User
from networks.roles import Role

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}


def _choose(client, language: str, next_url: str = "/"):
    response = client.post(reverse("set_language"), {"language": language, "next": next_url})
    assert response.status_code == 302
    return response


def _sign_in(client, username: str = "eier"):
    response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, username
    return response


def test_an_english_browser_gets_the_login_page_in_bokmal(client, db):
    body = client.get(reverse("login"), **ENGLISH_BROWSER).content.decode()
    assert '<html lang="nb">' in body
    assert "Brukernavn" in body and "Hopp til hovedinnhold" in body
    assert "Username" not in body and "Skip to main content" not in body


def test_a_nynorsk_browser_also_gets_bokmal_until_the_person_chooses(client, db):
    body = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="nn").content.decode()
    assert '<html lang="nb">' in body and "Brukernavn" in body


def test_the_switcher_offers_all_three_languages(client, db):
    body = client.get(reverse("login")).content.decode()
    for code, name in (("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk"), ("en", "English")):
        assert f'value="{code}" lang="{code}"' in body and name in body
    assert 'value="nb" lang="nb" aria-current="true"' in body


def test_choosing_nynorsk_shows_the_pages_in_nynorsk(client, demo):
    _choose(client, "nn", next_url=reverse("login"))
    login_page = client.get(reverse("login"), **ENGLISH_BROWSER).content.decode()
    assert '<html lang="nn">' in login_page
    assert "Brukarnamn" in login_page and "Hopp til hovudinnhald" in login_page
    assert "Brukernavn" not in login_page

    _sign_in(client)
    home = client.get(reverse("home")).content.decode()
    assert '<html lang="nn">' in home
    assert "Mine oppgåver" in home and "Logg ut" in home
    assert "Mine oppgaver" not in home and "My tasks" not in home
    assert "%(" not in home and "{{" not in home


def test_choosing_before_signing_in_leaves_the_profile_alone(client, demo):
    _choose(client, "nn")
    _sign_in(client)
    assert User.objects.get(username="eier").language == ""


def test_a_signed_in_choice_is_kept_on_the_profile_and_survives_a_new_session(client, demo):
    _sign_in(client)
    _choose(client, "nn")
    assert User.objects.get(username="eier").language == "nn"
    client.post(reverse("logout"))

    # A new browser: no session, no language cookie, and it asks for English.
    fresh = Client()
    assert '<html lang="nb">' in fresh.get(reverse("login"), **ENGLISH_BROWSER).content.decode()
    response = _sign_in(fresh)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nn"
    home = fresh.get(reverse("home"), **ENGLISH_BROWSER).content.decode()
    assert '<html lang="nn">' in home and "Mine oppgåver" in home

    # After signing out the login page stays in the language the person chose.
    fresh.post(reverse("logout"))
    assert '<html lang="nn">' in fresh.get(reverse("login")).content.decode()


def test_the_profile_wins_over_an_older_cookie(client, demo):
    User.objects.filter(username="eier").update(language="en")
    _choose(client, "nn")
    _sign_in(client)
    home = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in home and "My tasks" in home


def test_switching_back_to_bokmal_is_kept_too(client, demo):
    User.objects.filter(username="eier").update(language="nn")
    _sign_in(client)
    _choose(client, "nb")
    assert User.objects.get(username="eier").language == "nb"
    assert "Mine oppgaver" in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("language", ["xx", ""])
def test_an_unknown_language_changes_nothing(client, demo, language):
    _sign_in(client)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert User.objects.get(username="eier").language == ""
    assert '<html lang="nb">' in client.get(reverse("home")).content.decode()


def test_the_admin_shows_a_users_language(client, demo):
    _sign_in(client, "admin")
    user_page = client.get(reverse("admin:networks_user_change", args=[demo["eier"].pk]))
    assert user_page.status_code == 200 and 'name="language"' in user_page.content.decode()


def test_a_request_does_not_leave_its_language_behind(client, db):
    before = translation.get_language()
    _choose(client, "en", next_url=reverse("login"))
    assert '<html lang="en">' in client.get(reverse("login")).content.decode()
    assert translation.get_language() == before


def test_an_invitation_is_in_bokmal_whatever_the_inviter_reads(
    demo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        services.invitation_create(
            actor=demo["koordinator"],
            email="ny.eier@orkland.example",
            role=Role.OWNER_CONTACT,
            owner=Owner.objects.get(number="5059"),
        )
    (message,) = mail.outbox
    assert message.subject == "Invitasjon til Kompetanseløftet i Trøndelag"
    assert "har invitert deg til Kompetanseløftet" in message.body
