"""Allocation runs in the admin: to look at, never to edit. Runs are created, frozen and
superseded on the allocation pages (through the services), so the admin cannot bypass the rules."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from config.admin import AllFieldsReadOnlyMixin, ReadOnlyMixin, RecordsInline

from .models import AllocationLine, AllocationRun


class AllocationLineInline(ReadOnlyMixin, RecordsInline):
    model = AllocationLine
    fields = (
        "position",
        "network_name",
        "pupils",
        "children",
        "weight",
        "quota",
        "base",
        "pro_rata",
        "frame",
        "owners_counted",
        "counts_source",
        "counted_on",
    )
    ordering = ["position"]


@admin.register(AllocationRun)
class AllocationRunAdmin(AllFieldsReadOnlyMixin, ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "status",
        "total_amount",
        "joint_measures",
        "base_grant",
        "distributable",
        "created_at",
        "frozen_at",
    ]
    list_filter = ["status", "scheme_year"]
    list_select_related = ["scheme_year"]
    inlines = [AllocationLineInline]
    fieldsets = [
        (None, {"fields": ["scheme_year", "number", "status"]}),
        (
            _("Beløp og vekter"),
            {
                "fields": [
                    "total_amount",
                    "joint_percent",
                    "joint_amount",
                    "joint_measures",
                    "base_grant",
                    "distributable",
                    "pupil_weight",
                    "child_weight",
                    "weight_total",
                ]
            },
        ),
        (
            _("Historikk"),
            {
                "fields": [
                    "created_at",
                    "created_by",
                    "frozen_at",
                    "frozen_by",
                    "superseded_at",
                    "superseded_by_user",
                    "superseded_by",
                    "supersede_reason",
                ]
            },
        ),
    ]
