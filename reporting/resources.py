"""Export-only import-export resources: the year's allocation, cases and reports.

Columns have Norwegian headers and a fixed order (tests pin them); amounts are whole kroner as
numbers and dates are dates (ISO 8601 in CSV), so a spreadsheet can compute with them; how the
files are written (formulas neutralised, separators) is ``config.exports``. No resource exposes
the FSM field itself (the case's stage is written out as its label by a dehydrate method) and
none may import: an import must never move a case's state or change money.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Subquery, Sum
from django.utils import timezone
from import_export import fields, resources, widgets

from allocation.models import AllocationLine
from grants.models import Report, Settlement
from workflow.models import Case

from . import selectors


def _iso(value) -> dt.date | None:
    """The day of a date or moment: a real date in XLSX, ISO 8601 in CSV (config.exports)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localdate(value)
    return value


class WholeNumberWidget(widgets.Widget):
    """Whole numbers (kroner, counts, years) without locale formatting: ``1234567`` in CSV, a
    number in XLSX (the export asks for native types there); empty when there is none."""

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return None if kwargs.get("force_native_type") else ""
        return int(value) if kwargs.get("force_native_type") else str(int(value))


NUMBER = WholeNumberWidget()


class ExportOnlyResource(resources.ModelResource):
    def import_data(self, *args, **kwargs):
        raise NotImplementedError("Reporting resources are export-only.")


class AllocationResource(ExportOnlyResource):
    """The frozen run's lines: one row per network."""

    year = fields.Field(
        attribute="run__scheme_year__year", widget=NUMBER, column_name="Tilskuddsår"
    )
    network = fields.Field(attribute="network_name", column_name="Nettverk")
    pupils = fields.Field(attribute="pupils", widget=NUMBER, column_name="Elevtall")
    children = fields.Field(attribute="children", widget=NUMBER, column_name="Barnetall")
    base = fields.Field(attribute="base", widget=NUMBER, column_name="Grunntilskudd (kr)")
    pro_rata = fields.Field(
        attribute="pro_rata", widget=NUMBER, column_name="Andel etter elev- og barnetall (kr)"
    )
    frame = fields.Field(attribute="frame", widget=NUMBER, column_name="Ramme (kr)")

    class Meta:
        model = AllocationLine
        fields = ("year", "network", "pupils", "children", "base", "pro_rata", "frame")
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("run__scheme_year").order_by("run", "position")


def _with_amounts(queryset, annotation: str):
    """The cases or reports with their amounts (``with_amounts``), unless the selector that made
    the queryset annotated them already (``annotation`` is one of them)."""
    if annotation not in queryset.query.annotations:
        queryset = selectors.with_amounts(queryset)
    return queryset


class CaseResource(ExportOnlyResource):
    """Each network's case with its stage and the amounts of the year."""

    year = fields.Field(attribute="scheme_year__year", widget=NUMBER, column_name="Tilskuddsår")
    network = fields.Field(attribute="network__name", column_name="Nettverk")
    stage = fields.Field(column_name="Steg")
    frame = fields.Field(attribute="frame", widget=NUMBER, column_name="Ramme (kr)")
    recommended = fields.Field(
        attribute="recommended_amount", widget=NUMBER, column_name="Innstilt (kr)"
    )
    recommended_uh = fields.Field(
        attribute="recommended_uh", widget=NUMBER, column_name="Innstilt, herav UH (kr)"
    )
    granted = fields.Field(attribute="granted_amount", widget=NUMBER, column_name="Innvilget (kr)")
    granted_uh = fields.Field(
        attribute="granted_uh", widget=NUMBER, column_name="Innvilget, herav UH (kr)"
    )
    decided = fields.Field(column_name="Vedtaksdato")

    class Meta:
        model = Case
        fields = (
            "year",
            "network",
            "stage",
            "frame",
            "recommended",
            "recommended_uh",
            "granted",
            "granted_uh",
            "decided",
        )
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return _with_amounts(queryset, "frame").select_related("network", "scheme_year")

    def dehydrate_stage(self, case: Case) -> str:
        return str(case.get_state_display())

    def dehydrate_decided(self, case: Any) -> dt.date | None:  # annotated by with_amounts
        return _iso(case.first_decided_at)


class ReportResource(ExportOnlyResource):
    """Each report with the money granted, used and to be returned."""

    year = fields.Field(attribute="scheme_year__year", widget=NUMBER, column_name="Tilskuddsår")
    network = fields.Field(attribute="network__name", column_name="Nettverk")
    status = fields.Field(column_name="Status")
    granted = fields.Field(attribute="granted_amount", widget=NUMBER, column_name="Innvilget (kr)")
    used = fields.Field(column_name="Brukt (kr)")
    to_return = fields.Field(column_name="Tilbakebetales (kr)")
    deadline = fields.Field(attribute="scheme_year__report_deadline", column_name="Frist")
    submitted = fields.Field(column_name="Sendt")
    on_time = fields.Field(column_name="Innen fristen")
    approved = fields.Field(column_name="Godkjent")

    class Meta:
        model = Report
        fields = (
            "year",
            "network",
            "status",
            "granted",
            "used",
            "to_return",
            "deadline",
            "submitted",
            "on_time",
            "approved",
        )
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        queryset = _with_amounts(queryset, "used_amount")
        settlements = Settlement.objects.filter(
            scheme_year_id=OuterRef("scheme_year_id"), network_id=OuterRef("network_id")
        )
        claimed = (
            settlements.filter(kind=Settlement.Kind.REPAYMENT)
            .order_by()
            .values("network_id")
            .annotate(total=Sum("amount"))
            .values("total")
        )
        queryset = queryset.annotate(
            settled=Exists(settlements), claimed_amount=Subquery(claimed[:1])
        )
        return queryset.select_related("network", "scheme_year")

    def dehydrate_status(self, report: Report) -> str:
        status = str(report.get_status_display())
        return f"{report.get_kind_display()}: {status.lower()}" if report.is_interim else status

    def dehydrate_used(self, report: Any) -> int | str:  # annotated by with_amounts
        """What the sent final report says; empty while it is a draft, and for an interim report
        (its use so far is not what the grant was used for)."""
        if report.is_interim:
            return ""
        return "" if report.used_amount is None else int(report.used_amount)

    def dehydrate_to_return(self, report: Any) -> int | str:
        """What was claimed back once the unused money is settled (a carry-over is not owed);
        before that, what the sent final report leaves unused."""
        if report.is_interim:
            return ""
        if report.settled:
            return int(report.claimed_amount or 0)
        if report.granted_amount is None or report.used_amount is None:
            return ""
        return int(report.granted_amount) - int(report.used_amount)

    def dehydrate_deadline(self, report: Report) -> dt.date | None:
        return _iso(report.scheme_year.report_deadline)

    def dehydrate_submitted(self, report: Report) -> dt.date | None:
        return _iso(report.submitted_at)

    def dehydrate_on_time(self, report: Report) -> str:
        if report.submitted_at is None:
            return ""
        on_time = timezone.localdate(report.submitted_at) <= report.scheme_year.report_deadline
        return "ja" if on_time else "nei"

    def dehydrate_approved(self, report: Report) -> dt.date | None:
        return _iso(report.approved_at)


#: What the year page offers, by the name used in URLs.
EXPORTS = {
    "fordeling": (AllocationResource, selectors.allocation_export_queryset),
    "saker": (CaseResource, selectors.case_export_queryset),
    "rapporter": (ReportResource, selectors.report_export_queryset),
}
