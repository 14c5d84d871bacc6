"""The year's other documents: the innstilling, the allocation table and the year report."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from config.formatting import format_kroner, format_number
from reporting.pdf.base import (
    ACCENT,
    CONTENT_HEIGHT,
    CONTENT_WIDTH,
    FONT,
    FONT_BOLD,
    PageSetup,
    build_pdf,
    data_table,
    date_nb,
    fit,
    heading_before_long_content,
    info_table,
    kr,
    markup,
    para,
    paragraphs,
    styles,
)
from reporting.pdf.data import (
    AllocationRow,
    AllocationTableData,
    RecommendationData,
    YearReportData,
)
from reporting.pdf.texts import texts

AMOUNT_COL = 30 * mm
COUNT_COL = 20 * mm

# A bar chart of more networks than this would not fit on one page with readable labels.
CHART_MAX_ROWS = 36


YearDocumentData = RecommendationData | AllocationTableData | YearReportData


def _title_block(data: YearDocumentData, title: str) -> list[Flowable]:
    """The issuer and the title that open each of the year's documents."""
    t = texts(data.language)
    st = styles()
    return [
        para(data.issuer.name, st.letterhead_unit),
        para(f"{title} – {t['scheme_name']}", st.title),
    ]


def _build(
    data: YearDocumentData, title: str, story: list[Flowable], *, header_left: str = ""
) -> bytes:
    """The PDF of one of the year's documents, its pages headed by the title and reference."""
    t = texts(data.language)
    reference = t["reference_short"].format(reference=data.reference) if data.reference else ""
    setup = PageSetup(
        issuer=data.issuer.name,
        document_date=data.document_date,
        title=f"{title} – {t['scheme_name']}",
        author=data.issuer.name,
        subject=t["scheme_name"],
        header_left=header_left or title,
        header_right=reference,
        language=data.language,
    )
    return build_pdf(story, setup)


# --- innstilling --------------------------------------------------------------------------------


def render_recommendation(data: RecommendationData) -> bytes:
    """Render samarbeidsforum's innstilling to Statsforvalteren for the year."""
    st = styles()
    t = texts(data.language)
    title = t["recommendation_title"].format(year=data.year)
    story = _title_block(data, title)
    meta: list[tuple[str, str]] = [
        (t["from"], data.issuer.name),
        (t["to"], data.recipient),
        (t["meeting_date"], date_nb(data.meeting_date)),
        (t["date"], date_nb(data.document_date)),
    ]
    if data.reference:
        meta.append((t["reference"], data.reference))
    if data.secretariat:
        meta.append((t["secretariat"], data.secretariat))
    story += [info_table(meta, label_width=30 * mm), Spacer(1, 4 * mm)]
    story += paragraphs(data.intro, st.body)

    story += heading_before_long_content(t["to_networks_heading"])
    rows: list[Sequence[str | Flowable]] = [
        [
            Paragraph(
                f"{markup(row.network)}<br/><font size='7' color='#4a5566'>"
                f"{markup(row.uh_partner)}</font>",
                st.cell,
            ),
            format_kroner(row.frame),
            format_kroner(row.recommended_amount),
            format_kroner(row.uh_share),
            format_kroner(row.network_share),
        ]
        for row in data.rows
    ]
    total_frame = sum(row.frame for row in data.rows)
    total_recommended = sum(row.recommended_amount for row in data.rows)
    total_uh = sum(row.uh_share for row in data.rows)
    total_network = sum(row.network_share for row in data.rows)
    name_width = CONTENT_WIDTH - 4 * AMOUNT_COL
    story.append(
        data_table(
            [t["network_and_uh"], t["frame_short"], t["recommended"], t["to_uh"], t["to_network"]],
            rows,
            col_widths=[name_width] + [AMOUNT_COL] * 4,
            numeric=(1, 2, 3, 4),
            totals=[
                t["sum_networks"],
                format_kroner(total_frame),
                format_kroner(total_recommended),
                format_kroner(total_uh),
                format_kroner(total_network),
            ],
        )
    )

    story += heading_before_long_content(t["joint_measures"])
    measure_rows: list[Sequence[str | Flowable]] = []
    for measure in data.joint_measures:
        text = markup(measure.name)
        if measure.description:
            text += f"<br/><font size='7' color='#4a5566'>{markup(measure.description)}</font>"
        measure_rows.append([Paragraph(text, st.cell), format_kroner(measure.amount)])
    total_joint = sum(measure.amount for measure in data.joint_measures)
    story.append(
        data_table(
            [t["joint_measures"], t["amount"]],
            measure_rows,
            col_widths=[CONTENT_WIDTH - AMOUNT_COL, AMOUNT_COL],
            numeric=(1,),
            totals=[t["sum_joint_measures"], format_kroner(total_joint)],
        )
    )

    story.append(para(t["overall_recommendation"], st.heading))
    story.append(
        info_table(
            [
                (t["to_the_networks"], kr(total_recommended)),
                (t["to_joint_measures"], kr(total_joint)),
                (t["overall_recommended"], kr(total_recommended + total_joint)),
            ],
            label_width=70 * mm,
            value_width=35 * mm,
            align_right=True,
        )
    )

    story.append(para(t["forum_handling"], st.heading))
    story += paragraphs(data.decision_note, st.body)

    return _build(
        data,
        title,
        story,
        header_left=t["to_recipient"].format(title=title, recipient=data.recipient),
    )


