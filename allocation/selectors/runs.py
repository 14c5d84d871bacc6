"""Stored allocation runs and the frozen frames (the workflow's frame check reads them)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Prefetch, QuerySet

from grants.models import SchemeYear
from networks.models import Network
from networks.permissions import access_for

from ..models import AllocationLine, AllocationRun, RunStatus
from .inputs import nb_sort_key


def _with_lines(queryset: QuerySet[AllocationRun]) -> QuerySet[AllocationRun]:
    lines = AllocationLine.objects.select_related("network").order_by("position")
    return queryset.select_related(
        "scheme_year", "created_by", "frozen_by", "superseded_by_user", "superseded_by"
    ).prefetch_related(Prefetch("lines", queryset=lines))


def run_get(pk: int) -> AllocationRun | None:
    return _with_lines(AllocationRun.objects.filter(pk=pk)).first()


def frozen_run(year: int) -> AllocationRun | None:
    """The published run of the year, with its lines."""
    return _with_lines(
        AllocationRun.objects.filter(scheme_year__year=year, status=RunStatus.FROZEN)
    ).first()


def current_run(year: int) -> AllocationRun | None:
    """What the year's page shows: the frozen run, or else the draft being prepared."""
    runs = AllocationRun.objects.filter(
        scheme_year__year=year, status__in=[RunStatus.FROZEN, RunStatus.DRAFT]
    ).order_by("-number")
    found = list(_with_lines(runs))
    return next((r for r in found if r.is_frozen), found[0] if found else None)


def run_history(year: int) -> list[AllocationRun]:
    """Every run of the year, newest first, with who computed, froze and replaced it."""
    return list(
        AllocationRun.objects.filter(scheme_year__year=year)
        .select_related("created_by", "frozen_by", "superseded_by_user", "superseded_by")
        .order_by("-number")
    )


def frozen_frame(network: Network | int, year: int) -> int | None:
    """The network's published frame for the year in whole kroner, or None if there is none.

    ``network`` is a Network or its id. None means: no frozen run for the year yet, or the
    network was not part of it. Only frozen runs count; drafts and superseded runs never do.
    The joint measures (``Network.is_joint``) have no line: their frame is the run's share set
    aside for joint measures (``AllocationRun.joint_measures``).
    """
    network_id = network.pk if isinstance(network, Network) else network
    frame = (
        AllocationLine.objects.filter(
            run__scheme_year__year=year, run__status=RunStatus.FROZEN, network_id=network_id
        )
        .values_list("frame", flat=True)
        .first()
    )
    if frame is not None:
        return frame
    is_joint = (
        network.is_joint
        if isinstance(network, Network)
        else Network.objects.filter(pk=network_id, is_joint=True).exists()
    )
    if not is_joint:
        return None
    return (
        AllocationRun.objects.filter(scheme_year__year=year, status=RunStatus.FROZEN)
        .values_list("joint_measures", flat=True)
        .first()
    )


def frozen_line(network: Network, year: int) -> AllocationLine | None:
    return (
        AllocationLine.objects.filter(
            run__scheme_year__year=year, run__status=RunStatus.FROZEN, network=network
        )
        .select_related("run__scheme_year", "run__frozen_by")
        .first()
    )


def scheme_years_overview() -> list[dict[str, Any]]:
    """Every scheme year with its frozen and draft run (for the allocation index)."""
    years = list(SchemeYear.objects.order_by("-year"))
    runs = AllocationRun.objects.filter(status__in=[RunStatus.FROZEN, RunStatus.DRAFT])
    by_year: dict[int, dict[str, AllocationRun]] = defaultdict(dict)
    for run in runs.select_related("scheme_year"):
        by_year[run.scheme_year.year][run.status] = run
    return [
        {
            "scheme_year": sy,
            "frozen": by_year[sy.year].get(RunStatus.FROZEN),
            "draft": by_year[sy.year].get(RunStatus.DRAFT),
        }
        for sy in years
    ]


def frames_for_viewer(viewer) -> list[AllocationLine]:
    """The frozen frames of the networks a network user belongs to, newest year first."""
    network_ids = access_for(viewer).member_network_ids
    return list(
        AllocationLine.objects.filter(run__status=RunStatus.FROZEN, network_id__in=network_ids)
        .select_related("network", "run__scheme_year")
        .order_by("-run__scheme_year__year", "position")
    )


def member_networks(viewer) -> list[Network]:
    networks = Network.objects.filter(pk__in=access_for(viewer).member_network_ids)
    return sorted(networks, key=lambda n: nb_sort_key(n.name))
