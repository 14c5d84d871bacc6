"""Admin mixins the apps share: what the admin may not do with a model, said once.

Records that the services write (events, journal entries, frozen runs, letters) are never added,
changed or deleted by hand in the admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin


class NoAddMixin:
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class NoChangeMixin:
    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class NoDeleteMixin:
    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class ReadOnlyMixin(NoAddMixin, NoChangeMixin, NoDeleteMixin):
    """Shown, never written: the services are the only way these rows change."""


class AllFieldsReadOnlyMixin:
    """Every field of the model is shown read-only on its page."""

    def get_readonly_fields(self, request: Any, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]  # type: ignore[attr-defined]


class RecordsInline(NoAddMixin, admin.TabularInline):
    """Rows the services wrote, listed under their parent: ``fields`` are shown read-only, and
    none is added or deleted here."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request: Any, obj: Any = None) -> Any:
        return self.fields


class ClosedYearReadOnlyMixin:
    """Objects of a closed scheme year are shown, never changed or deleted: the admin keeps the
    rule the services keep (``grants.locks``). ``closed_year_path`` leads from the object to its
    scheme year (``scheme_year``, or through relations: ``decision__scheme_year``)."""

    closed_year_path = "scheme_year"

    def in_closed_year(self, obj: Any) -> bool:
        value = obj
        for name in self.closed_year_path.split("__"):
            value = getattr(value, name, None)
            if value is None:
                return False
        return getattr(value, "closed_at", None) is not None

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        if obj is not None and self.in_closed_year(obj):
            return False
        return super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        if obj is not None and self.in_closed_year(obj):
            return False
        return super().has_delete_permission(request, obj)  # type: ignore[misc]
