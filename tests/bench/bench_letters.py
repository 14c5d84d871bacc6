"""Time rendering 100 decision letters.

Run from the repository root: ``python -m tests.bench.bench_letters``. Not a test: pytest does
not collect it (the file name does not start with ``test_``).
"""

from __future__ import annotations

import datetime as dt
import time

from reporting.pdf import DecisionLetterData, Issuer, Signatory, render_decision_letter

LETTERS = 100
NETWORKS = (
    "Trondheim",
    "Trøndelag sørvest",
    "Fosen",
    "Gauldal og Trøndelag sør",
    "Værnesregionen",
    "Innherred",
    "Inn-Trøndelag",
    "Midtre Namdal",
    "Indre Namdal",
    "Ytre Namdal",
    "Trøndelag fylkeskommune",
)


def letter(index: int) -> DecisionLetterData:
    amount = 500_000 + index * 12_345
    return DecisionLetterData(
        issuer=Issuer("Statsforvalteren i Trøndelag", unit="Oppvekst- og utdanningsavdelingen"),
        case_officer=Signatory("Åse Bjørnstad", "seniorrådgiver", phone="73 19 90 00"),
        approved_by=Signatory("Ørjan Lægreid", "seksjonsleder"),
        document_date=dt.date(2027, 3, 15),
        reference=f"2027/{4700 + index}",
        year=2027,
        network=NETWORKS[index % len(NETWORKS)],
        network_address_lines=("Postboks 1", "7000 Trondheim"),
        uh_partner="NTNU" if index % 2 else "Nord universitet",
        amount_granted=amount,
        frame=amount + 10_000,
        recommended_amount=amount,
        uh_share=amount // 3,
        conditions=(
            "Tilskuddet skal brukes i tråd med beslutningsgrunnlaget.",
            "Midler som ikke er brukt, skal betales tilbake.",
        ),
        reasons="Beslutningsgrunnlaget oppfyller de fire kriteriene for ordningen.",
        legal_basis="Retningslinjer FOR-2021-01-26-230.",
        appeal_legal_basis="forvaltningsloven §§ 28 og 29",
        report_deadline=dt.date(2027, 6, 30),
        appeal_body="Utdanningsdirektoratet",
        appeal_send_to="Statsforvalteren i Trøndelag",
        appeal_instructions="Klagen må være skriftlig og begrunnet.",
    )


def main() -> None:
    letters = [letter(i) for i in range(LETTERS)]
    start = time.perf_counter()
    render_decision_letter(letters[0])  # first use registers the fonts
    print(f"first letter (registers fonts): {(time.perf_counter() - start) * 1000:.1f} ms")
    start = time.perf_counter()
    total_bytes = sum(len(render_decision_letter(item)) for item in letters)
    elapsed = time.perf_counter() - start
    print(
        f"{LETTERS} decision letters: {elapsed:.2f} s total, {elapsed / LETTERS * 1000:.1f} ms each"
    )
    print(f"average size: {total_bytes // LETTERS} bytes")


if __name__ == "__main__":
    main()
