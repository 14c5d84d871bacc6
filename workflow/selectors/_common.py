"""What the workflow's scoped lists share: the filters a person picks above a list."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet

from networks.models import Network

M = TypeVar("M", bound=Model)


def list_filtered(
    items: QuerySet[M], *, year: int | None, network: Network | None, **chosen: str | None
) -> QuerySet[M]:
    """A list of a year's documents narrowed to what the person picked: the scheme year, the
    network, and each other field in ``chosen`` (e.g. ``state``) by its value; a filter left
    empty narrows nothing."""
    if year:
        items = items.filter(scheme_year__year=year)
    if network is not None:
        items = items.filter(network=network)
    for name, value in chosen.items():
        if value:
            items = items.filter(**{name: value})
    return items
