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
    SCHEME_NAME,
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

ELECTRONIC_APPROVAL = (
    "Dokumentet er elektronisk godkjent og har derfor ingen håndskrevne signaturer."
)


def decision_letter_title(year: int) -> str:
    return f"Vedtak om tilskudd – {SCHEME_NAME} {year}"


def decision_letter_copy(letter: DecisionLetterData) -> DecisionLetterData:
    """The same decision, marked as the copy that goes to the network's UH partner."""
    return dataclasses.replace(letter, copy_to=letter.uh_partner)


def render_decision_letter(letter: DecisionLetterData) -> bytes:
    """Render the vedtaksbrev. Same data in, same bytes out."""
    marking = f"Kopi til {letter.copy_to}" if letter.copy_to else ""
    title = f"Vedtak om tilskudd {letter.year} – {letter.network}"
    setup = PageSetup(
        issuer=letter.issuer.name,
        document_date=letter.document_date,
        title=f"{title} ({marking[:1].lower()}{marking[1:]})" if marking else title,
        author=letter.issuer.name,
        header_left=title,
        header_right=f"Vår ref. {letter.reference}",
        marking=marking,
        header_on_first_page=False,
    )
    return build_pdf(_story(letter), setup)


def _story(letter: DecisionLetterData) -> list[Flowable]:
    st = styles()
    story: list[Flowable] = [*_letterhead(letter)]
    if letter.copy_to:
        story.append(_copy_banner(letter))
    story += [Spacer(1, 6 * mm), _address_block(letter), Spacer(1, 8 * mm)]
    story.append(para(decision_letter_title(letter.year), st.title))

    story.append(para("Vedtak", st.heading))
    story.append(
        Paragraph(
            f"{markup(letter.issuer.name)} tildeler {markup(letter.network)} et tilskudd på "
            f"<b>{kr(letter.amount_granted)}</b> for {letter.year} fra tilskuddsordningen "
            f"{markup(SCHEME_NAME)}. Tilskuddet gjelder partnerskapet mellom "
            f"{markup(letter.network)} og {markup(letter.uh_partner)}.",
            st.body,
        )
    )
    story += _amounts(letter)

    if letter.conditions:
        story += heading_before_long_content("Vilkår for tilskuddet")
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

    story.append(para("Begrunnelse", st.heading))
    story += paragraphs(letter.reasons, st.body)

    story.append(para("Hjemmel", st.heading))
    story += paragraphs(letter.legal_basis, st.body)

    story.append(para("Rapportering", st.heading))
    story.append(
        Paragraph(
            "Partnerskapet skal rapportere om bruken av tilskuddet til "
            f"{markup(letter.issuer.name)} innen <b>{date_nb(letter.report_deadline)}</b>.",
            st.body,
        )
    )
    story += paragraphs(letter.report_instructions, st.body)

    story.append(para("Klageadgang", st.heading))
    story.append(
        Paragraph(
            f"Dere har rett til å klage på vedtaket, jf. {markup(letter.appeal_legal_basis)}. "
            f"Klageinstans er {markup(letter.appeal_body)}. Klagefristen er "
            f"<b>{letter.appeal_weeks}&nbsp;uker</b> fra det tidspunktet vedtaket er kommet fram "
            f"til dere. Klagen skal sendes til {markup(letter.appeal_send_to)}.",
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
    banner = Table(
        [
            [para(f"Kopi til {letter.copy_to}", st.banner)],
            [para(f"Vedtaket er rettet til {letter.network}.", st.small)],
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
    reference_pairs: list[tuple[str, str]] = [
        ("Vår dato:", date_nb(letter.document_date)),
        ("Vår referanse:", letter.reference),
    ]
    if letter.their_reference:
        reference_pairs.append(("Deres referanse:", letter.their_reference))
    reference_pairs.append(("Saksbehandler:", officer.name))
    if officer.phone:
        reference_pairs.append(("Telefon:", officer.phone))
    if officer.email:
        reference_pairs.append(("E-post:", officer.email))
    reference_pairs.append(("UH-partner:", letter.uh_partner))

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
    pairs: list[tuple[str, str]] = [
        ("Forhåndstildelt ramme", kr(letter.frame)),
        ("Innstilling fra samarbeidsforum", kr(letter.recommended_amount)),
        ("Tildelt tilskudd", kr(letter.amount_granted)),
    ]
    if letter.uh_share is not None and letter.network_share is not None:
        pairs += [
            (f"Herav utbetales til {letter.uh_partner}", kr(letter.uh_share)),
            (f"Herav utbetales til {letter.network}", kr(letter.network_share)),
        ]
    flowables: list[Flowable] = [
        Spacer(1, 2 * mm),
        info_table(pairs, label_width=95 * mm, value_width=35 * mm, align_right=True),
    ]

    if letter.amount_granted == letter.frame:
        frame_text = "Tilskuddet tilsvarer den forhåndstildelte rammen."
    else:
        direction = "lavere" if letter.amount_granted < letter.frame else "høyere"
        frame_text = (
            f"Tilskuddet er {kr(abs(letter.frame - letter.amount_granted))} {direction} enn den "
            f"forhåndstildelte rammen på {kr(letter.frame)}."
        )
    if letter.departs_from_recommendation:
        direction = "lavere" if letter.amount_granted < letter.recommended_amount else "høyere"
        recommendation_text = (
            "Tilskuddet avviker fra innstillingen fra samarbeidsforum, som var på "
            f"{kr(letter.recommended_amount)}. Tildelt beløp er "
            f"{kr(abs(letter.recommended_amount - letter.amount_granted))} {direction}."
        )
    else:
        recommendation_text = "Tilskuddet er i samsvar med innstillingen fra samarbeidsforum."
    flowables.append(Spacer(1, 3 * mm))
    flowables.append(Paragraph(f"{markup(frame_text)} {markup(recommendation_text)}", st.body))

    if letter.departs_from_recommendation:
        flowables.append(para("Begrunnelse for avvik fra innstillingen", st.subheading))
        flowables += paragraphs(letter.departure_reason, st.body)
    return flowables


def _signature(person: Signatory) -> Paragraph:
    st = styles()
    return Paragraph(f"{markup(person.name)}<br/>{markup(person.title)}", st.body)


def _signature_block(letter: DecisionLetterData) -> Flowable:
    st = styles()
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
        para("Med hilsen", st.body),
        Spacer(1, 4 * mm),
        names,
        Spacer(1, 3 * mm),
        para(ELECTRONIC_APPROVAL, st.note),
    ]
    if letter.copy_to:
        block.append(Spacer(1, 4 * mm))
        block.append(para(f"Kopi til: {letter.copy_to}", st.small))
    return KeepTogether(block)
