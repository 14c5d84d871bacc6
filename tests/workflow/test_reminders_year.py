"""A whole scheme year, day by day, with the clock moved by time-machine and the sweep run every
morning at 07:00 as beat runs it: the right people get the right reminders on the right days,
nothing is sent for what is done, and the day after a deadline the follow-up body is told."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from workflow.reminders.models import Reminder

from .reminder_steps import (
    FRAME,
    at,
    days,
    decide,
    local_deadline,
    open_reporting,
    recommend,
    submit_basis,
    submit_needs,
    submit_report,
    sweep,
    username_of,
)

D = dt.date


@pytest.fixture(autouse=True)
def frame(monkeypatch):
    """The decision basis must fit the frozen frame; here every network's frame is 1 000 000 kr."""
    monkeypatch.setattr("workflow.rules.basis.case_frame", lambda case: FRAME)


def run_year(capture, first: dt.date, last: dt.date, actions: dict) -> dict:
    """Sweep every morning from ``first`` to ``last``; ``actions[day]`` is done at 06:00 that day.
    Returns {day: {username: [email, ...]}} for the days anything was sent."""
    sent: dict = {}
    for day in days(first, last):
        if day in actions:
            with at(day, hour=6):
                actions[day]()
        with at(day):
            mail.outbox.clear()
            sweep(capture)
            if mail.outbox:
                by_user: dict = {}
                for message in mail.outbox:
                    by_user.setdefault(username_of(message.to[0]), []).append(message)
                sent[day] = by_user
    return sent


def counts(sent: dict) -> dict:
    return {
        day: {user: len(msgs) for user, msgs in by_user.items()} for day, by_user in sent.items()
    }


def test_a_whole_year_of_reminders(demo, django_capture_on_commit_callbacks):
    users = demo
    actions = {
        # Orkland's owner contact sends the needs report after the first reminder.
        D(2026, 11, 20): lambda: submit_needs(users),
        # Trøndelag sørvest's partnership submits its decision basis in time; the others do not.
        D(2027, 1, 20): lambda: submit_basis(users),
        D(2027, 2, 20): lambda: recommend(users),
        D(2027, 3, 5): lambda: decide(users),
        D(2027, 3, 10): lambda: open_reporting(users),
    }
    sent = run_year(django_capture_on_commit_callbacks, D(2026, 11, 1), D(2027, 7, 15), actions)

    both = {"koordinator": 1, "uh": 1}
    # Both of Statsforvalteren's case officers (the one who prepares, the one who approves).
    forum_and_state = {"sekretariat": 1, "statsforvalter": 1, "godkjenner": 1}
    assert counts(sent) == {
        # Behovsmelding (due 1 December): the owner contact once, then it is sent; the day after,
        # the secretariat is told about the owners that have not sent theirs.
        D(2026, 11, 17): {"eier": 1},
        D(2026, 12, 2): {"sekretariat": 1},
        # Beslutningsgrunnlag (due 1 February): the coordinator until Sørvest submits; the NTNU
        # contact for its seven partnerships (the joint measures' too), then for the six still
        # open; the day after, the
        # secretariat is told.
        D(2027, 1, 18): both,
        D(2027, 1, 25): {"uh": 1},
        D(2027, 1, 31): {"uh": 1},
        D(2027, 2, 2): {"uh": 1, "sekretariat": 1},
        # Innstilling (by the vedtak deadline, 15 March) to the secretariat and vedtak to
        # Statsforvalteren, for the networks not yet done; no escalation for these two.
        D(2027, 3, 1): forum_and_state,
        D(2027, 3, 8): forum_and_state,
        D(2027, 3, 14): forum_and_state,
        D(2027, 3, 16): forum_and_state,
        # Rapport (due 30 June) only where a vedtak is in force: Sørvest's partnership, and the
        # day after Statsforvalteren is told.
        D(2027, 6, 16): both,
        D(2027, 6, 23): both,
        D(2027, 6, 29): both,
        D(2027, 7, 1): {"koordinator": 1, "uh": 1, "statsforvalter": 1, "godkjenner": 1},
    }

    def body(day, user):
        return sent[day][user][0].body

    # What each email is about.
    assert "Behovsmelding fra Orkland (Trøndelag sørvest)" in body(D(2026, 11, 17), "eier")
    assert "om 14 dager" in body(D(2026, 11, 17), "eier")
    late_needs = body(D(2026, 12, 2), "sekretariat")
    assert "Behovsmelding fra Frøya (Trøndelag sørvest)" in late_needs
    assert "Orkland" not in late_needs  # sent on time
    assert late_needs.count("Behovsmelding fra") == 38
    assert sent[D(2026, 12, 2)]["sekretariat"][0].subject.startswith("Til orientering")

    ntnu_first = body(D(2027, 1, 18), "uh")
    assert ntnu_first.count("Beslutningsgrunnlag for") == 7
    ntnu_later = body(D(2027, 1, 25), "uh")
    assert ntnu_later.count("Beslutningsgrunnlag for") == 6
    assert "Trøndelag sørvest" not in ntnu_later
    assert "Beslutningsgrunnlag for Trøndelag sørvest" in body(D(2027, 1, 18), "koordinator")
    late_bases = body(D(2027, 2, 2), "sekretariat")
    assert late_bases.count("Beslutningsgrunnlag for") == 11
    assert "Trøndelag sørvest" not in late_bases

    # Ten networks and the joint measures still wait for the innstilling.
    assert body(D(2027, 3, 1), "sekretariat").count("Innstilling for") == 11
    assert body(D(2027, 3, 1), "statsforvalter").count("Vedtak for") == 12
    assert body(D(2027, 3, 8), "statsforvalter").count("Vedtak for") == 11  # Sørvest decided
    assert "i morgen" in body(D(2027, 3, 14), "statsforvalter")
    assert "Fristen for å fatte vedtak om tilskudd gikk ut" in body(
        D(2027, 3, 16), "statsforvalter"
    )

    assert "Rapport for Trøndelag sørvest" in body(D(2027, 6, 16), "koordinator")
    assert sent[D(2027, 7, 1)]["statsforvalter"][0].subject.startswith("Til orientering")
    assert "Rapport for Trøndelag sørvest" in body(D(2027, 7, 1), "statsforvalter")

    # The forum member and the administrator are never reminded of anything.
    assert not any({"forum", "admin"} & set(by_user) for by_user in sent.values())
    # Every recorded reminder was sent, each once.
    assert set(Reminder.objects.values_list("status", flat=True)) == {Reminder.Status.SENT}
    assert sum(len(m) for by_user in sent.values() for m in by_user.values()) == sum(
        sum(c.values()) for c in counts(sent).values()
    )


