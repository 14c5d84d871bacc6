"""The sweep: exactly once, dry run, the command, what happens between recording and sending,
who is reminded, the emails, failures and a broker that is down."""

from __future__ import annotations

import datetime as dt
import io
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import override_settings
from kombu.exceptions import OperationalError

from networks.models import Event, Membership, Owner
from networks.roles import Role
from networks.services import membership_grant
from tests.factories import UserFactory
from workflow.reminders import rules
from workflow.reminders.models import Obligation, Reminder, ReminderRule
from workflow.reminders.services import (
    GONE,
    MET,
    NO_LONGER_RECIPIENT,
    obligations_sync,
    reminders_requeue,
    reminders_retry,
    send_due_reminders,
)
from workflow.reminders.tasks import send_reminder_email

from .reminder_steps import at, submit_needs, sweep, year

NEEDS_14 = dt.date(2026, 11, 17)  # 14 days before the needs deadline, 1 December 2026
NEEDS_LATE = dt.date(2026, 12, 2)


def test_default_rules_are_data_matching_the_defaults(db):
    stored = list(ReminderRule.objects.values_list("code", "offset_days", "escalate", "is_active"))
    assert stored == [(r.code, r.offset_days, r.escalate, True) for r in rules.DEFAULT_RULES]


def test_which_rule_is_due_on_which_day():
    offsets = [14, 7, 1, -1]
    due = dt.date(2027, 2, 1)
    due_on = {
        day: rules.current_offsets(offsets, due, day)
        for day in (due - dt.timedelta(days=n) for n in range(-5, 20))
    }
    fired = {day: offset for day, offset in due_on.items() if offset is not None}
    # On the rule's day and up to two days after (catch-up) until the next rule's day; never two
    # rules at once. A daily sweep sends each on its own day; the rows keep it to once.
    assert fired == {
        dt.date(2027, 1, 18): 14,
        dt.date(2027, 1, 19): 14,
        dt.date(2027, 1, 20): 14,
        dt.date(2027, 1, 25): 7,
        dt.date(2027, 1, 26): 7,
        dt.date(2027, 1, 27): 7,
        dt.date(2027, 1, 31): 1,
        dt.date(2027, 2, 1): 1,
        dt.date(2027, 2, 2): -1,
        dt.date(2027, 2, 3): -1,
        dt.date(2027, 2, 4): -1,
    }


def test_running_the_sweep_twice_sends_each_reminder_once(demo, django_capture_on_commit_callbacks):
    with at(NEEDS_14):
        first = sweep(django_capture_on_commit_callbacks)
        second = sweep(django_capture_on_commit_callbacks)
    assert first.created == 1 and second.created == 0
    assert len(mail.outbox) == 1
    assert Reminder.objects.get().status == Reminder.Status.SENT


def test_obligations_sync_is_cheap_when_nothing_changed(demo, django_assert_max_num_queries):
    first = obligations_sync(scheme_year=year())
    # Three per case (no report is owed before a vedtak) and one needs report per owner.
    assert first.created == 12 * 3 + 39  # 11 networks and the joint measures
    with django_assert_max_num_queries(10):
        again = obligations_sync(scheme_year=year())
    assert (again.created, again.updated) == (0, 0)


def test_an_inactive_owner_owes_nothing(demo, django_capture_on_commit_callbacks):
    obligations_sync(scheme_year=year())
    Owner.objects.filter(number="5059").update(is_active=False)
    obligations_sync(scheme_year=year())
    assert not Obligation.objects.get(owner__number="5059").is_active
    with at(NEEDS_14):
        assert sweep(django_capture_on_commit_callbacks).created == 0


