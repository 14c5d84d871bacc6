"""Admin for reminders: the rules (editable data), the obligations and the reminders recorded for
them (read only; filter by case to see what was sent in a case), failed ones can be queued again,
and the calendar addresses (revoke by deleting)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from config.admin import AllFieldsReadOnlyMixin, NoAddMixin, NoChangeMixin, RecordsInline

from .emails import obligation_title
from .models import CalendarToken, Obligation, Reminder, ReminderRule
from .services import reminders_retry


class ReadOnlyAdmin(NoAddMixin, NoChangeMixin, admin.ModelAdmin):
    """Shown with its history; rows change only through the reminder services."""


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "offset_days", "escalate", "kinds", "is_active"]
    list_editable = ["is_active"]
    ordering = ["-offset_days"]


#: What the admin shows of a reminder, in its obligation's list and in the list of reminders.
REMINDER_COLUMNS = ("rule", "audience", "due_date", "status", "attempts", "sent_at")


class ReminderInline(RecordsInline):
    model = Reminder
    fields = ("recipient", *REMINDER_COLUMNS, "last_error")
    ordering = ["-created_at"]


@admin.register(Obligation)
class ObligationAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "year", "due_date", "met_at", "is_active"]
    list_filter = ["kind", "case__scheme_year", ("met_at", admin.EmptyFieldListFilter), "is_active"]
    search_fields = ["case__network__name", "owner__name"]
    list_select_related = ["case__network", "case__scheme_year", "owner"]
    date_hierarchy = "due_date"
    inlines = [ReminderInline]

    @admin.display(description=_("frist for"))
    def title(self, obj: Obligation) -> str:
        return obligation_title(obj)

    @admin.display(description=_("tilskuddsår"), ordering="case__scheme_year__year")
    def year(self, obj: Obligation) -> int:
        return obj.case.scheme_year.year


@admin.register(Reminder)
class ReminderAdmin(AllFieldsReadOnlyMixin, ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "what", *REMINDER_COLUMNS, "error"]
    list_filter = [
        "status",
        "rule",
        "audience",
        "obligation__kind",
        "obligation__case__scheme_year",
        "obligation__case__network",
        "obligation__case",
    ]
    search_fields = [
        "recipient__username",
        "recipient__email",
        "recipient__last_name",
        "obligation__case__network__name",
        "obligation__owner__name",
    ]
    list_select_related = [
        "recipient",
        "rule",
        "obligation__case__network",
        "obligation__case__scheme_year",
        "obligation__owner",
    ]
    date_hierarchy = "created_at"
    actions = ["retry_failed"]

    @admin.display(description=_("frist for"))
    def what(self, obj: Reminder) -> str:
        return obligation_title(obj.obligation)

    @admin.display(description=_("siste feil"))
    def error(self, obj: Reminder) -> str:
        return (obj.last_error[:80] + "…") if len(obj.last_error) > 80 else obj.last_error

    @admin.action(description=_("Send påminnelser som feilet, på nytt"))
    def retry_failed(self, request, queryset):
        count = reminders_retry(
            actor=request.user, reminder_ids=queryset.values_list("pk", flat=True)
        )
        self.message_user(
            request,
            ngettext(
                "%(count)s påminnelse er lagt i kø og sendes i løpet av noen minutter.",
                "%(count)s påminnelser er lagt i kø og sendes i løpet av noen minutter.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )

    def has_change_permission(self, request, obj=None):
        # Needed for the retry action; every field stays read-only.
        return request.user.is_superuser


@admin.register(CalendarToken)
class CalendarTokenAdmin(NoAddMixin, admin.ModelAdmin):
    list_display = ["user", "created_at", "last_used_at"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user"]
    fields = ("user", "created_at", "last_used_at")
    readonly_fields = fields
