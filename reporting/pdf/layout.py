"""How a letter is laid out: its body as ``Block``s (the PDF and the HTML version render the
same blocks), the letterhead, the address block with the references, and the signatures."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

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
    build_pdf,
    date_nb,
    info_table,
    markup,
    para,
    styles,
    table_style,
)
from reporting.pdf.data import AppealLetterData, DecisionLetterData, Issuer, LetterData, Signatory
from reporting.pdf.texts import texts


@dataclasses.dataclass(frozen=True)
class Block:
    """One piece of a letter's body. ``text`` and ``items`` are paragraph markup (escaped data);
    ``rows`` are plain label/value pairs; ``people`` sign."""

    kind: str  # title, heading, subheading, text, pairs, bullets, signatures, note, small, banner
    text: str = ""
    rows: tuple[tuple[str, str], ...] = ()
    items: tuple[str, ...] = ()
    people: tuple[Signatory, ...] = ()


def paragraph_blocks(text: str) -> list[Block]:
    """Free text split on blank lines into paragraphs."""
    return [
        Block("text", markup(part))
        for part in text.replace("\r\n", "\n").split("\n\n")
        if part.strip()
    ]


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


def reference_pairs(letter: LetterData) -> list[tuple[str, str]]:
    """The references beside the address: date, case and document numbers, who handles it (the
    same in every letter: vedtak, appeal letters, repayment claims)."""
    t = texts(letter.language)
    pairs: list[tuple[str, str]] = [
        (t["our_date"], date_nb(letter.document_date)),
        (t["our_reference"], letter.reference),
    ]
    document_number = getattr(letter, "document_number", "")
    if document_number:
        pairs.append((t["our_document"], document_number))
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


def render_letter(
    letter: DecisionLetterData | AppealLetterData,
    blocks: list[Block],
    *,
    title: str,
    header_left: str,
    marking: str = "",
) -> bytes:
    setup = letter_pages(
        letter,
        title=title,
        header_left=header_left,
        reference=letter.document_number or letter.reference,
        marking=marking,
    )
    story = letterhead(letter.issuer)
    story += [Spacer(1, 6 * mm), _address_block(letter), Spacer(1, 8 * mm)]
    story += _flowables(blocks)
    return build_pdf(story, setup)


def letter_pages(
    letter: LetterData,
    *,
    title: str,
    header_left: str,
    reference: str,
    marking: str = "",
) -> PageSetup:
    """A letter's pages: the first under the letterhead, the others headed by ``header_left``
    and our reference."""
    t = texts(letter.language)
    return PageSetup(
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
            story += [Spacer(1, 2 * mm), amounts_table(block.rows), Spacer(1, 3 * mm)]
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


def letterhead(issuer: Issuer) -> list[Flowable]:
    """The issuer's name, unit and address at the top of a letter's first page."""
    st = styles()
    lines: list[Flowable] = [Paragraph(markup(issuer.name), st.letterhead)]
    if issuer.unit:
        lines.append(Paragraph(markup(issuer.unit), st.letterhead_unit))
    if issuer.address_lines:
        lines.append(Paragraph(markup(" · ".join(issuer.address_lines)), st.small))
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


def amounts_table(rows: Sequence[tuple[str, str]]) -> Table:
    """A letter's amounts: each label beside its sum in kroner, the sums lined up on the right."""
    return info_table(rows, label_width=95 * mm, value_width=35 * mm, align_right=True)


def signature(person: Signatory) -> Paragraph:
    """A person who signs: the name, and the title on the line below."""
    st = styles()
    return Paragraph(f"{markup(person.name)}<br/>{markup(person.title)}", st.body)


def _signatures(people: tuple[Signatory, ...]) -> Flowable:
    width = CONTENT_WIDTH / 2
    names = Table(
        [[signature(p) for p in people]],
        colWidths=[width] * len(people),
        hAlign="LEFT",
    )
    names.setStyle(
        table_style([("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    )
    return KeepTogether([Spacer(1, 2 * mm), names])


def address_block(recipient_lines: list[str], pairs: list[tuple[str, str]]) -> Table:
    """A letter's recipient (left) beside its references (right: date, our reference, case
    officer ...), as every letter starts."""
    st = styles()
    right_width = 80 * mm
    references = Table(
        [[para(label, st.cell), para(value, st.cell)] for label, value in pairs],
        colWidths=[27 * mm, right_width - 27 * mm],
    )
    references.setStyle(
        table_style(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    block = Table(
        [[para("\n".join(recipient_lines), st.body), references]],
        colWidths=[CONTENT_WIDTH - right_width, right_width],
    )
    block.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return block
