"""Run the reminder sweep by hand: ``python manage.py send_reminders [--today YYYY-MM-DD]
[--dry-run]``. The same service as the daily beat task."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from workflow.reminders.services import send_due_reminders


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Ugyldig dato «{value}»: bruk formatet ÅÅÅÅ-MM-DD.") from exc


class Command(BaseCommand):
    help = (
        "Sender påminnelser om frister som forfaller (samme utsending som den daglige kjøringen)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=str,
            default=None,
            help="Kjør som om det var denne datoen (ÅÅÅÅ-MM-DD). Standard: i dag.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Vis hva som ville blitt sendt, uten å endre noe.",
        )

    def handle(self, *args, today: str | None, dry_run: bool, **options):
        day = _date(today) if today else None
        result = send_due_reminders(today=day, dry_run=dry_run)
        for planned in result.planned:
            self.stdout.write(str(planned))
        if dry_run:
            self.stdout.write(
                f"Tørrkjøring {result.today:%Y-%m-%d}: {result.created} påminnelse(r) ville blitt "
                "sendt. Ingenting er endret."
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{result.today:%Y-%m-%d}: {result.created} nye påminnelse(r) lagt i kø"
                    + (f", {result.requeued} lagt i kø på nytt" if result.requeued else "")
                    + "."
                )
            )
