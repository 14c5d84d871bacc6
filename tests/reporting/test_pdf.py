"""The PDFs read back as a case officer would read them: text, amounts, dates and page numbers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import os
import re
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from reporting.pdf import (
    ELECTRONIC_APPROVAL,
    AllocationRow,
    AllocationTableData,
    DecisionLetterData,
    Issuer,
    JointMeasure,
    Party,
    RecommendationData,
    RecommendationRow,
    Signatory,
    YearReportData,
    YearReportRow,
    render_allocation_table,
    render_decision_letter,
    render_recommendation,
    render_year_report,
)

REPO_ROOT = Path(__file__).resolve().parents[2]

STATSFORVALTEREN = Issuer(
    name="Statsforvalteren i Trøndelag",
    unit="Oppvekst- og utdanningsavdelingen",
    address_lines=("Postboks 4710 Torgarden", "7468 Trondheim"),
)
FORUM = Issuer(name="Samarbeidsforum for Kompetanseløftet i Trøndelag")
NETWORKS = (
    "Trondheim",
    "Trøndelag sørvest",
    "Fosen",
    "Gauldal og Trøndelag sør",
    "Værnesregionen",
    "Innherred",
    "Inn-Trøndelag",
    "Namdal",
)


# --- helpers ------------------------------------------------------------------------------------


def nb_kroner(amount: int) -> str:
    """Written out here rather than imported, so the tests check the PDFs' formatting."""
    sign = "\u2212" if amount < 0 else ""
    return f"{sign}{abs(amount):,} kr".replace(",", " ")


