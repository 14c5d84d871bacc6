"""The letters: the vedtaksbrev (an enkeltvedtak on the grant, one letter to each party) and the
letters about an appeal (the dismissal, and the cover letter that forwards it to the appeal body).

Each letter's content is said once, as a list of ``Block``s (``decision_letter_blocks``,
``appeal_letter_blocks``); the PDF lays the blocks out with reportlab and the HTML version
(``reporting/templates/reporting/letter.html``) renders the same blocks. The text of a block is
reportlab paragraph markup, which is also valid HTML: data is escaped (``markup``), and only
``<b>``, ``<br/>`` and ``&nbsp;`` are added here.
"""

from __future__ import annotations

import dataclasses

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    Spacer,
    Table,
)

from reporting.pdf.base import (
    BANNER_BG,
    CONTENT_WIDTH,
    FONT,
    MARK,
    PageSetup,
    address_block,
    build_pdf,
    date_nb,
    info_table,
    kr,
    markup,
    styles,
    table_style,
)
from reporting.pdf.data import AppealLetterData, DecisionLetterData, Signatory
from reporting.pdf.texts import BOKMAL, texts

ELECTRONIC_APPROVAL = texts(BOKMAL)["electronic_approval"]


@dataclasses.dataclass(frozen=True)
class Block:
    """One piece of a letter's body. ``text`` and ``items`` are paragraph markup (escaped data);
    ``rows`` are plain label/value pairs; ``people`` sign."""

    kind: str  # title, heading, subheading, text, pairs, bullets, signatures, note, small, banner
    text: str = ""
    rows: tuple[tuple[str, str], ...] = ()
    items: tuple[str, ...] = ()
    people: tuple[Signatory, ...] = ()


def _texts(text: str) -> list[Block]:
    """Free text split on blank lines into paragraphs."""
    return [
        Block("text", markup(part))
        for part in text.replace("\r\n", "\n").split("\n\n")
        if part.strip()
    ]


def decision_letter_title(year: int, language: str = BOKMAL, *, refusal: bool = False) -> str:
    t = texts(language)
    return t["refusal_title" if refusal else "letter_title"].format(
        scheme=t["scheme_name"], year=year
    )


def letter_file_stem(document_number: str) -> str:
    """A letter's file name is its document number: ``2027/00042-3`` → ``2027-00042-3``."""
    return document_number.replace("/", "-")


# --- what the letters say --------------------------------------------------------------------


def recipient_lines(letter: DecisionLetterData | AppealLetterData) -> list[str]:
    """The address block: the party's name, organisation number and postal address."""
    t = texts(letter.language)
    party = letter.recipient
    if party is None:
        return [letter.network, *getattr(letter, "network_address_lines", ())]
    lines = [party.name]
    if party.org_number:
        lines.append(t["org_number"].format(number=party.org_number))
    return [*lines, *party.address_lines]


def reference_pairs(letter: DecisionLetterData | AppealLetterData) -> list[tuple[str, str]]:
    """The references beside the address: date, case and document numbers, who handles it."""
    t = texts(letter.language)
    pairs: list[tuple[str, str]] = [
        (t["our_date"], date_nb(letter.document_date)),
        (t["our_reference"], letter.reference),
    ]
    if letter.document_number:
        pairs.append((t["our_document"], letter.document_number))
    their = getattr(letter, "their_reference", "")
    if their:
        pairs.append((t["their_reference"], their))
    officer = letter.case_officer
    pairs.append((t["case_officer"], officer.name))
    if officer.phone:
        pairs.append((t["phone"], officer.phone))
    if officer.email:
        pairs.append((t["email"], officer.email))
    if isinstance(letter, DecisionLetterData):
        pairs.append((t["uh_partner"], letter.uh_partner))
    return pairs


