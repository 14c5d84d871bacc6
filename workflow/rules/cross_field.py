"""Cross-field checks (each message in ``workflow.messages``, shared by services and forms)."""

from __future__ import annotations

import datetime as dt

from config.formatting import format_date_nb, format_kroner
from grants.models import (
    SchemeYear,
)

from ..messages import (
    JOINT_OVER_SET_ASIDE,
    MEETING_AFTER_RECOMMENDATION,
    REPORT_DEADLINE_BEFORE_DECISION,
)

# --- Cross-field checks (each message in ``workflow.messages``, shared by services and forms) ---


def report_deadline_problem(report_deadline: dt.date | None, decided_on: dt.date) -> str | None:
    """A vedtak's report deadline cannot fall before the day the vedtak is made."""
    if report_deadline is None or report_deadline >= decided_on:
        return None
    return str(
        REPORT_DEADLINE_BEFORE_DECISION
        % {"deadline": format_date_nb(report_deadline), "date": format_date_nb(decided_on)}
    )


def joint_set_aside(scheme_year: SchemeYear) -> int | None:
    """What the year's frozen allocation set aside for joint measures (None before it exists)."""
    from allocation.models import AllocationRun, RunStatus

    value = (
        AllocationRun.objects.filter(scheme_year=scheme_year, status=RunStatus.FROZEN)
        .values_list("joint_measures", flat=True)
        .first()
    )
    return None if value is None else int(value)


def joint_amount_problem(scheme_year: SchemeYear, amount: int) -> str | None:
    """The innstilling's joint-measures amount stays within what was set aside."""
    set_aside = joint_set_aside(scheme_year)
    if set_aside is None or amount <= set_aside:
        return None
    return str(
        JOINT_OVER_SET_ASIDE
        % {"amount": format_kroner(amount), "set_aside": format_kroner(set_aside)}
    )


def meeting_date_problem(meeting_date: dt.date | None, recommended_on: dt.date) -> str | None:
    """The forum's meeting comes before (or on) the day its innstilling is written and sent."""
    if meeting_date is None or meeting_date <= recommended_on:
        return None
    return str(
        MEETING_AFTER_RECOMMENDATION
        % {"meeting": format_date_nb(meeting_date), "date": format_date_nb(recommended_on)}
    )
