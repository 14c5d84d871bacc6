"""Reminder and notification e-mails and the calendar feed are in the recipient's language: their
choice on the profile, otherwise bokmål (never the language of whoever triggered the sending)."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.utils import translation

from networks.models import User
from workflow.reminders.calendar import calendar_feed

from .helpers import submit_needs
from .reminder_steps import at, sweep

NEEDS_14 = dt.date(2026, 11, 17)  # 14 days before the needs deadline, 1 December 2026


def test_a_nynorsk_user_gets_the_reminder_in_nynorsk(demo, django_capture_on_commit_callbacks):
    User.objects.filter(username="eier").update(language="nn")
    with at(NEEDS_14), translation.override("en"):
        sweep(django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert message.subject == "Påminning: frist for behovsmelding 1. desember 2026 (om 14 dagar)"
    assert message.body.startswith("Hei Eva,")
    assert "du må sende behovsmeldinga til kompetansenettverket innan 1. desember 2026" in (
        message.body
    )
    assert "Tilskotsår: 2027" in message.body
    html, _mimetype = message.alternatives[0]
    assert '<html lang="nn">' in html and "(om 14 dagar)" in html


def test_without_a_choice_the_reminder_is_in_bokmal(demo, django_capture_on_commit_callbacks):
    with at(NEEDS_14), translation.override("en"):
        sweep(django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert message.subject.startswith("Påminnelse: frist for behovsmelding")


def test_the_calendar_feed_is_in_the_users_language(demo):
    eier = User.objects.get(username="eier")
    eier.language = "nn"
    feed = calendar_feed(user=eier, today=NEEDS_14).decode()
    assert "Kompetanseløftet – fristar" in feed
    eier.language = ""
    assert "Kompetanseløftet – frister" in calendar_feed(user=eier, today=NEEDS_14).decode()


def test_a_notification_e_mail_is_in_the_recipients_language(
    demo, frozen_year, travel, django_capture_on_commit_callbacks
):
    User.objects.filter(username="eier").update(language="nn")
    travel(dt.datetime(2026, 11, 25, 10, 0))
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        submit_needs(demo, frozen_year)
    receipt = next(m for m in mail.outbox if m.to == [demo["eier"].email])
    assert receipt.subject.startswith("Kvittering: Behovsmelding for 2027 frå Orkland")
    assert '<html lang="nn">' in receipt.alternatives[0][0]
    # The coordinator made no choice: bokmål, whatever language the sender used.
    other = next(m for m in mail.outbox if m.to != [demo["eier"].email])
    assert '<html lang="nb">' in other.alternatives[0][0]
