"""``manage.py archive_export --year 2027 --out DIR``: the Noark 5 extract of a decided year."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config.errors import DomainError
from reporting.archive import archive_export, validate


class Command(BaseCommand):
    help = "Skriv et Noark 5-arkivuttrekk (v5.0) for et ferdig vedtatt tilskuddsår."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument(
            "--no-validate",
            action="store_true",
            help="Ikke valider XML-filene mot Arkivverkets XSD-er etterpå.",
        )

    def handle(self, *args, year: int, out: Path, no_validate: bool, **options):
        try:
            extract = archive_export(year=year, out=out)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{extract.entries} journalposter og {len(extract.files)} filer skrevet til {out}"
        )
        if no_validate:
            return
        errors = {name: found for name, found in validate(out).items() if found}
        if errors:
            for name, found in errors.items():
                for error in found[:20]:
                    self.stderr.write(f"{name}: {error}")
            raise CommandError("Uttrekket er ikke gyldig mot XSD-ene.")
        self.stdout.write("Gyldig mot Noark 5 v5.0 XSD-ene.")
