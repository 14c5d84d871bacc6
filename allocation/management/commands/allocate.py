"""``manage.py allocate``: compute the pre-allocated frames from amounts and a counts CSV.

Runs without a database: it parses the options, calls the pure engine and renders the result as
a table for people, or JSON/CSV for programs. On any bad input it raises ``CommandError`` before
anything is written to stdout, so a failing run never leaves half an output behind.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from allocation.counts_csv import read_counts_csv
from allocation.engine import (
    AllocationError,
    AllocationResult,
    NetworkCounts,
    allocate,
    result_as_dict,
)
from config.commands import opened_file
from config.formatting import format_kroner, format_number

FORMATS = ("table", "json", "csv")
CSV_COLUMNS = ("network", "pupils", "children", "base", "pro_rata", "frame")

# Options that describe the inputs by hand; --year stands for all of them at once.
MANUAL_OPTIONS = (
    "total",
    "base_grant",
    "joint_amount",
    "joint_percent",
    "counts",
    "pupil_weight",
    "child_weight",
)

# Whole kroner, optionally grouped in threes with spaces as people write them ("12 000 000").
_KRONER = re.compile(r"-?(?:[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+|[0-9]+)")
_YEAR = re.compile(r"[0-9]{4}")


@dataclass(frozen=True)
class AllocationInputs:
    """Everything ``allocate`` needs, whether it came from options or from a scheme year."""

    total: int
    base_grant: int
    networks: list[NetworkCounts]
    joint_amount: int | None = None
    joint_percent: Decimal | str | None = None
    pupil_weight: Decimal | str = Decimal(1)
    child_weight: Decimal | str = Decimal(1)


class Command(BaseCommand):
    help = (
        "Beregner forhåndstildelte rammer per nettverk: grunntilskudd pluss en andel av resten "
        "etter elev- og barnetall. Bruker ikke databasen når beløp og --counts oppgis."
    )
    # No system checks: the command must run where no database or full setup is available.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--total", metavar="KRONER", help="Totalbeløpet som skal fordeles.")
        parser.add_argument(
            "--base-grant", metavar="KRONER", help="Grunntilskudd til hvert nettverk."
        )
        parser.add_argument(
            "--joint-amount", metavar="KRONER", help="Beløp som settes av til fellestiltak."
        )
        parser.add_argument(
            "--joint-percent",
            metavar="PROSENT",
            help="Andel av totalbeløpet til fellestiltak (0–100), rundet til hele kroner.",
        )
        parser.add_argument(
            "--counts",
            metavar="FIL.csv",
            help="CSV med kolonnene network,pupils,children (UTF-8); «-» leser fra stdin.",
        )
        parser.add_argument("--pupil-weight", metavar="VEKT", help="Vekt per elev (standard 1).")
        parser.add_argument("--child-weight", metavar="VEKT", help="Vekt per barn (standard 1).")
        parser.add_argument(
            "--format", choices=FORMATS, default="table", help="Utdataformat (standard: table)."
        )
        parser.add_argument(
            "--year",
            metavar="ÅÅÅÅ",
            help="Hent beløp, vekter og tall fra ordningsåret i stedet for fra valgene over.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        inputs = _inputs_from_options(options)
        try:
            result = allocate(
                total=inputs.total,
                base_grant=inputs.base_grant,
                networks=inputs.networks,
                joint_amount=inputs.joint_amount,
                joint_percent=inputs.joint_percent,
                pupil_weight=inputs.pupil_weight,
                child_weight=inputs.child_weight,
            )
        except AllocationError as error:
            raise CommandError(str(error)) from error

        renderers = {"table": render_table, "json": render_json, "csv": render_csv}
        self.stdout.write(renderers[options["format"]](result), ending="")


def _inputs_from_options(options: dict[str, Any]) -> AllocationInputs:
    given = [name for name in MANUAL_OPTIONS if options.get(name) is not None]
    if options.get("year") is not None:
        if given:
            flags = ", ".join(_flag(name) for name in given)
            raise CommandError(
                f"--year kan ikke kombineres med {flags}: oppgi enten --year, eller beløpene "
                "og --counts."
            )
        year_text = str(options["year"]).strip()
        if not _YEAR.fullmatch(year_text):
            raise CommandError(f"--year «{year_text}» må være et årstall med fire sifre.")
        return _inputs_for_year(int(year_text))

    missing = [_flag(name) for name in ("total", "base_grant", "counts") if name not in given]
    if missing:
        raise CommandError(
            f"Mangler {', '.join(missing)} (eller bruk --year for å hente alt fra ordningsåret)."
        )
    if options["joint_amount"] is None and options["joint_percent"] is None:
        raise CommandError("Oppgi --joint-amount eller --joint-percent (0 for ingen fellestiltak).")
    if options["joint_amount"] is not None and options["joint_percent"] is not None:
        raise CommandError("Oppgi bare én av --joint-amount og --joint-percent.")

    return AllocationInputs(
        total=_kroner(options["total"], "--total"),
        base_grant=_kroner(options["base_grant"], "--base-grant"),
        joint_amount=(
            None
            if options["joint_amount"] is None
            else _kroner(options["joint_amount"], "--joint-amount")
        ),
        joint_percent=options["joint_percent"],
        pupil_weight=options["pupil_weight"] if options["pupil_weight"] is not None else "1",
        child_weight=options["child_weight"] if options["child_weight"] is not None else "1",
        networks=_read_counts(options["counts"]),
    )


def _inputs_for_year(year: int) -> AllocationInputs:
    """The scheme year's amounts, weights and head counts, read from the database.

    The only place that touches models, and only reached with --year, so the manual mode keeps
    working without a database.
    """
    from django.db import DatabaseError

    from allocation.selectors import scheme_year_inputs
    from config.errors import DomainError

    try:
        kwargs, networks = scheme_year_inputs(year)
    except DomainError as error:
        raise CommandError(str(error)) from error
    except DatabaseError as error:
        raise CommandError(f"Kan ikke lese tilskuddsåret fra databasen: {error}") from error
    return AllocationInputs(networks=networks, **kwargs)


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def _kroner(text: str, flag: str) -> int:
    cleaned = text.strip()
    if not _KRONER.fullmatch(cleaned):
        raise CommandError(f"{flag} «{text}» må være et helt antall kroner, f.eks. 12000000.")
    return int(re.sub(r"[ \u00a0\u202f]", "", cleaned))


def _read_counts(path: str) -> list[NetworkCounts]:
    """The counts file (or stdin), read as a stream by the head-count import's network totals."""
    if path == "-":
        return _parse_counts(sys.stdin.buffer, "stdin")
    with opened_file(path, kind="CSV-fil") as stream:
        return _parse_counts(stream, path)


