"""A stacked bar chart drawn as SVG on the server: no JavaScript, no inline styles.

The page renders the geometry computed here (rectangles, ticks, legend) with CSS classes for
the colours, gives the SVG a title and a description in words, and shows the same numbers as a
table. Pure Python: no Django.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 16, 34
SERIES_LIMIT = 5  # the largest series by total, the rest summed as "other"


@dataclass
class Segment:
    series: str
    css: str
    value: int
    x: float
    y: float
    width: float
    height: float


@dataclass
class Bar:
    category: str
    total: int
    x: float
    label_x: float
    label_y: float
    segments: list[Segment] = field(default_factory=list)


@dataclass
class Tick:
    value: int
    y: float


@dataclass
class Series:
    label: str
    css: str
    values: list[int]
    total: int


@dataclass
class StackedBarChart:
    categories: list[str]
    series: list[Series]
    bars: list[Bar]
    ticks: list[Tick]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    plot_bottom: float = HEIGHT - BOTTOM
    plot_right: float = WIDTH - RIGHT

    @property
    def tick_label_x(self) -> int:
        return self.left - 6

    @property
    def category_label_y(self) -> float:
        return self.plot_bottom + 20

    @property
    def totals(self) -> list[int]:
        return [bar.total for bar in self.bars]

    @property
    def grand_total(self) -> int:
        return sum(self.totals)

    @property
    def empty(self) -> bool:
        return not self.bars


def _step(maximum: int) -> int:
    """A round tick step giving at most about five ticks."""
    if maximum <= 5:
        return 1
    raw = maximum / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= raw:
            return int(factor * magnitude)
    return int(10 * magnitude)


def _series(counts: dict[tuple[str, str], int], categories: list[str], other: str) -> list[Series]:
    totals: dict[str, int] = defaultdict(int)
    for (series, _category), value in counts.items():
        totals[series] += value
    ranked = sorted(totals, key=lambda s: (-totals[s], s))
    kept, folded = ranked[:SERIES_LIMIT], set(ranked[SERIES_LIMIT:])
    labels = kept + ([other] if folded else [])
    values = {label: [0] * len(categories) for label in labels}
    for (series, category), value in counts.items():
        label = other if series in folded else series
        values[label][categories.index(category)] += value
    return [
        Series(label, f"series-{index}", values[label], sum(values[label]))
        for index, label in enumerate(labels)
    ]


def stacked_bars(counts: dict[tuple[str, str], int], *, other: str) -> StackedBarChart:
    """`counts[(series, category)] = n` as stacked bars, one bar per category (sorted)."""
    categories = sorted({category for _series, category in counts})
    series = _series(counts, categories, other)
    totals = [sum(s.values[i] for s in series) for i in range(len(categories))]
    maximum = max(totals, default=0)
    step = _step(maximum)
    top_value = max(step, math.ceil(maximum / step) * step)
    plot_height = HEIGHT - TOP - BOTTOM
    scale = plot_height / top_value
    slot = (WIDTH - LEFT - RIGHT) / max(len(categories), 1)
    bar_width = min(56.0, slot * 0.6)
    bars = []
    for index, category in enumerate(categories):
        x = LEFT + slot * index + (slot - bar_width) / 2
        bar = Bar(category, totals[index], round(x, 1), round(x + bar_width / 2, 1), 0.0)
        y = HEIGHT - BOTTOM
        for s in series:
            value = s.values[index]
            if not value:
                continue
            height = value * scale
            y -= height
            bar.segments.append(
                Segment(
                    s.label, s.css, value, bar.x, round(y, 1), round(bar_width, 1), round(height, 1)
                )
            )
        bar.label_y = round(y - 4, 1)
        bars.append(bar)
    ticks = [
        Tick(value, round(HEIGHT - BOTTOM - value * scale, 1))
        for value in range(0, top_value + 1, step)
    ]
    return StackedBarChart(categories, series, bars, ticks)
