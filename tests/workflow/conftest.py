"""A demo world one step further: the 2027 allocation frozen, so every network has its frame."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from grants.models import SchemeYear
from networks.models import Network
from workflow.models import Case

BEFORE_NEEDS_DEADLINE = dt.datetime(2026, 11, 25, 10, 0)
BEFORE_BASIS_DEADLINE = dt.datetime(2027, 1, 20, 10, 0)
FORUM_MEETING = dt.datetime(2027, 2, 20, 10, 0)
DECISION_TIME = dt.datetime(2027, 3, 1, 10, 0)
REPORT_TIME = dt.datetime(2027, 6, 1, 10, 0)


@pytest.fixture
def frozen_year(demo):
    from allocation.services import allocation_run_create, allocation_run_freeze

    scheme_year = SchemeYear.objects.get(year=2027)
    run = allocation_run_create(actor=demo["sekretariat"], scheme_year=scheme_year)
    allocation_run_freeze(actor=demo["sekretariat"], run=run)
    return scheme_year


@pytest.fixture
def sorvest_case(frozen_year):
    return Case.objects.select_related("network", "scheme_year", "decision_basis").get(
        scheme_year=frozen_year, network=Network.objects.get(name="Trøndelag sørvest")
    )


@pytest.fixture
def travel():
    """travel(when) moves the clock for the rest of the test."""
    travellers = []

    def _travel(when: dt.datetime):
        if travellers:
            travellers.pop().stop()
        traveller = time_machine.travel(when, tick=False)
        traveller.start()
        travellers.append(traveller)

    yield _travel
    for traveller in travellers:
        traveller.stop()