def _parse_counts(stream: Iterable[bytes], label: str) -> list[NetworkCounts]:
    try:
        return read_counts_csv(stream)
    except AllocationError as error:
        raise CommandError(f"{label}: {error}") from error


def render_json(result: AllocationResult) -> str:
    return json.dumps(result_as_dict(result), ensure_ascii=False, indent=2) + "\n"


def render_csv(result: AllocationResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in result_as_dict(result)["networks"]:
        writer.writerow([row[column] for column in CSV_COLUMNS])
    return buffer.getvalue()


def render_table(result: AllocationResult) -> str:
    shares = result.networks
    count = len(shares)
    base_total = result.base_grant * count
    summary = [
        ("Totalbeløp", format_kroner(result.total)),
        ("Fellestiltak", format_kroner(result.joint_measures)),
        (
            "Grunntilskudd",
            f"{format_number(count)} × {format_kroner(result.base_grant)} = "
            f"{format_kroner(base_total)}",
        ),
        (
            "Fordelt etter elev- og barnetall",
            f"{format_kroner(result.distributable)} (vekt per elev "
            f"{format_number(result.pupil_weight)}, per barn {format_number(result.child_weight)})",
        ),
    ]
    label_width = max(len(label) for label, _ in summary) + 1
    lines = [f"{label + ':':<{label_width}} {value}" for label, value in summary]
    lines.append("")

    headings = ("Nettverk", "Elever", "Barn", "Grunntilskudd", "Andel", "Ramme")
    rows = [
        (
            share.network,
            format_number(share.pupils),
            format_number(share.children),
            format_kroner(share.base),
            format_kroner(share.pro_rata),
            format_kroner(share.frame),
        )
        for share in shares
    ]
    total_row = (
        "Sum",
        format_number(sum(share.pupils for share in shares)),
        format_number(sum(share.children for share in shares)),
        format_kroner(base_total),
        format_kroner(result.distributable),
        format_kroner(result.frames_total()),
    )
    widths = [max(len(row[i]) for row in (headings, *rows, total_row)) for i in range(6)]

    def line(cells: tuple[str, ...]) -> str:
        first = f"{cells[0]:<{widths[0]}}"
        rest = [f"{cell:>{width}}" for cell, width in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest]).rstrip()

    rule = "-" * (sum(widths) + 2 * (len(widths) - 1))
    lines += [line(headings), rule, *(line(row) for row in rows), rule, line(total_row)]
    return "\n".join(lines) + "\n"
