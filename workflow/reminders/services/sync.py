"""Obligations kept in step with the year's data, and the default reminder rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from grants.models import SchemeYear

from .. import rules
from ..models import Obligation, ReminderRule
from ..selectors import (
    ObligationSpec,
    obligations_compute,
)

#: Rows written per statement in the bulk writes.
BULK = 2000


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
