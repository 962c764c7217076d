"""Numbers, money and percentages as Swedish text, from one formatter (issue 16)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from utblick.core.money import EUR
from utblick.core.numbers import (
    format_exact,
    format_integer,
    format_kind,
    format_money,
    format_number,
    format_percent,
    format_unit,
)

NBSP = "\u00a0"
MINUS = "\u2212"


def test_a_negative_number_has_the_true_minus_sign_and_no_break_spaces():
    # The example: the import preview wrote "-1 234,60" with a hyphen.
    assert format_number(Decimal("-1234.6")) == f"{MINUS}1{NBSP}234,6"
    assert format_exact(Decimal("-1234.6")) == f"{MINUS}1{NBSP}234,6"


def test_kronor_are_rounded_half_up_to_whole_kronor():
    assert format_money(Decimal("-1234.6")) == f"{MINUS}1{NBSP}235{NBSP}kr"
    assert format_money(Decimal("1234567")) == f"1{NBSP}234{NBSP}567{NBSP}kr"
    assert format_money(Decimal("2.5")) == f"3{NBSP}kr"  # half-up, not banker's rounding


def test_euros_are_rounded_like_kronor_not_truncated():
    # routines/documents.py used int(value): 1 234,60 euro became "1 234 euro".
    assert format_money(Decimal("1234.60"), EUR) == f"1{NBSP}235{NBSP}euro"


def test_percentages_keep_one_decimal_and_whole_ones_none():
    assert format_percent(Decimal("62.5")) == f"62,5{NBSP}%"
    assert format_percent(Decimal("62.45")) == f"62,5{NBSP}%"
    assert format_percent(50) == f"50{NBSP}%"


def test_a_measured_value_shows_its_decimal_and_a_whole_one_none():
    assert format_number(Decimal("1234.56")) == f"1{NBSP}234,6"
    assert format_number(Decimal("48")) == "48"
    assert format_number(1.5e6 / 1_000_000) == "1,5"  # a chart's axis hands over floats


def test_a_value_that_rounds_to_zero_has_no_sign():
    assert format_money(Decimal("-0.4")) == f"0{NBSP}kr"
    assert format_integer(Decimal("-0.2")) == "0"


def test_an_empty_value_is_a_dash():
    for formatter in (format_integer, format_number, format_exact, format_money, format_percent):
        assert formatter(None) == "–"


def test_exact_keeps_every_decimal_an_exchange_rate_has():
    assert format_exact(Decimal("11.4512")) == "11,4512"
    assert format_exact(Decimal("11.4500")) == "11,45"
    assert format_exact(Decimal("1E+3")) == f"1{NBSP}000"


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("sek", f"1{NBSP}235{NBSP}kr"),
        ("eur", f"1{NBSP}235{NBSP}euro"),
        ("int", f"1{NBSP}235"),
        ("num", f"1{NBSP}234,6"),
        ("pct", f"1{NBSP}234,6{NBSP}%"),
    ],
)
def test_each_kind_of_column_has_its_format(kind, expected):
    assert format_kind(Decimal("1234.55"), kind) == expected


def test_an_indicator_is_shown_with_its_unit():
    assert format_unit(Decimal("62.5"), "%") == f"62,5{NBSP}%"
    assert format_unit(Decimal("12000000"), "kr") == f"12{NBSP}000{NBSP}000{NBSP}kr"
    assert format_unit(Decimal("48"), "antal") == "48"


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_an_amount_keeps_every_digit(value):
    text = format_money(value).removesuffix(f"{NBSP}kr").replace(NBSP, "").replace(MINUS, "-")
    assert text == str(value)


class _NumpyLikeFloat(float):
    """Matplotlib hands the chart axes' formatter numpy floats, whose repr is not a number."""

    def __repr__(self) -> str:
        return f"np.float64({float(self)!r})"

    def __str__(self) -> str:
        return repr(float(self))


def test_a_float_from_numpy_is_formatted_like_any_float():
    assert format_integer(_NumpyLikeFloat(-0.075)) == "0"
    assert format_number(_NumpyLikeFloat(1.25)) == "1,3"
