"""Simple horizontal bar charts as inline SVG, computed here and drawn by a template
(``reporting/_bar_chart.html``). No script, no web font, no network: the page carries the chart.

The chart is one image to assistive technology (``role="img"`` with a title and a description);
the same numbers are always in a table next to it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from config.formatting import format_number

WIDTH = 720
LABEL_WIDTH = 230
VALUE_ROOM = 150
ROW_HEIGHT = 30
BAR_HEIGHT = 18
PADDING = 8


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    text: str
    y: int
    width: int

    @property
    def bar_y(self) -> int:
        return self.y + (ROW_HEIGHT - BAR_HEIGHT) // 2

    @property
    def text_y(self) -> int:
        return self.y + ROW_HEIGHT // 2 + 5

    @property
    def value_x(self) -> int:
        return LABEL_WIDTH + self.width + 6


@dataclass(frozen=True)
class BarChart:
    chart_id: str
    title: str
    description: str
    bars: tuple[Bar, ...]

    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def height(self) -> int:
        return len(self.bars) * ROW_HEIGHT + 2 * PADDING

    @property
    def label_x(self) -> int:
        return LABEL_WIDTH - 8


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    items: Sequence[tuple[str, int]],
    text: Callable[[int], str] = format_number,
) -> BarChart:
    """Bars scaled to the largest value; a negative value is drawn as an empty bar (its number is
    still written next to it)."""
    largest = max((value for _label, value in items), default=0)
    room = WIDTH - LABEL_WIDTH - VALUE_ROOM
    bars = tuple(
        Bar(
            label=label,
            value=value,
            text=text(value),
            y=PADDING + index * ROW_HEIGHT,
            width=(max(value, 0) * room // largest) if largest > 0 else 0,
        )
        for index, (label, value) in enumerate(items)
    )
    return BarChart(chart_id=chart_id, title=title, description=description, bars=bars)
