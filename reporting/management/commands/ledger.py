"""``manage.py ledger --year 2027 --format json|table``: the year's ledger, per network and in
total (granted, paid, reported used, reclaimed, carried over; and what was never granted)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from grants.models import SchemeYear
from reporting.selectors.ledger import ledger, ledger_table


def table_headers() -> dict[str, str]:
    return {
        "network": _("Nettverk"),
        "granted": _("Innvilget"),
        "paid": _("Utbetalt"),
        "used": _("Brukt"),
        "reclaimed": _("Krevd tilbake"),
        "carried_over": _("Overført"),
        "sum": _("Sum"),
        "total": _("Totalbeløp"),
        "joint_set_aside": _("Satt av til fellestiltak"),
        "unspent": _("Ikke tildelt"),
    }


class Command(BaseCommand):
    help = (
        "Skriv regnskapet for et tilskuddsår: innvilget, utbetalt, brukt, krevd tilbake, overført."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=("json", "table"), default="table")

    def handle(self, *args, year: int, format: str, **options):
        scheme_year = SchemeYear.objects.filter(year=year).first()
        if scheme_year is None:
            raise CommandError(_("Tilskuddsåret %(year)s finnes ikke.") % {"year": year})
        result = ledger(scheme_year)
        if format == "json":
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
        else:
            self.stdout.write(ledger_table(result, headers=table_headers()), ending="")
