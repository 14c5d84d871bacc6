"""The querysets the CSV and XLSX exports read."""

from __future__ import annotations

from django.db.models import QuerySet

from allocation.models import AllocationLine, RunStatus
from grants.models import (
    Report,
    SchemeYear,
)
from workflow.amounts import with_amounts
from workflow.models import Case

from .common import (
    _scoped,
)


def allocation_export_queryset(*, scheme_year: SchemeYear, viewer=None) -> QuerySet:
    return _scoped(
        AllocationLine.objects.filter(run__scheme_year=scheme_year, run__status=RunStatus.FROZEN),
        viewer,
    ).select_related("run__scheme_year")


def case_export_queryset(*, scheme_year: SchemeYear, viewer=None) -> QuerySet:
    return with_amounts(
        _scoped(Case.objects.filter(scheme_year=scheme_year), viewer).select_related(
            "network", "scheme_year"
        )
    ).order_by("network__name")


def report_export_queryset(*, scheme_year: SchemeYear, viewer=None) -> QuerySet:
    return with_amounts(
        _scoped(Report.objects.filter(scheme_year=scheme_year), viewer).select_related(
            "network", "scheme_year"
        )
    ).order_by("network__name")
