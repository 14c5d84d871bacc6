"""The letters: the vedtaksbrev (an enkeltvedtak on the grant, one letter to each party) and the
letters about an appeal (the dismissal, and the cover letter that forwards it to the appeal body).

Each letter's content is said once, as a list of ``Block``s (``decision_letter_blocks``,
``appeal_letter_blocks``); the PDF lays the blocks out with reportlab and the HTML version
(``reporting/templates/reporting/letter.html``) renders the same blocks. The text of a block is
reportlab paragraph markup, which is also valid HTML: data is escaped (``markup``), and only
``<b>``, ``<br/>`` and ``&nbsp;`` are added here.
"""

from __future__ import annotations

from reporting.pdf.base import (
    date_nb,
    kr,
    markup,
)
from reporting.pdf.data import AppealLetterData, DecisionLetterData, Signatory
from reporting.pdf.layout import Block, paragraph_blocks, render_letter
from reporting.pdf.texts import BOKMAL, texts

ELECTRONIC_APPROVAL = texts(BOKMAL)["electronic_approval"]


def decision_letter_title(year: int, language: str = BOKMAL, *, refusal: bool = False) -> str:
    t = texts(language)
    return t["refusal_title" if refusal else "letter_title"].format(
        scheme=t["scheme_name"], year=year
    )


def letter_file_stem(document_number: str) -> str:
    """A letter's file name is its document number: ``2027/00042-3`` → ``2027-00042-3``."""
    return document_number.replace("/", "-")


# --- what the letters say --------------------------------------------------------------------


def _amount_blocks(letter: DecisionLetterData) -> list[Block]:
    t = texts(letter.language)
    rows: list[tuple[str, str]] = [
        (t["frame"], kr(letter.frame)),
        (t["recommendation_from_forum"], kr(letter.recommended_amount)),
        (t["granted"], kr(letter.amount_granted)),
    ]
    rows += [(t["paid_to"].format(name=name), kr(amount)) for name, amount in letter.payees]
    if letter.amount_granted == letter.frame:
        frame_text = t["equals_frame"]
    else:
        direction = t["lower"] if letter.amount_granted < letter.frame else t["higher"]
        frame_text = t["differs_from_frame"].format(
            difference=kr(abs(letter.frame - letter.amount_granted)),
            direction=direction,
            frame=kr(letter.frame),
        )
    if letter.departs_from_recommendation:
        lower = letter.amount_granted < letter.recommended_amount
        recommendation_text = t["departs"].format(
            recommended=kr(letter.recommended_amount),
            difference=kr(abs(letter.recommended_amount - letter.amount_granted)),
            direction=t["lower"] if lower else t["higher"],
        )
    else:
        recommendation_text = t["follows"]
    return [
        Block("pairs", rows=tuple(rows)),
        Block("text", f"{markup(frame_text)} {markup(recommendation_text)}"),
    ]


def _fact_blocks(letter: DecisionLetterData) -> list[Block]:
    t = texts(letter.language)
    f = letter.facts
    sentences = []
    if f.basis_date:
        sentences.append(t["facts_basis"].format(date=date_nb(f.basis_date)))
    if f.applied_amount is not None:
        sentences.append(t["facts_applied"].format(amount=kr(f.applied_amount)))
    if f.recommendation_date:
        sentences.append(
            t["facts_recommendation"].format(
                date=date_nb(f.recommendation_date), amount=kr(letter.recommended_amount)
            )
        )
    if f.frame_base is not None and f.frame_pro_rata is not None:
        counted = t["counted_on"].format(date=date_nb(f.counted_on)) if f.counted_on else ""
        sentences.append(
            t["facts_frame"].format(
                frame=kr(letter.frame),
                base=kr(f.frame_base),
                pro_rata=kr(f.frame_pro_rata),
                pupils=f"{f.pupils or 0:,}".replace(",", "\u00a0"),
                children=f"{f.children or 0:,}".replace(",", "\u00a0"),
                counted=counted,
            )
        )
    if not sentences:
        return []
    return [Block("subheading", markup(t["facts"])), Block("text", markup(" ".join(sentences)))]