def reader_for(pdf: bytes) -> PdfReader:
    assert pdf.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text as a reader sees it: non-breaking spaces and line breaks are spaces."""
    return [
        re.sub(r"\s+", " ", (page.extract_text() or "").replace("\xa0", " "))
        for page in reader_for(pdf).pages
    ]


def full_text(pdf: bytes) -> str:
    return " ".join(page_texts(pdf))


def make_letter(**overrides: object) -> DecisionLetterData:
    values: dict[str, object] = {
        "issuer": STATSFORVALTEREN,
        "case_officer": Signatory(
            name="Åse Bjørnstad",
            title="seniorrådgiver",
            phone="73 19 90 00",
            email="sftlpost@statsforvalteren.no",
        ),
        "approved_by": Signatory(name="Ørjan Lægreid", title="seksjonsleder"),
        "document_date": dt.date(2027, 3, 15),
        "reference": "2027/4711",
        "year": 2027,
        "network": "Trøndelag sørvest",
        "network_address_lines": ("c/o Orkland kommune", "Postboks 83", "7301 Orkanger"),
        "uh_partner": "NTNU",
        "amount_granted": 1_234_567,
        "frame": 1_300_000,
        "recommended_amount": 1_234_567,
        "uh_share": 400_000,
        "conditions": (
            "Tilskuddet skal brukes i tråd med beslutningsgrunnlaget og kriteriene for ordningen.",
            "Midler som ikke er brukt, skal betales tilbake til Statsforvalteren.",
        ),
        "reasons": (
            "Beslutningsgrunnlaget oppfyller de fire kriteriene for ordningen.\n\n"
            "Tiltakene er arbeidsplassbaserte og gjennomføres i partnerskap med UH."
        ),
        "legal_basis": (
            "Retningslinjer for tilskuddsordning for lokal kompetanseutvikling i barnehage og "
            "grunnopplæring (FOR-2021-01-26-230)."
        ),
        "appeal_legal_basis": "forvaltningsloven §§ 28 og 29",
        "report_deadline": dt.date(2027, 6, 30),
        "appeal_body": "Utdanningsdirektoratet",
        "appeal_send_to": "Statsforvalteren i Trøndelag",
        "appeal_instructions": (
            "Klagen må være skriftlig og si hvilket vedtak det klages over og hvilken endring "
            "dere ønsker. Dere har rett til å se dokumentene i saken."
        ),
    }
    values.update(overrides)
    return DecisionLetterData(**values)  # type: ignore[arg-type]


def make_recommendation(networks: tuple[str, ...] = NETWORKS) -> RecommendationData:
    rows = tuple(
        RecommendationRow(
            network=name,
            uh_partner="Nord universitet" if i % 2 else "NTNU",
            frame=900_000 + i * 10_001,
            recommended_amount=880_000 + i * 10_001,
            uh_share=300_000 + i * 1_000,
        )
        for i, name in enumerate(networks)
    )
    return RecommendationData(
        issuer=FORUM,
        recipient="Statsforvalteren i Trøndelag",
        year=2027,
        meeting_date=dt.date(2027, 2, 10),
        document_date=dt.date(2027, 2, 12),
        rows=rows,
        joint_measures=(
            JointMeasure("Inkluderingsanalysen", 1_200_000, "Statped og NTNU"),
            JointMeasure("Inkluderende praksis i barnehager og skoler", 600_000, "SePU"),
        ),
        decision_note="Innstillingen ble vedtatt enstemmig.",
        reference="2027/300",
        intro="Samarbeidsforum har behandlet beslutningsgrunnlagene fra partnerskapene.",
        secretariat="Statsforvalteren i Trøndelag",
    )


def make_allocation(networks: tuple[str, ...] = NETWORKS) -> AllocationTableData:
    rows = tuple(
        AllocationRow(
            network=name,
            pupils=5_000 + i * 137,
            children=2_000 + i * 59,
            base=300_000,
            pro_rata=700_000 + i * 1_003,
            frame=1_000_000 + i * 1_003,
        )
        for i, name in enumerate(networks)
    )
    total_frames = sum(row.frame for row in rows)
    return AllocationTableData(
        issuer=STATSFORVALTEREN,
        year=2027,
        document_date=dt.date(2027, 1, 20),
        total=total_frames + 1_800_000,
        joint_measures=1_800_000,
        base_grant=300_000,
        pupil_weight=1,
        child_weight=Decimal("1.5"),
        counts_source="SSB tabell 11980 og barnehagestatistikken",
        counts_date=dt.date(2026, 10, 1),
        children_counts_date=dt.date(2026, 12, 15),
        rows=rows,
        reference="2027/12",
    )


def make_year_report(networks: tuple[str, ...] = NETWORKS) -> YearReportData:
    rows = tuple(
        YearReportRow(
            network=name,
            granted=1_000_000 + i * 1_111,
            used=950_000 + i * 2_000,
            status="Rapport mottatt" if i % 3 else "Rapport mangler – purret 5. juli 2027",
            reclaimed=max(0, 50_000 - i * 889),  # what was unused was claimed back
        )
        for i, name in enumerate(networks)
    )
    return YearReportData(
        issuer=STATSFORVALTEREN,
        year=2027,
        document_date=dt.date(2027, 9, 1),
        rows=rows,
        report_deadline=dt.date(2027, 6, 30),
        reference="2027/900",
        intro="Oversikten viser tildelte og brukte midler per kompetansenettverk.",
    )


def many_networks(count: int) -> tuple[str, ...]:
    return tuple(f"{NETWORKS[i % len(NETWORKS)]} {i + 1}" for i in range(count))


def assert_every_page_framed(pdf: bytes, issuer: str, date_text: str) -> None:
    texts = page_texts(pdf)
    for number, text in enumerate(texts, start=1):
        assert f"Side {number} av {len(texts)}" in text
        assert issuer in text
        assert date_text in text


# --- the helper itself --------------------------------------------------------------------------


def test_nb_kroner_helper_formats_like_a_norwegian_reader_expects() -> None:
    assert nb_kroner(1_234_567) == "1 234 567 kr"
    assert nb_kroner(-5_000) == "\u22125 000 kr"


# --- decision letter ----------------------------------------------------------------------------


def test_decision_letter_shows_parties_amounts_dates_and_title() -> None:
    text = full_text(render_decision_letter(make_letter()))

    assert "Statsforvalteren i Trøndelag" in text
    assert "Trøndelag sørvest" in text
    assert "7301 Orkanger" in text
    assert "NTNU" in text
    assert (
        "Vedtak om tilskudd – Kompetanseløftet for spesialpedagogikk og inkluderende praksis 2027"
        in text
    )
    assert "2027/4711" in text
    assert "Åse Bjørnstad" in text
    assert "seniorrådgiver" in text
    assert "Ørjan Lægreid" in text
    assert "15. mars 2027" in text
    assert "30. juni 2027" in text
    assert "1 234 567 kr" in text
    assert "1 300 000 kr" in text
    assert "400 000 kr" in text
    assert "834 567 kr" in text  # the network's share: 1 234 567 - 400 000
    assert "65 433 kr lavere enn den forhåndstildelte rammen" in text
    assert "i samsvar med innstillingen" in text
    assert "Midler som ikke er brukt, skal betales tilbake" in text
    assert "oppfyller de fire kriteriene" in text
    assert "FOR-2021-01-26-230" in text
    assert ELECTRONIC_APPROVAL in text


def test_decision_letter_has_appeal_paragraph_from_data() -> None:
    text = full_text(render_decision_letter(make_letter()))

    assert "Klageadgang" in text
    assert "Klageinstans er Utdanningsdirektoratet" in text
    assert "3 uker" in text
    assert "Klagen skal sendes til Statsforvalteren i Trøndelag" in text
    assert "forvaltningsloven §§ 28 og 29" in text
    assert "rett til å se dokumentene" in text


def test_decision_letter_appeal_weeks_come_from_data() -> None:
    text = full_text(render_decision_letter(make_letter(appeal_weeks=4)))

    assert "4 uker" in text
    assert "3 uker" not in text


def test_decision_letter_metadata() -> None:
    metadata = reader_for(render_decision_letter(make_letter())).metadata

    assert metadata is not None
    assert metadata.title == "Vedtak om tilskudd 2027 – Trøndelag sørvest"
    assert metadata.author == "Statsforvalteren i Trøndelag"


def test_every_page_of_a_long_letter_has_issuer_date_and_page_numbers() -> None:
    conditions = tuple(f"Vilkår nummer {i}: tiltaket skal følges opp lokalt." for i in range(60))
    pdf = render_decision_letter(make_letter(conditions=conditions))

    assert len(reader_for(pdf).pages) > 1
    assert_every_page_framed(pdf, "Statsforvalteren i Trøndelag", "15. mars 2027")
    assert "Vilkår nummer 59" in full_text(pdf)


def test_decision_letter_is_deterministic() -> None:
    letter = make_letter()

    assert render_decision_letter(letter) == render_decision_letter(letter)
    assert render_decision_letter(letter) == render_decision_letter(make_letter())


def test_decision_letter_bytes_are_the_same_in_a_fresh_process() -> None:
    script = (
        "import hashlib\n"
        "from reporting.pdf import render_decision_letter\n"
        "from tests.reporting.test_pdf import make_letter\n"
        "print(hashlib.sha256(render_decision_letter(make_letter())).hexdigest())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
    )

    assert result.returncode == 0, result.stderr
    here = hashlib.sha256(render_decision_letter(make_letter())).hexdigest()
    assert result.stdout.strip() == here


def test_decision_letter_bytes_change_with_the_amount() -> None:
    first = render_decision_letter(make_letter())
    other = render_decision_letter(
        make_letter(amount_granted=1_234_568, recommended_amount=1_234_568)
    )

    assert first != other


def test_departure_reason_is_shown_when_the_amount_differs_from_the_innstilling() -> None:
    reason = "Ett av tiltakene oppfyller ikke kriteriet om arbeidsplassbasert kompetanseutvikling."
    letter = make_letter(amount_granted=1_100_000, departure_reason=reason)

    text = full_text(render_decision_letter(letter))

    assert "Begrunnelse for avvik fra innstillingen" in text
    assert reason in text
    assert "avviker fra innstillingen" in text
    assert "134 567 kr lavere" in text  # 1 234 567 - 1 100 000


def test_departure_reason_is_not_shown_when_the_amount_equals_the_innstilling() -> None:
    reason = "Denne teksten skal ikke stå i brevet."
    text = full_text(render_decision_letter(make_letter(departure_reason=reason)))

    assert reason not in text
    assert "Begrunnelse for avvik" not in text
    assert "avviker" not in text


def test_departing_from_the_innstilling_requires_a_reason() -> None:
    with pytest.raises(ValueError, match="departure_reason"):
        make_letter(amount_granted=1_000_000)


def test_a_letter_to_one_party_names_it_and_carries_its_document_number_on_every_page() -> None:
    conditions = tuple(f"Vilkår nummer {i}." for i in range(60))
    to_uh = make_letter(
        conditions=conditions,
        recipient=Party(
            name="NTNU",
            org_number="974 767 880",
            address_lines=("Postboks 8900 Torgarden", "7491 Trondheim"),
            role="university",
        ),
        document_number="2027/00042-4",
    )
    pdf = render_decision_letter(to_uh)
    pages = page_texts(pdf)
    assert len(pages) > 1
    assert "Org.nr. 974 767 880" in pages[0] and "7491 Trondheim" in pages[0]
    assert "Dokumentnr.:" in pages[0] and "2027/00042-4" in pages[0]
    for text in pages[1:]:
        assert "Vår ref. 2027/00042-4" in text
    assert "Kopi til" not in full_text(pdf)
    assert "Vedtaket er rettet til NTNU for institusjonens del" in full_text(pdf)
    assert render_decision_letter(to_uh) == pdf
    metadata = reader_for(pdf).metadata
    assert metadata is not None
    assert metadata.title == "Vedtak om tilskudd 2027 – Trøndelag sørvest – NTNU"


def test_text_from_data_is_not_read_as_markup() -> None:
    text = full_text(render_decision_letter(make_letter(reasons="Tiltak <b>A</b> & B.")))

    assert "Tiltak <b>A</b> & B." in text


# --- innstilling --------------------------------------------------------------------------------


def test_recommendation_lists_networks_joint_measures_and_totals() -> None:
    data = make_recommendation()
    text = full_text(render_recommendation(data))

    expected_recommended = sum(880_000 + i * 10_001 for i in range(len(NETWORKS)))
    expected_uh = sum(300_000 + i * 1_000 for i in range(len(NETWORKS)))
    expected_frames = sum(900_000 + i * 10_001 for i in range(len(NETWORKS)))
    for name in ("Trøndelag sørvest", "Værnesregionen", "Gauldal og Trøndelag sør"):
        assert name in text
    assert "Nord universitet" in text
    assert (
        f"Sum nettverk {nb_kroner(expected_frames)} {nb_kroner(expected_recommended)} "
        f"{nb_kroner(expected_uh)} {nb_kroner(expected_recommended - expected_uh)}"
    ) in text
    assert "Inkluderingsanalysen Statped og NTNU 1 200 000 kr" in text
    assert "Sum fellestiltak 1 800 000 kr" in text
    assert f"Samlet innstilt beløp {nb_kroner(expected_recommended + 1_800_000)}" in text
    assert "10. februar 2027" in text
    assert "vedtatt enstemmig" in text
    assert_every_page_framed(
        render_recommendation(data),
        "Samarbeidsforum for Kompetanseløftet i Trøndelag",
        "12. februar 2027",
    )


def test_recommendation_row_shows_network_share() -> None:
    row = make_recommendation().rows[1]  # Trøndelag sørvest
    text = full_text(render_recommendation(make_recommendation()))

    assert row.network_share == 890_001 - 301_000
    assert "Trøndelag sørvest Nord universitet 910 001 kr 890 001 kr 301 000 kr 589 001 kr" in text


def test_recommendation_with_many_networks_flows_over_pages() -> None:
    networks = many_networks(200)
    pdf = render_recommendation(make_recommendation(networks))
    texts = page_texts(pdf)

    expected = sum(880_000 + i * 10_001 for i in range(200))
    assert len(texts) > 1
    assert all("Innstilt beløp" in text for text in texts[:2])
    assert f"Sum nettverk {nb_kroner(sum(900_000 + i * 10_001 for i in range(200)))}" in (
        full_text(pdf)
    )
    assert nb_kroner(expected) in full_text(pdf)
    assert_every_page_framed(
        pdf, "Samarbeidsforum for Kompetanseløftet i Trøndelag", "12. februar 2027"
    )


# --- allocation table ---------------------------------------------------------------------------


def test_allocation_table_shows_inputs_rows_totals_and_chart() -> None:
    data = make_allocation()
    pdf = render_allocation_table(data)
    text = full_text(pdf)

    n = len(NETWORKS)
    expected_frames = sum(1_000_000 + i * 1_003 for i in range(n))
    expected_pupils = sum(5_000 + i * 137 for i in range(n))
    expected_children = sum(2_000 + i * 59 for i in range(n))
    assert f"Samlet tilskudd {nb_kroner(expected_frames + 1_800_000)}" in text
    assert "Avsatt til fellestiltak 1 800 000 kr" in text
    assert f"Til fordeling på nettverkene {nb_kroner(expected_frames)}" in text
    assert "Grunntilskudd per nettverk 300 000 kr" in text
    assert "Vekt barnetall 1,5" in text
    assert "SSB tabell 11980" in text
    assert "1. oktober 2026" in text
    assert "15. desember 2026" in text
    assert "Værnesregionen 5 548 2 236 300 000 kr 704 012 kr 1 004 012 kr" in text
    assert (
        f"Sum {expected_pupils:,} {expected_children:,} ".replace(",", " ")
        + f"{nb_kroner(300_000 * n)} {nb_kroner(expected_frames - 300_000 * n)} "
        + nb_kroner(expected_frames)
    ) in text
    # The chart's labels are text in the PDF: the axis caption and one bar label per network.
    assert "Forhåndstildelt ramme per nettverk" in text
    assert "Beløp i kroner" in text
    assert text.count("1 004 012 kr") == 2
    assert_every_page_framed(pdf, "Statsforvalteren i Trøndelag", "20. januar 2027")


def test_allocation_table_with_200_networks_repeats_header_and_sums_right() -> None:
    pdf = render_allocation_table(make_allocation(many_networks(200)))
    texts = page_texts(pdf)

    expected_frames = sum(1_000_000 + i * 1_003 for i in range(200))
    assert expected_frames == 219_959_700
    assert len(texts) > 2
    assert all("Pro rata-andel" in text for text in texts[:3])
    pupils = sum(5_000 + i * 137 for i in range(200))
    children = sum(2_000 + i * 59 for i in range(200))
    totals_row = (
        f"Sum {pupils:,} {children:,} ".replace(",", " ")
        + f"{nb_kroner(300_000 * 200)} {nb_kroner(expected_frames - 300_000 * 200)} "
        + nb_kroner(expected_frames)
    )
    assert totals_row in full_text(pdf)
    assert totals_row.endswith("219 959 700 kr")
    assert "Diagrammet vises bare" in full_text(pdf)
    assert_every_page_framed(pdf, "Statsforvalteren i Trøndelag", "20. januar 2027")


def test_allocation_row_must_add_up() -> None:
    with pytest.raises(ValueError, match="frame"):
        AllocationRow(network="Fosen", pupils=1, children=1, base=10, pro_rata=10, frame=21)


# --- year report --------------------------------------------------------------------------------


def test_year_report_shows_granted_used_returned_and_status() -> None:
    pdf = render_year_report(make_year_report())
    text = full_text(pdf)

    n = len(NETWORKS)
    granted = sum(1_000_000 + i * 1_111 for i in range(n))
    used = sum(950_000 + i * 2_000 for i in range(n))
    assert "Trøndelag sørvest 1 001 111 kr 952 000 kr 49 111 kr Rapport mottatt" in text
    assert "Rapport mangler – purret 5. juli 2027" in text
    assert f"Sum {nb_kroner(granted)} {nb_kroner(used)} {nb_kroner(granted - used)}" in text
    assert "30. juni 2027" in text
    assert_every_page_framed(pdf, "Statsforvalteren i Trøndelag", "1. september 2027")


def test_year_report_shows_what_was_claimed_back_not_granted_minus_used() -> None:
    data = dataclasses.replace(
        make_year_report(),
        rows=(
            YearReportRow("Værnesregionen", granted=500_000, used=512_345, status="Mottatt"),
            YearReportRow("Fosen", granted=400_000, used=390_000, status="Mottatt"),
            YearReportRow(
                "Innherred", granted=300_000, used=280_000, status="Mottatt", reclaimed=20_000
            ),
        ),
    )
    text = full_text(render_year_report(data))

    assert f"Værnesregionen 500 000 kr 512 345 kr {nb_kroner(0)}" in text
    assert f"Fosen 400 000 kr 390 000 kr {nb_kroner(0)}" in text  # carried over: not owed
    assert f"Innherred 300 000 kr 280 000 kr {nb_kroner(20_000)}" in text


def test_year_report_with_200_networks_flows_over_pages() -> None:
    pdf = render_year_report(make_year_report(many_networks(200)))
    texts = page_texts(pdf)

    granted = sum(1_000_000 + i * 1_111 for i in range(200))
    used = sum(950_000 + i * 2_000 for i in range(200))
    assert len(texts) > 2
    assert all("Tilbakebetales" in text for text in texts[:3])
    reclaimed = sum(max(0, 50_000 - i * 889) for i in range(200))
    assert f"Sum {nb_kroner(granted)} {nb_kroner(used)} {nb_kroner(reclaimed)}" in texts[-1]
    assert_every_page_framed(pdf, "Statsforvalteren i Trøndelag", "1. september 2027")


# --- fonts --------------------------------------------------------------------------------------


def test_fonts_are_registered_at_first_render_not_at_import() -> None:
    script = (
        "from reportlab.pdfbase import pdfmetrics\n"
        "import reporting.pdf\n"
        "assert 'Vera' not in pdfmetrics.getRegisteredFontNames()\n"
        "from tests.reporting.test_pdf import make_year_report\n"
        "reporting.pdf.render_year_report(make_year_report())\n"
        "assert 'Vera' in pdfmetrics.getRegisteredFontNames()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "pdf",
    [
        pytest.param(lambda: render_decision_letter(make_letter()), id="letter"),
        pytest.param(lambda: render_recommendation(make_recommendation()), id="innstilling"),
        pytest.param(lambda: render_allocation_table(make_allocation()), id="allocation"),
        pytest.param(lambda: render_year_report(make_year_report()), id="year-report"),
    ],
)
def test_only_the_embedded_vera_fonts_are_used(pdf: Callable[[], bytes]) -> None:
    for page in reader_for(pdf()).pages:
        fonts = page["/Resources"]["/Font"]
        base_fonts = {str(font.get_object()["/BaseFont"]) for font in fonts.values()}
        assert base_fonts
        assert all("BitstreamVera" in name for name in base_fonts), base_fonts
        for font in fonts.values():
            assert "/FontFile2" in font.get_object()["/FontDescriptor"]


@pytest.mark.parametrize(
    ("pdf", "title"),
    [
        (lambda: render_recommendation(make_recommendation()), "Innstilling om tilskudd 2027"),
        (lambda: render_allocation_table(make_allocation()), "Forhåndstildelte rammer 2027"),
        (lambda: render_year_report(make_year_report()), "Årsrapport 2027"),
    ],
)
def test_documents_carry_title_and_author_metadata(pdf: Callable[[], bytes], title: str) -> None:
    metadata = reader_for(pdf()).metadata

    assert metadata is not None
    assert metadata.title is not None
    assert metadata.title.startswith(title)
    assert metadata.author in {
        "Statsforvalteren i Trøndelag",
        "Samarbeidsforum for Kompetanseløftet i Trøndelag",
    }
