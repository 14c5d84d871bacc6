"""What every PDF shares: fonts, the A4 page, running header and footer, styles and tables.

Every page carries the issuing body and the document date in the footer with "Side X av Y".
The total page count is only known when the document is finished, so the canvas holds pages
back and draws the header and footer on all of them at save time.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from config.formatting import format_date_nb, format_kroner
from reporting.pdf.texts import BOKMAL, texts

SCHEME_NAME = texts(BOKMAL)["scheme_name"]
CREATOR = "Kompetanseløftet"

FONT = "Vera"
FONT_BOLD = "Vera-Bold"
FONT_ITALIC = "Vera-Italic"
FONT_BOLD_ITALIC = "Vera-BoldItalic"
_FONT_FILES = {
    FONT: "Vera.ttf",
    FONT_BOLD: "VeraBd.ttf",
    FONT_ITALIC: "VeraIt.ttf",
    FONT_BOLD_ITALIC: "VeraBI.ttf",
}

NBSP = "\u00a0"

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 22 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
CONTENT_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

ACCENT = colors.HexColor("#1f3a5f")
MARK = colors.HexColor("#9c2a1c")
HEADER_BG = colors.HexColor("#dde4ee")
ZEBRA_BG = colors.HexColor("#f3f5f8")
TOTALS_BG = colors.HexColor("#e8ecf2")
RULE = colors.HexColor("#8a94a3")
BANNER_BG = colors.HexColor("#fbf1d9")

TABLE_FONT_SIZE = 8.5

_fonts_lock = threading.Lock()
_fonts_ready = threading.Event()


def register_fonts() -> None:
    """Register the Vera TTF fonts that ship with reportlab (they have æøå), once per process."""
    if _fonts_ready.is_set():
        return
    with _fonts_lock:
        if _fonts_ready.is_set():
            return
        font_dir = Path(reportlab.__file__).resolve().parent / "fonts"
        for name, filename in _FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(font_dir / filename)))
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
        )
        _fonts_ready.set()


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    note: ParagraphStyle
    title: ParagraphStyle
    heading: ParagraphStyle
    table_heading: ParagraphStyle
    subheading: ParagraphStyle
    letterhead: ParagraphStyle
    letterhead_unit: ParagraphStyle
    banner: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_right: ParagraphStyle
    header_cell: ParagraphStyle
    header_cell_right: ParagraphStyle


def _bold(
    name: str, parent: ParagraphStyle, size: float, leading: float, **more: Any
) -> ParagraphStyle:
    """A bold style on ``parent`` in ``size`` points with ``leading``."""
    return ParagraphStyle(
        name, parent=parent, fontName=FONT_BOLD, fontSize=size, leading=leading, **more
    )


@functools.cache
def styles() -> Styles:
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14, spaceAfter=6)
    cell = ParagraphStyle(
        "cell", fontName=FONT, fontSize=TABLE_FONT_SIZE, leading=TABLE_FONT_SIZE * 1.25
    )
    header_cell = ParagraphStyle("header_cell", parent=cell, fontName=FONT_BOLD, textColor=ACCENT)
    heading = _bold(
        "heading", body, 11.5, 15, spaceBefore=10, spaceAfter=4, textColor=ACCENT, keepWithNext=1
    )
    return Styles(
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8.5, leading=11.5, spaceAfter=3),
        note=ParagraphStyle(
            "note", parent=body, fontName=FONT_ITALIC, fontSize=8.5, leading=11.5, spaceAfter=4
        ),
        title=_bold("title", body, 15, 19, spaceBefore=4, spaceAfter=10, textColor=ACCENT),
        heading=heading,
        # keepWithNext would push a long table whole onto the next page, leaving a gap.
        table_heading=ParagraphStyle("table_heading", parent=heading, keepWithNext=0),
        subheading=_bold("subheading", body, 10, 14, spaceBefore=6, spaceAfter=3, keepWithNext=1),
        letterhead=_bold("letterhead", body, 16, 20, spaceAfter=0, textColor=ACCENT),
        letterhead_unit=ParagraphStyle(
            "letterhead_unit", parent=body, fontSize=9.5, leading=13, spaceAfter=0
        ),
        banner=_bold("banner", body, 11, 14, spaceAfter=0, textColor=MARK),
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=FONT_BOLD),
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        header_cell=header_cell,
        header_cell_right=ParagraphStyle(
            "header_cell_right", parent=header_cell, alignment=TA_RIGHT
        ),
    )


# --- text ---------------------------------------------------------------------------------------


def kr(amount: int) -> str:
    """An amount for running text: the spaces don't break, so '1 234 567 kr' stays on one line."""
    return format_kroner(amount).replace(" ", NBSP)