def test_no_reminders_for_a_report_sent_in_time(demo, django_capture_on_commit_callbacks):
    users = demo
    actions = {
        D(2027, 1, 20): lambda: submit_basis(users),
        D(2027, 2, 20): lambda: recommend(users),
        D(2027, 3, 5): lambda: decide(users),
        D(2027, 3, 10): lambda: open_reporting(users),
        D(2027, 6, 20): lambda: submit_report(users),
    }
    sent = run_year(django_capture_on_commit_callbacks, D(2027, 1, 19), D(2027, 7, 10), actions)
    report_days = {day for day in sent if day >= D(2027, 6, 1)}
    assert report_days == {D(2027, 6, 16)}  # 14 days before; then the report is sent
    assert counts(sent)[D(2027, 6, 16)] == {"koordinator": 1, "uh": 1}


def test_a_moved_deadline_gets_fresh_reminders(demo, django_capture_on_commit_callbacks):
    users = demo
    actions = {
        # After the first reminder for 1 December, Sørvest moves its local deadline to 10 December.
        D(2026, 11, 20): lambda: local_deadline(users, D(2026, 12, 10)),
    }
    sent = run_year(django_capture_on_commit_callbacks, D(2026, 11, 10), D(2026, 12, 15), actions)
    eier_days = sorted(day for day, by_user in sent.items() if "eier" in by_user)
    assert eier_days == [
        D(2026, 11, 17),
        D(2026, 11, 26),
        D(2026, 12, 3),
        D(2026, 12, 9),
        D(2026, 12, 11),
    ]
    assert "1. desember 2026" in sent[D(2026, 11, 17)]["eier"][0].body
    assert "10. desember 2026" in sent[D(2026, 11, 26)]["eier"][0].body
    # The secretariat hears of each network's late owners the day after that network's deadline.
    assert "Trøndelag sørvest" not in sent[D(2026, 12, 2)]["sekretariat"][0].body
    late_sorvest = sent[D(2026, 12, 11)]["sekretariat"][0].body
    assert late_sorvest.count("Behovsmelding fra") == 6
    assert set(
        Reminder.objects.filter(recipient=users["eier"]).values_list("due_date", flat=True)
    ) == {D(2026, 12, 1), D(2026, 12, 10)}


def test_a_sweep_that_missed_days_catches_up_with_the_latest_rule_only(
    demo, django_capture_on_commit_callbacks
):
    # Beat was down; the first sweep runs on 25 November, the day after the 7-day reminder.
    with at(D(2026, 11, 25)):
        result = sweep(django_capture_on_commit_callbacks)
    assert [p.reminder.rule.code for p in result.planned] == ["7-dager-for"]
    assert "om 6 dager" in mail.outbox[0].body
    mail.outbox.clear()
    # Two days late still sends (14-day reminder, due 18 January); three days late is too late:
    # nothing until the next rule.
    with at(D(2027, 1, 20)):
        # Rows: Sørvest's coordinator 1, the NTNU contact 7 (one email for the seven).
        assert sweep(django_capture_on_commit_callbacks).created == 8
    assert len(mail.outbox) == 2
    mail.outbox.clear()
    Reminder.objects.filter(obligation__kind="beslutningsgrunnlag").delete()
    with at(D(2027, 1, 21)):
        assert sweep(django_capture_on_commit_callbacks).created == 0
    assert mail.outbox == []
