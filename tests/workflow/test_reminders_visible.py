"""Who sees which reminders: the case page's list (selector and template) and the admin."""

from __future__ import annotations

import datetime as dt
import smtplib
from unittest import mock

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from workflow.reminders.models import Obligation, Reminder
from workflow.reminders.selectors import case_reminder_list

from .reminder_steps import at, case_of, sweep

NEEDS_LATE = dt.date(2026, 12, 2)


@pytest.fixture
def reminded(demo, django_capture_on_commit_callbacks):
    """The day after the needs deadline: Orkland's contact and the secretariat are reminded."""
    with at(NEEDS_LATE):
        sweep(django_capture_on_commit_callbacks)
    return demo


@pytest.mark.parametrize(
    ("username", "case", "expected"),
    [
        # Regional bodies and the partnership: every reminder of the case.
        ("sekretariat", "Trøndelag sørvest", 7),
        ("statsforvalter", "Trøndelag sørvest", 7),
        ("koordinator", "Trøndelag sørvest", 7),
        ("uh", "Trøndelag sørvest", 7),
        # An owner contact: those about its own owner's needs report.
        ("eier", "Trøndelag sørvest", 2),
        # Not their network: nothing.
        ("eier", "Fosen", 0),
        ("koordinator", "Fosen", 0),
    ],
)
def test_the_case_page_list_is_scoped_to_the_viewer(reminded, username, case, expected):
    reminders = case_reminder_list(case=case_of(case), viewer=reminded[username])
    assert len(reminders) == expected
    if username == "eier" and expected:
        assert {r.obligation.owner.name for r in reminders} == {"Orkland"}


def test_the_case_page_list_shows_to_whom_when_and_which_rule(reminded):
    reminders = case_reminder_list(
        case=case_of("Trøndelag sørvest"), viewer=reminded["sekretariat"]
    )
    html = render_to_string("workflow/_case_reminders.html", {"reminders": reminders})
    assert "Påminnelser" in html
    assert "Eva Eier" in html and "Siri Sekretariat" in html
    assert "Dagen etter fristen (med varsel)" in html
    assert "til orientering" in html
    assert "Sendt" in html
    assert "2. desember 2026" in html


def test_a_failed_reminder_shows_its_error_on_the_case_page(
    demo, django_capture_on_commit_callbacks
):
    with (
        at(dt.date(2026, 11, 17)),
        mock.patch(
            "django.core.mail.EmailMultiAlternatives.send",
            side_effect=smtplib.SMTPRecipientsRefused({"eier@demo": (550, b"no such user")}),
        ),
    ):
        sweep(django_capture_on_commit_callbacks)
    Reminder.objects.update(status=Reminder.Status.FAILED)
    reminders = case_reminder_list(case=case_of("Trøndelag sørvest"), viewer=demo["sekretariat"])
    html = render_to_string("workflow/_case_reminders.html", {"reminders": reminders})
    assert "Feilet" in html and "SMTPRecipientsRefused" in html


def test_the_admin_lists_reminders_and_filters_them_by_case(login, reminded):
    client = login("admin")
    case = case_of("Trøndelag sørvest")
    url = reverse("admin:workflow_reminder_changelist")
    response = client.get(url, {"obligation__case__id__exact": case.pk})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Behovsmelding fra Orkland (Trøndelag sørvest)" in body
    assert "Behovsmelding fra Osen (Fosen)" not in body
    assert response.context["cl"].result_count == 7
    assert client.get(reverse("admin:workflow_obligation_changelist")).status_code == 200
    obligation = Obligation.objects.filter(reminders__isnull=False).first()
    detail = client.get(reverse("admin:workflow_obligation_change", args=[obligation.pk]))
    assert detail.status_code == 200
    assert client.get(reverse("admin:workflow_reminderrule_changelist")).status_code == 200
    assert client.get(reverse("admin:workflow_calendartoken_changelist")).status_code == 200


@pytest.mark.parametrize("username", ["eier", "koordinator", "sekretariat", "statsforvalter"])
def test_only_administrators_reach_the_reminder_admin(login, reminded, username):
    response = login(username).get(reverse("admin:workflow_reminder_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_the_admin_list_queries_do_not_grow_with_reminders(
    login, demo, django_capture_on_commit_callbacks
):
    client = login("admin")
    url = reverse("admin:workflow_reminder_changelist")
    with at(dt.date(2026, 11, 17)):
        sweep(django_capture_on_commit_callbacks)
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    with at(NEEDS_LATE):
        sweep(django_capture_on_commit_callbacks)
    assert Reminder.objects.count() == 41
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)


def test_the_admin_can_queue_failed_reminders_again(
    login, demo, django_capture_on_commit_callbacks
):
    with at(dt.date(2026, 11, 17)):
        sweep(django_capture_on_commit_callbacks)
    Reminder.objects.update(status=Reminder.Status.FAILED, last_error="SMTPServerDisconnected")
    client = login("admin")
    with at(dt.date(2026, 11, 17)), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:workflow_reminder_changelist"),
            {
                "action": "retry_failed",
                "_selected_action": list(Reminder.objects.values_list("pk", flat=True)),
            },
            follow=True,
        )
    assert "lagt i kø" in response.content.decode()
    assert Reminder.objects.get().status == Reminder.Status.SENT
