"""Celery tasks: they only call services (the embedded default runs them inline)."""

from __future__ import annotations

from celery import shared_task


@shared_task(bind=True, max_retries=3, default_retry_delay=30)
def make_decision_letters(self, decision_id: int) -> str:
    """Make the vedtaksbrev and the UH copy of one decision (once; later calls do nothing)."""
    from .services import decision_letters_make

    try:
        decision = decision_letters_make(decision_id=decision_id)
    except Exception as exc:
        if self.request.is_eager:
            raise
        raise self.retry(exc=exc) from exc
    return decision.letter_sha256


@shared_task
def run_letter_batch(batch_id: int) -> int:
    """Make every missing letter of a batch, counting progress."""
    from .services import letter_batch_run

    return letter_batch_run(batch_id=batch_id).done
