"""The cell parsers: Swedish numbers, ISO dates, Ja/Nej — without Django."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from utblick.core.money import EUR, SEK
from utblick.core.numbers import (
    format_exact,
    format_integer,
    format_money,
    format_number,
)
from utblick.imports.cells import (
    CellError,
    normalise,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_integer,
    split_list,
    text,
)

SPACES = st.sampled_from([" ", "\u00a0", "\u202f", "\u2009"])


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1250000", Decimal("1250000")),
        ("1 250 000", Decimal("1250000")),
        ("1\u00a0250\u00a0000", Decimal("1250000")),
        ("1 250 000,50", Decimal("1250000.50")),
        ("1250000.50", Decimal("1250000.50")),
        ("1.250.000,50", Decimal("1250000.50")),
        ("1,250,000.50", Decimal("1250000.50")),
        ("1,5", Decimal("1.5")),
        (",5", Decimal("0.5")),
        ("-5", Decimal("-5")),
        ("\u22123 000", Decimal("-3000")),
        ("12 kr", Decimal("12")),
        ("1 000:-", Decimal("1000")),
        ("450 000 EUR", Decimal("450000")),
        (1250000, Decimal("1250000")),
        (0.1, Decimal("0.1")),
        (1250000.5, Decimal("1250000.5")),
        (None, None),
        ("  ", None),
    ],
)
def test_it_reads_the_ways_numbers_are_written(cell, expected):
    assert parse_decimal(cell) == expected


@pytest.mark.parametrize(
    "cell", ["abc", "1 25 000", "12 3456", "1.", "1e5", "1,2,3,4.5.6", "--5", True, "∞"]
)
def test_it_refuses_what_is_not_a_number_with_an_example(cell):
    with pytest.raises(CellError) as caught:
        parse_decimal(cell)
    assert caught.value.message == "ange ett tal, t.ex. 1250000"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2025-03-31", dt.date(2025, 3, 31)),
        ("2025-3-5", dt.date(2025, 3, 5)),
        ("2025-03-31 00:00:00", dt.date(2025, 3, 31)),
        (dt.datetime(2025, 3, 31, 0, 0), dt.date(2025, 3, 31)),
        (dt.date(2025, 3, 31), dt.date(2025, 3, 31)),
        ("", None),
    ],
)
def test_it_reads_dates(cell, expected):
    assert parse_date(cell) == expected


@pytest.mark.parametrize("cell", ["31/3/2025", "2025-02-30", "igår", 45678])
def test_it_refuses_other_dates_saying_how_to_write_them(cell):
    with pytest.raises(CellError) as caught:
        parse_date(cell)
    assert "ÅÅÅÅ-MM-DD" in caught.value.message


def test_a_date_that_does_not_exist_is_named():
    with pytest.raises(CellError, match="2025-02-30 finns inte"):
        parse_date("2025-02-30")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Ja", True),
        ("nej", False),
        ("JA ", True),
        ("x", True),
        (True, True),
        (0, False),
        ("", None),
    ],
)
def test_it_reads_ja_and_nej(cell, expected):
    assert parse_bool(cell) is expected


def test_it_refuses_other_answers():
    with pytest.raises(CellError, match="Ja eller Nej"):
        parse_bool("kanske")


def test_integers_refuse_fractions():
    assert parse_integer("1 200") == 1200
    assert parse_integer(12.0) == 12
    with pytest.raises(CellError, match="heltal"):
        parse_integer("1,5")


def test_text_drops_excels_trailing_zero_and_windows_line_ends():
    assert text(2024.0) == "2024"
    assert text("a\r\nb ") == "a\nb"
    assert text(dt.datetime(2025, 1, 2)) == "2025-01-02"
    assert text(None) == ""


def test_lists_are_split_on_semicolons():
    assert split_list("Verksamhetsutveckling; Profilering;; verksamhetsutveckling ") == [
        "Verksamhetsutveckling",
        "Profilering",
        "verksamhetsutveckling",
    ]


# Properties


amounts = st.decimals(
    min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2, allow_nan=False
)


@given(amounts)
def test_swedish_formatting_reads_back_to_the_same_amount(amount):
    assert parse_decimal(format_exact(amount)) == amount


@given(st.integers(min_value=0, max_value=10**15), SPACES)
def test_thousands_grouped_with_any_kind_of_space_read_back(number, space):
    written = f"{number:,}".replace(",", space)
    assert parse_decimal(written) == number


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=99))
def test_a_decimal_comma_is_read_as_swedish(whole, hundredths):
    written = f"{whole:,}".replace(",", " ") + f",{hundredths:02d}"
    assert parse_decimal(written) == Decimal(whole) + Decimal(hundredths) / 100


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_excel_numbers_keep_their_shortest_form(number):
    assert parse_decimal(number) == Decimal(repr(number))


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_iso_dates_read_back(day):
    assert parse_date(day.isoformat()) == day


@given(st.integers(min_value=-(10**9), max_value=10**9))
def test_integers_read_back(number):
    assert parse_integer(str(number)) == number


@given(st.text())
def test_parsers_only_ever_raise_a_located_cell_error(cell):
    for parse in (parse_decimal, parse_integer, parse_date, parse_bool):
        try:
            parse(cell)
        except CellError as exc:
            assert exc.message


@given(st.lists(st.text(alphabet="abcdefgh åäö", min_size=1).map(str.strip), max_size=6))
def test_list_cells_read_back_the_names_written(names):
    names = [" ".join(n.split()) for n in names if n.strip()]
    unique = list(dict.fromkeys(names))
    assert split_list("; ".join(names)) == unique


@given(st.text())
def test_normalising_is_idempotent(value):
    assert normalise(normalise(value)) == normalise(value)


# What the one formatter writes (core.numbers) reads back here (issue 16).

exact_decimals = st.decimals(
    min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=6, allow_nan=False
)
whole_amounts = st.integers(min_value=-(10**12), max_value=10**12)


@given(exact_decimals)
def test_an_exactly_formatted_number_reads_back_to_itself(number):
    assert parse_decimal(format_exact(number)) == number


@given(whole_amounts)
def test_a_formatted_count_reads_back_to_itself(number):
    assert parse_integer(format_integer(number)) == number


@given(st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=1))
def test_a_measured_value_with_one_decimal_reads_back_to_itself(number):
    assert parse_decimal(format_number(number)) == number


@given(whole_amounts, st.sampled_from([SEK, EUR]))
def test_a_formatted_amount_reads_back_with_its_currency(amount, currency):
    assert parse_decimal(format_money(amount, currency)) == amount


@given(amounts)
def test_an_amount_in_ore_reads_back_as_the_whole_kronor_shown(amount):
    assert parse_decimal(format_money(amount)) == amount.quantize(Decimal(1), ROUND_HALF_UP)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("\u22121\u00a0234,6", Decimal("-1234.6")),
        ("\u22121\u00a0235\u00a0kr", Decimal("-1235")),
        ("1\u00a0235\u00a0euro", Decimal("1235")),
        ("12\u00a0000\u00a0000\u00a0kr", Decimal("12000000")),
    ],
)
def test_the_agreed_negative_and_grouped_forms_are_read(written, expected):
    assert parse_decimal(written) == expected
