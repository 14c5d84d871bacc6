"""Export-only admin pages (CSV/XLSX) for the allocation, cases and reports, on proxy models so
that the owning apps' own admin registrations are left alone. Nothing can be added, changed or
deleted here, and a staff user without a regional role exports only their own networks."""

from typing import Any

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportActionMixin

from allocation.models import RunStatus
from config.admin import AllFieldsReadOnlyMixin, NoAddMixin, NoChangeMixin, ReadOnlyMixin
from config.exports import SafeCSV, SafeXLSX

from . import selectors
from .models import AllocationExport, CaseExport, LetterBatch, ReportExport
from .permissions import visible_network_ids
from .resources import AllocationResource, CaseResource, ReportResource


class ExportOnlyAdmin(ReadOnlyMixin, ExportActionMixin, admin.ModelAdmin):
    # Formulas neutralised, semicolon CSV with BOM, XLSX with real dates (config.exports).
    formats = [SafeCSV, SafeXLSX]
    export_formats = [SafeCSV, SafeXLSX]
    list_per_page = 50

    def scoped(self, request, queryset):
        ids = visible_network_ids(request.user)
        return queryset if ids is None else queryset.filter(network_id__in=ids)


@admin.register(AllocationExport)
class AllocationExportAdmin(ExportOnlyAdmin):
    resource_classes = [AllocationResource]
    list_display = ["network_name", "year", "pupils", "children", "base", "pro_rata", "frame"]
    list_filter = ["run__scheme_year__year"]
    list_select_related = ["run__scheme_year"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).filter(run__status=RunStatus.FROZEN)
        return self.scoped(request, queryset)

    @admin.display(description=_("år"), ordering="run__scheme_year__year")
    def year(self, obj):
        return obj.run.scheme_year.year


def amount_column(name: str, description: Any) -> Any:
    """A list column showing the amount ``selectors.with_amounts`` annotates as ``name``."""

    @admin.display(description=description)
    def column(self, obj):
        return getattr(obj, name)

    return column


class AmountsExportAdmin(ExportOnlyAdmin):
    """A network's case or report of a year, with its amounts annotated (``with_amounts``)."""

    list_select_related = ["network", "scheme_year"]
    granted_amount = amount_column("granted_amount", _("innvilget (kr)"))

    def get_queryset(self, request):
        return selectors.with_amounts(self.scoped(request, super().get_queryset(request)))


@admin.register(CaseExport)
class CaseExportAdmin(AmountsExportAdmin):
    resource_classes = [CaseResource]
    list_display = ["network", "scheme_year", "state", "frame", "granted_amount"]
    list_filter = ["scheme_year", "state"]
    frame = amount_column("frame", _("ramme (kr)"))


@admin.register(ReportExport)
class ReportExportAdmin(AmountsExportAdmin):
    resource_classes = [ReportResource]
    list_display = ["network", "scheme_year", "kind", "status", "granted_amount", "used_amount"]
    list_filter = ["scheme_year", "kind", "status"]
    used_amount = amount_column("used_amount", _("brukt (kr)"))


@admin.register(LetterBatch)
class LetterBatchAdmin(AllFieldsReadOnlyMixin, NoAddMixin, NoChangeMixin, admin.ModelAdmin):
    list_display = ["scheme_year", "status", "done", "total", "started_by", "created_at"]
    list_filter = ["status"]
