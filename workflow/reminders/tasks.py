"""Celery tasks of the reminders. Beat runs ``sweep_reminders`` every morning (07:00
Europe/Oslo) and ``requeue_reminders`` every 5 minutes; the worker sends the emails. With no
broker configured they run inline. Results are never stored (``ignore_result``): handing a task
over then needs only the broker, and fails fast when it is down instead of waiting on a result
store. The tasks only call services; the services hand work over by the names in ``rules``.

``acks_late`` with ``reject_on_worker_lost``: a message is acknowledged when its task has
finished, and a worker killed mid-task leaves it to be delivered again. That is safe because the
rows, not the messages, say what is left to do: a second delivery finds the reminders already
claimed and sends nothing.
"""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task

from . import rules
from .services import (
    DATABASE_ERRORS,
    reminder_record_failure,
    reminders_claim,
    reminders_fail_stale_sending,
    reminders_mark_sent,
    reminders_requeue,
    send_due_reminders,
)

logger = logging.getLogger(__name__)


@shared_task(name=rules.SWEEP_TASK, ignore_result=True)
def sweep_reminders(today: str | None = None) -> dict:
    """The daily sweep (``today`` as YYYY-MM-DD, for catching up or testing)."""
    result = send_due_reminders(today=dt.date.fromisoformat(today) if today else None)
    return {
        "today": result.today.isoformat(),
        "created": result.created,
        "requeued": result.requeued,
    }


@shared_task(name=rules.REQUEUE_TASK, ignore_result=True)
def requeue_reminders() -> int:
    """Hand over reminders left queued (the broker was down, a worker lost the message, or a
    failed one was queued again), and mark failed those left "sending" by a stopped worker."""
    stale = reminders_fail_stale_sending()
    if stale:
        logger.error("%s reminder(s) were left half-sent by a stopped worker; marked failed", stale)
    return reminders_requeue()


@shared_task(
    name=rules.SEND_TASK,
    bind=True,
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=None,
)
def send_reminder_email(self, reminder_ids: list[int], sent_ids: list[int] | None = None) -> str:
    """Send one reminder email (a group of reminders for one person) in three steps: claim the
    rows (committed as "sending"), ask the mail server, mark them sent.

    - The mail server down or refusing: tried again with exponential backoff (with jitter,
      capped); after the last try the reminders are marked failed with the error. The tries are
      counted on the rows, so the cap holds across requeues and worker restarts.
    - The database unreachable: tried again after a short wait (``rules.db_retry_countdown``).
      If it fails while marking a sent message, only the marking is tried again (``sent_ids``),
      never the sending.
    - Anything else (a bug, bad data): marked failed at once; trying again would not help.
    """
    if sent_ids:
        try:
            reminders_mark_sent(reminder_ids=sent_ids)
        except DATABASE_ERRORS as exc:
            return _retry_database(self, exc, reminder_ids, sent_ids)
        return f"marked {len(sent_ids)} sent"
    try:
        delivery = reminders_claim(reminder_ids=reminder_ids)
    except DATABASE_ERRORS as exc:
        return _retry_database(self, exc, reminder_ids)
    except Exception as exc:
        return _fail_for_good(reminder_ids, exc)
    if delivery.message is None:
        return f"sent 0, skipped {len(delivery.skipped)}"
    try:
        delivery.message.send(fail_silently=False)
    except rules.TRANSIENT_ERRORS as exc:
        failure = reminder_record_failure(reminder_ids=delivery.sent_ids, error=exc)
        if not failure.retry_ids:
            logger.error("Reminder email %s failed for good: %s", reminder_ids, exc)
            return "failed"
        if self.request.is_eager:
            # Inline (no broker): nothing to wait in; the next sweep or requeue tries again.
            return "queued for another try"
        raise self.retry(args=[failure.retry_ids], countdown=failure.countdown, exc=exc) from exc
    except Exception as exc:
        return _fail_for_good(delivery.sent_ids, exc)
    try:
        reminders_mark_sent(reminder_ids=delivery.sent_ids)
    except DATABASE_ERRORS as exc:
        return _retry_database(self, exc, reminder_ids, delivery.sent_ids)
    return f"sent {len(delivery.sent)}, skipped {len(delivery.skipped)}"


def _retry_database(self, exc: BaseException, reminder_ids, sent_ids=None) -> str:
    """The database is away for a moment: try again soon. The rows are untouched (still queued,
    or still "sending" with the message sent), so giving up leaves them to the requeue run."""
    retries = self.request.retries or 0
    if self.request.is_eager or retries >= rules.DB_RETRY_MAX:
        logger.error(
            "Reminder email %s: database unavailable, left for the requeue run: %s",
            reminder_ids,
            exc,
        )
        return "database unavailable"
    logger.warning("Reminder email %s: database unavailable, trying again: %s", reminder_ids, exc)
    raise self.retry(
        args=[reminder_ids],
        kwargs={"sent_ids": sent_ids} if sent_ids else {},
        countdown=rules.db_retry_countdown(retries),
        exc=exc,
    ) from exc


def _fail_for_good(reminder_ids: list[int], exc: BaseException) -> str:
    logger.exception("Reminder email %s failed", reminder_ids)
    reminder_record_failure(reminder_ids=reminder_ids, error=exc, permanent=True)
    return "failed"