def _assessment_blocks(letter: DecisionLetterData) -> list[Block]:
    if not letter.assessments:
        return []
    t = texts(letter.language)
    items = tuple(
        f"<b>{markup(a.criterion)}: {markup(t['met'] if a.met else t['not_met'])}.</b> "
        f"{markup(a.text)}"
        for a in letter.assessments
    )
    return [
        Block("subheading", markup(t["assessment"])),
        Block("text", markup(t["assessment_intro"])),
        Block("bullets", items=items),
    ]


def _signatories(letter: DecisionLetterData) -> tuple[Signatory, ...]:
    """Who approved the vedtak, and who prepared it (the case officer when not named)."""
    prepared = letter.prepared_by or letter.case_officer
    return (letter.approved_by, prepared) if letter.approved_by else (prepared,)


def decision_letter_blocks(letter: DecisionLetterData) -> list[Block]:
    """The vedtaksbrev's body: the decision, the reasons (facts, assessment, conclusion), the
    legal basis, reporting, the right of appeal and of access, and the two signatories."""
    t = texts(letter.language)
    blocks: list[Block] = []
    if letter.preview:
        blocks.append(Block("banner", markup(t["preview_mark"])))
    title = decision_letter_title(letter.year, letter.language, refusal=letter.refusal)
    blocks.append(Block("title", markup(title)))
    blocks.append(Block("heading", markup(t["decision"])))
    if letter.refusal:
        sentence = t["refusal_sentence"].format(
            issuer=markup(letter.issuer.name),
            network=markup(letter.network),
            year=letter.year,
            scheme=markup(t["scheme_name"]),
        )
    else:
        sentence = t["grant_sentence"].format(
            issuer=markup(letter.issuer.name),
            network=markup(letter.network),
            amount=kr(letter.amount_granted),
            year=letter.year,
            scheme=markup(t["scheme_name"]),
            uh=markup(letter.uh_partner),
        )
    blocks.append(Block("text", sentence))
    if letter.recipient is not None and not letter.refusal:
        key = "to_university" if letter.recipient.role == "university" else "to_owner"
        blocks.append(
            Block(
                "text",
                t[key].format(party=markup(letter.recipient.name), network=markup(letter.network)),
            )
        )
    if not letter.refusal:
        blocks += _amount_blocks(letter)

    if letter.supplement:
        blocks.append(Block("heading", markup(t["supplement"])))
        blocks.append(
            Block(
                "text",
                t["supplement_sentence"].format(
                    issuer=markup(letter.issuer.name),
                    network=markup(letter.network),
                    supplement=kr(letter.supplement),
                    year=letter.year,
                    total=kr(letter.amount_granted),
                    date=date_nb(letter.replaces_date) if letter.replaces_date else "",
                    reference=markup(letter.replaces_reference),
                ),
            )
        )
        blocks += paragraph_blocks(letter.change_reason)
    elif letter.replaces_reference:
        blocks.append(Block("heading", markup(t["replaces"])))
        blocks.append(
            Block(
                "text",
                markup(
                    t["replaces_sentence"].format(
                        date=date_nb(letter.replaces_date) if letter.replaces_date else "",
                        reference=letter.replaces_reference,
                    )
                ),
            )
        )
        blocks += paragraph_blocks(letter.change_reason)

    if letter.conditions:
        blocks.append(Block("heading", markup(t["conditions"])))
        blocks.append(Block("bullets", items=tuple(markup(c) for c in letter.conditions)))

    blocks.append(Block("heading", markup(t["reasons"])))
    blocks += _fact_blocks(letter)
    blocks += _assessment_blocks(letter)
    if letter.facts != type(letter.facts)() or letter.assessments:
        blocks.append(Block("subheading", markup(t["conclusion"])))
    blocks += paragraph_blocks(letter.reasons)
    if letter.departs_from_recommendation:
        blocks.append(Block("subheading", markup(t["departure_reason"])))
        blocks += paragraph_blocks(letter.departure_reason)

    blocks.append(Block("heading", markup(t["legal_basis"])))
    blocks += paragraph_blocks(letter.legal_basis)
    blocks += paragraph_blocks(letter.budget_basis)

    if not letter.refusal:  # a refusal grants nothing to report on
        blocks.append(Block("heading", markup(t["reporting"])))
        blocks.append(
            Block(
                "text",
                t["report_sentence"].format(
                    issuer=markup(letter.issuer.name), date=date_nb(letter.report_deadline)
                ),
            )
        )
        blocks += paragraph_blocks(letter.report_instructions)

    blocks += _appeal_right(letter, "appeal_sentence", send_to=letter.appeal_send_to)
    blocks += paragraph_blocks(letter.appeal_instructions)

    blocks += _access(letter)
    blocks += _closing(letter.language, _signatories(letter), letter.copy_to)
    return blocks


