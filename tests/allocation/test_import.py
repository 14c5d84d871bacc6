"""Head-count import (CSV/XLSX) through the service the secretariat's page uses, and the admin."""

import datetime as dt
import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from allocation.services import head_count_import
from config.exports import SafeCSV, SafeXLSX
from networks.headcount_import import messages
from networks.models import Event, HeadCount
from networks.resources import HeadCountResource

DATA = Path(__file__).parent / "data"
COUNTED_ON = dt.date(2026, 10, 1)
SOURCE = "SSB, tabell 11980 og 12562"


def counts(year=2027) -> dict[str, tuple[int, int]]:
    return {
        hc.owner.number: (hc.pupils, hc.children)
        for hc in HeadCount.objects.filter(year=year).select_related("owner")
    }


def run_import(user, data: bytes, filename: str, *, dry_run: bool, year=2027):
    return head_count_import(
        actor=user,
        data=data,
        filename=filename,
        year=year,
        source=SOURCE,
        counted_on=COUNTED_ON,
        dry_run=dry_run,
    )


def xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_csv_preview_shows_the_rows_and_writes_nothing(demo):
    before = counts()
    events = Event.objects.count()
    outcome = run_import(
        demo["sekretariat"], (DATA / "head_counts_2027.csv").read_bytes(), "tall.csv", dry_run=True
    )
    assert outcome.errors == []
    assert [(r.line, r.owner.name, r.pupils, r.children) for r in outcome.rows] == [
        (2, "Frøya", 655, 281),
        (3, "Åfjord", 515, 223),
        (4, "Røros", 662, 291),
        (5, "Ørland", 1245, 541),
        (6, "Trøndelag fylkeskommune", 22800, 0),
    ]
    assert outcome.rows[0].previous_pupils == 640
    assert str(outcome.rows[0].change) == "Endret"
    assert not outcome.written
    assert counts() == before
    assert Event.objects.count() == events


def test_csv_import_writes_every_row_with_source_and_counting_date(demo):
    outcome = run_import(
        demo["sekretariat"], (DATA / "head_counts_2027.csv").read_bytes(), "tall.csv", dry_run=False
    )
    assert outcome.errors == [] and outcome.written
    after = counts()
    assert after["5014"] == (655, 281)
    assert after["5058"] == (515, 223)
    assert after["5057"] == (1245, 541)
    assert after["50"] == (22800, 0)
    assert after["5001"] == (25250, 10910)  # not in the file: unchanged
    froya = HeadCount.objects.get(owner__number="5014", year=2027)
    assert (froya.source, froya.counted_on) == (SOURCE, COUNTED_ON)
    event = Event.objects.get(kind="head_counts_imported")
    assert event.actor == demo["sekretariat"] and event.data["rows"] == 5


def test_import_for_a_new_year_creates_counts(demo):
    outcome = run_import(
        demo["sekretariat"],
        (DATA / "head_counts_2027.csv").read_bytes(),
        "tall.csv",
        dry_run=False,
        year=2028,
    )
    assert outcome.errors == []
    assert counts(2028) == {
        "5014": (655, 281),
        "5058": (515, 223),
        "5025": (662, 291),
        "5057": (1245, 541),
        "50": (22800, 0),
    }
    assert all(str(r.change) == "Ny" for r in outcome.rows)


def test_xlsx_import_with_a_title_row_and_norwegian_names(demo):
    data = xlsx(
        [
            ["Elev- og barnetall 2026"],
            [],
            ["Kommune", "Elever", "Barn i barnehage"],
            ["Frøya", 600, 250],
            ["Åfjord", 500.0, 200],
            ["Høylandet", "1 140", 60],
            ["Ørland", 1240, 540],
        ]
    )
    outcome = run_import(demo["sekretariat"], data, "tall.xlsx", dry_run=False)
    assert outcome.errors == []
    assert [r.line for r in outcome.rows] == [4, 5, 6, 7]
    after = counts()
    assert (after["5014"], after["5058"], after["5046"], after["5057"]) == (
        (600, 250),
        (500, 200),
        (1140, 60),
        (1240, 540),
    )


