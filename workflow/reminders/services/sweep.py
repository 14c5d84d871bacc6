"""The daily sweep: record each reminder once, then hand it to the broker after commit."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from networks.services import event_record

from .. import rules
from ..models import Obligation, Reminder
from ..selectors import (
    REMINDER_RELATED,
    RecipientDirectory,
    active_rules,
    rule_offsets_by_kind,
    scheme_years_in_play,
)
from .sync import BULK, SyncResult, obligations_sync, reminder_rules_ensure_defaults

logger = logging.getLogger(__name__)

#: At most this many items in one email (the rest go in the next one).
MAX_PER_EMAIL = 200


@dataclass
class PlannedReminder:
    """A reminder a sweep recorded (or, in a dry run, would record)."""

    reminder: Reminder

    def __str__(self) -> str:
        from ..emails import obligation_title

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
        .select_related(*REMINDER_RELATED)
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


def enqueue_reminders(batch: uuid.UUID) -> int:
    """Hand a batch of reminders to the broker, one task per email; returns how many tasks. Never
    raises: if the broker is down the rows stay queued and the next sweep or requeue run hands
    them over. It stops at the first failure, so a dead broker costs one connection timeout, not
    one per email. The email task is named, not imported: the tasks module imports this one
    (``WorkflowConfig.ready`` registers the tasks)."""
    from config.celery import hand_over

    return hand_over(
        rules.SEND_TASK, reminder_groups(batch), what="reminder emails", stop_at_failure=True
    )


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
