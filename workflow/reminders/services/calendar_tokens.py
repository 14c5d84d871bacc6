"""The private calendar address of a person: issue, revoke, touch."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from networks.services import event_record

from ..models import CalendarToken, new_calendar_token


@transaction.atomic
def calendar_token_issue(*, actor) -> CalendarToken:
    """Give the person a new private feed address; an earlier one stops working."""
    if not actor.is_authenticated:
        raise PermissionDenied
    token, created = CalendarToken.objects.get_or_create(user=actor)
    if not created:
        token.token = new_calendar_token()
        token.created_at = timezone.now()
        token.last_used_at = None
        token.save(update_fields=["token", "created_at", "last_used_at"])
    event_record(
        kind="calendar_token_issued",
        actor=actor,
        message=_("Ny privat kalenderadresse laget.")
        if created
        else _("Kalenderadressen ble byttet; den gamle virker ikke lenger."),
    )
    return token


@transaction.atomic
def calendar_token_revoke(*, actor) -> bool:
    if not actor.is_authenticated:
        raise PermissionDenied
    deleted, _rows = CalendarToken.objects.filter(user=actor).delete()
    if deleted:
        event_record(
            kind="calendar_token_revoked",
            actor=actor,
            message=_("Kalenderadressen ble trukket tilbake."),
        )
    return bool(deleted)


def calendar_token_touch(token: CalendarToken) -> None:
    """Note when a feed was last fetched, at most once an hour (calendar apps poll often)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(hours=1):
        CalendarToken.objects.filter(pk=token.pk).update(last_used_at=now)
