"""Rapportering: Statsforvalteren opens reporting, the partnership writes and sends its report,
Statsforvalteren returns or approves it (which closes the case).

When a measure runs past the report deadline, the report opened is an interim report (delrapport)
with the money used so far and the use expected; approving it (``report_interim_approve``) keeps
the case in ``rapportering`` and opens the final report, a new row filled in from the interim one.
Only the final report's approval settles the money (``report_approve``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import DomainError
from config.formatting import format_date_nb
from grants.events import document_event
from grants.messages import PARTICIPANTS_MAX, PARTICIPANTS_TOO_MANY
from grants.models import Report, ReportCost, ReportMeasure
from networks.models import User

from .. import journal, rules
from .. import permissions as perms
from ..models import Case
from ..rules import today
from ..states import CaseState
from ._common import _wrong_state, bump_version, fields_save, permitted_in_open_year, run_step
from .settlement import report_control, settlement_decide, settlement_problems


def reporting_open(*, actor: User, case: Case, comment: str = "") -> Case:
    def create_report() -> None:
        kind = (
            Report.Kind.INTERIM if rules.measures_past_report_deadline(case) else Report.Kind.FINAL
        )
        _open_report(case, kind=kind)

    return run_step(case, "open_reporting", actor=actor, comment=comment, before_save=create_report)


def _open_report(case: Case, *, kind: str, after: Report | None = None) -> Report:
    """Make the case's report of ``kind`` with a row per measure and budget line and make it the
    case's current report; ``after``: the approved interim report whose work and money used it
    starts from."""
    report, _created = Report.objects.get_or_create(
        scheme_year=case.scheme_year, network=case.network, kind=kind
    )
    earlier_measures: dict[int, ReportMeasure] = {}
    earlier_costs: dict[int, ReportCost] = {}
    if after is not None:  # the assessment is written anew for the whole period
        earlier_measures = {item.measure_id: item for item in after.measures.all()}
        earlier_costs = {cost.budget_line_id: cost for cost in after.costs.all()}
    for measure in case.decision_basis.measures.prefetch_related("budget_lines"):
        before = earlier_measures.get(measure.pk)
        ReportMeasure.objects.get_or_create(
            report=report,
            measure=measure,
            defaults={
                "what_was_done": before.what_was_done if before else "",
                "participants_reached": before.participants_reached if before else 0,
            },
        )
        for line in measure.budget_lines.all():
            cost = earlier_costs.get(line.pk)
            ReportCost.objects.get_or_create(
                report=report, budget_line=line, defaults={"used": cost.used if cost else 0}
            )
    Case.objects.filter(pk=case.pk).update(report=report)
    case.report = report
    return report


@transaction.atomic
def report_update(
    *,
    actor: User,
    case: Case,
    expected_version: int | None = None,
    assessment: str | None = None,
    measures: dict[int, dict[str, Any]] | None = None,
    costs: dict[int, int] | None = None,
    expected: dict[int, int] | None = None,
) -> Report:
    """Edit the report: ``measures`` maps ReportMeasure id to {what_was_done,
    participants_reached}; ``costs`` maps ReportCost id to the amount used; ``expected`` (an
    interim report only) maps ReportCost id to the use expected after it."""
    permitted_in_open_year(perms.can_edit_report(actor, case), case)
    report = case.report
    if report is None or case.state != CaseState.RAPPORTERING:
        raise _wrong_state(case)
    measures, costs, expected = measures or {}, costs or {}, expected or {}
    if expected and not report.is_interim:
        raise DomainError(_("Forventet videre bruk føres bare i en delrapport."))
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
    for cost in report.costs.filter(pk__in=list(costs) + list(expected)):
        used = costs.get(cost.pk, cost.used)
        more = expected.get(cost.pk, cost.expected)
        if used < 0:
            raise DomainError(_("Brukte midler kan ikke være negative."))
        if more < 0:
            raise DomainError(_("Forventet videre bruk kan ikke være negativ."))
        cost.used, cost.expected = used, more
        cost.save(update_fields=["used", "expected"])
    return report


def _report_status(case: Case, status: str, **fields: Any) -> Callable[[], None]:
    """What a report transition writes on the report itself, inside the transition's transaction."""

    def mark() -> None:
        report = case.report
        assert report is not None, "a report transition needs the report"
        report.status = status
        fields_save(report, fields, "status")

    return mark


def report_submit(*, actor: User, case: Case, comment: str = "") -> Case:
    mark = _report_status(case, Report.Status.SUBMITTED, submitted_at=timezone.now())

    def mark_and_flag_late() -> None:
        mark()
        journal.report_received(actor=actor, case=case)
        # The final report after an approved interim report comes when the measures have ended:
        # the deadline was the interim report's.
        if today() > case.scheme_year.report_deadline and not rules.follows_interim_report(case):
            document_event(
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
    may = (
        perms.can_control_report(actor, case)
        and rules.report_is_submitted(case)
        and not rules.final_report_problems(case)
    )
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


def report_interim_approve(*, actor: User, case: Case, comment: str = "") -> Case:
    """Approve the interim report: the case stays in ``rapportering`` and the final report opens,
    filled in from the interim one (which stays as approved). No money is settled yet."""
    interim = case.report
    approve = _report_status(case, Report.Status.APPROVED, approved_at=timezone.now())

    def approve_and_open_final() -> None:
        approve()
        assert interim is not None
        _open_report(case, kind=Report.Kind.FINAL, after=interim)

    return run_step(
        case,
        "approve_interim_report",
        actor=actor,
        comment=comment,
        before_save=approve_and_open_final,
    )
