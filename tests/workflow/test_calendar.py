"""The private calendar feed: each person's own deadlines, behind a secret address that can be
made anew or revoked; and the page where that is done."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from networks.models import User
from networks.services import network_upsert, owner_upsert
from workflow.reminders.models import CalendarToken
from workflow.reminders.services import calendar_token_issue
from workflow.services import cases_ensure

from .reminder_steps import (
    FRAME,
    at,
    decide,
    local_deadline,
    recommend,
    submit_basis,
    submit_needs,
    year,
)

TODAY = dt.date(2026, 11, 10)


def feed(client, user) -> Calendar:
    token = CalendarToken.objects.get(user=user).token
    response = client.get(reverse("calendar_feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(cal: Calendar) -> dict[str, dt.date]:
    return {str(e["SUMMARY"]): e.decoded("DTSTART") for e in cal.walk("VEVENT")}


@pytest.fixture
def tokens(demo):
    return {name: calendar_token_issue(actor=user) for name, user in demo.items()}


def test_each_person_sees_the_deadlines_that_concern_them(client, demo, tokens):
    with at(TODAY):
        got = {name: events(feed(client, demo[name])) for name in demo}
    assert got["eier"] == {
        "Frist: Behovsmelding fra Orkland (Trøndelag sørvest)": dt.date(2026, 12, 1)
    }
    assert got["koordinator"] == {
        "Frist: Beslutningsgrunnlag for Trøndelag sørvest": dt.date(2027, 2, 1)
    }
    assert got["uh"] == {"Frist: Beslutningsgrunnlag (0 av 7 levert)": dt.date(2027, 2, 1)}
    assert got["sekretariat"] == {
        "Frist: Behovsmelding (0 av 39 levert)": dt.date(2026, 12, 1),
        "Frist: Beslutningsgrunnlag (0 av 12 levert)": dt.date(2027, 2, 1),
        "Frist: Innstilling (0 av 12 levert)": dt.date(2027, 3, 15),
    }
    assert got["statsforvalter"] == {"Frist: Vedtak (0 av 12 levert)": dt.date(2027, 3, 15)}
    assert got["forum"] == {} and got["admin"] == {}


def test_the_feed_is_valid_icalendar_with_all_day_events_and_links(client, demo, tokens):
    with at(TODAY):
        cal = feed(client, demo["eier"])
    assert str(cal["VERSION"]) == "2.0"
    assert "Kompetanseløftet" in str(cal["X-WR-CALNAME"])
    (event,) = cal.walk("VEVENT")
    assert event.decoded("DTSTART") == dt.date(2026, 12, 1)
    assert event.decoded("DTEND") == dt.date(2026, 12, 2)
    assert str(event["URL"]).startswith("http://127.0.0.1:8000/")
    assert "ikke levert" in str(event["DESCRIPTION"])
    assert str(event["UID"]).endswith("@127.0.0.1")


def test_the_feed_follows_the_data_at_once(client, demo, tokens, monkeypatch):
    monkeypatch.setattr("workflow.rules.basis.case_frame", lambda case: FRAME)
    with at(dt.date(2026, 11, 20)):
        local_deadline(demo, dt.date(2026, 12, 10))
        submit_needs(demo)
        assert events(feed(client, demo["eier"])) == {
            "Frist: Behovsmelding fra Orkland (Trøndelag sørvest) – levert": dt.date(2026, 12, 10)
        }
    with at(dt.date(2027, 1, 20)):
        submit_basis(demo)
    with at(dt.date(2027, 2, 20)):
        recommend(demo)
    with at(dt.date(2027, 3, 5)):
        decide(demo)
        koordinator = events(feed(client, demo["koordinator"]))
        statsforvalter = events(feed(client, demo["statsforvalter"]))
    assert koordinator == {
        "Frist: Beslutningsgrunnlag for Trøndelag sørvest – levert": dt.date(2027, 2, 1),
        "Frist: Rapport for Trøndelag sørvest": dt.date(2027, 6, 30),
        # The appeal deadline (three weeks after the vedtak reached the network): information.
        "Klagefrist: Vedtak for Trøndelag sørvest": dt.date(2027, 3, 26),
    }
    assert statsforvalter["Klagefrist: Vedtak for Trøndelag sørvest"] == dt.date(2027, 3, 26)
    assert statsforvalter["Frist: Rapport for Trøndelag sørvest"] == dt.date(2027, 6, 30)


def test_a_wrong_revoked_or_replaced_token_is_404(client, demo, tokens):
    eier = demo["eier"]
    old = tokens["eier"].token
    assert client.get(reverse("calendar_feed", args=["feil-" + old[5:]])).status_code == 404
    assert client.get(f"/kalender/{old}.ics/").status_code == 404
    new = calendar_token_issue(actor=eier).token
    assert new != old
    assert client.get(reverse("calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("calendar_feed", args=[new])).status_code == 200
    client.force_login(eier)
    assert client.post(reverse("calendar_token_revoke")).status_code == 302
    assert client.get(reverse("calendar_feed", args=[new])).status_code == 404


def test_a_deactivated_users_feed_is_404(client, demo, tokens):
    User.objects.filter(username="koordinator").update(is_active=False)
    token = tokens["koordinator"].token
    assert client.get(reverse("calendar_feed", args=[token])).status_code == 404


def test_fetching_the_feed_notes_when(client, demo, tokens):
    with at(TODAY):
        feed(client, demo["eier"])
    assert CalendarToken.objects.get(user=demo["eier"]).last_used_at is not None


# The page ------------------------------------------------------------------------------------


def test_the_calendar_pages_need_sign_in(client, demo):
    for name in ("calendar_settings", "calendar_token_issue", "calendar_token_revoke"):
        response = (
            client.post(reverse(name)) if name != "calendar_settings" else client.get(reverse(name))
        )
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    assert not CalendarToken.objects.exists()


@pytest.mark.parametrize(
    "username", ["eier", "koordinator", "uh", "sekretariat", "forum", "statsforvalter", "admin"]
)
def test_every_signed_in_person_can_make_show_and_revoke_their_own_address(login, demo, username):
    client = login(username)
    page = client.get(reverse("calendar_settings"))
    assert page.status_code == 200
    assert "Lag kalenderadresse" in page.content.decode()
    response = client.post(reverse("calendar_token_issue"), follow=True)
    token = CalendarToken.objects.get(user=demo[username])
    body = response.content.decode()
    assert "Kalenderadressen din er klar." in body
    # No SITE_URL: the address is the one the request came to (the test client's host).
    assert f"http://testserver/kalender/{token.token}.ics" in body
    assert f"webcal://testserver/kalender/{token.token}.ics" in body
    response = client.post(reverse("calendar_token_issue"), follow=True)
    assert "Den gamle virker ikke lenger." in response.content.decode()
    assert CalendarToken.objects.get(user=demo[username]).token != token.token
    response = client.post(reverse("calendar_token_revoke"), follow=True)
    assert "trukket tilbake" in response.content.decode()
    assert not CalendarToken.objects.filter(user=demo[username]).exists()
    # Only one's own: nobody else's address was touched.
    assert CalendarToken.objects.count() == 0


def test_changing_the_address_needs_post(login, demo):
    client = login("eier")
    assert client.get(reverse("calendar_token_issue")).status_code == 405
    assert client.get(reverse("calendar_token_revoke")).status_code == 405


def test_the_page_lists_upcoming_deadlines(login, demo):
    with at(TODAY):
        body = login("koordinator").get(reverse("calendar_settings")).content.decode()
    assert "Frist: Beslutningsgrunnlag for Trøndelag sørvest" in body
    assert "1. februar 2027" in body


def test_feed_and_page_queries_do_not_grow_with_networks(client, login, demo, tokens):
    signed_in = login("sekretariat")

    def count():
        with at(TODAY), CaptureQueriesContext(connection) as feed_queries:
            feed(client, demo["sekretariat"])
        with at(TODAY), CaptureQueriesContext(connection) as page_queries:
            signed_in.get(reverse("calendar_settings"))
        return len(feed_queries), len(page_queries)

    count()  # the first fetch notes the time; later ones within the hour do not write
    before = count()
    for i in range(5):
        network = network_upsert(name=f"Ekstra {i}")
        owner_upsert(number=f"{7000 + i}", name=f"Ekstra eier {i}", kind="privat", network=network)
    cases_ensure(scheme_year=year())
    assert count() == before


@override_settings(SITE_URL="https://kompetanseloftet.example")
def test_the_calendar_address_uses_site_url_when_it_is_set(login, demo):
    client = login("eier")
    client.post(reverse("calendar_token_issue"))
    token = CalendarToken.objects.get(user=demo["eier"])
    body = client.get(reverse("calendar_settings")).content.decode()
    assert f"https://kompetanseloftet.example/kalender/{token.token}.ics" in body
    assert f"webcal://kompetanseloftet.example/kalender/{token.token}.ics" in body
    assert ":8000" not in body


def test_a_deadline_for_many_says_how_many_have_delivered():
    from workflow.reminders.calendar import CalendarEntry, CalendarItem
    from workflow.reminders.rules import ObligationKind

    entry = CalendarEntry(2027, ObligationKind.BEHOVSMELDING, "Behovsmelding", dt.date(2026, 12, 1))
    entry.items = [CalendarItem(f"eier {i}", i == 0, "/") for i in range(39)]
    assert entry.summary == "Frist: Behovsmelding (1 av 39 levert)"
    assert entry.progress == "1 av 39 levert"
