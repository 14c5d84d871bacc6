"""Admin for configuration. Scheme years are opened and changed on their own pages (so that the
checks, the cases and the audit trail follow); legal wording is edited here."""

from django.contrib import admin

from .models import LegalText, SchemeYear


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

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LegalText)
class LegalTextAdmin(admin.ModelAdmin):
    list_display = ["key", "title"]
    search_fields = ["title", "text"]
    readonly_fields = ["key"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
