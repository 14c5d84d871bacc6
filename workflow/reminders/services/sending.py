"""Sending (the Celery task calls these): claim, send once, mark sent or failed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.mail import EmailMessage
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from grants.events import document_event
from grants.models import SchemeYear
from networks.permissions import access_for

from ...notifications import services as notification_services
from .. import rules
from ..models import Reminder
from ..selectors import (
    REMINDER_RELATED,
    ObligationSpec,
    concerns,
    obligations_compute,
)

MET = _lazy("Fristen var overholdt før påminnelsen ble sendt.")
GONE = _lazy("Fristen gjelder ikke lenger.")
MOVED = _lazy("Fristen er flyttet; nye påminnelser lages for den nye datoen.")
TOO_LATE = _lazy("Fristen passerte før påminnelsen kunne sendes.")
NO_LONGER_RECIPIENT = _lazy("Mottakeren har ikke lenger rollen eller en aktiv e-postadresse.")


#: Errors of the database itself being unreachable or restarting (not of bad data): the email
#: task tries again shortly rather than giving up on the reminders.
DATABASE_ERRORS: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)

UNCERTAIN = _lazy(
    "Uvisst om påminnelsen ble sendt: sendingen ble avbrutt (arbeidsprosessen stoppet). Den "
    "sendes ikke på nytt av seg selv; sjekk med mottakeren før du sender den på nytt."
)


@dataclass
class Delivery:
    """A group claimed for sending: ``sent`` are marked "sending" (committed) and go in
    ``message``; ``skipped`` were marked not sent, with the reason."""

    sent: list[Reminder] = field(default_factory=list)
    skipped: list[Reminder] = field(default_factory=list)
    message: EmailMessage | None = None

    @property
    def sent_ids(self) -> list[int]:
        return [reminder.pk for reminder in self.sent]


@transaction.atomic
def reminders_claim(*, reminder_ids: Iterable[int]) -> Delivery:
    """Take a group of reminders (one person, rule and deadline) for sending. Locks the rows and
    takes only those still queued, so a group handed over twice is claimed once; checks each
    against the data again (met meanwhile, deadline moved, no longer the person's to do) and marks
    those not to be sent with the reason. The rest are marked "sending" (a try counted) and the
    message is built; the caller sends it after this transaction has committed, so a worker that
    dies after the mail server accepted the message leaves the rows "sending", never "queued"."""
    from ..emails import reminder_message

    today = timezone.localdate()
    delivery = Delivery()
    locked = list(
        Reminder.objects.select_for_update()
        .filter(pk__in=list(reminder_ids), status=Reminder.Status.QUEUED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not locked:
        return delivery
    reminders = list(
        Reminder.objects.filter(pk__in=locked)
        .select_related(*REMINDER_RELATED)
        .order_by("obligation__case__network__name", "obligation__owner__name", "pk")
    )
    specs = _current_specs(reminders)
    now = timezone.now()
    for reminder in reminders:
        reason = _reason_not_to_send(reminder, specs, today)
        if reason:
            reminder.status = Reminder.Status.SKIPPED
            reminder.note = str(reason)
            delivery.skipped.append(reminder)
        else:
            reminder.status = Reminder.Status.SENDING
            reminder.claimed_at = now
            reminder.attempts += 1
            delivery.sent.append(reminder)
    if delivery.sent:
        delivery.message = reminder_message(delivery.sent, today=today)
    Reminder.objects.bulk_update(
        delivery.sent + delivery.skipped, ["status", "note", "claimed_at", "attempts"]
    )
    return delivery


@transaction.atomic
def reminders_mark_sent(*, reminder_ids: Iterable[int]) -> int:
    """The mail server accepted the message: mark the claimed reminders sent, each with an event.
    Only rows still "sending" are marked, so calling it again changes nothing."""
    reminders = list(
        Reminder.objects.select_for_update(of=("self",))
        .filter(pk__in=list(reminder_ids), status=Reminder.Status.SENDING)
        .select_related(*REMINDER_RELATED)
        .order_by("pk")
    )
    now = timezone.now()
    for reminder in reminders:
        reminder.status = Reminder.Status.SENT
        reminder.sent_at = now
        _record_sent(reminder)
    Reminder.objects.bulk_update(reminders, ["status", "sent_at"])
    notification_services.reminder_notifications_create(reminders)
    return len(reminders)


@transaction.atomic
def reminders_fail_stale_sending(*, older_than: dt.timedelta = rules.SENDING_STALE_AFTER) -> int:
    """Mark failed the reminders left "sending" for longer than ``older_than``: a worker stopped
    between claiming and recording the result, so the message may or may not have gone out. They
    are not sent again by themselves (that could send a reminder twice); the admin shows them
    failed with that explanation, and an administrator can send them again. Returns how many."""
    reminders = list(
        Reminder.objects.select_for_update(of=("self",))
        .filter(status=Reminder.Status.SENDING, claimed_at__lt=timezone.now() - older_than)
        .select_related("obligation__case__network", "obligation__case__scheme_year", "recipient")
        .order_by("pk")
    )
    text = str(UNCERTAIN)
    for reminder in reminders:
        reminder.status = Reminder.Status.FAILED
        reminder.last_error = text
        _record_failed(reminder, text)
    Reminder.objects.bulk_update(reminders, ["status", "last_error"])
    return len(reminders)


def _current_specs(reminders: list[Reminder]) -> dict[tuple, ObligationSpec]:
    by_year: dict[int, tuple[SchemeYear, set[int]]] = {}
    for reminder in reminders:
        case = reminder.obligation.case
        by_year.setdefault(case.scheme_year_id, (case.scheme_year, set()))[1].add(case.pk)
    specs: dict[tuple, ObligationSpec] = {}
    for scheme_year, case_ids in by_year.values():
        for spec in obligations_compute(scheme_year=scheme_year, case_ids=case_ids):
            specs[spec.key] = spec
    return specs


def _reason_not_to_send(reminder: Reminder, specs: dict, today: dt.date):
    obligation = reminder.obligation
    spec = specs.get((obligation.case_id, obligation.kind, obligation.owner_id))
    if spec is None or not obligation.is_active:
        return GONE
    if spec.met:
        return MET
    if spec.due_date != reminder.due_date:
        return MOVED
    if reminder.rule.offset_days > 0 and today > reminder.due_date:
        return TOO_LATE
    recipient = reminder.recipient
    if not (recipient.is_active and recipient.email) or not concerns(
        access_for(recipient),
        obligation.kind,
        network_id=spec.network_id,
        owner_id=spec.owner_id,
        responsible_only=reminder.audience == Reminder.Audience.RESPONSIBLE,
    ):
        return NO_LONGER_RECIPIENT
    return None


def _record_sent(reminder: Reminder) -> None:
    from ..emails import obligation_title

    case = reminder.obligation.case
    document_event(
        case,
        "reminder_sent",
        _("Påminnelse sendt til %(who)s: %(what)s (%(rule)s).")
        % {
            "who": reminder.recipient.get_full_name() or reminder.recipient.username,
            "what": obligation_title(reminder.obligation),
            "rule": reminder.rule.name,
        },
        subject=reminder,
    )


@dataclass
class Failure:
    """What became of a group after a failed try: rows to try again after ``countdown`` seconds,
    and rows that have used up their tries (or failed for a reason retrying cannot mend)."""

    retry_ids: list[int] = field(default_factory=list)
    failed_ids: list[int] = field(default_factory=list)
    countdown: int = 0


def reminder_record_failure(
    *, reminder_ids: Iterable[int], error: BaseException, permanent: bool = False
) -> Failure:
    """Note a failed try on the reminders of a group that are queued or claimed ("sending": the
    mail server refused). Each keeps its count of tries (counted when claimed; a row never claimed
    counts this try) and the last error; at ``SEND_MAX_ATTEMPTS`` (or at once when ``permanent``)
    it is marked failed, visible in the admin and on the case page. Otherwise it is queued again
    with ``queued_at`` set to when the next try is due, so the requeue run leaves the task's own
    backoff alone."""
    text = f"{type(error).__name__}: {error}"[:2000]
    outcome = Failure()
    now = timezone.now()
    with transaction.atomic():
        reminders = list(
            Reminder.objects.select_for_update()
            .filter(
                pk__in=list(reminder_ids),
                status__in=[Reminder.Status.QUEUED, Reminder.Status.SENDING],
            )
            .order_by("pk")
        )
        for reminder in reminders:
            if reminder.status == Reminder.Status.QUEUED:
                reminder.attempts += 1
            reminder.last_error = text
            if permanent or reminder.attempts >= rules.SEND_MAX_ATTEMPTS:
                reminder.status = Reminder.Status.FAILED
                outcome.failed_ids.append(reminder.pk)
            else:
                reminder.status = Reminder.Status.QUEUED
                outcome.countdown = max(outcome.countdown, rules.retry_countdown(reminder.attempts))
                outcome.retry_ids.append(reminder.pk)
        for reminder in reminders:
            if reminder.status == Reminder.Status.QUEUED:
                reminder.queued_at = now + dt.timedelta(seconds=outcome.countdown)
        Reminder.objects.bulk_update(reminders, ["attempts", "last_error", "status", "queued_at"])
        for reminder in Reminder.objects.filter(pk__in=outcome.failed_ids).select_related(
            "obligation__case__network", "obligation__case__scheme_year", "recipient"
        ):
            _record_failed(reminder, text)
    return outcome


def _record_failed(reminder: Reminder, text: str) -> None:
    case = reminder.obligation.case
    document_event(
        case,
        "reminder_failed",
        _("Påminnelse til %(who)s kunne ikke sendes: %(error)s")
        % {"who": reminder.recipient, "error": text},
        subject=reminder,
    )
