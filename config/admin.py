"""Admin mixins the apps share: what the admin may not do with a model, said once.

Records that the services write (events, journal entries, frozen runs, letters) are never added,
changed or deleted by hand in the admin."""

from __future__ import annotations

from typing import Any


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