# --- allocation table ---------------------------------------------------------------------------


def render_allocation_table(data: AllocationTableData) -> bytes:
    """Render the pro-rata allocation of frames with its inputs and a bar chart of the frames."""
    st = styles()
    t = texts(data.language)
    title = t["allocation_title"].format(year=data.year)
    story = [
        *_title_block(data, title),
        para(t["allocation_basis"], st.heading),
    ]
    counts_date = date_nb(data.counts_date)
    if data.children_counts_date and data.children_counts_date != data.counts_date:
        counts_date = t["counts_dates"].format(
            pupils=date_nb(data.counts_date), children=date_nb(data.children_counts_date)
        )
    inputs: list[tuple[str, str]] = [
        (t["total_grant"], kr(data.total)),
        (t["set_aside_joint"], kr(data.joint_measures)),
        (t["distributable"], kr(data.distributable)),
        (t["base_grant"], kr(data.base_grant)),
        (t["pupil_weight"], format_number(data.pupil_weight)),
        (t["child_weight"], format_number(data.child_weight)),
        (t["counts_source"], data.counts_source),
        (t["counts_date"], counts_date),
    ]
    if data.reference:
        inputs.append((t["reference_plain"], data.reference))
    story.append(info_table(inputs))
    story.append(Spacer(1, 2 * mm))
    story.append(para(t["allocation_explained"], st.small))
    story += paragraphs(data.note, st.small)

    story += heading_before_long_content(t["allocation_per_network"])
    rows: list[Sequence[str | Flowable]] = [
        [
            row.network,
            format_number(row.pupils),
            format_number(row.children),
            format_kroner(row.base),
            format_kroner(row.pro_rata),
            format_kroner(row.frame),
        ]
        for row in data.rows
    ]
    name_width = CONTENT_WIDTH - 2 * COUNT_COL - 3 * AMOUNT_COL
    story.append(
        data_table(
            [
                t["network"],
                t["pupils"],
                t["children"],
                t["base_grant_short"],
                t["pro_rata"],
                t["frame_short"],
            ],
            rows,
            col_widths=[name_width, COUNT_COL, COUNT_COL] + [AMOUNT_COL] * 3,
            numeric=(1, 2, 3, 4, 5),
            totals=[
                t["sum"],
                format_number(sum(row.pupils for row in data.rows)),
                format_number(sum(row.children for row in data.rows)),
                format_kroner(sum(row.base for row in data.rows)),
                format_kroner(sum(row.pro_rata for row in data.rows)),
                format_kroner(sum(row.frame for row in data.rows)),
            ],
        )
    )

    story.append(Spacer(1, 6 * mm))
    chart_title = para(t["frame_per_network"], st.heading)
    if 0 < len(data.rows) <= CHART_MAX_ROWS:
        story.append(KeepTogether([chart_title, _frames_chart(data.rows, t["amount_in_kroner"])]))
    elif data.rows:
        story += [chart_title, para(t["chart_too_big"].format(rows=CHART_MAX_ROWS), st.note)]

    return _build(data, title, story)


