"""The decision letter (vedtaksbrev): an enkeltvedtak on the grant to one competence network."""

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
    build_pdf,
    date_nb,
    heading_before_long_content,
    info_table,
    kr,
    markup,
    para,
    paragraphs,
    styles,
    table_style,
)
from reporting.pdf.data import DecisionLetterData, Signatory
from reporting.pdf.texts import BOKMAL, texts

ELECTRONIC_APPROVAL = texts(BOKMAL)["electronic_approval"]


def decision_letter_title(year: int, language: str = BOKMAL, *, refusal: bool = False) -> str:
    t = texts(language)
    return t["refusal_title" if refusal else "letter_title"].format(
        scheme=t["scheme_name"], year=year
    )


def decision_letter_copy(letter: DecisionLetterData) -> DecisionLetterData:
    """The same decision, marked as the copy that goes to the network's UH partner."""
    return dataclasses.replace(letter, copy_to=letter.uh_partner)


def render_decision_letter(letter: DecisionLetterData) -> bytes:
    """Render the vedtaksbrev. Same data in, same bytes out."""
    t = texts(letter.language)
    marking = t["copy_to"].format(name=letter.copy_to) if letter.copy_to else ""
    title = t["refusal_pdf_title" if letter.refusal else "letter_pdf_title"].format(
        year=letter.year, network=letter.network
    )
    setup = PageSetup(
        issuer=letter.issuer.name,
        document_date=letter.document_date,
        title=f"{title} ({marking[:1].lower()}{marking[1:]})" if marking else title,
        author=letter.issuer.name,
        header_left=title,
        header_right=t["our_ref"].format(reference=letter.reference),
        marking=marking,
        header_on_first_page=False,
        subject=t["scheme_name"],
        language=letter.language,
    )
    return build_pdf(_story(letter), setup)


def _story(letter: DecisionLetterData) -> list[Flowable]:
    st = styles()
    t = texts(letter.language)
    story: list[Flowable] = [*_letterhead(letter)]
    if letter.copy_to:
        story.append(_copy_banner(letter))
    story += [Spacer(1, 6 * mm), _address_block(letter), Spacer(1, 8 * mm)]
    story.append(
        para(decision_letter_title(letter.year, letter.language, refusal=letter.refusal), st.title)
    )

    story.append(para(t["decision"], st.heading))
    if letter.refusal:
        return story + _refusal_story(letter)
    story.append(
        Paragraph(
            t["grant_sentence"].format(
                issuer=markup(letter.issuer.name),
                network=markup(letter.network),
                amount=kr(letter.amount_granted),
                year=letter.year,
                scheme=markup(t["scheme_name"]),
                uh=markup(letter.uh_partner),
            ),
            st.body,
        )
    )
    story += _amounts(letter)

    if letter.supplement:
        story.append(para(t["supplement"], st.heading))
        story.append(
            Paragraph(
                t["supplement_sentence"].format(
                    issuer=markup(letter.issuer.name),
                    network=markup(letter.network),
                    supplement=kr(letter.supplement),
                    year=letter.year,
                    total=kr(letter.amount_granted),
                    date=date_nb(letter.replaces_date) if letter.replaces_date else "",
                    reference=letter.replaces_reference,
                ),
                st.body,
            )
        )
        story += paragraphs(letter.change_reason, st.body)
    else:
        story += _replaces(letter)

    if letter.conditions:
        story += heading_before_long_content(t["conditions"])
        story.append(
            ListFlowable(
                [ListItem(para(c, st.body), leftIndent=14) for c in letter.conditions],
                bulletType="bullet",
                start="•",
                leftIndent=14,
                bulletFontName=FONT,
                bulletFontSize=9,
            )
        )

    story.append(para(t["reasons"], st.heading))
    story += paragraphs(letter.reasons, st.body)

    story.append(para(t["legal_basis"], st.heading))
    story += paragraphs(letter.legal_basis, st.body)

    story.append(para(t["reporting"], st.heading))
    story.append(
        Paragraph(
            t["report_sentence"].format(
                issuer=markup(letter.issuer.name), date=date_nb(letter.report_deadline)
            ),
            st.body,
        )
    )
    story += paragraphs(letter.report_instructions, st.body)

    return story + _appeal_and_signature(letter)


def _refusal_story(letter: DecisionLetterData) -> list[Flowable]:
    """A refusal: the decision, its reasons and legal basis, the right to appeal."""
    st = styles()
    t = texts(letter.language)
    story: list[Flowable] = [
        Paragraph(
            t["refusal_sentence"].format(
                issuer=markup(letter.issuer.name),
                network=markup(letter.network),
                year=letter.year,
                scheme=markup(t["scheme_name"]),
            ),
            st.body,
        )
    ]
    story += _replaces(letter)
    story.append(para(t["reasons"], st.heading))
    story += paragraphs(letter.reasons, st.body)
    story.append(para(t["legal_basis"], st.heading))
    story += paragraphs(letter.legal_basis, st.body)
    return story + _appeal_and_signature(letter)


