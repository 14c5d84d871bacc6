"""The one way an event about a scheme year, or about a network's document of a year, is filed:
under the year, and under the network where there is one."""

from __future__ import annotations

from typing import Any

from networks.models import Network, User
from networks.services import event_record

from .models import SchemeYear


def year_event(
    scheme_year: SchemeYear,
    kind: str,
    message: str,
    *,
    actor: User | None = None,
    network: Network | None = None,
    subject: Any = None,
    data: dict[str, Any] | None = None,
) -> None:
    """Record an event filed under ``scheme_year`` (and ``network``, when given)."""
    event_record(
        kind=kind,
        actor=actor,
        network=network,
        year=scheme_year.year,
        subject=subject,
        message=message,
        data=data,
    )


def document_event(
    document: Any,
    kind: str,
    message: str,
    *,
    actor: User | None = None,
    subject: Any = None,
    data: dict[str, Any] | None = None,
) -> None:
    """Record an event about a network's document of a year (a case, a vedtak, a needs report, a
    settlement: anything with a ``network`` and a ``scheme_year``), filed under both; its subject
    is the document unless another is named."""
    year_event(
        document.scheme_year,
        kind,
        message,
        actor=actor,
        network=document.network,
        subject=document if subject is None else subject,
        data=data,
    )
