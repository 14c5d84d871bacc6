"""The reminder defaults and who answers for each kind of obligation. Imports no models.

Rules are data (``ReminderRule`` rows, editable in the admin); the defaults below are what the
first migration puts there: remind 14, 7 and 1 days before a deadline, and on the day after it has
passed remind again and tell the body that follows up (escalation).
"""

from __future__ import annotations

import datetime as dt
import random
import smtplib
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from networks.roles import Role

#: Errors worth trying again later: the mail server is down, slow or refuses for now.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (smtplib.SMTPException, OSError)


class ObligationKind(models.TextChoices):
    BEHOVSMELDING = "behovsmelding", _("Behovsmelding")
    BESLUTNINGSGRUNNLAG = "beslutningsgrunnlag", _("Beslutningsgrunnlag")
    INNSTILLING = "innstilling", _("Innstilling")
    VEDTAK = "vedtak", _("Vedtak")
    RAPPORT = "rapport", _("Rapport")


class Party(models.TextChoices):
    """Who answers for an obligation, resolved from memberships when a reminder is made."""

    OWNER = "eier", _("eierkontaktene til eieren")
    PARTNERSHIP = "partnerskap", _("partnerskapet (nettverkskoordinator og UH-kontakter)")
    SECRETARIAT = "forumsekretariat", _("sekretariatet for samarbeidsforum")
    STATSFORVALTER = "statsforvalter", _("Statsforvalteren")


#: Who must do what is due.
RESPONSIBLE: dict[str, Party] = {
    ObligationKind.BEHOVSMELDING: Party.OWNER,
    ObligationKind.BESLUTNINGSGRUNNLAG: Party.PARTNERSHIP,
    ObligationKind.INNSTILLING: Party.SECRETARIAT,
    ObligationKind.VEDTAK: Party.STATSFORVALTER,
    ObligationKind.RAPPORT: Party.PARTNERSHIP,
}

#: Who is told when a deadline has passed (rules with ``escalate``). Kinds not listed have none:
#: the secretariat and Statsforvalteren are themselves responsible for the innstilling and vedtak.
ESCALATION: dict[str, Party] = {
    ObligationKind.BEHOVSMELDING: Party.SECRETARIAT,
    ObligationKind.BESLUTNINGSGRUNNLAG: Party.SECRETARIAT,
    ObligationKind.RAPPORT: Party.STATSFORVALTER,
}

#: The role behind each regional party.
PARTY_ROLE = {Party.SECRETARIAT: Role.FORUM_SECRETARIAT, Party.STATSFORVALTER: Role.STATSFORVALTER}

#: What the person has to do, for the emails ("Du må ...").
ACTION = {
    ObligationKind.BEHOVSMELDING: _("sende behovsmeldingen til kompetansenettverket"),
    ObligationKind.BESLUTNINGSGRUNNLAG: _("sende beslutningsgrunnlaget til samarbeidsforum"),
    ObligationKind.INNSTILLING: _("sende innstillingen til Statsforvalteren"),
    ObligationKind.VEDTAK: _("fatte vedtak om tilskudd"),
    ObligationKind.RAPPORT: _("sende rapporten til Statsforvalteren"),
}


@dataclass(frozen=True)
class DefaultRule:
    code: str
    name: str
    offset_days: int
    escalate: bool = False


#: ``offset_days`` counts days before the deadline; negative counts days after it.
DEFAULT_RULES = (
    DefaultRule("14-dager-for", "14 dager før fristen", 14),
    DefaultRule("7-dager-for", "7 dager før fristen", 7),
    DefaultRule("1-dag-for", "1 dag før fristen", 1),
    DefaultRule("dagen-etter", "Dagen etter fristen (med varsel)", -1, escalate=True),
)

#: A sweep that did not run on a rule's day (beat or server down) still sends that rule's
#: reminder for this many days, unless a later rule has become due meanwhile.
CATCH_UP_DAYS = 3

#: Reminders recorded but not handed to the broker (it was down, or a worker lost the message)
#: are handed over again by the next sweep or requeue run once they are this old. Beat runs the
#: requeue every ``REQUEUE_AFTER`` too, so such a reminder goes out 5 to 10 minutes late. Handing
#: a reminder over twice is harmless: the email task takes only rows still queued.
REQUEUE_AFTER = dt.timedelta(minutes=5)

#: A reminder claimed for sending (committed as "sending" before the mail server is asked) that
#: has not been marked sent after this long: the worker stopped while sending, so whether the
#: message went out is unknown. The requeue run marks it failed with that explanation instead of
#: sending it again; an administrator decides (the admin's "send again" action).
SENDING_STALE_AFTER = dt.timedelta(minutes=30)

#: The Celery task names (beat's schedule and the hand-over refer to the tasks by name, so the
#: services need not import the tasks module that imports them).
SWEEP_TASK = "workflow.reminders.tasks.sweep_reminders"
REQUEUE_TASK = "workflow.reminders.tasks.requeue_reminders"
SEND_TASK = "workflow.reminders.tasks.send_reminder_email"

#: Sending an email: a failed try is repeated with exponential backoff (seconds, with jitter,
#: capped); after ``SEND_MAX_ATTEMPTS`` tries the reminder is marked failed, with the error.
SEND_MAX_ATTEMPTS = 6
SEND_BACKOFF_FACTOR = 60
SEND_BACKOFF_MAX = 3600


#: The database was unreachable (a restart, a failover): the email task tries again after 5, 10,
#: 20 … seconds, capped at 5 minutes, up to ``DB_RETRY_MAX`` times (about half an hour); after
#: that the rows are still queued and the requeue run hands them over again.
DB_RETRY_BASE = 5
DB_RETRY_MAX_DELAY = 300
DB_RETRY_MAX = 10


def db_retry_countdown(retries: int) -> int:
    return min(DB_RETRY_MAX_DELAY, DB_RETRY_BASE * 2**retries)


def retry_countdown(attempts: int) -> int:
    """Seconds to wait after ``attempts`` failed tries: 1, 2, 4, 8 … minutes up to an hour, with
    "equal jitter" (somewhere in the upper half) so many failures do not retry in lockstep."""
    ceiling = min(SEND_BACKOFF_MAX, SEND_BACKOFF_FACTOR * 2 ** max(attempts - 1, 0))
    return random.randint(ceiling // 2, ceiling)


def fire_date(due_date: dt.date, offset_days: int) -> dt.date:
    """The day a rule's reminder is due for a deadline."""
    return due_date - dt.timedelta(days=offset_days)


def current_offsets(offsets: list[int], due_date: dt.date, today: dt.date) -> int | None:
    """The rule offset whose reminder is due ``today`` for a deadline on ``due_date``: the latest
    rule whose day has come, if that day is at most ``CATCH_UP_DAYS - 1`` days ago. None if no
    rule is due. ``offsets`` may be in any order."""
    best: int | None = None
    for offset in offsets:
        fired = fire_date(due_date, offset)
        if fired <= today and (best is None or offset < best):
            best = offset
    if best is None or (today - fire_date(due_date, best)).days >= CATCH_UP_DAYS:
        return None
    return best


def due_window(offsets: list[int], today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The range of deadlines (exclusive low, inclusive high) for which some rule may be due today:
    a cheap database filter before ``current_offsets`` decides."""
    if not offsets:
        return None
    low = today + dt.timedelta(days=min(offsets) - CATCH_UP_DAYS)
    high = today + dt.timedelta(days=max(offsets))
    return low, high
