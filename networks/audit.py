"""The append-only guard on django-fsm-log's transition log (the Event model guards itself).
A saved transition row is never changed or deleted through the ORM; on PostgreSQL a trigger
refuses it in the database as well (migration 0002_append_only_audit)."""

from __future__ import annotations

from django.db.models.signals import pre_delete, pre_save

from .append_only import AUDIT_APPEND_ONLY


def _refuse_change(sender, instance, raw=False, **kwargs) -> None:
    if not raw and instance.pk is not None and not instance._state.adding:
        raise PermissionError(AUDIT_APPEND_ONLY)


def _refuse_delete(sender, instance, **kwargs) -> None:
    raise PermissionError(AUDIT_APPEND_ONLY)


def connect() -> None:
    from django_fsm_log.models import StateLog

    pre_save.connect(_refuse_change, sender=StateLog, dispatch_uid="statelog_append_only_save")
    pre_delete.connect(_refuse_delete, sender=StateLog, dispatch_uid="statelog_append_only_del")