def _replaces(letter: DecisionLetterData) -> list[Flowable]:
    """A vedtak after an appeal: the one it replaces, and why."""
    if not letter.replaces_reference:
        return []
    st = styles()
    t = texts(letter.language)
    return [
        para(t["replaces"], st.heading),
        para(
            t["replaces_sentence"].format(
                date=date_nb(letter.replaces_date) if letter.replaces_date else "",
                reference=letter.replaces_reference,
            ),
            st.body,
        ),
        *paragraphs(letter.change_reason, st.body),
    ]


def _appeal_and_signature(letter: DecisionLetterData) -> list[Flowable]:
    st = styles()
    t = texts(letter.language)
    story: list[Flowable] = []
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

    story.append(_signature_block(letter))
    return story


def _letterhead(letter: DecisionLetterData) -> list[Flowable]:
    st = styles()
    lines: list[Flowable] = [para(letter.issuer.name, st.letterhead)]
    if letter.issuer.unit:
        lines.append(para(letter.issuer.unit, st.letterhead_unit))
    if letter.issuer.address_lines:
        lines.append(para(" · ".join(letter.issuer.address_lines), st.small))
    return lines


def _copy_banner(letter: DecisionLetterData) -> Flowable:
    st = styles()
    t = texts(letter.language)
    banner = Table(
        [
            [para(t["copy_to"].format(name=letter.copy_to), st.banner)],
            [para(t["addressed_to"].format(network=letter.network), st.small)],
        ],
        colWidths=[CONTENT_WIDTH],
    )
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
    return KeepTogether([Spacer(1, 4 * mm), banner])


def _address_block(letter: DecisionLetterData) -> Table:
    st = styles()
    recipient = "\n".join([letter.network, *letter.network_address_lines])
    officer = letter.case_officer
    t = texts(letter.language)
    reference_pairs: list[tuple[str, str]] = [
        (t["our_date"], date_nb(letter.document_date)),
        (t["our_reference"], letter.reference),
    ]
    if letter.their_reference:
        reference_pairs.append((t["their_reference"], letter.their_reference))
    reference_pairs.append((t["case_officer"], officer.name))
    if officer.phone:
        reference_pairs.append((t["phone"], officer.phone))
    if officer.email:
        reference_pairs.append((t["email"], officer.email))
    reference_pairs.append((t["uh_partner"], letter.uh_partner))

    right_width = 80 * mm
    references = Table(
        [[para(label, st.cell), para(value, st.cell)] for label, value in reference_pairs],
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
        [[para(recipient, st.body), references]],
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


def _amounts(letter: DecisionLetterData) -> list[Flowable]:
    st = styles()
    t = texts(letter.language)
    pairs: list[tuple[str, str]] = [
        (t["frame"], kr(letter.frame)),
        (t["recommendation_from_forum"], kr(letter.recommended_amount)),
        (t["granted"], kr(letter.amount_granted)),
    ]
    if letter.uh_share is not None and letter.network_share is not None:
        pairs += [
            (t["paid_to"].format(name=letter.uh_partner), kr(letter.uh_share)),
            (t["paid_to"].format(name=letter.network), kr(letter.network_share)),
        ]
    flowables: list[Flowable] = [
        Spacer(1, 2 * mm),
        info_table(pairs, label_width=95 * mm, value_width=35 * mm, align_right=True),
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
    flowables.append(Spacer(1, 3 * mm))
    flowables.append(Paragraph(f"{markup(frame_text)} {markup(recommendation_text)}", st.body))

    if letter.departs_from_recommendation:
        flowables.append(para(t["departure_reason"], st.subheading))
        flowables += paragraphs(letter.departure_reason, st.body)
    return flowables


def _signature(person: Signatory) -> Paragraph:
    st = styles()
    return Paragraph(f"{markup(person.name)}<br/>{markup(person.title)}", st.body)


def _signature_block(letter: DecisionLetterData) -> Flowable:
    st = styles()
    t = texts(letter.language)
    signers = (
        [letter.approved_by, letter.case_officer] if letter.approved_by else [letter.case_officer]
    )
    width = CONTENT_WIDTH / 2
    names = Table(
        [[_signature(p) for p in signers if p is not None]],
        colWidths=[width] * len(signers),
        hAlign="LEFT",
    )
    names.setStyle(
        table_style([("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    )
    block: list[Flowable] = [
        Spacer(1, 6 * mm),
        para(t["regards"], st.body),
        Spacer(1, 4 * mm),
        names,
        Spacer(1, 3 * mm),
        para(t["electronic_approval"], st.note),
    ]
    if letter.copy_to:
        block.append(Spacer(1, 4 * mm))
        block.append(para(t["copy_to_footer"].format(name=letter.copy_to), st.small))
    return KeepTogether(block)
