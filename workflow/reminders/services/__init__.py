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

One module per part: ``sync`` (obligations, default rules), ``sweep`` (recording and handing
over), ``sending`` (claim, send, mark), ``calendar_tokens``.
"""

from .calendar_tokens import (
    calendar_token_issue,
    calendar_token_revoke,
    calendar_token_touch,
)
from .sending import (
    DATABASE_ERRORS,
    GONE,
    MET,
    MOVED,
    NO_LONGER_RECIPIENT,
    TOO_LATE,
    UNCERTAIN,
    Delivery,
    Failure,
    reminder_record_failure,
    reminders_claim,
    reminders_fail_stale_sending,
    reminders_mark_sent,
)
from .sweep import (
    MAX_PER_EMAIL,
    PlannedReminder,
    SweepResult,
    _broker_is_inline,
    enqueue_reminders,
    reminder_groups,
    reminders_requeue,
    reminders_retry,
    send_due_reminders,
)
from .sync import (
    BULK,
    SyncResult,
    obligations_sync,
    reminder_rules_ensure_defaults,
)

__all__ = [
    "BULK",
    "DATABASE_ERRORS",
    "GONE",
    "MAX_PER_EMAIL",
    "MET",
    "MOVED",
    "NO_LONGER_RECIPIENT",
    "TOO_LATE",
    "UNCERTAIN",
    "Delivery",
    "Failure",
    "PlannedReminder",
    "SweepResult",
    "SyncResult",
    "_broker_is_inline",
    "calendar_token_issue",
    "calendar_token_revoke",
    "calendar_token_touch",
    "enqueue_reminders",
    "obligations_sync",
    "reminder_groups",
    "reminder_record_failure",
    "reminder_rules_ensure_defaults",
    "reminders_claim",
    "reminders_fail_stale_sending",
    "reminders_mark_sent",
    "reminders_requeue",
    "reminders_retry",
    "send_due_reminders",
]
