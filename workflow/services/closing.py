"""Closing the year: Statsforvalteren closes a scheme year once its checklist is empty
(``workflow.selectors.closing``). From then on the year is read-only (``grants.locks``)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from config.errors import DomainError
from grants.events import year_event
from grants.locks import ensure_year_open
from grants.models import SchemeYear
from networks.models import User

from .. import permissions as perms
from ..selectors.closing import year_missing


def year_not_ready_message(count: int) -> str:
    return ngettext(
        "Året kan ikke avsluttes ennå: %(count)s punkt på sjekklisten mangler.",
        "Året kan ikke avsluttes ennå: %(count)s punkter på sjekklisten mangler.",
        count,
    ) % {"count": count}


@transaction.atomic
def scheme_year_close(*, actor: User, scheme_year: SchemeYear) -> SchemeYear:
    """Close the year: refused, with nothing changed, while anything on its checklist is missing
    or when it is closed already."""
    if not perms.can_close_scheme_year(actor):
        raise PermissionDenied
    scheme_year = SchemeYear.objects.select_for_update().get(pk=scheme_year.pk)
    ensure_year_open(scheme_year)
    missing = year_missing(scheme_year)
    if missing:
        raise DomainError(year_not_ready_message(len(missing)), code="year_not_ready")
    scheme_year.closed_at = timezone.now()
    scheme_year.closed_by = actor
    scheme_year.save(update_fields=["closed_at", "closed_by"])
    year_event(
        scheme_year,
        "scheme_year_closed",
        _("Tilskuddsåret %(year)s ble avsluttet.") % {"year": scheme_year.year},
        actor=actor,
        subject=scheme_year,
    )
    return scheme_year
