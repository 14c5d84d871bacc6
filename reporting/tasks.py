"""Celery tasks: they only call services (the embedded default runs them inline).

Beat runs ``make_missing_letters`` every 15 minutes, so a vedtak made while the broker was down,
or whose letter task failed, gets its letters without anyone having to download them first.
"""

from __future__ import annotations

import logging

from celery import shared_task

from workflow.reminders.rules import SEND_MAX_ATTEMPTS, TRANSIENT_ERRORS, retry_countdown

from .delivery import DELIVER_TASK, decision_letter_deliver, deliveries_enqueue
from .services import (
    RUN_LETTER_BATCH_TASK,
    decision_letters_failure_record,
    decision_letters_make,
    decision_letters_make_missing,
    letter_batch_run,
)

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=3, default_retry_delay=30)
def make_decision_letters(self, decision_id: int) -> str:
    """Make the vedtak's letters, one to each party (once; later calls do nothing). A failed
    try leaves no file behind; the last failed try is recorded as an event on the decision, and
    the periodic task tries again later."""
    try:
        decision = decision_letters_make(decision_id=decision_id)
    except Exception as exc:
        if self.request.is_eager or self.request.retries >= self.max_retries:
            decision_letters_failure_record(decision_id=decision_id, error=exc)
            raise
        raise self.retry(exc=exc) from exc
    return ",".join(letter.number for letter in decision.letters.all())


@shared_task(name=RUN_LETTER_BATCH_TASK)
def run_letter_batch(batch_id: int) -> int:
    """Make every missing letter of a batch, counting progress."""
    return letter_batch_run(batch_id=batch_id).done


@shared_task(ignore_result=True)
def make_missing_letters() -> dict:
    """The periodic catch-up: the letters of every decided vedtak that has none."""
    from workflow.services import unsent_email_deliveries

    outcome = decision_letters_make_missing()
    handed = deliveries_enqueue(unsent_email_deliveries())
    return {"made": len(outcome.made), "failed": len(outcome.failed), "deliveries": handed}


@shared_task(
    name=DELIVER_TASK, bind=True, ignore_result=True, acks_late=True, max_retries=SEND_MAX_ATTEMPTS
)
def deliver_decision_letter(self, record_id: int) -> str:
    """E-mail one party its vedtaksbrev, once. A mail server that is down or refuses is tried
    again with exponential backoff (the reminders' schedule); the error and the tries are kept on
    the record, and the periodic run picks up what is still unsent."""
    try:
        sent = decision_letter_deliver(record_id=record_id)
    except TRANSIENT_ERRORS as exc:
        if self.request.is_eager or self.request.retries >= SEND_MAX_ATTEMPTS:
            logger.warning("Decision letter delivery %s not sent: %s", record_id, exc)
            return "not sent"
        raise self.retry(countdown=retry_countdown(self.request.retries + 1), exc=exc) from exc
    return "sent" if sent else "nothing to send"
