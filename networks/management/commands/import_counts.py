"""``manage.py import_counts FILE --year YYYY --source TEXT --counted-on DATE [--dry-run]``.

The same head-count import as the pages and the admin (``networks.headcount_import``): the whole
file is checked first and then written in one transaction, or nothing is. On any error every
message goes to stderr (one per line, every bad line named), nothing is stored and the exit
status is non-zero.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from config.commands import opened_file
from networks.headcount_import.storing import head_counts_import

_YEAR = re.compile(r"[0-9]{4}")


class Command(BaseCommand):
    help = (
        "Importerer elev- og barnetall per eier fra en CSV- eller XLSX-fil for ett tilskuddsår, "
        "på samme måte som importsiden: alt eller ingenting."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="CSV- eller XLSX-fil, én rad per eier.")
        parser.add_argument(
            "--year", metavar="YYYY", required=True, help="Tilskuddsåret tallene gjelder."
        )
        parser.add_argument(
            "--source",
            metavar="TEXT",
            required=True,
            help="Kilden for tallene, for eksempel «SSB, tabell 11980 og 12562».",
        )
        parser.add_argument(
            "--counted-on",
            metavar="DATE",
            required=True,
            help="Telledatoen, ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Bare kontroller filen; ingenting lagres.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year = _year(options["year"])
        counted_on = _date(options["counted_on"])
        path = Path(options["file"])
        with opened_file(path) as stream:
            plan = head_counts_import(
                stream=stream,
                filename=path.name,
                year=year,
                source=options["source"],
                counted_on=counted_on,
                dry_run=options["dry_run"],
            )
        if plan.errors:
            for message in plan.errors:
                self.stderr.write(f"{path.name}: {message}")
            raise CommandError(
                f"Importen ble avbrutt med {len(plan.errors)} feil. Ingenting er lagret."
            )
        if options["dry_run"]:
            self.stdout.write(
                f"{path.name}: filen er i orden, {len(plan.rows)} eiere for {year}. "
                "Ingenting er lagret (--dry-run)."
            )
        else:
            self.stdout.write(
                f"{path.name}: elev- og barnetall for {year} er lagret for {len(plan.rows)} eiere."
            )


def _year(text: str) -> int:
    cleaned = text.strip()
    if not _YEAR.fullmatch(cleaned):
        raise CommandError(f"--year «{text}» må være et årstall med fire sifre.")
    return int(cleaned)


def _date(text: str) -> dt.date:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise CommandError(f"--counted-on «{text}» må være en dato, ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ.")
