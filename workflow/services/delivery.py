"""Underretning (fvl. § 27): a vedtak reaches each party (the network's host owner and each UH
institution of its partnership) and the appeal period counts from the day it did.

When a vedtak is made, ``deliveries_create`` makes one ``DeliveryRecord`` per party (in the
decision's transaction); reporting e-mails the letter to each party's postmottak after commit and
marks the record sent and delivered through ``delivery_claim``/``delivery_sent``/
``delivery_release``. A case officer may correct a delivered date (``delivery_correct``); a
repayment claim's day is recorded or corrected the same way (``settlement_delivery_correct``).
``Decision.notified_on`` is kept as the latest delivered date once every party has the vedtak.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import DomainError
from config.formatting import format_date_nb
from grants.events import document_event
from grants.models import Decision, DeliveryRecord, Settlement
from networks.models import User

from .. import permissions as perms
from ..messages import (
    DELIVERY_DATE_BEFORE_DECISION,
    DELIVERY_DATE_IN_FUTURE,
    DELIVERY_REASON_REQUIRED,
)
from ..models import Case
from ..rules import today
from ._common import permitted_in_open_year

#: A claimed delivery whose sender died is free again after this long.
CLAIM_TIMEOUT = dt.timedelta(minutes=15)


def deliveries_create(decision: Decision) -> list[DeliveryRecord]:
    """One delivery per party of a vedtak just made: by e-mail where the party has a postmottak
    address, otherwise by post (the case officer then records the day it arrived)."""
    from networks.models import Owner
    from networks.selectors import network_parties

    parties = [
        ("owner" if isinstance(party, Owner) else "university", party)
        for party in network_parties(decision.network)
    ]
    return DeliveryRecord.objects.bulk_create(
        [
            DeliveryRecord(
                decision=decision,
                **{kind: party},
                party_name=party.name,
                email=party.official_email,
                channel=DeliveryRecord.Channel.EMAIL
                if party.official_email
                else DeliveryRecord.Channel.POST,
            )
            for kind, party in parties
        ]
    )


def notified_on_refresh(decision_id: int) -> dt.date | None:
    """Set the vedtak's ``notified_on`` from its deliveries: the latest delivered date once
    every party has it, else empty (no appeal deadline yet). A vedtak without delivery records
    (made before they were kept) is left as it is."""
    dates = list(
        DeliveryRecord.objects.filter(decision_id=decision_id).values_list(
            "delivered_on", flat=True
        )
    )
    if not dates:
        return Decision.objects.filter(pk=decision_id).values_list("notified_on", flat=True)[0]
    known = [day for day in dates if day is not None]
    notified = max(known) if len(known) == len(dates) else None
    Decision.objects.filter(pk=decision_id).update(notified_on=notified)
    return notified


def _unsent(now):
    """Not sent, and not being sent (a claim older than ``CLAIM_TIMEOUT`` has died)."""
    return Q(sent_at__isnull=True) & (
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT)
    )


def _claimable(now):
    return _unsent(now) & Q(channel=DeliveryRecord.Channel.EMAIL)


def _claim(queryset, pk: int, claimable):
    """Claim one unsent row of ``queryset`` for sending (a row is claimed by one sender): the
    row, read from ``queryset``, or None when it is sent or someone else is sending it."""
    now = timezone.now()
    if not queryset.filter(claimable(now), pk=pk).update(claimed_at=now):
        return None
    return queryset.get(pk=pk)


def _release(queryset, pk: int, error: BaseException) -> None:
    """Sending failed: count the try, keep the error, free the row for the next try."""
    queryset.filter(pk=pk, sent_at__isnull=True).update(
        claimed_at=None,
        attempts=F("attempts") + 1,
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )


def _unsent_ids(queryset, claimable) -> list[int]:
    """The first rows of ``queryset`` still to be e-mailed and not being sent (for the periodic
    run)."""
    return list(
        queryset.filter(claimable(timezone.now())).order_by("pk").values_list("pk", flat=True)[:200]
    )


def _mark_sent(row: DeliveryRecord | Settlement) -> None:
    """The mail server accepted the e-mail: it reached the party today, unless a case officer
    has already recorded the day it did (it went by post while the mail server was down): that
    day stands, and the appeal period with it."""
    row.sent_at = timezone.now()
    if row.correction_reason:
        row.delivered_on = row.delivered_on or today()
    else:
        row.delivered_on = today()
    row.attempts = F("attempts") + 1  # type: ignore[assignment]
    row.last_error = ""
    row.save(update_fields=["sent_at", "delivered_on", "attempts", "last_error"])


def delivery_claim(record_id: int) -> DeliveryRecord | None:
    """Claim an unsent e-mail delivery for sending (a record is claimed by one sender)."""
    return _claim(
        DeliveryRecord.objects.select_related("decision__network", "decision__scheme_year"),
        record_id,
        _claimable,
    )


def delivery_sent(record: DeliveryRecord) -> DeliveryRecord:
    """The mail server accepted the e-mail: the vedtak reached the party today."""
    with transaction.atomic():
        _mark_sent(record)
        notified_on_refresh(record.decision_id)
        decision = record.decision
        document_event(
            decision,
            "decision_delivered",
            _("Vedtaket er sendt til %(party)s (%(email)s).")
            % {"party": record.party_name, "email": record.email},
            data={"delivery": record.pk},
        )
    record.refresh_from_db()
    return record


def delivery_release(record: DeliveryRecord, error: BaseException) -> None:
    """Sending failed: count the try, keep the error, free the record for the next try."""
    _release(DeliveryRecord.objects, record.pk, error)


def unsent_email_deliveries() -> list[int]:
    """E-mail deliveries of made vedtak not yet sent nor being sent (for the periodic run)."""
    return _unsent_ids(
        DeliveryRecord.objects.exclude(decision__status=Decision.Status.DRAFT), _claimable
    )


def _claim_sendable(now):
    return _unsent(now) & Q(kind=Settlement.Kind.REPAYMENT) & ~Q(email="")


def settlement_delivery_claim(settlement_id: int) -> Settlement | None:
    """Claim an unsent repayment claim that has a postmottak address for e-mailing its letter."""
    return _claim(
        Settlement.objects.select_related("network__host_owner", "scheme_year"),
        settlement_id,
        _claim_sendable,
    )


def settlement_delivery_sent(settlement: Settlement) -> Settlement:
    """The mail server accepted the claim's e-mail: it reached the party today, and its appeal
    period counts from today."""
    with transaction.atomic():
        _mark_sent(settlement)
        document_event(
            settlement,
            "repayment_claim_delivered",
            _("Kravet om tilbakebetaling er sendt til %(email)s.") % {"email": settlement.email},
        )
    settlement.refresh_from_db()
    return settlement


def settlement_delivery_release(settlement: Settlement, error: BaseException) -> None:
    """Sending the claim failed: count the try, keep the error, free it for the next try."""
    _release(Settlement.objects, settlement.pk, error)


def unsent_settlement_deliveries() -> list[int]:
    """Repayment claims with an address not yet e-mailed nor being e-mailed (periodic run)."""
    return _unsent_ids(Settlement.objects, _claim_sendable)


def _check_delivered_on(delivered_on: dt.date, reason: str, decided_at: dt.datetime | None) -> None:
    """A recorded or corrected delivery day has a reason, is not in the future and not before
    the decision it delivers."""
    if not reason.strip():
        raise DomainError(DELIVERY_REASON_REQUIRED, field="reason")
    if delivered_on > today():
        raise DomainError(DELIVERY_DATE_IN_FUTURE, field="delivered_on")
    if decided_at and delivered_on < timezone.localdate(decided_at):
        raise DomainError(DELIVERY_DATE_BEFORE_DECISION, field="delivered_on")


def _corrected(row: DeliveryRecord | Settlement, delivered_on, reason, actor, *fields) -> dict:
    """Set the corrected day on ``row`` and save it; the event's wording and data."""
    old = row.delivered_on
    row.delivered_on = delivered_on
    row.correction_reason = reason.strip()
    row.corrected_by = actor
    row.save(update_fields=["delivered_on", "correction_reason", "corrected_by", *fields])
    return {
        "old": format_date_nb(old) if old else "–",
        "new": format_date_nb(delivered_on),
        "reason": row.correction_reason,
        "old_iso": old.isoformat() if old else None,
    }


