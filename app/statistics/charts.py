"""Horizontal bar charts as geometry for an accessible inline SVG (templates/statistics/).

One row per category: its name on a line of its own (so long names fit a phone), then
one bar per series, the value written after each bar.
Only SVG presentation attributes are used (the Content-Security-Policy forbids inline
styles); every colour has at least 3:1 contrast with the white background and the text
4.5:1, and the chart's title and description name it for assistive technology while the
data table beside it carries the figures.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

WIDTH = 460
VALUE_ROOM = 76
LABEL_BLOCK = 20  # the row's name above its bars
BAR_HEIGHT = 16
BAR_GAP = 3
GROUP_GAP = 14
LEGEND_HEIGHT = 26
TOP_MARGIN = 4
FONT_SIZE = 14
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
TEXT_COLOUR = "#0b0c0c"
SERIES_COLOURS = ("#1d70b8", "#a34d00")
REFERENCE_COLOUR = "#505a5f"
MAX_LABEL_CHARACTERS = 56


@dataclass(frozen=True)
class Series:
    name: str
    colour: str


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    value_text: str
    text_x: float
    text_y: float


@dataclass(frozen=True)
class Label:
    text: str
    x: float
    y: float


@dataclass(frozen=True)
class LegendEntry:
    name: str
    colour: str
    x: float
    y: float


@dataclass(frozen=True)
class Chart:
    """Everything the SVG template needs; `description` says the data in words."""

    id: str
    title: str
    description: str
    width: int
    height: int
    labels: tuple[Label, ...]
    bars: tuple[Bar, ...]
    legend: tuple[LegendEntry, ...]
    font_size: int = FONT_SIZE
    font_family: str = FONT_FAMILY
    text_colour: str = TEXT_COLOUR


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple[float, ...]
    colours: tuple[str, ...] | None = None  # per bar, else the series colours


def shorten(text: str, limit: int = MAX_LABEL_CHARACTERS) -> str:
    """A label cut to fit the label column (the table beside has it in full)."""
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _legend(series: Sequence[Series]) -> tuple[LegendEntry, ...]:
    if len(series) < 2:
        return ()
    step = WIDTH / len(series)
    return tuple(LegendEntry(s.name, s.colour, i * step, TOP_MARGIN)
                 for i, s in enumerate(series))


def _describe(rows: Sequence[Row], series: Sequence[Series],
              fmt: Callable[[float], str]) -> str:
    def values(row: Row) -> str:
        if len(series) == 1:
            return fmt(row.values[0])
        return ", ".join(f"{s.name} {fmt(v)}" for s, v in zip(series, row.values, strict=True))

    return "; ".join(f"{row.label}: {values(row)}" for row in rows) + "."


def bar_chart(chart_id: str, title: str, rows: Sequence[Row], series: Sequence[Series],
              fmt: Callable[[float], str], maximum: float | None = None) -> Chart:
    """Lay out a horizontal bar chart: rows top to bottom, series one under the other."""
    top = TOP_MARGIN + (LEGEND_HEIGHT if len(series) > 1 else 0)
    row_height = LABEL_BLOCK + len(series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP + GROUP_GAP
    scale_max = maximum or max((v for row in rows for v in row.values), default=0) or 1
    area = WIDTH - VALUE_ROOM
    labels, bars = [], []
    for index, row in enumerate(rows):
        y = top + index * row_height
        labels.append(Label(shorten(row.label), 0, y + LABEL_BLOCK - 6))
        for n, value in enumerate(row.values):
            bar_y = y + LABEL_BLOCK + n * (BAR_HEIGHT + BAR_GAP)
            width = round(area * max(value, 0) / scale_max, 1)
            colour = row.colours[n] if row.colours else series[n].colour
            bars.append(Bar(0, bar_y, width, BAR_HEIGHT, colour, fmt(value), width + 6,
                            bar_y + BAR_HEIGHT / 2))
    height = top + len(rows) * row_height - GROUP_GAP + TOP_MARGIN
    return Chart(chart_id, title, _describe(rows, series, fmt), WIDTH, int(height),
                 tuple(labels), tuple(bars), _legend(series))
