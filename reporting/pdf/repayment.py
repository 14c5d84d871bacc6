"""The repayment claim (krav om tilbakebetaling): an enkeltvedtak to the network's host owner for
the part of a grant the report showed was not used, with the amount, the due date, the account
and reference to pay to, the reasons, the legal basis and the right to appeal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from reporting.pdf.base import (
    build_pdf,
    date_nb,
    info_table,
    kr,
    markup,
    para,
    paragraphs,
    styles,
)
from reporting.pdf.data import LetterData, _require_amount
from reporting.pdf.layout import (
    address_block,
    amounts_table,
    letter_pages,
    letterhead,
    reference_pairs,
    signature,
)
from reporting.pdf.texts import BOKMAL, NYNORSK, texts

#: The claim's own texts, over the documents' shared ones (``texts``): the headings it has in
#: common with the decision letter (decision, legal basis, appeal) are said there.
TEXTS: dict[str, dict[str, str]] = {
    BOKMAL: {
        "title": "Krav om tilbakebetaling av tilskudd for {year}",
        "pdf_title": "Krav om tilbakebetaling {year} – {network}",
        "claim_sentence": (
            "{issuer} krever at {party} betaler tilbake <b>{amount}</b> av tilskuddet til "
            "{network} for {year} fra {scheme}."
        ),
        "granted": "Innvilget tilskudd",
        "used": "Brukt ifølge godkjent rapport",
        "unused": "Ubrukte midler som kreves tilbake",
        "payment": "Slik betaler dere",
        "account": "Kontonummer",
        "reference": "Merk betalingen med",
        "due": "Betalingsfrist",
        "decision_reference": "Vedtaket om tilskudd",
        "appeal_sentence": (
            "Kravet er et enkeltvedtak, og dere har rett til å klage på det, jf. {basis}. "
            "Klageinstans er {body}. Klagefristen er <b>{weeks}&nbsp;uker</b> fra det "
            "tidspunktet brevet er kommet fram til dere. Klagen skal sendes til {send_to}. "
            "En klage gir ikke i seg selv utsatt betalingsfrist."
        ),
    },
    NYNORSK: {
        "title": "Krav om tilbakebetaling av tilskot for {year}",
        "pdf_title": "Krav om tilbakebetaling {year} – {network}",
        "claim_sentence": (
            "{issuer} krev at {party} betaler tilbake <b>{amount}</b> av tilskotet til "
            "{network} for {year} frå {scheme}."
        ),
        "granted": "Innvilga tilskot",
        "used": "Brukt ifølgje godkjend rapport",
        "unused": "Midlar som ikkje er brukte og blir kravde tilbake",
        "payment": "Slik betaler de",
        "account": "Kontonummer",
        "reference": "Merk betalinga med",
        "due": "Betalingsfrist",
        "decision_reference": "Vedtaket om tilskot",
        "appeal_sentence": (
            "Kravet er eit enkeltvedtak, og de har rett til å klage på det, jf. {basis}. "
            "Klageinstans er {body}. Klagefristen er <b>{weeks}&nbsp;veker</b> frå det "
            "tidspunktet brevet er kome fram til dykk. Klaga skal sendast til {send_to}. "
            "Ei klage gir ikkje i seg sjølv utsett betalingsfrist."
        ),
    },
}


@dataclass(frozen=True)
class RepaymentLetterData(LetterData):
    """One repayment claim to the network's host owner."""

    party: str
    party_address_lines: tuple[str, ...]
    party_org_number: str
    granted: int
    used: int
    amount: int
    due_on: dt.date
    account_number: str
    payment_reference: str
    decision_reference: str
    reasons: str
    legal_basis: str
    appeal_legal_basis: str
    appeal_body: str
    appeal_send_to: str
    appeal_instructions: str
    appeal_weeks: int = 3
    access_text: str = ""

    def __post_init__(self) -> None:
        super().__post_init__()
        for name in ("granted", "used", "amount"):
            _require_amount(name, getattr(self, name))
        if self.granted - self.used != self.amount:
            raise ValueError("the claim is what was granted and not used")


def repayment_letter_title(year: int, language: str = BOKMAL) -> str:
    return TEXTS[language]["title"].format(year=year)


def render_repayment_letter(letter: RepaymentLetterData) -> bytes:
    """Render the claim. Same data in, same bytes out."""
    t = {**texts(letter.language), **TEXTS[letter.language]}
    title = t["pdf_title"].format(year=letter.year, network=letter.network)
    setup = letter_pages(letter, title=title, header_left=title, reference=letter.reference)
    return build_pdf(_story(letter, t), setup)


def _story(letter: RepaymentLetterData, t: dict[str, str]) -> list[Flowable]:
    st = styles()
    story = letterhead(letter.issuer)
    story += [Spacer(1, 6 * mm), _address_block(letter, t), Spacer(1, 8 * mm)]
    story.append(para(repayment_letter_title(letter.year, letter.language), st.title))
    story.append(para(t["decision"], st.heading))
    story.append(
        Paragraph(
            t["claim_sentence"].format(
                issuer=markup(letter.issuer.name),
                party=markup(letter.party),
                amount=kr(letter.amount),
                network=markup(letter.network),
                year=letter.year,
                scheme=markup(t["scheme_name"]),
            ),
            st.body,
        )
    )
    story += [
        Spacer(1, 2 * mm),
        amounts_table(
            [
                (t["granted"], kr(letter.granted)),
                (t["used"], kr(letter.used)),
                (t["unused"], kr(letter.amount)),
            ]
        ),
    ]
    story.append(para(t["payment"], st.heading))
    story.append(
        info_table(
            [
                (t["account"], letter.account_number),
                (t["reference"], letter.payment_reference),
                (t["due"], date_nb(letter.due_on)),
                (t["decision_reference"], letter.decision_reference),
            ]
        )
    )
    story.append(para(t["reasons"], st.heading))
    story += paragraphs(letter.reasons, st.body)
    story.append(para(t["legal_basis"], st.heading))
    story += paragraphs(letter.legal_basis, st.body)
    story.append(para(t["appeal"], st.heading))
    story.append(
        Paragraph(
            t["appeal_sentence"].format(
                basis=markup(letter.appeal_legal_basis),
                body=markup(letter.appeal_body),
                weeks=letter.appeal_weeks,
                send_to=markup(letter.appeal_send_to),
            ),
            st.body,
        )
    )
    story += paragraphs(letter.appeal_instructions, st.body)
    story += paragraphs(letter.access_text, st.body)
    story.append(
        KeepTogether(
            [
                Spacer(1, 6 * mm),
                para(t["regards"], st.body),
                Spacer(1, 4 * mm),
                signature(letter.case_officer),
                Spacer(1, 3 * mm),
                para(t["electronic_approval"], st.note),
            ]
        )
    )
    return story


def _address_block(letter: RepaymentLetterData, t: dict[str, str]) -> Table:
    recipient_lines = [letter.party, *letter.party_address_lines]
    if letter.party_org_number:
        recipient_lines.append(t["org_number"].format(number=letter.party_org_number))
    pairs = reference_pairs(letter)
    return address_block(recipient_lines, pairs)
