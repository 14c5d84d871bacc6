"""What every workflow service shares: taking a step of the step table, the optimistic lock on
documents, and the messages for a refused write."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, can_proceed

from config.errors import DomainError
from grants.locks import ensure_year_open
from networks.models import User

from .. import rules
from ..messages import COMMENT_REQUIRED, CONCURRENT_CHANGE, STALE_DOCUMENT
from ..models import Case
from ..signals import case_transitioned
from ..steps import REQUIRED, step


def _today() -> dt.date:
    return timezone.localdate()


def _wrong_state(case: Case) -> DomainError:
    return DomainError(
        _("Det kan ikke gjøres nå: saken er i steget «%(state)s».")
        % {"state": case.get_state_display()},
        code="wrong_state",
    )


def permitted_in_open_year(allowed: bool, of: Any) -> None:
    """Where a writing service starts: refused (403) unless the person may (``allowed``, the
    permission's answer), then refused when ``of`` (the year, or an object of the year) belongs
    to a closed year."""
    if not allowed:
        raise PermissionDenied
    ensure_year_open(of)


def fields_known(fields: Iterable[str], known: Iterable[str]) -> None:
    """A service that writes ``**fields`` takes only the fields it knows (``known``); any other
    is a programming error, not the user's."""
    unknown = set(fields) - set(known)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")


def fields_save(document: models.Model, fields: dict[str, Any], *also: str) -> None:
    """Write ``fields`` onto ``document`` and save just them (and ``also``, fields the service
    set itself)."""
    for name, value in fields.items():
        setattr(document, name, value)
    document.save(update_fields=[*fields, *also])


def related_set(
    manager: Any, items: Iterable[Any] | None, *, belongs: Callable[[Any], bool], refused: str
) -> None:
    """Set a document's many-to-many ``manager`` to ``items`` (None: leave it as it is); refused
    with the message ``refused`` when one of them is not ``belongs(item)``."""
    if items is None:
        return
    items = list(items)
    if not all(belongs(item) for item in items):
        raise DomainError(refused)
    manager.set(items)


def run_step(
    case: Case,
    name: str,
    *,
    actor: User,
    comment: str = "",
    before_save: Callable[[], None] | None = None,
) -> Case:
    """The one way a case changes stage: the step table's row ``name`` says who may take it and
    what blocks it; the state machine says from where. Refused with nothing changed, or taken,
    saved and logged in one transaction (a case changed by someone else meanwhile is refused)."""
    ensure_year_open(case)
    row = step(name)
    method = getattr(case, name)
    # The rules are asked the same questions by the checks below and by the state machine's
    # conditions; each is read once, and forgotten as soon as the step changes anything.
    with rules.remembering(case):
        if not row.may(actor, case):
            raise PermissionDenied
        if row.comment == REQUIRED and not comment.strip():
            raise DomainError(COMMENT_REQUIRED, field="comment")
        if not can_proceed(method, check_conditions=False):
            raise _wrong_state(case)
        found = row.problems(case, actor)
        if found:
            raise DomainError(" ".join(str(p) for p in found), code="conditions")
        if not can_proceed(method):
            raise DomainError(_("Vilkårene for dette steget er ikke oppfylt."), code="conditions")
        try:
            with transaction.atomic():
                method(by=actor, description=comment or None)
                rules.forget(case)
                case.save()
                if before_save:
                    before_save()
                    rules.forget(case)
        except ConcurrentTransition as exc:
            case.refresh_from_db()
            raise DomainError(CONCURRENT_CHANGE, code="concurrent") from exc
    transaction.on_commit(
        lambda: case_transitioned.send(sender=Case, case=case, transition=name, actor=actor)
    )
    return case


def bump_version(document: Any, expected_version: int | None, *, actor: User) -> None:
    """Optimistic lock for documents: refuse a save based on an older version (and any save to
    a document of a closed year). Where the model keeps who changed it last, ``updated_by`` and
    ``updated_at`` are set in the database and on ``document`` alike."""
    ensure_year_open(document)
    model: type[models.Model] = type(document)
    if expected_version is None:
        expected_version = document.version
    changes: dict[str, Any] = {"version": F("version") + 1}
    if hasattr(document, "updated_by_id"):
        changes["updated_by"] = actor if actor.is_authenticated else None
        changes["updated_at"] = timezone.now()
    updated = model._default_manager.filter(pk=document.pk, version=expected_version).update(
        **changes
    )
    if not updated:
        raise DomainError(STALE_DOCUMENT, code="stale")
    document.version = expected_version + 1
    for name in ("updated_by", "updated_at"):
        if name in changes:  # a later save of these fields must not write the old values back
            setattr(document, name, changes[name])
