"""The server-drawn stacked bar chart (pure Python)."""

import itertools

from utblick.web.charts import HEIGHT, SERIES_LIMIT, stacked_bars


def test_it_stacks_series_per_category_in_order():
    chart = stacked_bars(
        {("Erasmus+", "2025"): 2, ("Life", "2025"): 1, ("Erasmus+", "2024"): 3}, other="Övriga"
    )
    assert chart.categories == ["2024", "2025"]
    assert [s.label for s in chart.series] == ["Erasmus+", "Life"]
    assert chart.totals == [3, 3] and chart.grand_total == 6
    bar = chart.bars[1]
    assert [seg.series for seg in bar.segments] == ["Erasmus+", "Life"]
    bottom, top = bar.segments
    assert bottom.y > top.y  # stacked upwards
    assert round(bottom.height / top.height) == 2


def test_it_folds_small_series_into_other():
    counts = {(f"Program {n}", "2026"): n + 1 for n in range(SERIES_LIMIT + 2)}
    chart = stacked_bars(counts, other="Övriga")
    assert len(chart.series) == SERIES_LIMIT + 1
    assert chart.series[-1].label == "Övriga" and chart.series[-1].total == 1 + 2
    assert chart.grand_total == sum(counts.values())


def test_ticks_are_round_and_cover_the_tallest_bar():
    chart = stacked_bars({("A", "2026"): 37}, other="Övriga")
    values = [tick.value for tick in chart.ticks]
    assert values[0] == 0 and values[-1] >= 37
    assert len({b - a for a, b in itertools.pairwise(values)}) == 1
    assert all(0 <= tick.y <= HEIGHT for tick in chart.ticks)


def test_an_empty_chart_says_so():
    assert stacked_bars({}, other="Övriga").empty
