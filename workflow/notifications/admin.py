"""Admin for notifications: read only, to see who was told what and whether the email went (with
the last error when it did not)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from config.admin import AllFieldsReadOnlyMixin, NoAddMixin, NoChangeMixin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(AllFieldsReadOnlyMixin, NoAddMixin, NoChangeMixin, admin.ModelAdmin):
    list_display = ["created_at", "recipient", "kind", "title", "email", "email_sent_at", "read_at"]
    list_filter = ["kind", "email", "legal_effect"]
    list_select_related = ["recipient"]
    search_fields = ["recipient__username", "recipient__email", "case__network__name"]
    date_hierarchy = "created_at"

    @admin.display(description=_("tittel"))
    def title(self, obj: Notification) -> str:
        return obj.title
