"""The inputs of a year's allocation (settings and head counts); whether a run still matches."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from config.errors import DomainError
from grants.models import SchemeYear
from grants.selectors import scheme_year_get
from networks.models import HeadCount, Network

from ..engine import NetworkCounts
from ..models import AllocationRun

_NB_LETTERS = str.maketrans({"æ": "{", "ø": "|", "å": "}"})


def nb_sort_key(name: str) -> str:
    """Norwegian alphabetical order (æ, ø, å after z) that does not depend on the database."""
    return name.casefold().translate(_NB_LETTERS)


def no_counts_message(year: int) -> str:
    return _(
        "Det finnes ingen elev- og barnetall for %(year)s. Importer tallene før fordelingen "
        "beregnes."
    ) % {"year": year}


def no_scheme_year_message(year: int) -> str:
    return _("Tilskuddsåret %(year)s finnes ikke.") % {"year": year}


# --- Inputs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NetworkInput:
    """One active network's summed head counts for the year, and where they came from."""

    network: Network
    pupils: int
    children: int
    owners_counted: int
    sources: tuple[str, ...]
    counted_on: dt.date | None

    @property
    def counts(self) -> NetworkCounts:
        return NetworkCounts(network=self.network.name, pupils=self.pupils, children=self.children)

    @property
    def source_text(self) -> str:
        return "; ".join(self.sources)[:500]


@dataclass(frozen=True)
class YearInputs:
    """Everything the engine needs for a scheme year, in the order the engine is given it."""

    scheme_year: SchemeYear
    networks: tuple[NetworkInput, ...]

    @property
    def engine_kwargs(self) -> dict[str, Any]:
        """The keyword arguments of ``allocate`` except ``networks``."""
        sy = self.scheme_year
        return {
            "total": int(sy.total_amount),
            "base_grant": int(sy.base_grant),
            "joint_amount": None if sy.joint_amount is None else int(sy.joint_amount),
            "joint_percent": sy.joint_percent,
            "pupil_weight": sy.pupil_weight,
            "child_weight": sy.child_weight,
        }

    @property
    def counts(self) -> list[NetworkCounts]:
        return [n.counts for n in self.networks]


def year_inputs(scheme_year: SchemeYear) -> YearInputs:
    """The active networks (Norwegian name order) with the sum of their active owners' counts.
    The joint measures take no part: their share is set aside before the allocation.

    A network whose owners have no counts takes part with 0 pupils and 0 children (it still gets
    the base grant). Raises ``DomainError`` when nobody has counts for the year at all.
    """
    year = scheme_year.year
    networks = sorted(
        Network.objects.filter(is_active=True).regular(), key=lambda n: nb_sort_key(n.name)
    )
    rows = (
        HeadCount.objects.filter(year=year, owner__is_active=True, owner__network__is_active=True)
        .exclude(owner__network__is_joint=True)
        .values_list("owner__network_id", "pupils", "children", "source", "counted_on")
    )
    pupils: dict[int, int] = defaultdict(int)
    children: dict[int, int] = defaultdict(int)
    owners: dict[int, int] = defaultdict(int)
    sources: dict[int, set[str]] = defaultdict(set)
    dates: dict[int, list[dt.date]] = defaultdict(list)
    for network_id, p, c, source, counted_on in rows:
        pupils[network_id] += p
        children[network_id] += c
        owners[network_id] += 1
        if source:
            sources[network_id].add(source)
        if counted_on:
            dates[network_id].append(counted_on)
    if not owners:
        raise DomainError(no_counts_message(year), code="no_counts")
    return YearInputs(
        scheme_year=scheme_year,
        networks=tuple(
            NetworkInput(
                network=n,
                pupils=pupils[n.pk],
                children=children[n.pk],
                owners_counted=owners[n.pk],
                sources=tuple(sorted(sources[n.pk])),
                counted_on=max(dates[n.pk]) if dates[n.pk] else None,
            )
            for n in networks
        ),
    )


def scheme_year_inputs(year: int) -> tuple[dict[str, Any], list[NetworkCounts]]:
    """The ``allocate`` keyword arguments and counts for a stored scheme year (``allocate --year``).

    Returns ``(kwargs, networks)`` so that ``allocate(**kwargs, networks=networks)`` gives the
    same frames as a run created now. Raises ``DomainError`` (Norwegian message) when the year
    does not exist or has no head counts.
    """
    scheme_year = scheme_year_get(year)
    if scheme_year is None:
        raise DomainError(no_scheme_year_message(year), code="no_scheme_year")
    inputs = year_inputs(scheme_year)
    return inputs.engine_kwargs, inputs.counts


def run_matches_inputs(run: AllocationRun, inputs: YearInputs) -> bool:
    """Whether ``run`` was computed from exactly these settings and counts."""
    kwargs = inputs.engine_kwargs
    joint_percent = kwargs["joint_percent"]
    same_settings = (
        run.total_amount == kwargs["total"]
        and run.base_grant == kwargs["base_grant"]
        and run.joint_amount == kwargs["joint_amount"]
        and (run.joint_percent is None) == (joint_percent is None)
        and (joint_percent is None or run.joint_percent == joint_percent)
        and run.pupil_weight == kwargs["pupil_weight"]
        and run.child_weight == kwargs["child_weight"]
    )
    lines = [(line.network_id, line.pupils, line.children) for line in run.lines.all()]
    wanted = [(n.network.pk, n.pupils, n.children) for n in inputs.networks]
    return same_settings and lines == wanted


def run_is_current(run: AllocationRun) -> bool:
    try:
        inputs = year_inputs(run.scheme_year)
    except DomainError:
        return False
    return run_matches_inputs(run, inputs)
