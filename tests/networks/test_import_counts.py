"""``manage.py import_counts``: the same import as the pages, all or nothing, every bad line on
stderr and a non-zero exit on any error."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from networks.models import Event, HeadCount, Network, Owner

YEAR = 2027


@pytest.fixture
def owners(db):
    network = Network.objects.create(name="Fosen", slug="fosen")
    for number, name in (("5014", "Frøya"), ("5058", "Åfjord"), ("5057", "Ørland")):
        Owner.objects.create(name=name, kind="kommune", number=number, network=network)
    HeadCount.objects.create(
        owner=Owner.objects.get(number="5014"), year=YEAR, pupils=640, children=280, source="x"
    )


def import_counts(path: Path, *extra: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_counts",
        str(path),
        "--year",
        str(YEAR),
        "--source",
        "SSB, tabell 11980",
        "--counted-on",
        "2026-10-01",
        *extra,
        stdout=out,
        stderr=err,
    )
    return out.getvalue(), err.getvalue()


def counts() -> dict[str, tuple[int, int]]:
    return {
        hc.owner.number: (hc.pupils, hc.children)
        for hc in HeadCount.objects.filter(year=YEAR).select_related("owner")
    }


def write(tmp_path: Path, text: str, name: str = "tall.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_is_stored_with_source_and_counting_date(owners, tmp_path):
    path = write(tmp_path, "Kommune;Elever;Barn\nFrøya;655;281\n5058 Åfjord;515;223\n")
    out, err = import_counts(path)
    assert "lagret for 2 eiere" in out and err == ""
    assert counts() == {"5014": (655, 281), "5058": (515, 223)}
    froya = HeadCount.objects.get(owner__number="5014", year=YEAR)
    assert (froya.source, froya.counted_on) == ("SSB, tabell 11980", dt.date(2026, 10, 1))
    assert Event.objects.filter(kind="head_counts_imported").count() == 1


def test_dry_run_checks_and_stores_nothing(owners, tmp_path):
    path = write(tmp_path, "eier;elever;barn\n5014;1;1\n")
    out, _err = import_counts(path, "--dry-run")
    assert "filen er i orden" in out and "Ingenting er lagret" in out
    assert counts() == {"5014": (640, 280)}


def test_every_bad_line_is_named_on_stderr_and_nothing_is_stored(owners, tmp_path):
    path = write(tmp_path, "eier;elever;barn\n5014;1;1\n9999;1;1\n5058;-2;1\n5057;1;\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"3 feil\. Ingenting er lagret"):
        call_command(
            "import_counts",
            str(path),
            "--year=2027",
            "--source=SSB",
            "--counted-on=01.10.2026",
            stderr=err,
        )
    assert err.getvalue().splitlines() == [
        "tall.csv: Linje 3: Finner ingen eier med nummer 9999.",
        "tall.csv: Linje 4: Elevtallet kan ikke være negativt (-2).",
        "tall.csv: Linje 5: Barnetallet mangler.",
    ]
    assert counts() == {"5014": (640, 280)}
    assert not Event.objects.filter(kind="head_counts_imported").exists()


def test_a_file_over_the_row_cap_is_refused(owners, tmp_path, settings):
    settings.HEAD_COUNT_IMPORT_MAX_ROWS = 10
    path = write(tmp_path, "eier;elever;barn\n" + "5014;1;1\n" * 1000)
    with pytest.raises(CommandError):
        import_counts(path)
    assert counts() == {"5014": (640, 280)}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "27"], "--year «27» må være et årstall med fire sifre"),
        (["--counted-on", "i fjor"], "--counted-on «i fjor» må være en dato"),
    ],
)
def test_bad_options_are_refused(owners, tmp_path, args, message):
    path = write(tmp_path, "eier;elever;barn\n5014;1;1\n")
    options = {"--year": "2027", "--source": "SSB", "--counted-on": "2026-10-01"}
    options.update(dict(zip(args[::2], args[1::2], strict=True)))
    flat = [part for pair in options.items() for part in pair]
    with pytest.raises(CommandError, match=message):
        call_command("import_counts", str(path), *flat)


def test_a_missing_file_is_named(owners, tmp_path):
    with pytest.raises(CommandError, match="Finner ikke filen"):
        import_counts(tmp_path / "finnes-ikke.csv")
