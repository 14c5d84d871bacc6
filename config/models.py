"""Model fields the apps share, so each concept is declared once.

Config imports no app: the models a field points at are named by their ``"app.Model"`` string.
Every factory returns a plain Django field, so a migration sees exactly what it would see had the
field been written out in the model.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

#: The order of logs, inboxes and queues: newest first, and of two rows made in the same
#: instant the later one first. Shared by several models' ``Meta.ordering``: never mutate it
#: (a list, as Django's migrations already record it).
NEWEST_FIRST = ["-created_at", "-id"]


def actor_field(verbose_name: Any = None, *, blank: bool = True) -> Any:
    """Who did something (prepared, froze, started, changed, lodged, uploaded): a user, kept as
    empty when the user is deleted (the record stays, only the name goes), with no reverse
    accessor on the user. ``blank=False`` where the product always records who, and no form
    offers the field."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=blank,
        related_name="+",
        verbose_name=verbose_name,
    )


def person_field(related_name: str = "+", verbose_name: Any = None) -> Any:
    """The person a row is for or about (their membership, notification, reminder, e-mail
    choice, declared conflict of interest). CASCADE: a person's own rows go with the person."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name=related_name,
        verbose_name=verbose_name,
    )


def scheme_year_field(
    related_name: str = "+", verbose_name: Any = None, *, on_delete: Any = models.PROTECT
) -> Any:
    """The scheme year (tilskuddsår) a row belongs to. PROTECT by default: what a year holds
    (documents, vedtak, payouts, the journal, allocation runs) is its history, so a year that
    holds anything cannot be deleted. ``on_delete=models.CASCADE`` only for a year's working data
    that means nothing without it (a local deadline, a declared conflict of interest, the progress
    of a batch of letters)."""
    return models.ForeignKey(
        "grants.SchemeYear",
        on_delete=on_delete,
        related_name=related_name,
        verbose_name=verbose_name,
    )


def network_field(
    related_name: str = "+", verbose_name: Any = None, *, on_delete: Any = models.PROTECT
) -> Any:
    """The competence network a row is about or belongs to. PROTECT by default: a network with a
    history (owners, documents, vedtak, journal entries, frames) is made inactive, never deleted.
    ``on_delete=models.CASCADE`` only for working data that means nothing without the network
    (its local deadline, a declared conflict of interest)."""
    return models.ForeignKey(
        "networks.Network",
        on_delete=on_delete,
        related_name=related_name,
        verbose_name=verbose_name,
    )


def owner_field(related_name: str = "+", verbose_name: Any = None) -> Any:
    """The owner (eier) whose row this is, required. PROTECT: an owner with documents is made
    inactive, never deleted under them."""
    return models.ForeignKey(
        "networks.Owner",
        on_delete=models.PROTECT,
        related_name=related_name,
        verbose_name=verbose_name,
    )


def optional_link(
    to: Any,
    related_name: str = "+",
    verbose_name: Any = None,
    *,
    on_delete: Any = models.PROTECT,
    help_text: Any = "",
) -> Any:
    """An optional reference: empty in the database and in forms alike (``null`` and ``blank``
    together, so a form never asks for what the database does not need). Used for the party a
    letter, a payout or a delivery goes to (a ``"networks.Owner"`` or a ``"networks.University"``,
    one or the other) and for a link made later in a row's life (the batch an instalment is paid
    in, the journal entry a file came with).

    ``on_delete`` is PROTECT unless said otherwise: the row pointed at is history and cannot be
    deleted while it is referred to. CASCADE where this row only describes the other and means
    nothing without it (an event of a network, an obligation of an owner, a notification about a
    case); SET_NULL where the link is only a pointer that may go."""
    return _optional(models.ForeignKey, to, related_name, verbose_name, on_delete, help_text)


def optional_one_to_one(
    to: Any,
    related_name: str,
    verbose_name: Any = None,
    *,
    on_delete: Any = models.PROTECT,
) -> Any:
    """``optional_link`` where at most one row may point at the other (the vedtak or the run that
    replaces another, the membership an invitation led to)."""
    return _optional(models.OneToOneField, to, related_name, verbose_name, on_delete, "")


def _optional(
    field: type[models.ForeignKey],
    to: Any,
    related_name: str,
    verbose_name: Any,
    on_delete: Any,
    help_text: Any,
) -> Any:
    return field(
        to,
        on_delete=on_delete,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=verbose_name,
        help_text=help_text,
    )