def date_nb(value: dt.date | None) -> str:
    """A date for running text, kept on one line: '15. mars 2027'."""
    return format_date_nb(value).replace(" ", NBSP)


def markup(text: str) -> str:
    """Escape data for reportlab's paragraph markup; single newlines become line breaks."""
    return escape(text.strip()).replace("\n", "<br/>")


def para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(markup(text), style)


def paragraphs(text: str, style: ParagraphStyle) -> list[Flowable]:
    """Split free text on blank lines into paragraphs."""
    blocks = [block for block in text.replace("\r\n", "\n").split("\n\n") if block.strip()]
    return [para(block, style) for block in blocks]


def heading_before_long_content(text: str) -> list[Flowable]:
    """A heading for a table or list that may flow over pages: start a new page only when
    there is no room left for the heading and a few rows, instead of keeping them together."""
    return [CondPageBreak(40 * mm), para(text, styles().table_heading)]


def fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten text with an ellipsis so it fits in width points on one line."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


# --- tables -------------------------------------------------------------------------------------


def table_style(commands: Sequence[tuple[Any, ...]]) -> TableStyle:
    """A table style on our font; a table left on reportlab's default pulls in Helvetica."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), *commands])


Cell: TypeAlias = "str | Flowable"


def data_table(
    header: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    col_widths: Sequence[float],
    numeric: Iterable[int] = (),
    totals: Sequence[Cell] | None = None,
) -> Table:
    """A table whose header row repeats on every page it flows onto.

    Text cells are wrapped in paragraphs so long names break inside their column; numeric columns
    are right-aligned plain strings. ``totals`` becomes a bold last row.
    """
    st = styles()
    numeric_cols = set(numeric)
    header_row: list[Cell] = [
        Paragraph(markup(text), st.header_cell_right if i in numeric_cols else st.header_cell)
        for i, text in enumerate(header)
    ]

    def _row(cells: Sequence[Cell], bold: bool) -> list[Cell]:
        out: list[Cell] = []
        for i, cell in enumerate(cells):
            if isinstance(cell, str) and i not in numeric_cols:
                out.append(Paragraph(markup(cell), st.cell_bold if bold else st.cell))
            else:
                out.append(cell)
        return out

    body = [_row(cells, bold=False) for cells in rows]
    table_rows = [header_row, *body]
    if totals is not None:
        table_rows.append(_row(totals, bold=True))

    last_body = len(table_rows) - (2 if totals is not None else 1)
    commands: list[tuple[Any, ...]] = [
        ("FONTSIZE", (0, 0), (-1, -1), TABLE_FONT_SIZE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, ACCENT),
    ]
    for col in numeric_cols:
        commands.append(("ALIGN", (col, 0), (col, -1), "RIGHT"))
    if last_body >= 1:
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, last_body), [colors.white, ZEBRA_BG]))
    if totals is not None:
        commands += [
            ("FONTNAME", (0, -1), (-1, -1), FONT_BOLD),
            ("BACKGROUND", (0, -1), (-1, -1), TOTALS_BG),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, ACCENT),
        ]
    table = Table(table_rows, colWidths=list(col_widths), repeatRows=1, hAlign="LEFT")
    table.setStyle(table_style(commands))
    return table


def info_table(
    pairs: Sequence[tuple[str, Cell]],
    *,
    label_width: float = 55 * mm,
    value_width: float | None = None,
    align_right: bool = False,
) -> Table:
    """Label/value lines, e.g. the inputs of an allocation or the amounts in a letter.

    With ``align_right`` the values (amounts) line up on their right edge in a column of
    ``value_width``.
    """
    st = styles()
    value_style = st.cell_right if align_right else st.cell
    rows = [
        [
            Paragraph(markup(label), st.cell_bold),
            Paragraph(markup(value), value_style) if isinstance(value, str) else value,
        ]
        for label, value in pairs
    ]
    width = value_width if value_width is not None else CONTENT_WIDTH - label_width
    table = Table(rows, colWidths=[label_width, width], hAlign="LEFT")
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return table


# --- pages --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageSetup:
    """What the running header and footer and the PDF metadata say."""

    issuer: str
    document_date: dt.date
    title: str
    author: str
    subject: str = SCHEME_NAME
    header_left: str = ""
    header_right: str = ""
    marking: str = ""
    header_on_first_page: bool = True
    language: str = BOKMAL  # "nb" or "nn": the page numbers and the PDF's language tag


Decorate = Callable[[Canvas, int, int], None]


class _NumberedCanvas(Canvas):
    """Holds every page back until save() so each page can say how many pages there are."""

    def __init__(self, *args: Any, decorate: Decorate, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._decorate = decorate
        self._held_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held_pages)
        for page_number, state in enumerate(self._held_pages, start=1):
            self.__dict__.update(state)
            self._decorate(self, page_number, total)
            super().showPage()
        super().save()


def _decorator(setup: PageSetup) -> Decorate:
    left = MARGIN_X
    right = PAGE_WIDTH - MARGIN_X
    header_y = PAGE_HEIGHT - 14 * mm
    footer_y = 11 * mm
    footer_text = f"{setup.issuer} · {format_date_nb(setup.document_date)}"

    def decorate(canv: Canvas, page_number: int, page_count: int) -> None:
        canv.saveState()
        if page_number > 1 or setup.header_on_first_page:
            canv.setFont(FONT, 8)
            canv.setFillColor(ACCENT)
            right_width = pdfmetrics.stringWidth(setup.header_right, FONT, 8)
            canv.drawString(
                left,
                header_y,
                fit(setup.header_left, FONT, 8, CONTENT_WIDTH - right_width - 12),
            )
            canv.drawRightString(right, header_y, setup.header_right)
            canv.setStrokeColor(RULE)
            canv.setLineWidth(0.5)
            canv.line(left, header_y - 2.5 * mm, right, header_y - 2.5 * mm)
        if setup.marking:
            canv.setFont(FONT_BOLD, 8.5)
            canv.setFillColor(MARK)
            canv.drawRightString(right, header_y + 5 * mm, setup.marking)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(left, footer_y + 4 * mm, right, footer_y + 4 * mm)
        canv.setFillColor(colors.black)
        canv.setFont(FONT, 8)
        page_text = texts(setup.language)["page"].format(page=page_number, pages=page_count)
        page_width = pdfmetrics.stringWidth(page_text, FONT, 8)
        canv.drawString(left, footer_y, fit(footer_text, FONT, 8, CONTENT_WIDTH - page_width - 12))
        canv.drawRightString(right, footer_y, page_text)
        canv.restoreState()

    return decorate


def build_pdf(story: list[Flowable], setup: PageSetup) -> bytes:
    """Lay the story out on A4 pages and return the PDF.

    ``invariant=1`` keeps creation dates and document IDs fixed, so the same story always gives
    the same bytes (the decision letter is stored once with a checksum).
    """
    register_fonts()
    buffer = io.BytesIO()
    # No frame padding: the content edge is the margin, so tables and text line up with the
    # header and footer rules.
    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        CONTENT_WIDTH,
        CONTENT_HEIGHT,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="content",
    )
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        pageTemplates=[PageTemplate(id="page", frames=[frame])],
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=setup.title,
        author=setup.author,
        subject=setup.subject,
        creator=CREATOR,
        invariant=1,
        lang=texts(setup.language)["pdf_lang"],
        initialFontName=FONT,
    )
    doc.build(story, canvasmaker=functools.partial(_NumberedCanvas, decorate=_decorator(setup)))
    return buffer.getvalue()
