"""Reports: complete, open, sent; interim (delrapport) and final (sluttrapport)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext as _

from config.formatting import format_kroner
from grants.models import (
    Report,
)

from ..messages import (
    INTERIM_REPORT_NOT_FINAL,
)
from .decisions import decision_in_force
from .memo import today


def report_used_total(report: Report) -> int:
    return int(report.costs.aggregate(total=Sum("used"))["total"] or 0)


def report_expected_total(report: Report) -> int:
    """An interim report's expected use after it (0 in a final report)."""
    if report.kind != Report.Kind.INTERIM:
        return 0
    return int(report.costs.aggregate(total=Sum("expected"))["total"] or 0)


def report_problems(case) -> list[str]:
    report = case.report
    if report is None:
        return [_("Rapporteringen er ikke åpnet.")]
    problems: list[str] = []
    if report.status in (Report.Status.SUBMITTED, Report.Status.APPROVED):
        problems.append(_("Rapporten er allerede sendt."))
    if not report.assessment.strip():
        problems.append(_("Vurderingen mangler."))
    for item in report.measures.select_related("measure"):
        if not item.what_was_done.strip():
            problems.append(
                _("Beskriv hva som ble gjort i tiltaket «%(title)s».")
                % {"title": item.measure.title}
            )
    decision = decision_in_force(case)
    used = report_used_total(report)
    expected = report_expected_total(report)
    if decision is not None and used > decision.amount:
        problems.append(
            _("Brukte midler (%(used)s) er mer enn innvilget beløp (%(granted)s).")
            % {"used": format_kroner(used), "granted": format_kroner(decision.amount)}
        )
    elif decision is not None and used + expected > decision.amount:
        problems.append(
            _(
                "Brukte midler og forventet videre bruk (%(total)s) er mer enn innvilget beløp "
                "(%(granted)s)."
            )
            % {"total": format_kroner(used + expected), "granted": format_kroner(decision.amount)}
        )
    return problems


def report_is_complete(case) -> bool:
    return not report_problems(case)


def report_is_open(case) -> bool:
    """The report exists and the partnership may write it (a draft, or returned)."""
    return case.report is not None and case.report.status in (
        Report.Status.DRAFT,
        Report.Status.RETURNED,
    )


def report_is_submitted(case) -> bool:
    return case.report is not None and case.report.status == Report.Status.SUBMITTED


# --- Interim and final reports (delrapport, sluttrapport) ---------------------------------------


def case_report_deadline(case) -> dt.date:
    """The report deadline the case answers to: the vedtak's, else the year's."""
    decision = decision_in_force(case)
    if decision is not None and decision.report_deadline is not None:
        return decision.report_deadline
    return case.scheme_year.report_deadline


def measures_past_report_deadline(case) -> bool:
    """A measure of the decision basis ends after the report deadline (and has not ended yet):
    the report then is an interim report with the expected use, and the final report comes once
    it is approved. Reporting opened after every measure has ended asks for the final report."""
    after = max(case_report_deadline(case), today())
    return case.decision_basis.measures.filter(period_end__gt=after).exists()


def interim_report(case) -> Report | None:
    """The case's interim report, if it has one (the current one, or approved before the final)."""
    report = case.report
    if report is None or report.kind == Report.Kind.INTERIM:
        return report  # no report before reporting opens; an interim one is opened first
    return Report.objects.filter(
        scheme_year_id=case.scheme_year_id, network_id=case.network_id, kind=Report.Kind.INTERIM
    ).first()


def report_is_interim(case) -> bool:
    return case.report is not None and case.report.kind == Report.Kind.INTERIM


def interim_report_is_submitted(case) -> bool:
    return report_is_interim(case) and report_is_submitted(case)


def final_report_problems(case) -> list[str]:
    """What stops the report from being approved as the final one (an interim report is
    approved with its own step, and then the final report follows)."""
    if report_is_interim(case):
        return [str(INTERIM_REPORT_NOT_FINAL)]
    return []


def follows_interim_report(case) -> bool:
    """The current report is the final report that follows an approved interim report (its
    deadline was the interim report's)."""
    report = case.report
    return (
        report is not None
        and report.kind == Report.Kind.FINAL
        and approved_interim_reports(report.scheme_year_id, report.network_id).exists()
    )


def approved_interim_reports(scheme_year_id: Any, network_id: Any):
    """The approved interim report of a network and year (ids, or ``OuterRef``s to annotate a
    list of cases in one query)."""
    return Report.objects.filter(
        scheme_year_id=scheme_year_id,
        network_id=network_id,
        kind=Report.Kind.INTERIM,
        status=Report.Status.APPROVED,
    )
