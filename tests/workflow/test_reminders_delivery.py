"""Sending a reminder: claimed (committed as "sending") before the mail server is asked, so a
worker that dies after the message went out never sends it again by itself; a database that is
away for a moment is waited for, not taken as a failure."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.db import OperationalError
from django.urls import reverse

from config.celery import app
from networks.models import Event
from workflow.reminders import rules, tasks
from workflow.reminders.models import Reminder
from workflow.reminders.services import (
    UNCERTAIN,
    reminders_claim,
    reminders_requeue,
    send_due_reminders,
)
from workflow.reminders.tasks import requeue_reminders, send_reminder_email

from .reminder_steps import OSLO, at

NEEDS_14 = dt.date(2026, 11, 17)


class Retry(Exception):
    pass


def recorded(django_capture_on_commit_callbacks) -> list[int]:
    """A sweep that records Orkland's reminder; the hand-over to the worker is held back."""
    with django_capture_on_commit_callbacks(execute=False):
        send_due_reminders()
    return list(Reminder.objects.values_list("pk", flat=True))


def test_a_reminder_is_claimed_before_the_mail_server_is_asked(
    demo, django_capture_on_commit_callbacks
):
    seen = []

    def send(message, fail_silently=False):
        seen.append(Reminder.objects.values_list("status", "attempts").get())
        mail.outbox.append(message)
        return 1

    with at(NEEDS_14):
        ids = recorded(django_capture_on_commit_callbacks)
        with mock.patch("django.core.mail.EmailMultiAlternatives.send", send):
            assert send_reminder_email.run(ids) == "sent 1, skipped 0"
    assert seen == [(Reminder.Status.SENDING, 1)]
    reminder = Reminder.objects.get()
    assert (reminder.status, reminder.attempts) == (Reminder.Status.SENT, 1)
    assert reminder.claimed_at is not None and len(mail.outbox) == 1


def test_a_worker_killed_after_sending_never_sends_the_reminder_again(
    demo, django_capture_on_commit_callbacks, admin_client
):
    with at(NEEDS_14):
        ids = recorded(django_capture_on_commit_callbacks)
        # The worker claims the reminder and the mail server accepts the message; then the
        # worker is killed before it can note that the message went out.
        reminders_claim(reminder_ids=ids).message.send()
        assert len(mail.outbox) == 1
        # The broker delivers the task again (reject on worker lost) and the requeue runs.
        assert send_reminder_email.run(ids) == "sent 0, skipped 0"
    ten_past = dt.datetime(2026, 11, 17, 7, 10, tzinfo=OSLO)
    with (
        time_machine.travel(ten_past, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert requeue_reminders.run() == 0
    assert len(mail.outbox) == 1
    reminder = Reminder.objects.get()
    assert reminder.status == Reminder.Status.SENDING
    page = admin_client.get(reverse("admin:workflow_reminder_changelist")).content.decode()
    assert "Sendes" in page
    # Half an hour on, the requeue run says so: failed, "unknown whether sent", not resent.
    with at(NEEDS_14, hour=9), django_capture_on_commit_callbacks(execute=True):
        requeue_reminders.run()
    reminder.refresh_from_db()
    assert (reminder.status, reminder.last_error) == (Reminder.Status.FAILED, str(UNCERTAIN))
    assert Event.objects.filter(kind="reminder_failed").count() == 1
    assert len(mail.outbox) == 1


def test_a_database_error_is_retried_not_taken_as_a_failure(
    demo, django_capture_on_commit_callbacks
):
    countdowns = []

    def retry(**kwargs):
        countdowns.append(kwargs["countdown"])
        assert kwargs["args"] == [ids]
        return Retry()

    with at(NEEDS_14):
        ids = recorded(django_capture_on_commit_callbacks)
        with (
            mock.patch.object(
                tasks, "reminders_claim", side_effect=OperationalError("server closed")
            ),
            mock.patch.object(send_reminder_email, "retry", side_effect=retry),
            pytest.raises(Retry),
        ):
            send_reminder_email.run(ids)
        reminder = Reminder.objects.get()
        assert (reminder.status, reminder.attempts, reminder.last_error) == (
            Reminder.Status.QUEUED,
            0,
            "",
        )
        assert countdowns == [rules.db_retry_countdown(0)]
        # The database is back: the retried task sends it.
        assert send_reminder_email.run(ids) == "sent 1, skipped 0"
    assert len(mail.outbox) == 1
    assert not Event.objects.filter(kind="reminder_failed").exists()


def test_a_database_error_after_sending_retries_only_the_marking(
    demo, django_capture_on_commit_callbacks
):
    calls = []

    def retry(**kwargs):
        calls.append(kwargs)
        return Retry()

    with at(NEEDS_14):
        ids = recorded(django_capture_on_commit_callbacks)
        with (
            mock.patch.object(
                tasks, "reminders_mark_sent", side_effect=OperationalError("server closed")
            ),
            mock.patch.object(send_reminder_email, "retry", side_effect=retry),
            pytest.raises(Retry),
        ):
            send_reminder_email.run(ids)
        assert Reminder.objects.get().status == Reminder.Status.SENDING
        (call,) = calls
        assert call["kwargs"] == {"sent_ids": ids}
        send_reminder_email.run(*call["args"], **call["kwargs"])
    assert Reminder.objects.get().status == Reminder.Status.SENT
    assert len(mail.outbox) == 1  # sent once, marked on the second try


def test_a_refused_message_goes_back_in_the_queue_and_is_sent_once(
    demo, django_capture_on_commit_callbacks
):
    with at(NEEDS_14):
        ids = recorded(django_capture_on_commit_callbacks)
        with mock.patch(
            "django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("refused")
        ):
            assert send_reminder_email.apply(args=[ids]).get() == "queued for another try"
        reminder = Reminder.objects.get()
        assert (reminder.status, reminder.attempts) == (Reminder.Status.QUEUED, 1)
    with at(NEEDS_14, hour=12), django_capture_on_commit_callbacks(execute=True):
        assert reminders_requeue() == 1
        assert reminders_requeue(older_than=dt.timedelta(0)) == 0
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == (Reminder.Status.SENT, 2)
    assert len(mail.outbox) == 1


def test_a_lost_worker_gives_its_task_back_and_beat_names_registered_tasks():
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.task_acks_late is True
    assert send_reminder_email.reject_on_worker_lost and send_reminder_email.acks_late
    for entry in app.conf.beat_schedule.values():
        assert entry["task"] in app.tasks, entry["task"]
    # The requeue runs as often as a queued reminder must wait before it is handed over again.
    requeue = app.conf.beat_schedule["reminders-requeue"]["schedule"]
    assert requeue.minute == set(range(0, 60, 5))
    assert dt.timedelta(minutes=5) == rules.REQUEUE_AFTER
