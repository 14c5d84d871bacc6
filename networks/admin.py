from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from config.admin import AllFieldsReadOnlyMixin, NoAddMixin, NoChangeMixin, ReadOnlyMixin
from config.errors import DomainError
from config.exports import SafeCSV, SafeXLSX

from .models import (
    Event,
    HeadCount,
    Invitation,
    Membership,
    Network,
    Owner,
    Partnership,
    Unit,
    University,
    User,
)
from .resources import (
    HeadCountConfirmImportForm,
    HeadCountCSV,
    HeadCountImportForm,
    HeadCountResource,
    HeadCountXLSX,
    import_errors,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["owner", "network", "university"]
    fields = ["role", "owner", "network", "university", "budget_authority", "ended_at"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (None, {"fields": ("language",)}),
        (_("Innlogging med OpenID Connect"), {"fields": ("oidc_issuer", "oidc_subject")}),
    )


class OwnerInline(admin.TabularInline):
    model = Owner
    extra = 0
    fields = ["name", "kind", "number", "is_active"]
    show_change_link = True


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_active", "is_joint"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OwnerInline]


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0


@admin.register(Owner)
class OwnerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "number", "network", "is_active"]
    list_filter = ["kind", "network", "is_active"]
    search_fields = ["name", "number"]
    list_select_related = ["network"]
    inlines = [UnitInline]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "owner"]
    list_filter = ["kind"]
    search_fields = ["name", "owner__name"]
    list_select_related = ["owner"]


@admin.register(University)
class UniversityAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name"]
    search_fields = ["name", "short_name"]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["network", "partners"]
    filter_horizontal = ["universities"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("network").prefetch_related("universities")
        )

    @admin.display(description=_("UH-partnere"))
    def partners(self, obj):
        return ", ".join(u.short_name for u in obj.universities.all())


@admin.register(HeadCount)
class HeadCountAdmin(ImportExportModelAdmin):
    """Import (CSV/XLSX, all or nothing, preview first) and export of head counts; see
    ``networks.headcount_import`` for the column mapping."""

    list_display = ["owner", "year", "pupils", "children", "source", "counted_on"]
    list_filter = ["year", "owner__network"]
    search_fields = ["owner__name", "owner__number"]
    list_select_related = ["owner__network"]
    resource_classes = [HeadCountResource]
    import_formats = [HeadCountCSV, HeadCountXLSX]
    export_formats = [SafeCSV, SafeXLSX]  # formulas neutralised (config.exports)
    import_form_class = HeadCountImportForm
    confirm_form_class = HeadCountConfirmImportForm

    def add_data_read_fail_error_to_form(self, form, e):
        # A file over a cap or unreadable says why in Norwegian, not with an exception's name.
        if isinstance(e, DomainError):
            form.add_error("import_file", e.message)
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def get_import_resource_kwargs(self, request, **kwargs):
        data = getattr(kwargs.get("form"), "cleaned_data", None) or {}
        return {
            "year": data.get("year"),
            "source": data.get("source", ""),
            "counted_on": data.get("counted_on"),
        }

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            for name in ("year", "source", "counted_on"):
                initial[name] = import_form.cleaned_data[name]
        return initial

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # The confirm step checks the file again; if it is no longer valid nothing is saved.
            messages.error(
                request,
                _("Importen ble avbrutt, og ingen tall ble lagret: %(errors)s")
                % {"errors": " ".join(import_errors(result))},
            )
            return HttpResponseRedirect(reverse("admin:networks_headcount_changelist"))
        return super().process_result(result, request)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "role",
        "owner",
        "network",
        "university",
        "budget_authority",
        "ended_at",
    ]
    list_filter = ["role", "budget_authority", ("ended_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__username", "user__last_name"]
    autocomplete_fields = ["user", "owner", "network", "university"]
    list_select_related = ["user", "owner", "network", "university"]


@admin.register(Event)
class EventAdmin(AllFieldsReadOnlyMixin, ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["created_at", "kind", "network", "year", "actor", "message"]
    list_filter = ["kind", "year", "network"]
    list_select_related = ["network", "actor"]


@admin.register(Invitation)
class InvitationAdmin(NoAddMixin, NoChangeMixin, admin.ModelAdmin):
    """Invitations are sent from the people page (the link exists only in the e-mail); here they
    can be looked at."""

    list_display = ["email", "role", "organisation_name", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["email"]
    list_select_related = ["owner", "network", "university"]
    readonly_fields = [f.name for f in Invitation._meta.fields if f.name != "token_hash"]
    exclude = ["token_hash"]
