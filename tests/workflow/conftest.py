"""A demo world one step further: the 2027 allocation frozen, so every network has its frame."""

from __future__ import annotations

import datetime as dt

import pytest

from grants.models import SchemeYear
from networks.models import Network
from tests.world import demo_users, layer, load, world_layer
from workflow.models import Case

BEFORE_NEEDS_DEADLINE = dt.datetime(2026, 11, 25, 10, 0)
BEFORE_BASIS_DEADLINE = dt.datetime(2027, 1, 20, 10, 0)
FORUM_MEETING = dt.datetime(2027, 2, 20, 10, 0)
DECISION_TIME = dt.datetime(2027, 3, 1, 10, 0)
REPORT_TIME = dt.datetime(2027, 6, 1, 10, 0)


@layer("workflow.frozen_year", parent="demo")
def build_frozen_year(building):
    from allocation.services import allocation_run_create, allocation_run_freeze

    sekretariat = demo_users()["sekretariat"]
    scheme_year = SchemeYear.objects.get(year=2027)
    run = allocation_run_create(actor=sekretariat, scheme_year=scheme_year)
    allocation_run_freeze(actor=sekretariat, run=run)


@pytest.fixture
@world_layer("workflow.frozen_year")
def frozen_year(demo, request):
    load(request, "workflow.frozen_year")
    return SchemeYear.objects.get(year=2027)


@pytest.fixture
def sorvest_case(frozen_year):
    return Case.objects.select_related("network", "scheme_year", "decision_basis").get(
        scheme_year=frozen_year, network=Network.objects.get(name="Trøndelag sørvest")
    )
