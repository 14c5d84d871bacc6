from django.contrib import admin

from .models import SchemeYear


@admin.register(SchemeYear)
class SchemeYearAdmin(admin.ModelAdmin):
    list_display = [
        "year",
        "total_amount",
        "joint_percent",
        "joint_amount",
        "base_grant",
        "decision_basis_deadline",
        "decision_deadline",
        "report_deadline",
    ]
