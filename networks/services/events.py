"""The event table: facts that matter and are not transitions (the audit trail)."""

from __future__ import annotations

from ..models import (
    Network,
    User,
)


def event_record(
    *,
    kind: str,
    message: str,
    actor: User | None = None,
    network: Network | None = None,
    year: int | None = None,
    subject=None,
    data: dict | None = None,
):
    """Record a fact in the event table (in the caller's transaction)."""
    from django.contrib.contenttypes.models import ContentType

    from ..models import Event

    return Event.objects.create(
        kind=kind,
        message=message,
        actor=actor if actor is not None and actor.is_authenticated else None,
        network=network,
        year=year,
        subject_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        subject_id=subject.pk if subject is not None else None,
        data=data or {},
    )
