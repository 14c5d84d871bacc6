"""Time the main pages on a seed_scale world: each page's median beside the base page.

Run from the project root: ``python -m tests.bench.bench_pages`` (``make bench`` runs every
benchmark). Builds a throwaway database (in memory on SQLite; a database of its own on
PostgreSQL when DATABASE_URL is set) with ``seed_scale`` (1 100 networks × 5 years unless
BENCH_NETWORKS / BENCH_YEARS say otherwise) and requests pages with Django's test client, logged
in as the demo users. The base page is the accessibility statement: the layout, the menu and the
session, and nothing else, so a page's ratio to it is what the page itself costs. Target: a case
page at most 3× the base page. Not collected by pytest (no ``test_`` prefix).
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    setup_databases,
    setup_test_environment,
    teardown_databases,
)

from tests.bench.figures import figure, median_time, once  # noqa: E402

NETWORKS = int(os.environ.get("BENCH_NETWORKS", "1100"))
YEARS = int(os.environ.get("BENCH_YEARS", "5"))
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
YEAR = 2027
BASE = ("statsforvalter", "/tilgjengelighet/")
CASE_PAGE_TARGET = 3.0


def pages() -> list[tuple[str, str, str]]:
    from workflow.models import Case

    koordinator_case = Case.objects.get(
        scheme_year__year=YEAR, network__memberships__user__username="koordinator"
    )
    late_case = Case.objects.filter(scheme_year__year=YEAR, state="avsluttet").order_by("pk")[0]
    return [
        ("sakside (koordinator, egen sak)", "koordinator", f"/saker/{koordinator_case.pk}/"),
        ("sakside (statsforvalter, avsluttet)", "statsforvalter", f"/saker/{late_case.pk}/"),
        ("Mine oppgaver (koordinator)", "koordinator", "/"),
        ("Mine oppgaver (sekretariat)", "sekretariat", "/"),
        ("Mine oppgaver (statsforvalter)", "statsforvalter", "/"),
        ("saksliste (sekretariat)", "sekretariat", "/saker/"),
        ("behovsmeldinger (sekretariat)", "sekretariat", "/behovsmeldinger/"),
        ("innstilling (forum)", "forum", f"/innstilling/{YEAR}/"),
        ("årsoversikt (sekretariat)", "sekretariat", f"/aar/{YEAR}/"),
        ("fordeling (sekretariat)", "sekretariat", f"/fordeling/{YEAR}/"),
        ("rapporter for året (statsforvalter)", "statsforvalter", f"/rapporter/{YEAR}/"),
        ("oversikt (statsforvalter)", "statsforvalter", f"/rapporter/{YEAR}/oversikt/"),
        ("kalender (koordinator)", "koordinator", "/kalender/"),
    ]


def client_for(username: str) -> Client:
    from networks.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def get(client: Client, path: str) -> None:
    response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path}: {response.status_code}")


def main() -> None:
    logging.disable(logging.WARNING)
    setup_test_environment()
    if connection.vendor == "postgresql":
        connection.settings_dict["TEST"]["NAME"] = f"bench_pages_{os.getpid()}"
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        start = time.perf_counter()
        call_command(
            "seed_scale",
            networks=NETWORKS,
            years=YEARS,
            stdout=open(os.devnull, "w"),  # noqa: SIM115
        )
        once(f"seed_scale {NETWORKS} nettverk × {YEARS} år", time.perf_counter() - start)
        base_client = client_for(BASE[0])
        base = median_time(lambda: get(base_client, BASE[1]), runs=RUNS)
        figure("grunnside (tilgjengelighetserklæringen)", base, base)
        worst_case_page = 0.0
        for label, username, path in pages():
            client = client_for(username)
            timing = median_time(lambda c=client, p=path: get(c, p), runs=RUNS)
            figure(label, timing, base)
            if label.startswith("sakside"):
                worst_case_page = max(worst_case_page, timing.wall / base.wall)
        verdict = "innenfor" if worst_case_page <= CASE_PAGE_TARGET else "OVER"
        print(f"sakside / grunnside: ×{worst_case_page:.1f} ({verdict} målet ×{CASE_PAGE_TARGET})")
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
