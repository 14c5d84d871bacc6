"""Query counts stay flat as the world grows: every main page makes the same number of queries
in the demo-sized world (11 networks) as in a larger seed_scale world (60 networks, one more
year). A page whose count grows with the data has an N+1 in its selector.

``make bench`` times the same pages on 1 100 networks × 5 years; this test only counts.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from networks.demo import DEMO_PASSWORD
from networks.models import Network
from workflow.models import Case

YEAR = 2027
SMALL = {"networks": 11, "years": 2}
LARGE = {"networks": 60, "years": 3}
CALENDAR = "/kalender/"
#: The calendar shows the deadlines of every scheme year from last year on (a window of two or
#: three years in practice) and reads each year's obligations in this many queries, however
#: many networks and owners there are. The larger world has one more year in that window.
CALENDAR_QUERIES_PER_YEAR = 6


def pages() -> list[tuple[str, str]]:
    """(username, path) for each main page; case pages for the first demo networks, which have
    the same stage in both worlds (stages are dealt round-robin in network order)."""
    first = list(Network.objects.order_by("pk")[:6])
    cases = {
        c.network_id: c.pk for c in Case.objects.filter(scheme_year__year=YEAR, network__in=first)
    }
    koordinator_case = Case.objects.get(
        scheme_year__year=YEAR, network__memberships__user__username="koordinator"
    ).pk
    rows = [
        (user, "/")
        for user in ("eier", "koordinator", "uh", "sekretariat", "forum", "statsforvalter")
    ]
    rows += [
        ("sekretariat", "/saker/"),
        ("koordinator", "/saker/"),
        ("uh", "/saker/"),
        ("koordinator", f"/saker/{koordinator_case}/"),
        ("koordinator", f"/saker/{koordinator_case}/dokumenter/"),
        ("koordinator", f"/saker/{koordinator_case}/historikk/"),
        *[("statsforvalter", f"/saker/{cases[n.pk]}/") for n in first],
        *[("statsforvalter", f"/saker/{cases[n.pk]}/dokumenter/") for n in first],
        *[("statsforvalter", f"/saker/{cases[n.pk]}/historikk/") for n in first],
        ("koordinator", "/behovsmeldinger/"),
        ("sekretariat", "/behovsmeldinger/"),
        ("forum", f"/innstilling/{YEAR}/"),
        ("sekretariat", f"/innstilling/{YEAR}/"),
        ("statsforvalter", f"/innstilling/{YEAR}/"),
        ("sekretariat", f"/aar/{YEAR}/"),
        ("sekretariat", f"/fordeling/{YEAR}/"),
        ("statsforvalter", "/rapporter/"),
        ("statsforvalter", f"/rapporter/{YEAR}/"),
        ("statsforvalter", f"/rapporter/{YEAR}/oversikt/"),
        ("koordinator", CALENDAR),
    ]
    return rows


def measure(client, world: dict[str, int]) -> dict[tuple[int, str, str], int]:
    """Build ``world`` in a savepoint, count each page's queries, then roll the world back."""
    counts = {}
    with transaction.atomic():
        call_command("seed_scale", **world, stdout=open("/dev/null", "w"))  # noqa: SIM115
        for index, (username, path) in enumerate(pages()):
            assert client.login(username=username, password=DEMO_PASSWORD)
            first = client.get(path)  # warms per-process caches (content types, legal texts)
            assert first.status_code == 200, (username, path, first.status_code)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            assert response.status_code == 200
            counts[(index, username, path)] = len(queries)
            client.logout()
        transaction.set_rollback(True)
    return counts


def _years_in_calendar_window(world: dict[str, int]) -> int:
    today = timezone.localdate()
    return len([y for y in range(YEAR - world["years"] + 1, YEAR + 1) if y >= today.year - 1])


@pytest.mark.django_db
def test_every_main_page_makes_as_many_queries_at_60_networks_as_at_11(client):
    small = measure(client, SMALL)
    large = measure(client, LARGE)
    extra_years = _years_in_calendar_window(LARGE) - _years_in_calendar_window(SMALL)
    # Case ids differ between the worlds; compare page by page in the same order.
    grown = {}
    for (key, small_count), large_count in zip(small.items(), large.values(), strict=True):
        allowed = CALENDAR_QUERIES_PER_YEAR * extra_years if key[2] == CALENDAR else 0
        if large_count != small_count + allowed:
            grown[key] = (small_count, large_count)
    assert not grown, grown
