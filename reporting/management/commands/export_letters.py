"""``manage.py export_letters --year 2027 --out DIR``: every letter of a year as PDF, one file
each, named by its document number (``2027-00042-3.pdf``)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config.errors import DomainError
from reporting.letter_export import letters_export


class Command(BaseCommand):
    help = (
        "Skriv alle brev for et tilskuddsår som PDF (vedtak til hver part, avslag, avvisninger, "
        "oversendelsesbrev og tilbakebetalingskrav), én fil per brev, navngitt etter "
        "dokumentnummeret."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--out", type=Path, required=True)

    def handle(self, *args, year: int, out: Path, **options):
        try:
            written = letters_export(year=year, out=out)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        for item in written:
            self.stdout.write(f"{item.path.name}\t{item.kind}\t{item.recipient}")
        self.stdout.write(f"{len(written)} brev skrevet til {out}")