def _frames_chart(rows: Sequence[AllocationRow], axis_title: str) -> Drawing:
    label_width = 45 * mm
    value_label_room = 24 * mm
    bar_slot = 15.0
    axis_room = 26.0
    plot_height = bar_slot * len(rows)
    height = min(plot_height + axis_room + 4, CONTENT_HEIGHT - 30 * mm)
    plot_height = height - axis_room - 4

    drawing = Drawing(CONTENT_WIDTH, height, initialFontName=FONT)
    chart = HorizontalBarChart()
    chart.x = label_width
    chart.y = axis_room
    chart.width = CONTENT_WIDTH - label_width - value_label_room
    chart.height = plot_height
    # The chart draws the first category at the bottom; reverse so it reads like the table.
    ordered = list(reversed(rows))
    chart.data = [[row.frame for row in ordered]]
    chart.categoryAxis.categoryNames = [
        fit(row.network, FONT, 7.5, label_width - 8) for row in ordered
    ]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.strokeColor = colors.HexColor("#8a94a3")
    chart.valueAxis.valueMin = 0
    chart.valueAxis.maximumTicks = 6
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = lambda value: format_number(int(value))
    chart.valueAxis.strokeColor = colors.HexColor("#8a94a3")
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = colors.HexColor("#dde4ee")
    chart.valueAxis.gridStrokeWidth = 0.5
    chart.bars[0].fillColor = ACCENT
    chart.bars[0].strokeColor = None
    chart.barWidth = 8
    chart.groupSpacing = 5
    chart.barLabelFormat = lambda value: format_kroner(int(value))
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    drawing.add(
        String(
            chart.x + chart.width,
            2,
            axis_title,
            fontName=FONT_BOLD,
            fontSize=7,
            fillColor=ACCENT,
            textAnchor="end",
        )
    )
    return drawing


# --- year report --------------------------------------------------------------------------------


def render_year_report(data: YearReportData) -> bytes:
    """Render the overview of granted, used and returnable amounts per network."""
    st = styles()
    t = texts(data.language)
    title = t["year_report_title"].format(year=data.year)
    story = _title_block(data, title)
    meta: list[tuple[str, str]] = [(t["date"], date_nb(data.document_date))]
    if data.report_deadline:
        meta.append((t["report_deadline"], date_nb(data.report_deadline)))
    if data.reference:
        meta.append((t["reference"], data.reference))
    story += [info_table(meta, label_width=40 * mm), Spacer(1, 4 * mm)]
    story += paragraphs(data.intro, st.body)

    story += heading_before_long_content(t["granted_and_used"])
    rows: list[Sequence[str | Flowable]] = [
        [
            row.network,
            format_kroner(row.granted),
            format_kroner(row.used),
            format_kroner(row.to_return),
            row.status,
        ]
        for row in data.rows
    ]
    name_width = 45 * mm
    status_width = CONTENT_WIDTH - name_width - 3 * AMOUNT_COL
    story.append(
        data_table(
            [t["network"], t["granted_short"], t["used"], t["to_return"], t["report_status"]],
            rows,
            col_widths=[name_width] + [AMOUNT_COL] * 3 + [status_width],
            numeric=(1, 2, 3),
            totals=[
                t["sum"],
                format_kroner(sum(row.granted for row in data.rows)),
                format_kroner(sum(row.used for row in data.rows)),
                format_kroner(sum(row.to_return for row in data.rows)),
                "",
            ],
        )
    )
    story.append(Spacer(1, 3 * mm))
    story.append(para(t["to_return_explained"], st.note))
    story += paragraphs(data.note, st.body)

    return _build(data, title, story)