@transaction.atomic
def delivery_correct(
    *,
    actor: User,
    record: DeliveryRecord,
    delivered_on: dt.date,
    reason: str,
    channel: str | None = None,
) -> DeliveryRecord:
    """Correct the day a vedtak reached a party (e.g. it went by post), with a reason. The
    appeal deadline moves with it."""
    decision = record.decision
    case = Case.objects.get(scheme_year=decision.scheme_year, network=decision.network)
    permitted_in_open_year(perms.can_correct_delivery(actor, case), decision)
    _check_delivered_on(delivered_on, reason, decision.decided_at)
    if channel and channel not in DeliveryRecord.Channel.values:
        raise DomainError(_("Velg kanal."), field="channel")
    if channel:
        record.channel = channel
    change = _corrected(record, delivered_on, reason, actor, *(["channel"] if channel else []))
    notified_on_refresh(decision.pk)
    document_event(
        decision,
        "delivery_corrected",
        _("Mottatt-dato for %(party)s rettet fra %(old)s til %(new)s: %(reason)s")
        % {"party": record.party_name, **change},
        actor=actor,
        data={"delivery": record.pk, "old": change["old_iso"]},
    )
    return record


@transaction.atomic
def settlement_delivery_correct(
    *, actor: User, settlement: Settlement, delivered_on: dt.date, reason: str
) -> Settlement:
    """Record or correct the day a repayment claim reached the host owner (sent by post, or
    read later than the mail server accepted it), with a reason. The claim's appeal deadline
    counts from that day."""
    if not settlement.is_repayment:
        raise ValueError("only a repayment claim is delivered to a party")
    case = Case.objects.get(scheme_year=settlement.scheme_year, network=settlement.network)
    permitted_in_open_year(perms.can_correct_delivery(actor, case), settlement)
    _check_delivered_on(delivered_on, reason, settlement.decided_at)
    change = _corrected(settlement, delivered_on, reason, actor)
    document_event(
        settlement,
        "settlement_delivery_corrected",
        _("Mottatt-dato for kravet om tilbakebetaling rettet fra %(old)s til %(new)s: %(reason)s")
        % change,
        actor=actor,
        data={"settlement": settlement.pk, "old": change["old_iso"]},
    )
    return settlement
