"""Celery tasks: they only call services (the embedded default runs them inline).

Beat runs ``make_missing_letters`` every 15 minutes, so a vedtak made while the broker was down,
or whose letter task failed, gets its letters without anyone having to download them first.
"""

from __future__ import annotations

from celery import shared_task

from .services import (
    RUN_LETTER_BATCH_TASK,
    decision_letters_failure_record,
    decision_letters_make,
    decision_letters_make_missing,
    letter_batch_run,
)


@shared_task(bind=True, max_retries=3, default_retry_delay=30)
def make_decision_letters(self, decision_id: int) -> str:
    """Make the vedtaksbrev and the UH copy of one decision (once; later calls do nothing). A
    failed try leaves no file behind; the last failed try is recorded as an event on the
    decision, and the periodic task tries again later."""
    try:
        decision = decision_letters_make(decision_id=decision_id)
    except Exception as exc:
        if self.request.is_eager or self.request.retries >= self.max_retries:
            decision_letters_failure_record(decision_id=decision_id, error=exc)
            raise
        raise self.retry(exc=exc) from exc
    return decision.letter_sha256


@shared_task(name=RUN_LETTER_BATCH_TASK)
def run_letter_batch(batch_id: int) -> int:
    """Make every missing letter of a batch, counting progress."""
    return letter_batch_run(batch_id=batch_id).done


@shared_task(ignore_result=True)
def make_missing_letters() -> dict:
    """The periodic catch-up: the letters of every decided vedtak that has none."""
    outcome = decision_letters_make_missing()
    return {"made": len(outcome.made), "failed": len(outcome.failed)}
