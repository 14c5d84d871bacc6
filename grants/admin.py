"""Admin for configuration. Scheme years are opened and changed on their own pages (so that the
checks, the cases and the audit trail follow); legal wording is edited here."""

from django.contrib import admin

from config.admin import (
    AllFieldsReadOnlyMixin,
    ClosedYearReadOnlyMixin,
    NoAddMixin,
    NoDeleteMixin,
    ReadOnlyMixin,
    RecordsInline,
)

from .models import (
    Attachment,
    DeliveryRecord,
    JournalCorrection,
    JournalEntry,
    LegalText,
    Letter,
    PayoutBatch,
    PayoutInstalment,
    SchemeYear,
    Settlement,
)


@admin.register(SchemeYear)
class SchemeYearAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "year",
        "total_amount",
        "joint_percent",
        "joint_amount",
        "base_grant",
        "decision_basis_deadline",
        "decision_deadline",
        "report_deadline",
        "closed_at",
    ]


@admin.register(LegalText)
class LegalTextAdmin(ClosedYearReadOnlyMixin, NoAddMixin, NoDeleteMixin, admin.ModelAdmin):
    list_display = ["key", "title"]
    search_fields = ["title", "text"]
    readonly_fields = ["key"]


class JournalCorrectionInline(RecordsInline):
    model = JournalCorrection
    fields = ("corrected_at", "corrected_by", "field", "old_value", "new_value", "reason")


@admin.register(JournalEntry)
class JournalEntryAdmin(AllFieldsReadOnlyMixin, ReadOnlyMixin, admin.ModelAdmin):
    """Read-only: entries are made by the services; a correction goes through
    ``grants.records.services.journal_correct`` so that it is logged."""

    list_display = [
        "journal_date",
        "document_reference",
        "direction",
        "kind",
        "title",
        "correspondent",
        "restricted",
    ]
    list_filter = ["direction", "kind", "restricted", "journal_year"]
    search_fields = ["case_number", "title", "correspondent"]
    inlines = [JournalCorrectionInline]


@admin.register(Attachment)
class AttachmentAdmin(AllFieldsReadOnlyMixin, ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["name", "network", "mime_type", "size", "uploaded_at", "frozen_at"]
    list_filter = ["mime_type", "network"]


@admin.register(DeliveryRecord)
class DeliveryRecordAdmin(AllFieldsReadOnlyMixin, ReadOnlyMixin, admin.ModelAdmin):
    """Read-only: who got which vedtak, how and when, and the last sending error. A delivered
    date is corrected on the vedtak page (with a reason, recorded as an event)."""

    list_display = [
        "decision",
        "party_name",
        "channel",
        "email",
        "sent_at",
        "delivered_on",
        "attempts",
    ]
    list_filter = ["channel"]
    list_select_related = ["decision__network", "decision__scheme_year"]
    search_fields = ["party_name", "email", "decision__network__name"]


@admin.register(PayoutBatch)
class PayoutBatchAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Read-only: batches are made and marked paid on the payouts page (services, events)."""

    list_display = ["__str__", "status", "created_at", "paid_on"]
    list_filter = ["status", "scheme_year"]
    list_select_related = ["scheme_year"]


@admin.register(PayoutInstalment)
class PayoutInstalmentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["payee_name", "decision", "amount", "due_on", "status", "batch"]
    list_filter = ["status"]
    list_select_related = ["decision__network", "decision__scheme_year", "batch__scheme_year"]
    search_fields = ["payee_name", "decision__network__name"]


@admin.register(Settlement)
class SettlementAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Read-only: decided at report approval; a repayment claim is an enkeltvedtak."""

    list_display = ["network", "scheme_year", "kind", "amount", "due_on", "carried_to_year"]
    list_filter = ["kind", "scheme_year"]
    list_select_related = ["network", "scheme_year"]


@admin.register(Letter)
class LetterAdmin(AllFieldsReadOnlyMixin, ReadOnlyMixin, admin.ModelAdmin):
    """Read-only: every letter sent (to each party, dismissals, cover letters), by document
    number. Letters are made by the product and never changed."""

    list_display = ["__str__", "kind", "recipient", "language", "created_at"]
    list_filter = ["kind", "language"]
    list_select_related = ["decision__network"]
    search_fields = ["case_number", "recipient", "decision__network__name"]