@pytest.mark.parametrize("file_format", [SafeCSV, SafeXLSX])
def test_export_and_reimport_round_trips_norwegian_owner_names(demo, file_format):
    """The admin's export (semicolons and a BOM, or XLSX) reads back unchanged."""
    exported = file_format().export_data(HeadCountResource().export())
    data = exported.encode("utf-8") if isinstance(exported, str) else exported
    if file_format is SafeCSV:
        assert data.startswith(b"\xef\xbb\xbf")
        text = data.decode("utf-8-sig")
        assert ";" in text.splitlines()[0]
        for name in ("Frøya", "Åfjord", "Ørland", "Trøndelag fylkeskommune", "Høylandet"):
            assert name in text
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        names = {row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
        assert {"Frøya", "Åfjord", "Ørland", "Snåsa"} <= names
    before = counts()
    outcome = run_import(
        demo["sekretariat"], data, f"eksport.{file_format().get_extension()}", dry_run=False
    )
    assert outcome.errors == []
    assert len(outcome.rows) == 39
    assert all(str(r.change) == "Uendret" for r in outcome.rows)
    assert counts() == before


def test_statistics_norway_export_is_read_with_the_column_mapping(demo):
    data = (DATA / "ssb_table_export.csv").read_bytes()
    outcome = run_import(demo["sekretariat"], data, "12562.csv", dry_run=False)
    assert outcome.errors == []
    assert [(r.line, r.owner.number) for r in outcome.rows] == [
        (4, "5001"),
        (5, "5014"),
        (6, "5041"),
        (7, "5058"),
        (8, "50"),
    ]
    after = counts()
    assert after["5001"] == (25300, 10950)
    assert after["5041"] == (245, 101)
    assert after["50"] == (22900, 0)  # SSB's "-" is nil


def test_owners_are_found_by_name_including_sami_double_names(demo):
    data = (DATA / "names_only.csv").read_bytes()
    outcome = run_import(demo["sekretariat"], data, "navn.csv", dry_run=False)
    assert outcome.errors == []
    assert counts()["5041"] == (241, 101)
    assert counts()["5046"] == (141, 61)


def test_every_bad_row_is_named_with_its_line_and_reason(demo):
    outcome = run_import(
        demo["sekretariat"], (DATA / "bad_rows.csv").read_bytes(), "feil.csv", dry_run=True
    )
    assert outcome.errors == [
        "Linje 3: Finner ingen eier med nummer 9999.",
        "Linje 4: Elevtallet kan ikke være negativt (-12).",
        "Linje 5: Elevtallet «mange» er ikke et helt tall.",
        "Linje 6: Frøya (5014) står også på linje 2. Hver eier kan bare stå én gang.",
        "Linje 7: Barnetallet mangler.",
        "Linje 8: Finner ingen eier som heter «Ukjentby».",
    ]
    assert outcome.rows == []


def test_one_bad_row_means_nothing_is_written(demo):
    before = counts()
    data = b"eiernummer;elever;barn\n5014;1;1\n5058;2;2\n5025;-3;3\n5057;4;4\n"
    outcome = run_import(demo["sekretariat"], data, "tall.csv", dry_run=False)
    assert outcome.errors == ["Linje 4: Elevtallet kan ikke være negativt (-3)."]
    assert not outcome.written
    assert counts() == before
    assert not Event.objects.filter(kind="head_counts_imported").exists()


def test_a_missing_column_is_named(demo):
    outcome = run_import(
        demo["sekretariat"], (DATA / "missing_column.csv").read_bytes(), "x.csv", dry_run=True
    )
    assert outcome.errors == [
        "Linje 1: Filen mangler en kolonne for barnetall "
        "(for eksempel «Barn» eller «Barn i barnehage»)."
    ]


def test_ssb_missing_figure_symbols_are_errors(demo):
    data = "region;Elever;Barn\n5001 Trondheim;..;10\n5014 Frøya;640;:\n".encode()
    outcome = run_import(demo["sekretariat"], data, "x.csv", dry_run=True)
    assert [re.sub(r" \(.*", "", e) for e in outcome.errors] == [
        "Linje 2: Elevtallet mangler",
        "Linje 3: Barnetallet mangler",
    ]


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("tall.pdf", b"%PDF", messages.msg_unsupported_file()),
        ("tall.xlsx", b"not a workbook", messages.msg_unreadable("XLSX")),
        ("tall.csv", b"hei;og;hallo\n1;2;3\n", messages.msg_no_header()),
        ("tall.csv", b"eier;elever;barn\n\n", messages.msg_no_rows()),
    ],
)
def test_files_that_cannot_be_read_say_why(demo, filename, data, message):
    outcome = run_import(demo["sekretariat"], data, filename, dry_run=True)
    assert outcome.errors == [message]


