"""The charts write numbers as the rest of the report does (issue 16). No database."""

from decimal import Decimal

from utblick.reporting import charts
from utblick.reporting.document import format_cell

NBSP = "\u00a0"
MINUS = "\u2212"


def test_the_axes_label_kronor_percentages_and_counts_in_swedish():
    money, percent, count = (charts._axis_for(unit) for unit in ("kr", "%", "antal"))
    assert money(1_500_000.0) == f"1,5{NBSP}mnkr"
    assert money(250_000.0) == f"250{NBSP}tkr"
    assert money(-2_000_000.0) == f"{MINUS}2{NBSP}mnkr"
    assert percent(62.5) == f"62,5{NBSP}%"
    assert count(12.0) == "12"


def test_a_charts_description_and_its_table_write_the_same_figures():
    values = [Decimal("1250000.60"), Decimal("-1234.6")]
    chart = charts.indicator_bars(
        key="budget",
        title="Beviljade medel",
        years=[2024, 2025],
        values=values,
        unit="kr",
        target=Decimal("2000000"),
        baseline=None,
        draw=False,
    )
    for row, value in zip(chart.table.rows, values, strict=True):
        assert row[1] == value
        assert format_cell(value, "sek") in chart.alt
    assert f"2024: 1{NBSP}250{NBSP}001{NBSP}kr" in chart.alt
    assert f"2025: {MINUS}1{NBSP}235{NBSP}kr" in chart.alt
    assert f"Målvärde 2{NBSP}000{NBSP}000{NBSP}kr." in chart.alt
