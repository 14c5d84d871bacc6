"""``manage.py allocate`` run for real in a subprocess, as an operator would run it.

The database URL points at a port where nothing listens, so any test that passes also shows that
the command never touches the database in this mode.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEADER = "network,pupils,children\n"

# Hand-checked: 1 000 000 kr, 100 000 kr joint, 3 × 100 000 kr base -> 600 000 kr to share over
# weights 100, 200 and 300 (sum 600): 100 000, 200 000 and 300 000 kr.
SIMPLE = HEADER + "Ørland,60,40\nÅfjord,150,50\nVærnes og Frøya,0,300\n"
SIMPLE_AMOUNTS = ["--total", "1000000", "--base-grant", "100000", "--joint-amount", "100000"]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": "postgres://nobody:nothing@127.0.0.1:9/no_such_database",
        # Decode the child's output the same way whatever the machine's locale is.
        "PYTHONIOENCODING": "utf-8",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "allocate", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


@pytest.fixture
def counts(tmp_path: Path) -> Path:
    path = tmp_path / "elevtall.csv"
    path.write_text(SIMPLE, encoding="utf-8")
    return path


def assert_failed(process: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert process.returncode != 0
    assert process.stdout == ""
    for fragment in fragments:
        assert fragment in process.stderr


def test_json_output_is_the_contract(counts: Path) -> None:
    process = run(*SIMPLE_AMOUNTS, "--counts", str(counts), "--format", "json")

    assert process.returncode == 0, process.stderr
    data = json.loads(process.stdout)
    assert data == {
        "total": 1_000_000,
        "joint_measures": 100_000,
        "base_grant": 100_000,
        "distributable": 600_000,
        "networks": [
            {
                "network": "Ørland",
                "pupils": 60,
                "children": 40,
                "base": 100_000,
                "pro_rata": 100_000,
                "frame": 200_000,
            },
            {
                "network": "Åfjord",
                "pupils": 150,
                "children": 50,
                "base": 100_000,
                "pro_rata": 200_000,
                "frame": 300_000,
            },
            {
                "network": "Værnes og Frøya",
                "pupils": 0,
                "children": 300,
                "base": 100_000,
                "pro_rata": 300_000,
                "frame": 400_000,
            },
        ],
    }
    for row in data["networks"]:
        assert all(type(row[key]) is int for key in row if key != "network")


def test_joint_percent_with_decimal_comma_and_grouped_total(tmp_path: Path) -> None:
    # 12 000 000 kr, 12,5 % -> 1 500 000 kr joint; two equal networks with no base share the
    # remaining 10 500 000 kr equally.
    path = tmp_path / "c.csv"
    path.write_text(HEADER + "A,10,0\nB,0,10\n", encoding="utf-8")
    process = run(
        "--total",
        "12 000 000",
        "--base-grant",
        "0",
        "--joint-percent",
        "12,5",
        "--counts",
        str(path),
        "--format",
        "json",
    )
    assert process.returncode == 0, process.stderr
    data = json.loads(process.stdout)
    assert data["joint_measures"] == 1_500_000
    assert [row["frame"] for row in data["networks"]] == [5_250_000, 5_250_000]


def test_weights_change_the_shares(counts: Path) -> None:
    # Child weight 0: weights become 60, 150 and 0 (sum 210); 600 000 kr -> 171 428.57 and
    # 428 571.43, so floors 171 428 + 428 571 = 599 999 and the krone goes to the larger remainder
    # (0.57 for Ørland).
    process = run(
        *SIMPLE_AMOUNTS, "--counts", str(counts), "--child-weight", "0", "--format", "json"
    )
    assert process.returncode == 0, process.stderr
    assert [row["pro_rata"] for row in json.loads(process.stdout)["networks"]] == [
        171_429,
        428_571,
        0,
    ]


def test_csv_output_round_trips_names_with_norwegian_letters(counts: Path) -> None:
    process = run(*SIMPLE_AMOUNTS, "--counts", str(counts), "--format", "csv")

    assert process.returncode == 0, process.stderr
    rows = list(csv.reader(io.StringIO(process.stdout)))
    assert rows[0] == ["network", "pupils", "children", "base", "pro_rata", "frame"]
    assert rows[1:] == [
        ["Ørland", "60", "40", "100000", "100000", "200000"],
        ["Åfjord", "150", "50", "100000", "200000", "300000"],
        ["Værnes og Frøya", "0", "300", "100000", "300000", "400000"],
    ]


def test_table_is_the_default_and_reads_like_norwegian(counts: Path) -> None:
    process = run(*SIMPLE_AMOUNTS, "--counts", str(counts))

    assert process.returncode == 0, process.stderr
    out = process.stdout
    for heading in ("Nettverk", "Elever", "Barn", "Grunntilskudd", "Andel", "Ramme"):
        assert heading in out
    assert "1 000 000 kr" in out
    assert "Værnes og Frøya" in out
    row = next(line for line in out.splitlines() if line.startswith("Værnes og Frøya"))
    assert row.endswith("400 000 kr")
    sum_line = out.splitlines()[-1]
    assert sum_line.startswith("Sum")
    assert sum_line.endswith("900 000 kr")  # 1 000 000 - 100 000
    # The columns line up: from the headings to the sum, every line has the same width.
    lines = out.splitlines()
    table = lines[next(i for i, line in enumerate(lines) if line.startswith("Nettverk")) :]
    assert len(table) == 1 + 1 + 3 + 1 + 1  # headings, rule, three networks, rule, sum
    assert len({len(line) for line in table}) == 1


def test_counts_can_come_from_stdin() -> None:
    process = run(*SIMPLE_AMOUNTS, "--counts", "-", "--format", "json", stdin=SIMPLE)
    assert process.returncode == 0, process.stderr
    assert json.loads(process.stdout)["networks"][2]["network"] == "Værnes og Frøya"


# --- failures: non-zero exit, message on stderr, nothing on stdout ------------------------------


def test_bad_csv_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "feil.csv"
    path.write_text(HEADER + "Ørland,1,2\nÅfjord,x,3\n", encoding="utf-8")
    process = run(*SIMPLE_AMOUNTS, "--counts", str(path), "--format", "json")
    assert_failed(process, "Linje 3", "elevtallet «x»", "feil.csv")


def test_duplicate_network_in_csv_names_both_lines(tmp_path: Path) -> None:
    path = tmp_path / "dobbel.csv"
    path.write_text(HEADER + "Ørland,1,2\nÅfjord,1,3\nØrland,4,4\n", encoding="utf-8")
    assert_failed(run(*SIMPLE_AMOUNTS, "--counts", str(path)), "Linje 4", "«Ørland»", "linje 2")


def test_missing_file(tmp_path: Path) -> None:
    process = run(*SIMPLE_AMOUNTS, "--counts", str(tmp_path / "finnes-ikke.csv"))
    assert_failed(process, "Finner ikke filen", "finnes-ikke.csv")


def test_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "Fosen,1,2\nØrland,1,2\n").encode("latin-1"))
    assert_failed(run(*SIMPLE_AMOUNTS, "--counts", str(path)), "UTF-8", "Linje 3")


def test_engine_error_is_reported(counts: Path) -> None:
    process = run(
        "--total",
        "1000000",
        "--base-grant",
        "400000",
        "--joint-amount",
        "0",
        "--counts",
        str(counts),
    )
    assert_failed(
        process,
        "Grunntilskuddene (3 × 400 000 kr = 1 200 000 kr) er større enn det som er igjen etter "
        "fellestiltak (1 000 000 kr)",
    )


@pytest.mark.parametrize(
    ("option", "value"),
    [("--total", "tolv millioner"), ("--base-grant", "1.5"), ("--joint-amount", "10%")],
)
def test_amounts_must_be_whole_kroner(counts: Path, option: str, value: str) -> None:
    args = dict(zip(SIMPLE_AMOUNTS[::2], SIMPLE_AMOUNTS[1::2], strict=True))
    args[option] = value
    flat = [item for pair in args.items() for item in pair]
    assert_failed(run(*flat, "--counts", str(counts)), option, "helt antall kroner")


def test_negative_total_is_an_engine_error(counts: Path) -> None:
    process = run(
        "--total", "-5", "--base-grant", "0", "--joint-amount", "0", "--counts", str(counts)
    )
    assert_failed(process, "Totalbeløpet kan ikke være negativt")


def test_bad_weight(counts: Path) -> None:
    process = run(*SIMPLE_AMOUNTS, "--counts", str(counts), "--pupil-weight", "mye")
    assert_failed(process, "Vekten for elever «mye» er ikke et tall")


def test_percent_out_of_range(counts: Path) -> None:
    process = run(
        "--total", "100", "--base-grant", "0", "--joint-percent", "101", "--counts", str(counts)
    )
    assert_failed(process, "mellom 0 og 100")


def test_both_joint_options(counts: Path) -> None:
    process = run(*SIMPLE_AMOUNTS, "--joint-percent", "10", "--counts", str(counts))
    assert_failed(process, "bare én av --joint-amount og --joint-percent")


def test_no_joint_option(counts: Path) -> None:
    process = run("--total", "100", "--base-grant", "0", "--counts", str(counts))
    assert_failed(process, "--joint-amount eller --joint-percent")


def test_missing_counts_and_total() -> None:
    assert_failed(run("--base-grant", "0", "--joint-amount", "0"), "Mangler --total, --counts")


def test_year_without_a_reachable_database_is_a_clear_error() -> None:
    assert_failed(run("--year", "2027"), "Kan ikke lese tilskuddsåret fra databasen")


def test_year_cannot_be_combined_with_amounts(counts: Path) -> None:
    process = run("--year", "2027", "--total", "1000", "--counts", str(counts))
    assert_failed(process, "--year kan ikke kombineres med --total, --counts")


def test_year_must_be_a_year() -> None:
    assert_failed(run("--year", "neste"), "--year «neste» må være et årstall")


def test_unknown_format(counts: Path) -> None:
    process = run(*SIMPLE_AMOUNTS, "--counts", str(counts), "--format", "xml")
    assert_failed(process, "xml")
