"""Writes for reminders: keep obligations in step with the data, the daily sweep, handing
reminders to the broker, sending them (called by the Celery task), and calendar tokens.

Recorded once: a reminder is a row, unique per (obligation, rule, recipient, due date), inserted
with ``ON CONFLICT DO NOTHING`` in the sweep's transaction. A sweep hands to the broker only the
rows it inserted itself (its ``batch``), after commit; a second sweep, even at the same moment,
inserts nothing.

Sent at most once: the email task claims the rows it is given (only those still queued, under a
row lock) and commits them as "sending" before it asks the mail server, then marks them sent. A
message handed over twice is claimed once; a worker that dies after the mail server accepted the
message leaves the rows "sending", and those are marked failed ("unknown whether sent") by the
requeue run, never sent again without an administrator.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from grants.models import SchemeYear
from networks.permissions import access_for
from networks.services import event_record

from ..notifications import services as notification_services
from . import rules
from .models import CalendarToken, Obligation, Reminder, ReminderRule, new_calendar_token
from .selectors import (
    ObligationSpec,
    RecipientDirectory,
    active_rules,
    concerns,
    obligations_compute,
    rule_offsets_by_kind,
    scheme_years_in_play,
)

logger = logging.getLogger(__name__)

BULK = 2000
#: At most this many items in one email (the rest go in the next one).
MAX_PER_EMAIL = 200


# Obligations ---------------------------------------------------------------------------------


@dataclass
class SyncResult:
    created: int = 0
    updated: int = 0


def obligations_sync(
    *, scheme_year: SchemeYear, case_ids: Iterable[int] | None = None
) -> SyncResult:
    """Bring the obligation rows of a year (or of some of its cases) in step with the data: new
    ones are added, moved deadlines and met/unmet changes are saved, and obligations the data no
    longer give (an owner made inactive) are switched off. Cheap when nothing has changed: a few
    reads and no writes. Safe to run concurrently (inserts ignore rows another run has added)."""
    case_ids = list(case_ids) if case_ids is not None else None
    # Keys built inline, not through ``ObligationSpec.key``: this runs over every obligation.
    specs = {
        (s.case_id, s.kind, s.owner_id): s
        for s in obligations_compute(scheme_year=scheme_year, case_ids=case_ids)
    }
    existing_qs = Obligation.objects.filter(case__scheme_year=scheme_year)
    if case_ids is not None:
        existing_qs = existing_qs.filter(case_id__in=case_ids)
    # Plain rows, not model instances: this runs over every obligation of the year each sweep.
    existing = {
        (case_id, kind, owner_id): (pk, due_date, met_at, is_active)
        for pk, case_id, kind, owner_id, due_date, met_at, is_active in existing_qs.values_list(
            "id", "case_id", "kind", "owner_id", "due_date", "met_at", "is_active"
        )
    }
    now = timezone.now()
    result = SyncResult()
    with transaction.atomic():
        new = [
            Obligation(
                case_id=spec.case_id,
                kind=spec.kind,
                owner_id=spec.owner_id,
                due_date=spec.due_date,
                met_at=(spec.met_at or now) if spec.met else None,
            )
            for key, spec in sorted(specs.items(), key=_sort_key)
            if key not in existing
        ]
        if new:
            Obligation.objects.bulk_create(new, batch_size=BULK, ignore_conflicts=True)
            result.created = len(new)
        changed = [
            Obligation(
                id=row[0], due_date=wanted[0], met_at=wanted[1], is_active=wanted[2], updated_at=now
            )
            for key, row in sorted(existing.items(), key=_sort_key)
            if (wanted := _wanted(row, specs.get(key), now)) is not None
        ]
        if changed:
            Obligation.objects.bulk_update(
                changed, ["due_date", "met_at", "is_active", "updated_at"], batch_size=BULK
            )
            result.updated = len(changed)
    return result


def _sort_key(item) -> tuple:
    (case_id, kind, owner_id), _value = item
    return (case_id, kind, owner_id or 0)


def _wanted(row: tuple, spec: ObligationSpec | None, now: dt.datetime) -> tuple | None:
    """What a stored obligation (pk, due date, met at, active) should become according to the
    data, or None if it is right as it is. ``met_at`` keeps the first time it was seen met."""
    _pk, due_date, met_at, is_active = row
    if spec is None:
        return (due_date, met_at, False) if is_active else None
    if not spec.met:
        met_at = None
    elif met_at is None:
        met_at = spec.met_at or now
    wanted = (spec.due_date, met_at, True)
    return None if wanted == (due_date, row[2], is_active) else wanted


# Rules ---------------------------------------------------------------------------------------


def reminder_rules_ensure_defaults() -> int:
    """Put the default rules in place when there are none at all (a new or emptied database);
    the migration does the same on install. To stop reminders, switch rules off in the admin
    rather than deleting them all. Returns how many were added."""
    if ReminderRule.objects.exists():
        return 0
    ReminderRule.objects.bulk_create(
        [
            ReminderRule(
                code=rule.code,
                name=rule.name,
                offset_days=rule.offset_days,
                escalate=rule.escalate,
                kinds=[],
            )
            for rule in rules.DEFAULT_RULES
        ],
        ignore_conflicts=True,
    )
    return len(rules.DEFAULT_RULES)


# The sweep -----------------------------------------------------------------------------------


@dataclass
class PlannedReminder:
    """A reminder a sweep recorded (or, in a dry run, would record)."""

    reminder: Reminder

    def __str__(self) -> str:
        from .emails import obligation_title

        r = self.reminder
        who = r.recipient.get_full_name() or r.recipient.username
        return (
            f"{r.planned_for:%Y-%m-%d}  {r.rule.name}  →  {who} <{r.recipient.email}>"
            f" ({r.get_audience_display().lower()}): "
            f"{obligation_title(r.obligation)}, frist {r.due_date:%Y-%m-%d}"
        )


@dataclass
class SweepResult:
    today: dt.date
    batch: uuid.UUID
    dry_run: bool = False
    synced: list[SyncResult] = field(default_factory=list)
    created: int = 0
    requeued: int = 0
    _planned: list[PlannedReminder] | None = None

    @property
    def planned(self) -> list[PlannedReminder]:
        """The reminders this sweep recorded (a dry run: would have recorded), for listing.
        Loaded on demand: the daily sweep itself only needs the count."""
        if self._planned is None:
            self._planned = _planned(self.batch)
        return self._planned


def _planned(batch: uuid.UUID) -> list[PlannedReminder]:
    return [
        PlannedReminder(r)
        for r in Reminder.objects.filter(batch=batch)
        .select_related(
            "rule",
            "recipient",
            "obligation__case__network",
            "obligation__case__scheme_year",
            "obligation__owner",
        )
        .order_by("recipient__username", "obligation__due_date", "obligation_id")
    ]


def send_due_reminders(*, today: dt.date | None = None, dry_run: bool = False) -> SweepResult:
    """The daily sweep: sync the obligations of the years in play, record every reminder due
    ``today`` that no earlier sweep has recorded, and after commit hand the new ones (grouped
    into one email per person, rule and deadline) to the broker. Also hands over again reminders
    left queued because the broker was down. With ``dry_run`` the same work is done inside a
    transaction that is rolled back: the result lists what would be sent and nothing changes."""
    today = today or timezone.localdate()
    batch = uuid.uuid4()
    result = SweepResult(today=today, batch=batch, dry_run=dry_run)
    with transaction.atomic():
        reminder_rules_ensure_defaults()
        for scheme_year in scheme_years_in_play(today):
            result.synced.append(obligations_sync(scheme_year=scheme_year))
        _record_due(today=today, batch=batch)
        # Rows another sweep inserted first are not ours: only our batch is counted and sent.
        result.created = Reminder.objects.filter(batch=batch).count()
        if dry_run:
            result._planned = _planned(batch)
            transaction.set_rollback(True)
            return result
        if result.created:
            transaction.on_commit(lambda: enqueue_reminders(batch))
    result.requeued = reminders_requeue()
    return result


def _record_due(*, today: dt.date, batch: uuid.UUID) -> int:
    """Insert the reminders due today; returns how many rows were offered (some may already
    exist and are then left alone)."""
    rule_list = active_rules()
    offsets = rule_offsets_by_kind(rule_list)
    window_q = None
    for kind, kind_offsets in offsets.items():
        window = rules.due_window(kind_offsets, today)
        if window is None:
            continue
        part = Q(kind=kind, due_date__gt=window[0], due_date__lte=window[1])
        window_q = part if window_q is None else window_q | part
    if window_q is None:
        return 0
    # Plain tuples: loading Case objects here would be slow (its FSM field set-up per row).
    open_in_window = Obligation.objects.filter(window_q, met_at__isnull=True, is_active=True)
    candidates = list(
        open_in_window.order_by("id").values_list(
            "id", "kind", "owner_id", "due_date", "case__network_id"
        )
    )
    if not candidates:
        return 0
    # Cheaper to skip what earlier sweeps recorded than to offer it again (the unique
    # constraint still settles races with a sweep running at the same moment).
    recorded = set(
        Reminder.objects.filter(obligation__in=open_in_window).values_list(
            "obligation_id", "rule_id", "recipient_id", "due_date"
        )
    )
    directory = RecipientDirectory()
    now = timezone.now()
    rows: dict[tuple[int, int, int], Reminder] = {}
    # Many obligations share a deadline: which rule is due is worked out once per kind and date.
    due_offset: dict[tuple[str, dt.date], int | None] = {}
    for obligation_id, kind, owner_id, due_date, network_id in candidates:
        if (kind, due_date) not in due_offset:
            due_offset[kind, due_date] = rules.current_offsets(offsets[kind], due_date, today)
        offset = due_offset[kind, due_date]
        if offset is None:
            continue
        where = {"network_id": network_id, "owner_id": owner_id}
        for rule in rule_list:
            if rule.offset_days != offset or not rule.applies_to(kind):
                continue
            audiences = [(Reminder.Audience.RESPONSIBLE, directory.responsible(kind, **where))]
            if rule.escalate:
                audiences.append(
                    (Reminder.Audience.ESCALATION, directory.escalation(kind, **where))
                )
            for audience, user_ids in audiences:
                # Unsorted: the rows are sorted once before they are inserted.
                for user_id in user_ids:
                    if (obligation_id, rule.pk, user_id, due_date) in recorded:
                        continue
                    # Someone both answerable and following up gets it once, as answerable.
                    rows.setdefault(
                        (obligation_id, rule.pk, user_id),
                        Reminder(
                            obligation_id=obligation_id,
                            rule_id=rule.pk,
                            recipient_id=user_id,
                            due_date=due_date,
                            audience=audience,
                            planned_for=today,
                            batch=batch,
                            queued_at=now,
                        ),
                    )
    if rows:
        # Sorted, so two sweeps at the same moment take the unique-index locks in the same order.
        Reminder.objects.bulk_create(
            [rows[key] for key in sorted(rows)], batch_size=BULK, ignore_conflicts=True
        )
    return len(rows)


# Handing over to the broker ------------------------------------------------------------------


def reminder_groups(batch: uuid.UUID) -> list[list[int]]:
    """The queued reminders of a hand-over, one group per email: per person, rule, kind of
    deadline, date and audience, so a UH contact with six networks, or the secretariat told about
    many late needs reports, gets one message (split at ``MAX_PER_EMAIL`` items)."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for pk, *key in (
        Reminder.objects.filter(batch=batch, status=Reminder.Status.QUEUED)
        .order_by("id")
        .values_list("id", "recipient_id", "rule_id", "obligation__kind", "due_date", "audience")
    ):
        groups[tuple(key)].append(pk)
    return [
        ids[start : start + MAX_PER_EMAIL]
        for key in sorted(groups, key=str)
        for ids in [groups[key]]
        for start in range(0, len(ids), MAX_PER_EMAIL)
    ]


