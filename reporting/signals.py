"""Receivers for the workflow's signals. Connected in ``ReportingConfig.ready``."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


def queue_decision_letters(sender, decision, actor=None, **kwargs) -> None:
    """A vedtak was made and committed: queue its letters.

    A failure here (broker down, or the inline task failing) must not turn the committed vedtak
    into an error page: it is logged, and the letters are made by the periodic task
    (``make_missing_letters``, every 15 minutes), on first download, or by the year's batch.
    """
    from .tasks import make_decision_letters

    try:
        make_decision_letters.delay(decision.pk)
    except Exception:
        logger.exception("Could not make or queue the letters of decision %s", decision.pk)


def queue_decision_deliveries(sender, decision, actor=None, **kwargs) -> None:
    """A vedtak was made and committed: e-mail its letter to each party's postmottak."""
    from grants.models import DeliveryRecord

    from .delivery import deliveries_enqueue

    ids = DeliveryRecord.objects.filter(
        decision_id=decision.pk, channel=DeliveryRecord.Channel.EMAIL, sent_at__isnull=True
    ).values_list("pk", flat=True)
    deliveries_enqueue(list(ids))


def queue_repayment_delivery(sender, settlement, actor=None, **kwargs) -> None:
    """A repayment claim was committed: e-mail its letter to the host owner's postmottak (a
    claim without an address stays unsent and is shown as such)."""
    from .delivery import REPAYMENT_DELIVER_TASK, deliveries_enqueue

    if settlement.kind == settlement.Kind.REPAYMENT and settlement.email:
        deliveries_enqueue([settlement.pk], REPAYMENT_DELIVER_TASK)


def make_appeal_letter(sender, appeal, actor=None, **kwargs) -> None:
    """An appeal was dismissed or forwarded and committed: make its letter (the dismissal, or
    the cover letter). A failure is logged; the periodic task makes what is missing."""
    from .services import appeal_letter_make

    try:
        appeal_letter_make(appeal_id=appeal.pk, actor=actor)
    except Exception:
        logger.exception("Could not make the letter of appeal %s", appeal.pk)