def test_dry_run_lists_what_would_be_sent_and_changes_nothing(demo):
    out = io.StringIO()
    with at(NEEDS_14):
        call_command("send_reminders", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "14 dager før fristen" in text
    assert "eier@demo.kompetanseloftet.example" in text
    assert "Behovsmelding fra Orkland (Trøndelag sørvest)" in text
    assert "1 påminnelse(r) ville blitt sendt. Ingenting er endret." in text
    assert Obligation.objects.count() == 0
    assert Reminder.objects.count() == 0
    assert mail.outbox == []


def test_the_command_sends_for_a_given_day(demo, django_capture_on_commit_callbacks):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--today", "2026-12-02", stdout=out)
    # Orkland's contact, and the secretariat about all 39 owners (one email).
    assert "2026-12-02: 40 nye påminnelse(r) lagt i kø." in out.getvalue()
    assert sorted(m.to[0].split("@")[0] for m in mail.outbox) == ["eier", "sekretariat"]


def test_the_command_refuses_a_bad_date(db):
    with pytest.raises(CommandError, match="ÅÅÅÅ-MM-DD"):
        call_command("send_reminders", "--today", "17.11.2026")


def test_nothing_is_sent_for_what_was_done_between_recording_and_sending(
    demo, django_capture_on_commit_callbacks
):
    with at(NEEDS_14):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            send_due_reminders()
        submit_needs(demo)  # done before the worker got to the email
        for callback in callbacks:
            callback()
    reminder = Reminder.objects.get()
    assert (reminder.status, reminder.note) == (Reminder.Status.SKIPPED, str(MET))
    assert mail.outbox == []


def test_reminders_follow_the_memberships(demo, django_capture_on_commit_callbacks):
    orkland = Owner.objects.get(number="5059")
    second = UserFactory(username="eier2", email="eier2@example.org")
    membership_grant(user=second, role=Role.OWNER_CONTACT, owner=orkland)
    UserFactory(username="uten-epost", email="")  # no address: never reminded
    membership_grant(
        user=UserFactory(username="inaktiv", is_active=False),
        role=Role.OWNER_CONTACT,
        owner=orkland,
    )
    with at(NEEDS_14):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            send_due_reminders()
        # The second contact leaves the owner before the email goes out.
        Membership.objects.filter(user=second).delete()
        for callback in callbacks:
            callback()
    assert {
        r.recipient.username: r.status for r in Reminder.objects.select_related("recipient")
    } == {
        "eier": Reminder.Status.SENT,
        "eier2": Reminder.Status.SKIPPED,
    }
    assert Reminder.objects.get(recipient=second).note == str(NO_LONGER_RECIPIENT)
    assert [m.to for m in mail.outbox] == [["eier@demo.kompetanseloftet.example"]]


def test_an_obligation_gone_before_sending_is_not_sent(demo, django_capture_on_commit_callbacks):
    with at(NEEDS_14):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            send_due_reminders()
        Owner.objects.filter(number="5059").update(is_active=False)
        for callback in callbacks:
            callback()
    assert Reminder.objects.get().note == str(GONE)


@override_settings(
    SITE_URL="https://kompetanseloftet.example",
    DEFAULT_FROM_EMAIL="Kompetanseløftet <frist@kompetanseloftet.example>",
)
def test_the_email_says_what_is_due_where_and_when_in_norwegian(
    demo, django_capture_on_commit_callbacks
):
    with at(NEEDS_14):
        sweep(django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert message.from_email == "Kompetanseløftet <frist@kompetanseloftet.example>"
    assert message.to == ["eier@demo.kompetanseloftet.example"]
    assert message.subject == "Påminnelse: frist for behovsmelding 1. desember 2026 (om 14 dager)"
    text = message.body
    assert text.startswith("Hei Eva,")
    assert "du må sende behovsmeldingen til kompetansenettverket innen 1. desember 2026" in text
    assert "Tilskuddsår: 2027" in text
    assert "Behovsmelding fra Orkland (Trøndelag sørvest)" in text
    assert "Gjøres her: https://kompetanseloftet.example/" in text
    assert "https://kompetanseloftet.example/kalender/" in text
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="nb">' in html
    assert "<strong>1. desember 2026</strong> (om 14 dager)" in html
    assert 'href="https://kompetanseloftet.example/' in html
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


def test_the_responsible_is_told_the_day_after_that_the_deadline_passed(
    demo, django_capture_on_commit_callbacks
):
    with at(NEEDS_LATE):
        sweep(django_capture_on_commit_callbacks)
    eier = next(m for m in mail.outbox if m.to[0].startswith("eier@"))
    assert eier.subject == "Fristen for behovsmelding gikk ut 1. desember 2026"
    assert "(i går)" in eier.body
    assert "Den som følger opp fristen, har fått beskjed." in eier.body


def test_a_sent_reminder_is_recorded_as_an_event(demo, django_capture_on_commit_callbacks):
    with at(NEEDS_14):
        sweep(django_capture_on_commit_callbacks)
    event = Event.objects.get(kind="reminder_sent")
    assert event.year == 2027 and event.network.name == "Trøndelag sørvest"
    assert "Eva Eier" in event.message and "14 dager før fristen" in event.message


# Failures ------------------------------------------------------------------------------------


def smtp_down():
    return mock.patch(
        "django.core.mail.EmailMultiAlternatives.send",
        side_effect=smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
    )


def test_a_failing_mail_server_is_retried_then_marked_failed_visibly(
    demo, django_capture_on_commit_callbacks
):
    with at(NEEDS_14), smtp_down():
        sweep(django_capture_on_commit_callbacks)
    reminder = Reminder.objects.get()
    assert (reminder.status, reminder.attempts) == (Reminder.Status.QUEUED, 1)
    assert "SMTPServerDisconnected" in reminder.last_error
    assert reminder.queued_at > reminder.created_at  # the next try is scheduled, with backoff

    # Later tries (the requeue run every few minutes) until the cap.
    moment = dt.datetime(2026, 11, 17, 8, tzinfo=dt.UTC)
    with smtp_down():
        for attempt in range(2, rules.SEND_MAX_ATTEMPTS + 1):
            moment += dt.timedelta(hours=2)
            with (
                at(moment.date(), hour=moment.hour),
                django_capture_on_commit_callbacks(execute=True),
            ):
                assert reminders_requeue() == 1
            reminder.refresh_from_db()
            assert reminder.attempts == attempt
    assert reminder.status == Reminder.Status.FAILED
    assert mail.outbox == []
    assert Event.objects.filter(kind="reminder_failed").count() == 1
    # Failed reminders are not handed over again by themselves ...
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_requeue(older_than=dt.timedelta(0)) == 0
    # ... until an administrator retries them; inline (no broker) they go out at once.
    with at(NEEDS_14), django_capture_on_commit_callbacks(execute=True):
        assert reminders_retry(actor=demo["admin"], reminder_ids=[reminder.pk]) == 1
    reminder.refresh_from_db()
    assert reminder.status == Reminder.Status.SENT
    assert len(mail.outbox) == 1


def test_the_worker_retries_with_exponential_backoff(demo, django_capture_on_commit_callbacks):
    with at(NEEDS_14):
        with django_capture_on_commit_callbacks(execute=False):
            send_due_reminders()
        ids = list(Reminder.objects.values_list("pk", flat=True))
        countdowns = []

        class Retry(Exception):
            pass

        def retry(**kwargs):
            countdowns.append(kwargs["countdown"])
            assert kwargs["args"] == [ids]
            return Retry()

        with smtp_down(), mock.patch.object(send_reminder_email, "retry", side_effect=retry):
            for _ in range(rules.SEND_MAX_ATTEMPTS - 1):
                with pytest.raises(Retry):
                    send_reminder_email.run(ids)  # as a worker runs it (not inline)
            assert send_reminder_email.run(ids) == "failed"
    ceilings = [60, 120, 240, 480, 960]
    assert all(c // 2 <= got <= c for got, c in zip(countdowns, ceilings, strict=True))
    assert Reminder.objects.get().status == Reminder.Status.FAILED


def test_an_unexpected_error_fails_at_once_without_retrying(
    demo, django_capture_on_commit_callbacks
):
    with (
        at(NEEDS_14),
        mock.patch("config.mail.render_to_string", side_effect=ValueError("bad template")),
    ):
        sweep(django_capture_on_commit_callbacks)
    reminder = Reminder.objects.get()
    assert (reminder.status, reminder.attempts) == (Reminder.Status.FAILED, 1)
    assert "ValueError: bad template" in reminder.last_error


def test_a_broker_that_is_down_leaves_reminders_queued_until_it_is_back(
    demo, django_capture_on_commit_callbacks
):
    down = mock.patch.object(
        send_reminder_email, "delay", side_effect=OperationalError("Connection refused")
    )
    with at(NEEDS_LATE), down as delay:
        result = sweep(django_capture_on_commit_callbacks)
    assert result.created == 40
    assert delay.call_count == 1  # stops at the first failure: two emails, one timeout
    assert set(Reminder.objects.values_list("status", flat=True)) == {Reminder.Status.QUEUED}
    assert mail.outbox == []
    # Too soon: a reminder handed over minutes ago is not handed over again.
    with at(NEEDS_LATE), django_capture_on_commit_callbacks(execute=True):
        assert reminders_requeue() == 0
    # The broker is back; the requeue run (beat, every 5 minutes) hands them over.
    with at(NEEDS_LATE, hour=8), django_capture_on_commit_callbacks(execute=True):
        assert reminders_requeue() == 40
    assert set(Reminder.objects.values_list("status", flat=True)) == {Reminder.Status.SENT}
    assert len(mail.outbox) == 2


def test_rules_are_data_an_administrator_can_change(demo, django_capture_on_commit_callbacks):
    rule = ReminderRule.objects.get(code="14-dager-for")
    rule.kinds = ["ukjent"]
    with pytest.raises(ValidationError):
        rule.full_clean()
    # A rule for reports only: the 14-day needs reminder is no longer sent.
    rule.kinds = ["rapport"]
    rule.full_clean()
    rule.save()
    with at(NEEDS_14):
        assert sweep(django_capture_on_commit_callbacks).created == 0
    # All rules switched off: nothing at all, and the defaults do not come back.
    ReminderRule.objects.update(is_active=False)
    with at(NEEDS_LATE):
        assert sweep(django_capture_on_commit_callbacks).created == 0
    assert ReminderRule.objects.count() == 4


def test_an_emptied_rule_table_gets_the_defaults_again(demo, django_capture_on_commit_callbacks):
    ReminderRule.objects.all().delete()
    with at(NEEDS_14):
        assert sweep(django_capture_on_commit_callbacks).created == 1
    assert ReminderRule.objects.count() == len(rules.DEFAULT_RULES)
