"""Writes: ``notify`` (the one way a notification is made, in the caller's transaction, its email
handed to the worker after commit), reading, email choices, and sending (called by the tasks).

Exactly once: an email is sent only by whoever claims the row (a conditional update of
``email_claimed_at``), and ``email_sent_at`` is set when it has gone. A task handed over twice,
or a digest run twice, finds nothing left to claim. A claim left by a worker that died is taken
again after ``CLAIM_TIMEOUT``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from config.errors import DomainError

from .kinds import KINDS, SEND_TASK, EmailMode, Kind, allowed_modes
from .models import Notification, NotificationPreference

logger = logging.getLogger(__name__)

#: A claim older than this belongs to a worker that died while sending: it may be taken again.
CLAIM_TIMEOUT = dt.timedelta(minutes=15)
#: An immediate email still unsent this long after it was made (broker down) is handed over
#: again by the daily digest run.
REQUEUE_AFTER = dt.timedelta(minutes=10)

_MODE_TO_EMAIL = {
    EmailMode.IMMEDIATE: Notification.Email.IMMEDIATE,
    EmailMode.DIGEST: Notification.Email.DIGEST,
    EmailMode.OFF: Notification.Email.NONE,
}


def _email_for(kind: str, user, chosen: str | None) -> str:
    spec = KINDS[kind]
    if not spec.emailed or not user.email:
        return Notification.Email.NONE
    mode = EmailMode(chosen or spec.default_email)
    if mode not in allowed_modes(kind):
        mode = EmailMode.IMMEDIATE
    return _MODE_TO_EMAIL[mode]


def notify(
    *,
    kind: str,
    recipients: Iterable,
    actor=None,
    case=None,
    params: dict | None = None,
    body: str = "",
    url: str = "",
    receipt: bool = True,
    receipt_url: str | None = None,
) -> list[Notification]:
    """Tell ``recipients`` (the people who must act next; see ``selectors.recipients_for``) about
    a handover, and give ``actor`` a receipt (unless ``receipt=False``). The actor is never among
    the recipients. The receipt links to ``receipt_url`` (default: ``url``). Rows are saved in the
    caller's transaction; their emails are handed to the worker after commit, so a rolled-back
    handover sends nothing. Returns the notifications made (the receipt last)."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind: {kind}")
    params = dict(params or {})
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    people = {user.pk: user for user in recipients if user.pk != actor_id and user.is_active}
    wanted: list[tuple[str, Any, dict, str]] = [
        (kind, user, params, url) for user in people.values()
    ]
    if receipt and actor_id is not None:
        receipt_params = {**params, "of": str(kind)}
        wanted.append(
            (Kind.RECEIPT, actor, receipt_params, url if receipt_url is None else receipt_url)
        )
    if not wanted:
        return []
    chosen = {
        (user_id, k): email
        for user_id, k, email in NotificationPreference.objects.filter(
            user_id__in=[user.pk for _k, user, _p, _u in wanted], kind__in=[kind, Kind.RECEIPT]
        ).values_list("user_id", "kind", "email")
    }
    legal = KINDS[kind].legal_effect
    with transaction.atomic():
        made = Notification.objects.bulk_create(
            [
                Notification(
                    recipient=user,
                    kind=k,
                    params=p,
                    body=body,
                    url=link,
                    case=case,
                    actor_id=actor_id,
                    legal_effect=legal and k == kind,
                    email=_email_for(k, user, chosen.get((user.pk, k))),
                )
                for k, user, p, link in wanted
            ]
        )
        immediate = [n.pk for n in made if n.email == Notification.Email.IMMEDIATE]
        if immediate:
            transaction.on_commit(lambda: notification_emails_enqueue(immediate))
    return made


def notification_emails_enqueue(ids: Iterable[int]) -> int:
    """Hand immediate emails to the broker, one task each. Never raises: with the broker down
    the rows stay unsent and the daily run hands them over again."""
    from config.celery import hand_over

    return hand_over(SEND_TASK, list(ids), what="notification email", stop_at_failure=True)


# Reading ---------------------------------------------------------------------------------------


def notification_mark_read(*, actor, notification: Notification) -> Notification:
    if notification.recipient_id != actor.pk:
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, actor) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# Choices ---------------------------------------------------------------------------------------

LEGAL_EFFECT_CANNOT_BE_OFF = gettext_lazy(
    "Varsler med rettsvirkning, som vedtaksbrev, kan ikke slås av."
)
UNKNOWN_CHOICE = gettext_lazy("Ukjent valg for varsler.")