def _send_task():
    """The email task, looked up by its registered name: the tasks module imports this one, so
    this one must not import it (``WorkflowConfig.ready`` registers the tasks)."""
    from config.celery import app

    return app.tasks[rules.SEND_TASK]


def enqueue_reminders(batch: uuid.UUID) -> int:
    """Hand a batch of reminders to the broker, one task per email; returns how many tasks. Never
    raises: if the broker is down the rows stay queued and the next sweep or requeue run hands
    them over. It stops at the first failure, so a dead broker costs one connection timeout, not
    one per email."""
    send_reminder_email = _send_task()
    handed = 0
    groups = reminder_groups(batch)
    for group in groups:
        try:
            send_reminder_email.delay(group)
        except Exception:
            logger.warning(
                "Could not hand reminder emails to the broker (%s of %s handed over); the rest "
                "stay queued for the next sweep or requeue run.",
                handed,
                len(groups),
                exc_info=True,
            )
            break
        handed += 1
    return handed


def reminders_requeue(*, older_than: dt.timedelta = rules.REQUEUE_AFTER) -> int:
    """Hand over again the reminders still queued after ``older_than`` (the broker was down, a
    worker lost them, or an administrator asked for a failed one to be sent again). Two runs at
    once cannot both take a row: the update re-checks the condition. Returns how many."""
    batch = uuid.uuid4()
    with transaction.atomic():
        count = (
            Reminder.objects.filter(status=Reminder.Status.QUEUED)
            .filter(Q(queued_at__isnull=True) | Q(queued_at__lt=timezone.now() - older_than))
            .update(queued_at=timezone.now(), batch=batch)
        )
        if count:
            transaction.on_commit(lambda: enqueue_reminders(batch))
    return count


