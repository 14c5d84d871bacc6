"""The year's other documents: the innstilling, the allocation table and the year report."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

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


@dataclass(frozen=True)
class _Column:
    """One column of a table of the year's rows: its header, its width, what a row shows in it
    and, for a number column, how its figures are written (right-aligned and summed in the sum
    line); ``number=None`` makes a text column, blank in the sum line."""

    header: str
    width: float
    value: Callable[[Any], Any]
    number: Callable[[int], str] | None = format_kroner


def _field(
    header: str, width: float, name: str, number: Callable[[int], str] | None = format_kroner
) -> _Column:
    """A column showing the row's attribute ``name``."""
    return _Column(header, width, attrgetter(name), number)


def _summed_table(
    heading: str, rows: Sequence[Any], columns: Sequence[_Column], total_label: str
) -> list[Flowable]:
    """A heading and a table with a row per item and a sum line labelled ``total_label``."""
    return [
        *heading_before_long_content(heading),
        data_table(
            [column.header for column in columns],
            [
                [
                    column.number(column.value(row)) if column.number else column.value(row)
                    for column in columns
                ]
                for row in rows
            ],
            col_widths=[column.width for column in columns],
            numeric=[i for i, column in enumerate(columns) if column.number],
            totals=[
                total_label,
                *(
                    column.number(sum(column.value(row) for row in rows)) if column.number else ""
                    for column in columns[1:]
                ),
            ],
        ),
    ]


def _name_with_note(name: str, note: str) -> Paragraph:
    """A name with a smaller grey line under it (the UH partner, a measure's description)."""
    return Paragraph(
        f"{markup(name)}<br/><font size='7' color='#4a5566'>{markup(note)}</font>", styles().cell
    )


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

    story += _summed_table(
        t["to_networks_heading"],
        data.rows,
        [
            _Column(
                t["network_and_uh"],
                CONTENT_WIDTH - 4 * AMOUNT_COL,
                lambda row: _name_with_note(row.network, row.uh_partner),
                number=None,
            ),
            _field(t["frame_short"], AMOUNT_COL, "frame"),
            _field(t["recommended"], AMOUNT_COL, "recommended_amount"),
            _field(t["to_uh"], AMOUNT_COL, "uh_share"),
            _field(t["to_network"], AMOUNT_COL, "network_share"),
        ],
        t["sum_networks"],
    )
    total_recommended = sum(row.recommended_amount for row in data.rows)

    story += _summed_table(
        t["joint_measures"],
        data.joint_measures,
        [
            _Column(
                t["joint_measures"],
                CONTENT_WIDTH - AMOUNT_COL,
                lambda measure: (
                    _name_with_note(measure.name, measure.description)
                    if measure.description
                    else Paragraph(markup(measure.name), st.cell)
                ),
                number=None,
            ),
            _field(t["amount"], AMOUNT_COL, "amount"),
        ],
        t["sum_joint_measures"],
    )
    total_joint = sum(measure.amount for measure in data.joint_measures)

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

    story += _summed_table(
        t["allocation_per_network"],
        data.rows,
        [
            _field(t["network"], CONTENT_WIDTH - 2 * COUNT_COL - 3 * AMOUNT_COL, "network", None),
            _field(t["pupils"], COUNT_COL, "pupils", format_number),
            _field(t["children"], COUNT_COL, "children", format_number),
            _field(t["base_grant_short"], AMOUNT_COL, "base"),
            _field(t["pro_rata"], AMOUNT_COL, "pro_rata"),
            _field(t["frame_short"], AMOUNT_COL, "frame"),
        ],
        t["sum"],
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

    name_width = 45 * mm
    story += _summed_table(
        t["granted_and_used"],
        data.rows,
        [
            _field(t["network"], name_width, "network", None),
            _field(t["granted_short"], AMOUNT_COL, "granted"),
            _field(t["used"], AMOUNT_COL, "used"),
            _field(t["to_return"], AMOUNT_COL, "to_return"),
            _field(t["report_status"], CONTENT_WIDTH - name_width - 3 * AMOUNT_COL, "status", None),
        ],
        t["sum"],
    )
    story.append(Spacer(1, 3 * mm))
    story.append(para(t["to_return_explained"], st.note))
    story += paragraphs(data.note, st.body)

    return _build(data, title, story)