def _amount_blocks(letter: DecisionLetterData) -> list[Block]:
    t = texts(letter.language)
    rows: list[tuple[str, str]] = [
        (t["frame"], kr(letter.frame)),
        (t["recommendation_from_forum"], kr(letter.recommended_amount)),
        (t["granted"], kr(letter.amount_granted)),
    ]
    if letter.uh_share is not None and letter.network_share is not None:
        rows += [
            (t["paid_to"].format(name=letter.uh_partner), kr(letter.uh_share)),
            (t["paid_to"].format(name=letter.network), kr(letter.network_share)),
        ]
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
        blocks += _texts(letter.change_reason)
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
        blocks += _texts(letter.change_reason)

    if letter.conditions:
        blocks.append(Block("heading", markup(t["conditions"])))
        blocks.append(Block("bullets", items=tuple(markup(c) for c in letter.conditions)))

    blocks.append(Block("heading", markup(t["reasons"])))
    blocks += _fact_blocks(letter)
    blocks += _assessment_blocks(letter)
    if letter.facts != type(letter.facts)() or letter.assessments:
        blocks.append(Block("subheading", markup(t["conclusion"])))
    blocks += _texts(letter.reasons)
    if letter.departs_from_recommendation:
        blocks.append(Block("subheading", markup(t["departure_reason"])))
        blocks += _texts(letter.departure_reason)

    blocks.append(Block("heading", markup(t["legal_basis"])))
    blocks += _texts(letter.legal_basis)
    blocks += _texts(letter.budget_basis)

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
        blocks += _texts(letter.report_instructions)

    blocks.append(Block("heading", markup(t["appeal"])))
    blocks.append(
        Block(
            "text",
            t["appeal_sentence"].format(
                basis=markup(letter.appeal_legal_basis),
                body=markup(letter.appeal_body),
                weeks=letter.appeal_weeks,
                send_to=markup(letter.appeal_send_to),
            ),
        )
    )
    blocks += _texts(letter.appeal_instructions)

    if letter.access_text:
        blocks.append(Block("heading", markup(t["access"])))
        blocks += _texts(letter.access_text)

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
        blocks += _texts(letter.reasons)
        blocks.append(Block("heading", markup(t["appeal"])))
        blocks.append(
            Block(
                "text",
                t["dismissal_appeal"].format(
                    basis=markup(letter.appeal_legal_basis),
                    body=markup(letter.appeal_body),
                    weeks=letter.appeal_weeks,
                    send_to=markup(letter.issuer.name),
                ),
            )
        )
    else:
        blocks.append(Block("text", t["forwarding_sentence"].format(**params)))
        blocks.append(Block("heading", markup(t["our_assessment"])))
        blocks += _texts(letter.reasons)
    if letter.access_text:
        blocks.append(Block("heading", markup(t["access"])))
        blocks += _texts(letter.access_text)
    blocks += _closing(letter.language, (letter.case_officer,), letter.copy_to)
    return blocks


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
    return _render(
        letter,
        decision_letter_blocks(letter),
        title=f"{title} – {letter.recipient.name}" if letter.recipient else title,
        header_left=title,
        marking=marking,
    )


def render_appeal_letter(letter: AppealLetterData) -> bytes:
    """Render the dismissal or the cover letter. Same data in, same bytes out."""
    title = appeal_letter_title(letter)
    return _render(letter, appeal_letter_blocks(letter), title=title, header_left=title)


def _render(
    letter: DecisionLetterData | AppealLetterData,
    blocks: list[Block],
    *,
    title: str,
    header_left: str,
    marking: str = "",
) -> bytes:
    t = texts(letter.language)
    reference = letter.document_number or letter.reference
    setup = PageSetup(
        issuer=letter.issuer.name,
        document_date=letter.document_date,
        title=title,
        author=letter.issuer.name,
        header_left=header_left,
        header_right=t["our_ref"].format(reference=reference),
        marking=marking,
        header_on_first_page=False,
        subject=t["scheme_name"],
        language=letter.language,
    )
    story: list[Flowable] = [*_letterhead(letter)]
    story += [Spacer(1, 6 * mm), _address_block(letter), Spacer(1, 8 * mm)]
    story += _flowables(blocks)
    return build_pdf(story, setup)