@transaction.atomic
def notification_preferences_set(*, actor, choices: dict[str, str]) -> None:
    """Save a person's email choice per kind. A kind with legal effect cannot be switched off."""
    if not actor.is_authenticated:
        raise PermissionDenied
    for kind, mode in choices.items():
        if kind not in KINDS or not KINDS[kind].emailed or mode not in EmailMode.values:
            raise DomainError(str(UNKNOWN_CHOICE), field=kind)
        if mode not in allowed_modes(kind):
            raise DomainError(str(LEGAL_EFFECT_CANNOT_BE_OFF), field=kind)
    for kind, mode in choices.items():
        NotificationPreference.objects.update_or_create(
            user=actor, kind=kind, defaults={"email": mode}
        )


# Sending (the tasks call these) ----------------------------------------------------------------


def _claimable(now: dt.datetime) -> Q:
    return Q(email_sent_at__isnull=True) & (
        Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=now - CLAIM_TIMEOUT)
    )


def _claim(ids: Iterable[int]) -> list[int]:
    """Claim each row for sending; returns those this caller got (a row is claimed once)."""
    now = timezone.now()
    return [
        pk
        for pk in ids
        if Notification.objects.filter(_claimable(now), pk=pk)
        .exclude(email=Notification.Email.NONE)
        .update(email_claimed_at=now)
    ]


def _mark_sent(ids: list[int]) -> None:
    Notification.objects.filter(pk__in=ids).update(
        email_sent_at=timezone.now(), email_attempts=F("email_attempts") + 1, email_error=""
    )


def notification_release(*, ids: Iterable[int], error: BaseException) -> None:
    """A send failed: count the try, keep the error, and free the rows for the next try."""
    Notification.objects.filter(pk__in=list(ids), email_sent_at__isnull=True).update(
        email_claimed_at=None,
        email_attempts=F("email_attempts") + 1,
        email_error=f"{type(error).__name__}: {error}"[:2000],
    )


def notification_email_send(*, notification_id: int) -> bool:
    """Send one notification's email, once. False when there is nothing to send (already sent,
    claimed by another worker, or no email wanted). Raises if sending fails, after freeing the
    row for the next try."""
    from .emails import notification_message

    claimed = _claim([notification_id])
    if not claimed:
        return False
    notification = Notification.objects.select_related("recipient", "case").get(pk=claimed[0])
    try:
        notification_message(notification).send(fail_silently=False)
    except Exception as exc:
        notification_release(ids=claimed, error=exc)
        raise
    _mark_sent(claimed)
    return True


@dataclass
class DigestResult:
    sent: int = 0
    notifications: int = 0
    handed_over: int = 0
    failed: list[int] = field(default_factory=list)


def notification_digests_send() -> DigestResult:
    """The daily run: one email per person with their unsent digest notifications, and immediate
    emails left unsent (the broker was down) handed over again. A person whose email fails keeps
    their rows unsent for the next run; the others still get theirs."""
    from .emails import digest_message

    result = DigestResult()
    pending: dict[int, list[int]] = defaultdict(list)
    for pk, recipient_id in (
        Notification.objects.filter(email=Notification.Email.DIGEST, email_sent_at__isnull=True)
        .order_by("recipient_id", "created_at", "pk")
        .values_list("pk", "recipient_id")
    ):
        pending[recipient_id].append(pk)
    for recipient_id, ids in pending.items():
        claimed = _claim(ids)
        if not claimed:
            continue
        notifications = list(
            Notification.objects.filter(pk__in=claimed)
            .select_related("recipient", "case")
            .order_by("created_at", "pk")
        )
        try:
            digest_message(notifications).send(fail_silently=False)
        except Exception as exc:
            logger.warning("Digest to user %s failed", recipient_id, exc_info=True)
            notification_release(ids=claimed, error=exc)
            result.failed.append(recipient_id)
            continue
        _mark_sent(claimed)
        result.sent += 1
        result.notifications += len(claimed)
    left = Notification.objects.filter(
        _claimable(timezone.now()),
        email=Notification.Email.IMMEDIATE,
        created_at__lt=timezone.now() - REQUEUE_AFTER,
    ).values_list("pk", flat=True)
    result.handed_over = notification_emails_enqueue(list(left))
    return result


# Reminders -------------------------------------------------------------------------------------


def reminder_notifications_create(reminders: Iterable) -> int:
    """Put each sent reminder in its recipient's inbox too, in one insert. The reminder machinery
    sends the email itself, so these make none (and need no email choice)."""
    from ..reminders.emails import reminder_path

    rows = [
        Notification(
            recipient_id=reminder.recipient_id,
            kind=Kind.DEADLINE_REMINDER,
            params={
                "obligation": reminder.obligation.kind,
                "network": reminder.obligation.case.network.name,
                "date": reminder.due_date.isoformat(),
                "year": reminder.obligation.case.scheme_year.year,
            },
            url=reminder_path(reminder),
            case_id=reminder.obligation.case_id,
            email=Notification.Email.NONE,
        )
        for reminder in reminders
    ]
    Notification.objects.bulk_create(rows)
    return len(rows)
