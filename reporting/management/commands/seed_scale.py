"""Build a large world for load tests and benchmarks: ``seed_scale --networks N --years Y``.

Bulk inserts, not the services: see ``workflow.scale`` for why and for what the rows contain.
Run it on an empty database (after ``migrate``); the demo users are made as ``seed_demo`` makes
them, so ``--networks`` counts the 11 demo networks too.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from reporting.management.commands.seed_demo import DEMO_YEAR
from workflow.models import Case
from workflow.scale import build_scale_world


class Command(BaseCommand):
    help = (
        "Bygger et stort datasett for last- og ytelsestester med masseinnsetting "
        "(ikke gjennom tjenestene): N nettverk med rundt 10 eiere hver, saker i alle steg "
        "med dokumentene sine, og Y år."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--networks", type=int, required=True, help="Antall nettverk (minst 11)."
        )
        parser.add_argument("--years", type=int, required=True, help="Antall år (minst 1).")
        parser.add_argument(
            "--last-year", type=int, default=DEMO_YEAR, help="Det siste (inneværende) året."
        )

    def handle(self, *args, networks: int, years: int, last_year: int, **options):
        if networks < 11 or years < 1:
            raise CommandError("Oppgi minst 11 nettverk (demonettverkene) og minst ett år.")
        if Case.objects.exists():
            raise CommandError("Databasen har allerede saker; kjør seed_scale på en tom database.")
        start = time.perf_counter()
        with transaction.atomic():
            summary = build_scale_world(
                networks=networks,
                years=years,
                last_year=last_year,
                progress=lambda message: self.stdout.write(
                    f"  {message} ({time.perf_counter() - start:.1f} s)"
                ),
            )
        # Fresh planner statistics after a bulk load (as autovacuum would give PostgreSQL soon):
        # without them SQLite may pick a low-selectivity index, e.g. the case timeline's
        # content type over its object id, and scan every transition of every case.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        per_state = ", ".join(
            f"{state}: {count}" for state, count in summary.cases_by_state.items()
        )
        self.stdout.write(
            f"Skaladata klar på {time.perf_counter() - start:.1f} s: {summary.networks} nettverk, "
            f"{summary.owners} eiere, år {summary.years[0]}–{summary.years[-1]}. Saker per steg: "
            f"{per_state}."
        )