def _broker_is_inline() -> bool:
    from config.celery import app

    return bool(app.conf.task_always_eager)


@transaction.atomic
def reminders_retry(*, actor, reminder_ids: Iterable[int]) -> int:
    """Queue failed reminders again (an administrator's action). With a broker they are handed
    over by the requeue run within minutes, so the request never waits on the broker; inline
    (no broker) they are sent at once."""
    ids = list(
        Reminder.objects.filter(pk__in=list(reminder_ids), status=Reminder.Status.FAILED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not ids:
        return 0
    batch = uuid.uuid4()
    # No hand-over time: the next requeue run takes them.
    Reminder.objects.filter(pk__in=ids).update(
        status=Reminder.Status.QUEUED, queued_at=None, batch=batch
    )
    event_record(
        kind="reminder_retry",
        actor=actor,
        message=_("%(count)s påminnelse(r) som feilet, lagt i kø på nytt.") % {"count": len(ids)},
        data={"reminders": ids},
    )
    if _broker_is_inline():
        transaction.on_commit(lambda: enqueue_reminders(batch))
    return len(ids)


# Sending (the Celery task calls these) -------------------------------------------------------


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
    from .emails import reminder_message

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
        .select_related(
            "rule",
            "recipient",
            "obligation__case__network",
            "obligation__case__scheme_year",
            "obligation__owner",
        )
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
        .select_related(
            "rule",
            "recipient",
            "obligation__case__network",
            "obligation__case__scheme_year",
            "obligation__owner",
        )
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
    from .emails import obligation_title

    case = reminder.obligation.case
    event_record(
        kind="reminder_sent",
        network=case.network,
        year=case.scheme_year.year,
        subject=reminder,
        message=_("Påminnelse sendt til %(who)s: %(what)s (%(rule)s).")
        % {
            "who": reminder.recipient.get_full_name() or reminder.recipient.username,
            "what": obligation_title(reminder.obligation),
            "rule": reminder.rule.name,
        },
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
    event_record(
        kind="reminder_failed",
        network=case.network,
        year=case.scheme_year.year,
        subject=reminder,
        message=_("Påminnelse til %(who)s kunne ikke sendes: %(error)s")
        % {"who": reminder.recipient, "error": text},
    )


# Calendar tokens -----------------------------------------------------------------------------


@transaction.atomic
def calendar_token_issue(*, actor) -> CalendarToken:
    """Give the person a new private feed address; an earlier one stops working."""
    if not actor.is_authenticated:
        raise PermissionDenied
    token, created = CalendarToken.objects.get_or_create(user=actor)
    if not created:
        token.token = new_calendar_token()
        token.created_at = timezone.now()
        token.last_used_at = None
        token.save(update_fields=["token", "created_at", "last_used_at"])
    event_record(
        kind="calendar_token_issued",
        actor=actor,
        message=_("Ny privat kalenderadresse laget.")
        if created
        else _("Kalenderadressen ble byttet; den gamle virker ikke lenger."),
    )
    return token


@transaction.atomic
def calendar_token_revoke(*, actor) -> bool:
    if not actor.is_authenticated:
        raise PermissionDenied
    deleted, _rows = CalendarToken.objects.filter(user=actor).delete()
    if deleted:
        event_record(
            kind="calendar_token_revoked",
            actor=actor,
            message=_("Kalenderadressen ble trukket tilbake."),
        )
    return bool(deleted)


def calendar_token_touch(token: CalendarToken) -> None:
    """Note when a feed was last fetched, at most once an hour (calendar apps poll often)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(hours=1):
        CalendarToken.objects.filter(pk=token.pk).update(last_used_at=now)
