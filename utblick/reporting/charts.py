"""The report's charts: matplotlib (Agg) PNGs with Swedish labels, a text alternative each,
and the same figures as a table. No Django.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from decimal import Decimal

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from utblick.core.numbers import (
    NBSP,
    format_integer,
    format_money,
    format_number,
    format_percent,
    format_unit,
)
from utblick.reporting.document import Chart, Column, Table

# Okabe–Ito: told apart with the common colour vision deficiencies; hatches add a second cue.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
HATCHES = ("", "//", "..", "xx", "\\\\", "oo")
INK = "#1f2933"
GRID = "#d0d5dd"
DPI = 150
WIDTH_IN = 6.3  # 16 cm: the text width of an A4 page with 2.5 cm margins

# The charts' look, applied per chart (rc_context) so nothing else in the process changes.
STYLE = {
    "font.family": ["Liberation Sans", "DejaVu Sans", "sans-serif"],
    "font.size": 9,
    "axes.edgecolor": GRID,
    "axes.labelcolor": INK,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "xtick.color": INK,
    "ytick.color": INK,
    "svg.fonttype": "none",
}


def _money_axis(value: float, _pos=None) -> str:
    """Tick labels in kronor: `1,5 mnkr`, `250 tkr`, `0`."""
    if value == 0:
        return "0"
    if abs(value) >= 1_000_000:
        return f"{format_number(value / 1_000_000)}{NBSP}mnkr"
    if abs(value) >= 1_000:
        return f"{format_integer(value / 1_000)}{NBSP}tkr"
    return format_integer(value)


def _count_axis(value: float, _pos=None) -> str:
    return format_number(value)


def _pct_axis(value: float, _pos=None) -> str:
    return format_percent(value)


def _axis_for(unit: str):
    return _money_axis if unit == "kr" else _pct_axis if unit == "%" else _count_axis


def _styled(draw):
    """Draw with the charts' style, without changing matplotlib's settings for anyone else."""

    @functools.wraps(draw)
    def styled(*args, **kwargs):
        with matplotlib.rc_context(STYLE):
            return draw(*args, **kwargs)

    return styled


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", facecolor="white")
    return buffer.getvalue()


def _axes(height: float = 2.4):
    """A figure of its own (no pyplot state: safe in a worker thread), drawn with Agg."""
    figure = Figure(figsize=(WIDTH_IN, height))
    FigureCanvasAgg(figure)
    axes = figure.subplots()
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", color=GRID, linewidth=0.6)
    axes.set_axisbelow(True)
    return figure, axes


def grouped_bars(
    *,
    key: str,
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[Decimal | int | None]]],
    kind: str,
    caption_column: str,
    description: str,
    draw: bool = True,
) -> Chart:
    """Bars per category (years), one colour per series; `kind` "sek" or "int"."""
    columns = [Column(caption_column, "year")] + [Column(label, kind) for label, _ in series]
    rows = [
        [category, *[values[i] for _, values in series]] for i, category in enumerate(categories)
    ]
    unit = "kr" if kind == "sek" else ""
    parts = [
        f"{category}: "
        + ", ".join(
            f"{label.lower()} {format_unit(_dec(values[i]), unit)}" for label, values in series
        )
        for i, category in enumerate(categories)
    ]
    alt = f"{description} {'; '.join(parts)}."
    table = Table(title, columns, rows)
    return Chart(key, title, alt, _draw_grouped(categories, series, kind) if draw else b"", table)


@_styled
def _draw_grouped(categories, series, kind: str) -> bytes:
    figure, axes = _axes()
    count = max(len(series), 1)
    width = 0.8 / count
    positions = range(len(categories))
    for index, (label, values) in enumerate(series):
        heights = [float(v or 0) for v in values]
        axes.bar(
            [p - 0.4 + width * (index + 0.5) for p in positions],
            heights,
            width=width * 0.92,
            label=label,
            color=COLOURS[index % len(COLOURS)],
            hatch=HATCHES[index % len(HATCHES)],
            edgecolor="white",
            linewidth=0.5,
        )
    axes.set_xticks(list(positions), list(categories))
    axes.yaxis.set_major_formatter(FuncFormatter(_money_axis if kind == "sek" else _count_axis))
    axes.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=kind != "pct"))
    if len(series) > 1:
        axes.legend(frameon=False, loc="upper left", bbox_to_anchor=(0, -0.1), ncol=len(series))
    return _png(figure)


def _dec(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def horizontal_bars(
    *,
    key: str,
    title: str,
    labels: Sequence[str],
    values: Sequence[Decimal],
    description: str,
    draw: bool = True,
) -> Chart:
    """Kronor per label (programmes), largest first."""
    parts = [f"{label}: {format_money(v)}" for label, v in zip(labels, values, strict=True)]
    alt = f"{description} {'; '.join(parts)}."
    table = Table(
        title,
        [Column("Program eller finansiär"), Column("Beviljat", "sek")],
        [[label, value] for label, value in zip(labels, values, strict=True)],
    )
    return Chart(key, title, alt, _draw_horizontal(labels, values) if draw else b"", table)


@_styled
def _draw_horizontal(labels, values) -> bytes:
    height = max(1.6, 0.38 * len(labels) + 0.8)
    figure, axes = _axes(height)
    axes.grid(axis="y", visible=False)
    axes.grid(axis="x", color=GRID, linewidth=0.6)
    positions = list(range(len(labels)))[::-1]
    axes.barh(positions, [float(v) for v in values], color=COLOURS[0], height=0.6)
    axes.set_yticks(positions, [_shorten(label) for label in labels])
    axes.xaxis.set_major_formatter(FuncFormatter(_money_axis))
    axes.xaxis.set_major_locator(MaxNLocator(nbins=4))
    return _png(figure)


def _shorten(label: str, limit: int = 42) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def indicator_bars(
    *,
    key: str,
    title: str,
    years: Sequence[int],
    values: Sequence[Decimal | None],
    unit: str,
    target: Decimal | None,
    baseline: Decimal | None,
    draw: bool = True,
) -> Chart:
    """One indicator over the years, with its target (dashed) and baseline (dotted)."""
    parts = [f"{y}: {format_unit(v, unit)}" for y, v in zip(years, values, strict=True)]
    extra = ""
    if target is not None:
        extra += f" Målvärde {format_unit(target, unit)}."
    if baseline is not None:
        extra += f" Utgångsvärde {format_unit(baseline, unit)}."
    alt = f"Stapeldiagram över {title[:1].lower() + title[1:]} per år. {'; '.join(parts)}.{extra}"
    kind = "sek" if unit == "kr" else "pct" if unit == "%" else "num"
    table = Table(
        title,
        [Column("År", "year"), Column(unit or "Värde", kind)],
        [[y, v] for y, v in zip(years, values, strict=True)],
    )
    png = _draw_indicator(years, values, unit, target, baseline) if draw else b""
    return Chart(key, title, alt, png, table, table_elsewhere=True)


@_styled
def _draw_indicator(years, values, unit: str, target, baseline) -> bytes:
    figure, axes = _axes(1.7)
    heights = [float(v) if v is not None else 0.0 for v in values]
    positions = list(range(len(years)))
    bars = axes.bar(positions, heights, color=COLOURS[0], width=0.6)
    axes.set_xticks(positions, [str(y) for y in years])
    for bar, value in zip(bars, values, strict=True):
        text = "saknas" if value is None else format_unit(value, unit)
        axes.annotate(
            text,
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            fontsize=7.5,
            color=INK,
            xytext=(0, 2),
            textcoords="offset points",
        )
    if target is not None:
        axes.axhline(
            float(target), color=COLOURS[5], linestyle="--", linewidth=1.2, label="Målvärde"
        )
    if baseline is not None:
        axes.axhline(float(baseline), color=INK, linestyle=":", linewidth=1, label="Utgångsvärde")
    if target is not None or baseline is not None:
        axes.legend(frameon=False, fontsize=7.5, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    axes.yaxis.set_major_formatter(FuncFormatter(_axis_for(unit)))
    axes.yaxis.set_major_locator(MaxNLocator(nbins=4))
    axes.margins(y=0.18)
    return _png(figure)