def appeal_letter_title(letter: AppealLetterData) -> str:
    t = texts(letter.language)
    key = "dismissal_title" if letter.kind == "avvisning" else "forwarding_title"
    return t[key].format(year=letter.year, network=letter.network)


def appeal_letter_blocks(letter: AppealLetterData) -> list[Block]:
    """The dismissal (its reasons and its own right of appeal) or the cover letter (the
    assessment sent with the case to the appeal body, copied to the party)."""
    t = texts(letter.language)
    params = {
        "appellant": markup(letter.appellant),
        "received": date_nb(letter.appeal_received),
        "date": date_nb(letter.decision_date) if letter.decision_date else "",
        "reference": markup(letter.decision_reference),
        "body": markup(letter.appeal_body),
    }
    blocks = [Block("title", markup(appeal_letter_title(letter)))]
    if letter.kind == "avvisning":
        blocks.append(Block("text", t["dismissal_sentence"].format(**params)))
        blocks.append(Block("heading", markup(t["reasons"])))
        blocks += paragraph_blocks(letter.reasons)
        blocks += _appeal_right(letter, "dismissal_appeal", send_to=letter.issuer.name)
    else:
        blocks.append(Block("text", t["forwarding_sentence"].format(**params)))
        blocks.append(Block("heading", markup(t["our_assessment"])))
        blocks += paragraph_blocks(letter.reasons)
    blocks += _access(letter)
    blocks += _closing(letter.language, (letter.case_officer,), letter.copy_to)
    return blocks


def _appeal_right(
    letter: DecisionLetterData | AppealLetterData, sentence: str, *, send_to: str
) -> list[Block]:
    """The right of appeal: the heading, and the sentence ``sentence`` with the legal basis, the
    appeal body, the time limit and where the appeal is sent."""
    t = texts(letter.language)
    return [
        Block("heading", markup(t["appeal"])),
        Block(
            "text",
            t[sentence].format(
                basis=markup(letter.appeal_legal_basis),
                body=markup(letter.appeal_body),
                weeks=letter.appeal_weeks,
                send_to=markup(send_to),
            ),
        ),
    ]


def _access(letter: DecisionLetterData | AppealLetterData) -> list[Block]:
    """The right to see the case's documents, when the letter says it."""
    if not letter.access_text:
        return []
    heading = Block("heading", markup(texts(letter.language)["access"]))
    return [heading, *paragraph_blocks(letter.access_text)]


def _closing(language: str, people: tuple[Signatory, ...], copy_to: str | None) -> list[Block]:
    t = texts(language)
    blocks = [
        Block("text", markup(t["regards"])),
        Block("signatures", people=people),
        Block("note", markup(t["electronic_approval"])),
    ]
    if copy_to:
        blocks.append(Block("small", markup(t["copy_to_footer"].format(name=copy_to))))
    return blocks


# --- the PDF ---------------------------------------------------------------------------------


def render_decision_letter(letter: DecisionLetterData) -> bytes:
    """Render the vedtaksbrev. Same data in, same bytes out."""
    t = texts(letter.language)
    title = t["refusal_pdf_title" if letter.refusal else "letter_pdf_title"].format(
        year=letter.year, network=letter.network
    )
    marking = t["preview_mark"] if letter.preview else ""
    if letter.copy_to:
        marking = t["copy_to"].format(name=letter.copy_to)
    return render_letter(
        letter,
        decision_letter_blocks(letter),
        title=f"{title} – {letter.recipient.name}" if letter.recipient else title,
        header_left=title,
        marking=marking,
    )


def render_appeal_letter(letter: AppealLetterData) -> bytes:
    """Render the dismissal or the cover letter. Same data in, same bytes out."""
    title = appeal_letter_title(letter)
    return render_letter(letter, appeal_letter_blocks(letter), title=title, header_left=title)
