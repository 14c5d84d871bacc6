"""Celery tasks. Beat runs ``sweep_reminders`` every morning (07:00 Europe/Oslo) and
``requeue_reminders`` every few minutes; the worker sends the emails. With no broker configured
they run inline. Results are never stored (``ignore_result``): handing a task over then needs only
the broker, and fails fast when it is down instead of waiting on a result store."""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task

from .reminders import rules
from .reminders.services import (
    TRANSIENT_ERRORS,
    reminder_deliver,
    reminder_record_failure,
    reminders_requeue,
    send_due_reminders,
)

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def sweep_reminders(today: str | None = None) -> dict:
    """The daily sweep (``today`` as YYYY-MM-DD, for catching up or testing)."""
    result = send_due_reminders(today=dt.date.fromisoformat(today) if today else None)
    return {
        "today": result.today.isoformat(),
        "created": result.created,
        "requeued": result.requeued,
    }


@shared_task(ignore_result=True)
def requeue_reminders() -> int:
    """Hand over reminders left queued (the broker was down, or a failed one was retried)."""
    return reminders_requeue()


@shared_task(bind=True, ignore_result=True, acks_late=True, max_retries=rules.SEND_MAX_ATTEMPTS)
def send_reminder_email(self, reminder_ids: list[int]) -> str:
    """Send one reminder email (a group of reminders for one person). A mail server that is down
    or refuses is tried again with exponential backoff (with jitter, capped); after the last try
    the reminders are marked failed with the error, so nothing is lost silently. The tries are
    counted on the rows, so the cap holds across requeues and worker restarts."""
    try:
        delivery = reminder_deliver(reminder_ids=reminder_ids)
    except TRANSIENT_ERRORS as exc:
        failure = reminder_record_failure(reminder_ids=reminder_ids, error=exc)
        if not failure.retry_ids:
            logger.error("Reminder email %s failed for good: %s", reminder_ids, exc)
            return "failed"
        if self.request.is_eager:
            # Inline (no broker): nothing to wait in; the next sweep or requeue tries again.
            return "queued for another try"
        raise self.retry(
            args=[failure.retry_ids], countdown=failure.countdown, exc=exc, max_retries=None
        ) from exc
    except Exception as exc:
        # Not a passing mail-server problem (a bug, bad data): trying again would not help.
        logger.exception("Reminder email %s failed", reminder_ids)
        reminder_record_failure(reminder_ids=reminder_ids, error=exc, permanent=True)
        return "failed"
    return f"sent {len(delivery.sent)}, skipped {len(delivery.skipped)}"


# The notification emails live with the notifications; imported here so the worker finds them.
from .notifications.tasks import send_notification_digests, send_notification_email  # noqa: E402,F401
