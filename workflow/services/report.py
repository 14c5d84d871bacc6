"""Rapportering: Statsforvalteren opens reporting, the partnership writes and sends its report,
Statsforvalteren returns or approves it (which closes the case)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import DomainError
from config.formatting import format_date_nb
from grants.locks import ensure_year_open
from grants.messages import PARTICIPANTS_MAX, PARTICIPANTS_TOO_MANY
from grants.models import Report, ReportCost, ReportMeasure
from networks.models import User

from .. import journal, rules
from .. import permissions as perms
from ..models import Case
from ..rules import today
from ..states import CaseState
from ._common import _wrong_state, bump_version, case_event, run_step
from .settlement import report_control, settlement_decide, settlement_problems


def reporting_open(*, actor: User, case: Case, comment: str = "") -> Case:
    def create_report() -> None:
        report, _created = Report.objects.get_or_create(
            scheme_year=case.scheme_year, network=case.network
        )
        for measure in case.decision_basis.measures.prefetch_related("budget_lines"):
            ReportMeasure.objects.get_or_create(report=report, measure=measure)
            for line in measure.budget_lines.all():
                ReportCost.objects.get_or_create(report=report, budget_line=line)
        Case.objects.filter(pk=case.pk).update(report=report)
        case.report = report

    return run_step(case, "open_reporting", actor=actor, comment=comment, before_save=create_report)


@transaction.atomic
def report_update(
    *,
    actor: User,
    case: Case,
    expected_version: int | None = None,
    assessment: str | None = None,
    measures: dict[int, dict[str, Any]] | None = None,
    costs: dict[int, int] | None = None,
) -> Report:
    """Edit the report: ``measures`` maps ReportMeasure id to {what_was_done,
    participants_reached}; ``costs`` maps ReportCost id to the amount used."""
    if not perms.can_edit_report(actor, case):
        raise PermissionDenied
    ensure_year_open(case)
    report = case.report
    if report is None or case.state != CaseState.RAPPORTERING:
        raise _wrong_state(case)
    measures, costs = measures or {}, costs or {}
    if report.status not in (Report.Status.DRAFT, Report.Status.RETURNED):
        raise DomainError(_("Rapporten er sendt og kan ikke endres nå."))
    bump_version(report, expected_version, actor=actor)
    if assessment is not None:
        report.assessment = assessment
        report.save(update_fields=["assessment"])
    for item in report.measures.filter(pk__in=list(measures)):
        values = measures[item.pk]
        item.what_was_done = values.get("what_was_done", item.what_was_done)
        item.participants_reached = values.get("participants_reached", item.participants_reached)
        if item.participants_reached < 0:
            raise DomainError(_("Antall deltakere kan ikke være negativt."))
        if item.participants_reached > PARTICIPANTS_MAX:
            raise DomainError(PARTICIPANTS_TOO_MANY, code="too_many")
        item.save(update_fields=["what_was_done", "participants_reached"])
    for cost in report.costs.filter(pk__in=list(costs)):
        used = costs[cost.pk]
        if used < 0:
            raise DomainError(_("Brukte midler kan ikke være negative."))
        cost.used = used
        cost.save(update_fields=["used"])
    return report


def _report_status(case: Case, status: str, **fields: Any) -> Callable[[], None]:
    """What a report transition writes on the report itself, inside the transition's transaction."""

    def mark() -> None:
        report = case.report
        assert report is not None, "a report transition needs the report"
        report.status = status
        for name, value in fields.items():
            setattr(report, name, value)
        report.save(update_fields=["status", *fields])

    return mark


def report_submit(*, actor: User, case: Case, comment: str = "") -> Case:
    mark = _report_status(case, Report.Status.SUBMITTED, submitted_at=timezone.now())

    def mark_and_flag_late() -> None:
        mark()
        journal.report_received(actor=actor, case=case)
        if today() > case.scheme_year.report_deadline:
            case_event(
                case,
                "late_submission",
                _("Rapporten ble sendt etter fristen %(date)s.")
                % {"date": format_date_nb(case.scheme_year.report_deadline)},
                actor=actor,
                subject=case.report,
            )

    return run_step(
        case, "submit_report", actor=actor, comment=comment, before_save=mark_and_flag_late
    )


def report_return(*, actor: User, case: Case, comment: str) -> Case:
    return run_step(
        case,
        "return_report",
        actor=actor,
        comment=comment,
        before_save=_report_status(case, Report.Status.RETURNED, return_comment=comment),
    )


def report_approve(
    *, actor: User, case: Case, comment: str = "", carry_over: bool = False, reasons: str = ""
) -> Case:
    """Approve the report and, in the same transaction, settle the money it did not use: a
    repayment claim, or (``carry_over``, where the year allows it) a carry-over into next year."""
    may = perms.can_control_report(actor, case) and rules.report_is_submitted(case)
    control = report_control(case) if may else None
    problems = settlement_problems(case, carry_over=carry_over, control=control) if may else []
    if problems:
        raise DomainError(" ".join(problems), code="settlement")
    approve = _report_status(case, Report.Status.APPROVED, approved_at=timezone.now())

    def approve_and_settle() -> None:
        approve()
        settlement_decide(
            actor=actor, case=case, carry_over=carry_over, reasons=reasons, control=control
        )

    return run_step(
        case, "approve_report", actor=actor, comment=comment, before_save=approve_and_settle
    )
