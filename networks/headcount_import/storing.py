"""Writing a checked file: every row in one transaction, in a few bulk statements."""

from __future__ import annotations

import datetime as dt
from typing import IO

from django.db import transaction

from config.errors import DomainError

from ..models import HeadCount
from ..services import event_record
from .checking import HeadCountPlan, head_count_file_check
from .messages import msg_imported, msg_no_source, msg_no_year
from .reading import Limits, read_rows

BATCH_SIZE = 1000


def head_counts_store(
    *,
    plan: HeadCountPlan,
    source: str,
    counted_on: dt.date | None,
    actor=None,
    file_name: str | None = None,
) -> int:
    """Write the rows of a plan without errors and record the import as an event.

    One upsert per batch: a new owner gets a row, an owner with a row for the year gets the
    file's figures, source and counting date. Owners not in the file keep their counts.
    """
    if not plan.ok:
        raise DomainError(plan.errors[0])
    source = source.strip()
    with transaction.atomic():
        HeadCount.objects.bulk_create(
            [
                HeadCount(
                    owner=row.owner,
                    year=plan.year,
                    pupils=row.pupils,
                    children=row.children,
                    source=source,
                    counted_on=counted_on,
                )
                for row in plan.rows
            ],
            batch_size=BATCH_SIZE,
            update_conflicts=True,
            unique_fields=["owner", "year"],
            update_fields=["pupils", "children", "source", "counted_on"],
        )
        event_record(
            kind="head_counts_imported",
            actor=actor,
            year=plan.year,
            message=msg_imported(plan.year, len(plan.rows), source),
            data={
                "rows": len(plan.rows),
                "source": source,
                "counted_on": counted_on.isoformat() if counted_on else None,
                "file": file_name,
            },
        )
    return len(plan.rows)


def head_counts_import(
    *,
    stream: IO[bytes],
    filename: str,
    year: int | None,
    source: str,
    counted_on: dt.date | None,
    dry_run: bool,
    actor=None,
    limits: Limits | None = None,
) -> HeadCountPlan:
    """Check a CSV/XLSX file of head counts for ``year`` and, unless ``dry_run``, write it.

    All or nothing: the whole file is checked first; when any row is bad, ``errors`` names
    every bad row by its line and nothing is written. The pages (through
    ``allocation.services.head_count_import``, which checks who may) and ``manage.py
    import_counts`` both come here.
    """
    if not year:
        return HeadCountPlan(year=0, errors=[msg_no_year()])
    if not (source or "").strip():
        return HeadCountPlan(year=year, errors=[msg_no_source()])
    try:
        rows = read_rows(stream, filename, limits)
    except DomainError as error:
        return HeadCountPlan(year=year, errors=[error.message])
    plan = head_count_file_check(rows, year=year)
    if plan.ok and not dry_run:
        head_counts_store(
            plan=plan, source=source, counted_on=counted_on, actor=actor, file_name=filename
        )
    return plan