@pytest.mark.parametrize("username", ["eier", "koordinator", "uh", "forum"])
def test_only_the_secretariat_statsforvalter_and_admin_import(demo, username):
    with pytest.raises(PermissionDenied):
        run_import(demo[username], b"eier;elever;barn\n5001;1;1\n", "x.csv", dry_run=True)


def test_admin_import_previews_then_confirms(demo, login):
    client = login("admin")
    url = reverse("admin:networks_headcount_import")
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile("tall.csv", (DATA / "head_counts_2027.csv").read_bytes())
    response = client.post(
        url,
        {
            "format": "0",
            "resource": "0",
            "import_file": upload,
            "year": "2027",
            "source": SOURCE,
            "counted_on": "01.10.2026",
        },
    )
    assert response.status_code == 200
    confirm = response.context["confirm_form"]
    assert confirm is not None
    assert counts()["5014"] == (640, 280)  # the preview wrote nothing
    response = client.post(
        reverse("admin:networks_headcount_process_import"),
        {name: confirm.initial[name] for name in confirm.fields},
    )
    assert response.status_code == 302
    assert counts()["5014"] == (655, 281)
    assert HeadCount.objects.get(owner__number="5014", year=2027).counted_on == COUNTED_ON


def test_admin_import_of_a_bad_file_names_the_rows_and_offers_no_confirm(demo, login):
    client = login("admin")
    upload = SimpleUploadedFile("feil.csv", (DATA / "bad_rows.csv").read_bytes())
    response = client.post(
        reverse("admin:networks_headcount_import"),
        {
            "format": "0",
            "resource": "0",
            "import_file": upload,
            "year": "2027",
            "source": SOURCE,
            "counted_on": "2026-10-01",
        },
    )
    body = response.content.decode()
    assert "Linje 3: Finner ingen eier med nummer 9999." in body
    assert "Linje 6: Frøya (5014) står også på linje 2." in body
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert counts()["5014"] == (640, 280)


def upload_page(client, data: bytes, name: str = "tall.csv"):
    return client.post(
        reverse("head_count_import"),
        {
            "year": "2027",
            "source": SOURCE,
            "counted_on": "2026-10-01",
            "file": SimpleUploadedFile(name, data),
        },
    )


def test_the_page_shows_the_first_hundred_messages_and_how_many_more(demo, login):
    data = b"eiernummer;elever;barn\n" + b"5014;1;1\n" * 151
    body = upload_page(login("sekretariat"), data).content.decode()
    assert "Linje 3: Frøya (5014) står også på linje 2." in body
    assert "Linje 102: Frøya (5014) står også på linje 2." in body  # the hundredth
    assert "Linje 103:" not in body
    assert messages.msg_more_errors(50) in body
    assert counts()["5014"] == (640, 280)


def test_the_page_refuses_a_file_over_the_size_cap_before_reading_it(demo, login, settings):
    settings.HEAD_COUNT_IMPORT_MAX_UPLOAD_BYTES = 1024 * 1024
    data = b"eiernummer;elever;barn\n" + b"5014;1;1\n" * 120_000
    response = upload_page(login("sekretariat"), data)
    assert "Filen er for stor (mer enn 1 MB)." in response.content.decode()
    assert response.context["form"].errors["file"] == [messages.msg_too_large(1024 * 1024)]
    assert "token" not in response.context
    assert counts()["5014"] == (640, 280)


def test_the_upload_page_still_checks_the_csrf_token(demo):
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo["sekretariat"])
    data = (DATA / "head_counts_2027.csv").read_bytes()
    assert upload_page(client, data).status_code == 403
    assert counts()["5014"] == (640, 280)


def test_admin_import_with_many_bad_rows_shows_the_first_hundred_and_a_count(demo, login):
    data = b"eiernummer;elever;barn\n" + b"5014;1;1\n" * 151
    response = login("admin").post(
        reverse("admin:networks_headcount_import"),
        {
            "format": "0",
            "resource": "0",
            "import_file": SimpleUploadedFile("mange.csv", data),
            "year": "2027",
            "source": SOURCE,
            "counted_on": "2026-10-01",
        },
    )
    body = response.content.decode()
    assert "Linje 102: Frøya (5014) står også på linje 2." in body
    assert "Linje 103:" not in body
    assert messages.msg_more_errors(50) in body
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert counts()["5014"] == (640, 280)
