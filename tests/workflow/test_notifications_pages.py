"""The inbox at /varsler/, the email choices page, the unread count in the header, and the
coordinator's start page after the vedtak."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from workflow import services
from workflow.notifications.kinds import EmailMode, Kind
from workflow.notifications.models import Notification, NotificationPreference
from workflow.notifications.services import notify

from .conftest import BEFORE_BASIS_DEADLINE, DECISION_TIME, FORUM_MEETING
from .helpers import decide, recommend, write_basis


def _notify(user, n: int = 1, kind: str = Kind.REPORT_APPROVED, case=None) -> None:
    for i in range(n):
        notify(
            kind=kind,
            recipients=[user],
            case=case,
            params={"year": 2027, "network": f"Nettverk {i}"},
            url="/saker/",
        )


def _unread_in_header(html: str) -> str | None:
    found = re.search(r'<span class="count">(\d+)<span class="visually-hidden"> uleste', html)
    return found.group(1) if found else None


def test_inbox_shows_ones_own_notifications_and_the_unread_count(demo, login):
    _notify(demo["koordinator"], 2)
    _notify(demo["uh"], 1)
    client = login("koordinator")
    html = client.get("/varsler/").content.decode()
    assert html.count('class="notification unread"') == 2
    assert "Rapporten for 2027 (Nettverk 1) er godkjent" in html
    assert _unread_in_header(html) == "2"
    assert _unread_in_header(client.get(reverse("home")).content.decode()) == "2"


def test_empty_inbox_says_so_and_the_header_shows_no_count(demo, login):
    html = login("eier").get("/varsler/").content.decode()
    assert "Du har ingen varsler ennå" in html
    assert _unread_in_header(html) is None
    assert 'href="/varsler/"' in html


def test_mark_one_and_all_as_read(demo, login):
    _notify(demo["koordinator"], 3)
    client = login("koordinator")
    first = Notification.objects.filter(recipient=demo["koordinator"]).first()
    # Marking is a POST with the CSRF token, never a GET.
    assert client.get(f"/varsler/{first.pk}/les/").status_code == 405
    response = client.post(f"/varsler/{first.pk}/les/")
    assert response.status_code == 302 and response.url == "/varsler/"
    first.refresh_from_db()
    assert first.is_read
    assert _unread_in_header(client.get("/varsler/").content.decode()) == "2"
    client.post("/varsler/les-alle/")
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    html = client.get("/varsler/").content.decode()
    assert _unread_in_header(html) is None and "Merk alle som lest" not in html


def test_another_persons_notification_answers_404(demo, login):
    _notify(demo["uh"])
    theirs = Notification.objects.get(recipient=demo["uh"])
    client = login("koordinator")
    assert client.post(f"/varsler/{theirs.pk}/les/").status_code == 404
    assert client.post("/varsler/999999/les/").status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_mark_read_goes_on_only_to_this_site(demo, login):
    _notify(demo["koordinator"], 2)
    client = login("koordinator")
    one, two = Notification.objects.filter(recipient=demo["koordinator"])
    assert client.post(f"/varsler/{one.pk}/les/", {"next": "/saker/"}).url == "/saker/"
    response = client.post(f"/varsler/{two.pk}/les/", {"next": "https://evil.example/"})
    assert response.url == "/varsler/"


def test_inbox_is_paginated_and_its_query_count_does_not_grow(demo, login):
    client = login("koordinator")
    _notify(demo["koordinator"], 2)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/varsler/").status_code == 200
        return len(captured)

    before = queries()
    _notify(demo["koordinator"], 30)
    assert queries() == before
    html = client.get("/varsler/").content.decode()
    assert html.count('class="notification unread"') == 25
    assert "Side 1 av 2" in html
    assert client.get("/varsler/?side=2").content.decode().count('class="notification unread"') == 7


def test_preferences_page_offers_no_off_for_a_vedtak(demo, login):
    client = login("koordinator")
    html = client.get("/varsler/innstillinger/").content.decode()
    assert f'name="{Kind.REPORT_RETURNED}" value="{EmailMode.OFF}"' in html
    assert f'name="{Kind.DECISION_MADE}" value="{EmailMode.OFF}"' not in html
    assert f'name="{Kind.DECISION_MADE}" value="{EmailMode.DIGEST}"' in html
    # Reminders are emailed by the reminder sweep; they are not chosen here.
    assert f'name="{Kind.DEADLINE_REMINDER}"' not in html

    form = {
        kind: EmailMode.IMMEDIATE for kind in re.findall(r'name="([a-z_]+)" value="straks"', html)
    }
    form[Kind.REPORT_RETURNED] = EmailMode.DIGEST
    form[Kind.DECISION_MADE] = EmailMode.OFF
    response = client.post("/varsler/innstillinger/", form)
    assert response.status_code == 200  # refused: a vedtak cannot be switched off
    assert not NotificationPreference.objects.filter(user=demo["koordinator"]).exists()

    form[Kind.DECISION_MADE] = EmailMode.DIGEST
    response = client.post("/varsler/innstillinger/", form)
    assert response.status_code == 302
    chosen = dict(
        NotificationPreference.objects.filter(user=demo["koordinator"]).values_list("kind", "email")
    )
    assert chosen[Kind.REPORT_RETURNED] == EmailMode.DIGEST
    assert chosen[Kind.DECISION_MADE] == EmailMode.DIGEST


def test_anonymous_is_sent_to_login(client, db):
    for url in ("/varsler/", "/varsler/innstillinger/"):
        response = client.get(url)
        assert response.status_code == 302 and "logg-inn" in response.url


def test_coordinators_start_page_after_the_vedtak_says_what_comes_next(
    demo, sorvest_case, travel, login, django_capture_on_commit_callbacks
):
    travel(BEFORE_BASIS_DEADLINE)
    write_basis(demo, sorvest_case)
    services.decision_basis_submit(actor=demo["koordinator"], case=sorvest_case)
    travel(FORUM_MEETING)
    recommend(demo, sorvest_case)
    travel(DECISION_TIME)
    with django_capture_on_commit_callbacks(execute=True):
        decision = decide(demo, sorvest_case)
    html = login("koordinator").get(reverse("home")).content.decode()
    assert f'href="/vedtak/{decision.pk}/"' in html
    assert "Les vedtaket for 2027; klagefristen er 22. mars 2027" in html
    assert "Rapporten for 2027 skrives når Statsforvalteren åpner rapporteringen" in html
    assert _unread_in_header(html) == "1"


def test_the_admin_lists_notifications_with_their_email_status(demo, login):
    _notify(demo["koordinator"], 2)
    html = login("admin").get("/admin/workflow/notification/").content.decode()
    assert "Rapporten for 2027 (Nettverk 0) er godkjent" in html
    assert login("admin").get("/admin/workflow/notification/add/").status_code == 403
