"""Celery tasks for notification emails; ``WorkflowConfig.ready`` imports them so the worker finds
them. Beat runs ``send_notification_digests`` once a day."""

from __future__ import annotations

import logging

from celery import shared_task

from ..reminders.rules import SEND_MAX_ATTEMPTS, TRANSIENT_ERRORS, retry_countdown
from .kinds import SEND_TASK

logger = logging.getLogger(__name__)


@shared_task(
    name=SEND_TASK, bind=True, ignore_result=True, acks_late=True, max_retries=SEND_MAX_ATTEMPTS
)
def send_notification_email(self, notification_id: int) -> str:
    """Send one notification's email, once. A mail server that is down or refuses is tried again
    with exponential backoff (the reminders' schedule); the error and the tries are kept on the
    row, and the daily run picks up what is still unsent."""
    from .services import notification_email_send

    try:
        sent = notification_email_send(notification_id=notification_id)
    except TRANSIENT_ERRORS as exc:
        if self.request.is_eager or self.request.retries >= SEND_MAX_ATTEMPTS:
            logger.warning("Notification email %s not sent: %s", notification_id, exc)
            return "not sent"
        raise self.retry(countdown=retry_countdown(self.request.retries + 1), exc=exc) from exc
    return "sent" if sent else "nothing to send"


@shared_task(ignore_result=True)
def send_notification_digests() -> dict:
    """The daily digest emails (and immediate ones the broker never got)."""
    from .services import notification_digests_send

    result = notification_digests_send()
    return {
        "sent": result.sent,
        "notifications": result.notifications,
        "handed_over": result.handed_over,
        "failed": len(result.failed),
    }