def _flowables(blocks: list[Block]) -> list[Flowable]:
    st = styles()
    story: list[Flowable] = []
    closing: list[Flowable] = []
    for block in blocks:
        target = closing if closing or block.kind == "signatures" else story
        if block.kind == "title":
            story.append(Paragraph(block.text, st.title))
        elif block.kind == "heading":
            story.append(Paragraph(block.text, st.heading))
        elif block.kind == "subheading":
            story.append(Paragraph(block.text, st.subheading))
        elif block.kind == "banner":
            story.append(_banner(block.text))
        elif block.kind == "pairs":
            story += [
                Spacer(1, 2 * mm),
                info_table(block.rows, label_width=95 * mm, value_width=35 * mm, align_right=True),
                Spacer(1, 3 * mm),
            ]
        elif block.kind == "bullets":
            story.append(
                ListFlowable(
                    [ListItem(Paragraph(item, st.body), leftIndent=14) for item in block.items],
                    bulletType="bullet",
                    start="•",
                    leftIndent=14,
                    bulletFontName=FONT,
                    bulletFontSize=9,
                )
            )
        elif block.kind == "signatures":
            target.append(_signatures(block.people))
        elif block.kind == "note":
            target += [Spacer(1, 1 * mm), Paragraph(block.text, st.note)]
        elif block.kind == "small":
            target += [Spacer(1, 4 * mm), Paragraph(block.text, st.small)]
        else:
            target.append(Paragraph(block.text, st.body))
    if closing:
        # "Med hilsen" stays with the names and the note below them, and with the paragraph
        # before it, so that the signatures never stand alone on a page.
        kept: list[Flowable] = []
        while story and isinstance(story[-1], Paragraph) and len(kept) < 2:
            kept.insert(0, story.pop())
        # ... and a heading that paragraph belongs to.
        headings = ("heading", "subheading")
        if story and isinstance(story[-1], Paragraph) and story[-1].style.name in headings:
            kept.insert(0, story.pop())
        regards = kept.pop() if kept else None
        story.append(
            KeepTogether([*kept, Spacer(1, 3 * mm), *([regards] if regards else []), *closing])
        )
    return story


def _letterhead(letter: DecisionLetterData | AppealLetterData) -> list[Flowable]:
    st = styles()
    lines: list[Flowable] = [Paragraph(markup(letter.issuer.name), st.letterhead)]
    if letter.issuer.unit:
        lines.append(Paragraph(markup(letter.issuer.unit), st.letterhead_unit))
    if letter.issuer.address_lines:
        lines.append(Paragraph(markup(" · ".join(letter.issuer.address_lines)), st.small))
    return lines


def _banner(text: str) -> Flowable:
    st = styles()
    banner = Table([[Paragraph(text, st.banner)]], colWidths=[CONTENT_WIDTH])
    banner.setStyle(
        table_style(
            [
                ("BACKGROUND", (0, 0), (-1, -1), BANNER_BG),
                ("BOX", (0, 0), (-1, -1), 0.8, MARK),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return KeepTogether([banner, Spacer(1, 4 * mm)])


def _address_block(letter: DecisionLetterData | AppealLetterData) -> Table:
    return address_block(recipient_lines(letter), reference_pairs(letter))


def _signature(person: Signatory) -> Paragraph:
    st = styles()
    return Paragraph(f"{markup(person.name)}<br/>{markup(person.title)}", st.body)


def _signatures(people: tuple[Signatory, ...]) -> Flowable:
    width = CONTENT_WIDTH / 2
    names = Table(
        [[_signature(p) for p in people]],
        colWidths=[width] * len(people),
        hAlign="LEFT",
    )
    names.setStyle(
        table_style([("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    )
    return KeepTogether([Spacer(1, 2 * mm), names])
