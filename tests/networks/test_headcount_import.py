"""The head-count import refuses hostile and broken files early, with a Norwegian message, and
stores nothing; a good file is written whole. The page and the admin flows are in
``tests/allocation/test_import.py`` and ``tests/allocation/test_pages.py``."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest

from networks.headcount_import import csvstream, messages
from networks.headcount_import.reading import MAX_COLUMNS, Limits, read_rows
from networks.headcount_import.storing import head_counts_import
from networks.models import Event, HeadCount, Network, Owner

YEAR = 2027
COUNTED_ON = dt.date(2026, 10, 1)


@pytest.fixture
def owners(db):
    network = Network.objects.create(name="Fosen", slug="fosen")
    Owner.objects.bulk_create(
        [
            Owner(
                name=f"Eier {i}",
                kind=Owner.Kind.MUNICIPALITY,
                number=str(5000 + i),
                network=network,
            )
            for i in range(1, 301)
        ]
    )
    HeadCount.objects.create(
        owner=Owner.objects.get(number="5001"), year=YEAR, pupils=10, children=5, source="Gammel"
    )
    return network


def run(data: bytes, filename: str = "tall.csv", *, dry_run: bool = False, **limits):
    caps = {
        "max_upload_bytes": 5 * 1024 * 1024,
        "max_rows": 20_000,
        "max_unpacked_bytes": 20 * 1024 * 1024,
    }
    return head_counts_import(
        stream=io.BytesIO(data),
        filename=filename,
        year=YEAR,
        source="SSB",
        counted_on=COUNTED_ON,
        dry_run=dry_run,
        limits=Limits(**{**caps, **limits}),
    )


def stored() -> dict[str, tuple[int, int]]:
    return {
        number: (pupils, children)
        for number, pupils, children in HeadCount.objects.filter(year=YEAR).values_list(
            "owner__number", "pupils", "children"
        )
    }


def csv_file(rows: int, *, start: int = 1) -> bytes:
    lines = ["eiernummer;elever;barn"] + [
        f"{5000 + i};{i};{i * 2}" for i in range(start, start + rows)
    ]
    return ("\n".join(lines) + "\n").encode()


OOXML = "http://schemas.openxmlformats.org"
SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml"
RELATIONSHIPS = f"{OOXML}/officeDocument/2006/relationships"
XML = '<?xml version="1.0" encoding="UTF-8"?>'


def _relationship(kind: str, target: str) -> str:
    return (
        f'{XML}<Relationships xmlns="{OOXML}/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/{kind}" Target="{target}"/>'
        "</Relationships>"
    )


XLSX_PARTS = {
    "[Content_Types].xml": (
        f'{XML}<Types xmlns="{OOXML}/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{SPREADSHEET}.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        f'ContentType="{SPREADSHEET}.worksheet+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": _relationship("officeDocument", "xl/workbook.xml"),
    "xl/workbook.xml": (
        f'{XML}<workbook xmlns="{OOXML}/spreadsheetml/2006/main" xmlns:r="{RELATIONSHIPS}">'
        '<sheets><sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": _relationship("worksheet", "worksheets/sheet1.xml"),
}


def row_xml(number: int, owner: int, pupils: int, children: int) -> str:
    return (
        f'<row r="{number}"><c r="A{number}"><v>{owner}</v></c><c r="B{number}"><v>{pupils}</v></c>'
        f'<c r="C{number}"><v>{children}</v></c></row>'
    )


def xlsx_by_hand(*, dimension: str | None, rows: int, distinct: bool = True) -> bytes:
    """A tiny workbook written part by part, so that it can declare what it likes."""
    header = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>eiernummer</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>elever</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>barn</t></is></c></row>'
    )
    if distinct:
        body = "".join(row_xml(n, 4999 + n, 1, 1) for n in range(2, rows + 1))
    else:  # rows may leave out their numbers: the same bytes again and again pack to nothing
        body = "<row><c><v>5001</v></c><c><v>1</v></c><c><v>1</v></c></row>" * (rows - 1)
    sheet = (
        f'{XML}<worksheet xmlns="{OOXML}/spreadsheetml/2006/main">'
        + (f'<dimension ref="{dimension}"/>' if dimension else "")
        + f"<sheetData>{header}{body}</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in XLSX_PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def test_a_hand_made_workbook_is_read(owners):
    plan = run(xlsx_by_hand(dimension="A1:C3", rows=3), "tall.xlsx")
    assert plan.errors == []
    assert stored()["5001"] == (1, 1)  # the existing row is updated
    assert stored()["5002"] == (1, 1)


def test_an_xlsx_bomb_declaring_a_million_rows_is_refused_before_reading(owners):
    bomb = xlsx_by_hand(dimension="A1:C1000000", rows=3)
    assert len(bomb) < 2_000
    plan = run(bomb, "bombe.xlsx", dry_run=False)
    assert plan.errors == [messages.msg_too_many_rows(20_000)]
    assert "mer enn 20 000 rader" in plan.errors[0]
    assert stored() == {"5001": (10, 5)}
    assert not Event.objects.filter(kind="head_counts_imported").exists()


def test_an_xlsx_that_unpacks_past_the_cap_is_refused_on_what_it_declares(owners):
    bomb = xlsx_by_hand(dimension=None, rows=20_000, distinct=False)  # 2 MB of sheet, packed:
    assert len(bomb) < 50_000
    plan = run(bomb, "bombe.xlsx", max_unpacked_bytes=1024 * 1024)
    assert plan.errors == [messages.msg_unpacked_too_large(1024 * 1024)]
    assert "pakkes ut" in plan.errors[0]
    assert stored() == {"5001": (10, 5)}


def test_an_xlsx_without_a_dimension_stops_at_the_row_cap(owners):
    plan = run(xlsx_by_hand(dimension=None, rows=500), "mange.xlsx", max_rows=100)
    assert plan.errors == [messages.msg_too_many_rows(100)]
    assert stored() == {"5001": (10, 5)}


def test_a_sheet_declaring_every_column_is_read_no_wider_than_the_cap(owners):
    data = xlsx_by_hand(dimension="A1:XFD3", rows=3)
    rows = list(read_rows(io.BytesIO(data), "bred.xlsx"))
    assert rows[0][0] == 1 and rows[0][1][:3] == ["eiernummer", "elever", "barn"]
    assert all(len(cells) <= MAX_COLUMNS for _line, cells in rows)


def test_a_csv_far_over_the_row_cap_is_refused(owners):
    plan = run(csv_file(10_000), max_rows=100)
    assert plan.errors == [messages.msg_too_many_rows(100)]
    assert "mer enn 100 rader" in plan.errors[0]
    assert plan.rows == []
    assert stored() == {"5001": (10, 5)}


def test_a_file_over_the_size_cap_is_refused(owners):
    plan = run(csv_file(300), max_upload_bytes=1024)
    assert plan.errors == [messages.msg_too_large(1024)]
    assert stored() == {"5001": (10, 5)}


def test_a_file_whose_last_row_is_bad_stores_nothing(owners):
    data = csv_file(299) + b"5300;mange;1\n"
    plan = run(data)
    assert plan.errors == ["Linje 301: Elevtallet «mange» er ikke et helt tall."]
    assert plan.rows == []
    assert stored() == {"5001": (10, 5)}
    assert not Event.objects.filter(kind="head_counts_imported").exists()


def test_a_good_file_is_written_whole_and_recorded_once(owners):
    plan = run(csv_file(300))
    assert plan.errors == [] and len(plan.rows) == 300
    after = stored()
    assert len(after) == 300
    assert after["5001"] == (1, 2) and after["5300"] == (300, 600)
    assert set(HeadCount.objects.filter(year=YEAR).values_list("source", "counted_on")) == {
        ("SSB", COUNTED_ON)
    }
    event = Event.objects.get(kind="head_counts_imported")
    assert event.data["rows"] == 300


def test_a_dry_run_writes_nothing(owners):
    plan = run(csv_file(300), dry_run=True)
    assert plan.errors == [] and len(plan.rows) == 300
    assert plan.rows[0].previous_pupils == 10
    assert stored() == {"5001": (10, 5)}


def test_every_bad_line_is_kept_and_a_page_shows_the_first_hundred_and_a_count(owners):
    duplicates = b"eiernummer;elever;barn\n" + b"5001;1;1\n" * 250
    plan = run(duplicates)
    assert len(plan.errors) == 249
    assert plan.errors[-1].startswith("Linje 251: Eier 1 (5001) står også på linje 2.")
    page = messages.shown(plan.errors)
    assert len(page) == 101
    assert page[:100] == plan.errors[:100]
    assert page[100] == messages.msg_more_errors(149)
    assert "149 feil til" in page[100]
    assert stored() == {"5001": (10, 5)}


def test_a_windows_1252_file_with_a_title_line_is_read(owners):
    data = "Elevtall for Åfjord og Ørland\n\nKommune;Elever;Barn\nEier 1;7;8\n".encode("cp1252")
    plan = run(data)
    assert plan.errors == []
    assert stored()["5001"] == (7, 8)


def test_a_real_openpyxl_workbook_with_numbers_and_text(owners):
    book = openpyxl.Workbook()
    for row in (["Tittel"], [], ["Eier", "Elever", "Barn"], [5002, 12.0, "1 140"]):
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    plan = run(buffer.getvalue(), "tall.xlsx")
    assert plan.errors == []
    assert [(r.line, r.pupils, r.children) for r in plan.rows] == [(4, 12, 1140)]


def test_the_row_cap_counts_every_line_of_the_file(owners):
    assert run(csv_file(10), max_rows=11).errors == []
    assert run(csv_file(11), max_rows=11).errors == [messages.msg_too_many_rows(11)]


def test_a_stream_that_cannot_be_measured_stops_at_the_cap_too():
    lines = (f"{n};1;1\n" for n in range(1_000_000))
    rows = csvstream.csv_rows(lines, delimiter=";", max_lines=50)
    with pytest.raises(csvstream.TooManyLinesError):
        for _row in rows:
            pass


def test_a_csv_with_old_mac_line_ends_is_read(owners):
    plan = run(b"eiernummer;elever;barn\r5002;3;4\r5003;5;6\r")
    assert plan.errors == []
    assert [(r.line, r.pupils) for r in plan.rows] == [(2, 3), (3, 5)]
