"""Celery tasks: they only call services (the embedded default runs them inline).

Beat runs ``make_missing_letters`` every 15 minutes, so a vedtak made while the broker was down,
or whose letter task failed, gets its letters without anyone having to download them first.
"""

from __future__ import annotations

import logging

from celery import shared_task

from workflow.reminders.rules import SEND_MAX_ATTEMPTS, TRANSIENT_ERRORS, retry_countdown

from .delivery import (
    DELIVER_TASK,
    REPAYMENT_DELIVER_TASK,
    decision_letter_deliver,
    deliveries_enqueue,
    repayment_letter_deliver,
)
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
    from workflow.services import unsent_email_deliveries, unsent_settlement_deliveries

    outcome = decision_letters_make_missing()
    handed = deliveries_enqueue(unsent_email_deliveries())
    handed += deliveries_enqueue(unsent_settlement_deliveries(), REPAYMENT_DELIVER_TASK)
    return {"made": len(outcome.made), "failed": len(outcome.failed), "deliveries": handed}


def _send_or_retry(task, send, pk: int, what: str) -> str:
    """Send once; a mail server that is down or refuses is tried again with exponential backoff
    (the reminders' schedule). The error and the tries are kept on the row, and the periodic run
    picks up what is still unsent."""
    try:
        sent = send(pk)
    except TRANSIENT_ERRORS as exc:
        if task.request.is_eager or task.request.retries >= SEND_MAX_ATTEMPTS:
            logger.warning("%s %s not sent: %s", what, pk, exc)
            return "not sent"
        raise task.retry(countdown=retry_countdown(task.request.retries + 1), exc=exc) from exc
    return "sent" if sent else "nothing to send"


@shared_task(
    name=DELIVER_TASK, bind=True, ignore_result=True, acks_late=True, max_retries=SEND_MAX_ATTEMPTS
)
def deliver_decision_letter(self, record_id: int) -> str:
    """E-mail one party its vedtaksbrev, once."""
    return _send_or_retry(
        self, lambda pk: decision_letter_deliver(record_id=pk), record_id, "Delivery"
    )


@shared_task(
    name=REPAYMENT_DELIVER_TASK,
    bind=True,
    ignore_result=True,
    acks_late=True,
    max_retries=SEND_MAX_ATTEMPTS,
)
def deliver_repayment_letter(self, settlement_id: int) -> str:
    """E-mail a repayment claim's letter to the host owner's postmottak, once."""
    return _send_or_retry(
        self, lambda pk: repayment_letter_deliver(settlement_id=pk), settlement_id, "Repayment"
    )
