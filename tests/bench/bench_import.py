"""Time the head-count import: 10 000 owners from CSV and XLSX, and a 1 000 000-row XLSX bomb.

Run from the repository root: ``python -m tests.bench.bench_import`` (``make bench`` runs every
benchmark). Builds a throwaway database (in memory on SQLite; a database of its own on
PostgreSQL when DATABASE_URL is set) with 10 000 owners, then times, through the same service
the import page uses: checking a 10 000-row CSV (the preview), importing it (check and write,
the confirm step), importing it again over the stored rows, the same from XLSX, and
``manage.py import_counts`` end to end. First of all it times refusing an XLSX file of about
160 kB whose sheet declares and holds 1 000 000 rows, and reports the process's peak memory
then. Each line prints the figure, the target, the baseline before the import was rewritten
and the ratio baseline / figure. Not collected by pytest (no ``test_`` prefix).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import resource
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "10000"))
BOMB_ROWS = 1_000_000
YEAR = 2027
COUNTED_ON = dt.date(2026, 10, 1)
# Before the rewrite (main at 0898f32, the figures): a 10 000-row CSV did not finish in
# 300 s (every row saved with get_or_create in a savepoint); the 1 000 000-row XLSX took about
# 4.5 min of CPU and 6 GB before it was refused. 300 s is a lower bound, so its ratio is too.
BASELINE_SECONDS = {"csv": 300.0, "bomb": 270.0}
BASELINE_PEAK_MB = 6 * 1024
TARGET_SECONDS = {"csv": 10.0, "bomb": 2.0}
TARGET_PEAK_MB = 300


def spaced(number: float) -> str:
    return f"{number:,.0f}".replace(",", " ")


def report(label: str, seconds: float, target: float | None, baseline: float | None) -> None:
    line = f"{label:<56} {seconds:8.3f} s"
    if target is not None:
        line += f"   target < {target:g} s"
    if baseline is not None:
        line += f"   baseline ≥ {baseline:g} s   ratio ≥ {spaced(baseline / seconds)}×"
    print(line)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def write_bomb(path: Path) -> None:
    """A workbook whose one sheet declares and holds BOMB_ROWS rows, written as a stream."""
    from tests.networks.test_headcount_import import OOXML, XLSX_PARTS, XML

    header = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>eiernummer</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>elever</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>barn</t></is></c></row>'
    )
    row = b"<row><c><v>5001</v></c><c><v>1</v></c><c><v>1</v></c></row>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in XLSX_PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                f'{XML}<worksheet xmlns="{OOXML}/spreadsheetml/2006/main">'
                f'<dimension ref="A1:C{BOMB_ROWS}"/><sheetData>{header}'.encode()
            )
            for _ in range((BOMB_ROWS - 1) // 10_000):
                sheet.write(row * 10_000)
            sheet.write(b"</sheetData></worksheet>")


def refuse(path: Path, limits, expected: str) -> float:
    from config.errors import DomainError
    from networks.headcount_import.reading import read_rows

    start = time.perf_counter()
    try:
        with path.open("rb") as stream:
            for _row in read_rows(stream, path.name, limits):
                pass
    except DomainError as error:
        assert error.message == expected, error.message
    else:
        raise SystemExit("Bomben ble ikke avvist.")
    return time.perf_counter() - start


def bomb(directory: Path) -> None:
    from networks.headcount_import.messages import msg_too_many_rows, msg_unpacked_too_large
    from networks.headcount_import.reading import Limits

    path = directory / "bombe.xlsx"
    write_bomb(path)
    before = peak_rss_mb()
    limits = Limits.from_settings()
    label = f"XLSX bomb, {spaced(BOMB_ROWS)} rows in {path.stat().st_size // 1024} kB: refused"
    elapsed = refuse(path, limits, msg_unpacked_too_large(limits.max_unpacked_bytes))
    report(label, elapsed, TARGET_SECONDS["bomb"], BASELINE_SECONDS["bomb"])
    # With the unpacked-size cap lifted, the row count its sheet declares refuses it.
    lifted = Limits(limits.max_upload_bytes, limits.max_rows, 1 << 40)
    elapsed = refuse(path, lifted, msg_too_many_rows(limits.max_rows))
    report("  the same, unpacked-size cap lifted: refused on its rows", elapsed, 2.0, None)
    peak = peak_rss_mb()
    print(
        f"{'  peak memory of the process (RSS)':<56} {peak:8.0f} MB   target < {TARGET_PEAK_MB} MB"
        f"   baseline ≈ {spaced(BASELINE_PEAK_MB)} MB   ratio ≈ {BASELINE_PEAK_MB / peak:.0f}×"
        f"   (before the bomb: {before:.0f} MB, most of it Django)"
    )


def build() -> None:
    from networks.models import Network, Owner, User

    networks = Network.objects.bulk_create(
        [Network(name=f"Nettverk {i:03d}", slug=f"nettverk-{i:03d}") for i in range(100)]
    )
    Owner.objects.bulk_create(
        [
            Owner(
                name=f"Eier {i:05d}",
                kind=Owner.Kind.MUNICIPALITY,
                number=f"{100000 + i}",
                network=networks[i % len(networks)],
            )
            for i in range(ROWS)
        ],
        batch_size=2000,
    )
    User.objects.create_superuser("admin", "admin@example.org", "!")


def csv_bytes(offset: int = 0) -> bytes:
    lines = ["Eiernummer;Eiernavn;Elever;Barn i barnehage"]
    lines += [f"{100000 + i};Eier {i:05d};{(i * 7 + offset) % 900};{i % 400}" for i in range(ROWS)]
    return ("\n".join(lines) + "\n").encode()


def xlsx_bytes(offset: int) -> bytes:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["Eiernummer", "Eiernavn", "Elever", "Barn i barnehage"])
    for i in range(ROWS):
        sheet.append([str(100000 + i), f"Eier {i:05d}", (i * 7 + offset) % 900, i % 400])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def timed_import(label: str, data: bytes, filename: str, *, dry_run: bool):
    from allocation.services import head_count_import
    from networks.models import User

    actor = User.objects.get(username="admin")
    start = time.perf_counter()
    outcome = head_count_import(
        actor=actor,
        data=data,
        filename=filename,
        year=YEAR,
        source="SSB",
        counted_on=COUNTED_ON,
        dry_run=dry_run,
    )
    elapsed = time.perf_counter() - start
    assert outcome.errors == [] and len(outcome.rows) == ROWS, outcome.errors[:3]
    report(
        label,
        elapsed,
        TARGET_SECONDS["csv"],
        BASELINE_SECONDS["csv"] if ROWS == 10_000 else None,
    )


def main() -> None:
    from networks.models import HeadCount

    rows = spaced(ROWS)
    with tempfile.TemporaryDirectory() as directory:
        bomb(Path(directory))
        if connection.vendor == "postgresql":
            name = connection.settings_dict["NAME"]
            connection.settings_dict["TEST"]["NAME"] = f"test_{name}_bench"
        old_config = setup_databases(verbosity=0, interactive=False)
        try:
            build()
            print(f"database: {connection.vendor}, {rows} owners")
            data = csv_bytes()
            timed_import(f"CSV, {rows} rows: check (the preview)", data, "tall.csv", dry_run=True)
            timed_import(
                f"CSV, {rows} rows: import (check and write)", data, "tall.csv", dry_run=False
            )
            timed_import(
                f"CSV, {rows} rows: import again over stored rows",
                csv_bytes(offset=1),
                "tall.csv",
                dry_run=False,
            )
            timed_import(
                f"XLSX, {rows} rows: import over stored rows",
                xlsx_bytes(offset=2),
                "tall.xlsx",
                dry_run=False,
            )
            path = Path(directory) / "tall.csv"
            path.write_bytes(csv_bytes(offset=3))
            start = time.perf_counter()
            call_command(
                "import_counts",
                str(path),
                "--year",
                str(YEAR),
                "--source",
                "SSB",
                "--counted-on",
                COUNTED_ON.isoformat(),
                stdout=io.StringIO(),
            )
            report(
                f"manage.py import_counts, {rows} rows",
                time.perf_counter() - start,
                TARGET_SECONDS["csv"],
                BASELINE_SECONDS["csv"] if ROWS == 10_000 else None,
            )
            assert HeadCount.objects.filter(year=YEAR).count() == ROWS
        finally:
            teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
