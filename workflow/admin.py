"""The admin for cases: read-only. A case moves only through the services (the pages' buttons), so
the admin shows its stage, its transition log, its events and what the signed-in user may do now."""

from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django_fsm_log.admin import StateLogInline

from config.admin import ClosedYearReadOnlyMixin, NoAddMixin, NoDeleteMixin
from networks.models import Event

from . import selectors
from .models import Case

CASE_FIELDS: tuple[str, ...] = (
    "network",
    "scheme_year",
    "state",
    "decision_basis_reopened_until",
    "available_transitions",
    "case_page",
    "events",
    "reminders",
    "updated_at",
)


@admin.register(Case)
class CaseAdmin(ClosedYearReadOnlyMixin, NoAddMixin, NoDeleteMixin, admin.ModelAdmin):
    list_display = ["network", "scheme_year", "state", "updated_at"]
    list_filter = ["state", "scheme_year"]
    search_fields = ["network__name"]
    list_select_related = ["network", "scheme_year"]
    inlines = [StateLogInline]
    fields = CASE_FIELDS
    readonly_fields = CASE_FIELDS

    @admin.display(description=_("Det du kan gjøre nå"))
    def available_transitions(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        user = getattr(obj, "_admin_user", None)
        if user is None:
            return "–"
        actions = selectors.available_actions(user, obj)
        if not actions:
            return _("Ingenting i dette steget.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li>{}</li>", ((action.label,) for action in actions)),
        )

    @admin.display(description=_("Saken i produktet"))
    def case_page(self, obj):
        url = reverse("case_detail", kwargs={"pk": obj.pk})
        return format_html('<a href="{}">{}</a>', url, _("Åpne saken"))

    @admin.display(description=_("Påminnelser"))
    def reminders(self, obj):
        url = (
            reverse("admin:workflow_reminder_changelist") + f"?obligation__case__id__exact={obj.pk}"
        )
        count = obj.obligations.aggregate(n=models.Count("reminders"))["n"]
        return format_html('<a href="{}">{}</a>', url, _("%(n)s påminnelser") % {"n": count})

    @admin.display(description=_("Hendelser"))
    def events(self, obj):
        rows = Event.objects.filter(network_id=obj.network_id, year=obj.scheme_year.year)
        rows = rows.select_related("actor").order_by("-created_at")[:50]
        if not rows:
            return "–"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} – {} ({})</li>",
                (
                    (f"{e.created_at:%d.%m.%Y %H:%M}", e.message, e.actor or _("systemet"))
                    for e in rows
                ),
            ),
        )

    def get_object(self, request, object_id, from_field=None):
        # Read-only fields see only the object: it carries the signed-in user for the question
        # "which transitions may I perform" (kept on the instance, not on the shared admin).
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            obj._admin_user = request.user
        return obj
