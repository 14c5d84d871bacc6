"""The audit trail's rule in Python: its rows are never changed or deleted (a database trigger
holds the same rule on PostgreSQL)."""

from django.db import models

AUDIT_APPEND_ONLY = "The audit trail is append-only: its rows are never changed or deleted."


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk writes that would rewrite history are refused (the database trigger refuses them on
    PostgreSQL too, including the ones Django makes itself)."""

    def update(self, **kwargs):
        raise PermissionError(AUDIT_APPEND_ONLY)

    def delete(self):
        raise PermissionError(AUDIT_APPEND_ONLY)
