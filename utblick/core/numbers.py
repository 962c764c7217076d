"""Numbers, money and percentages as Swedish text — the one place they become text. No Django.

Babel's `sv_SE` conventions throughout: decimal comma, a no-break space (U+00A0) between
thousands and before the unit, and the true minus sign (U+2212): `−1 234 567 kr`, `62,5 %`.
`imports.cells.parse_decimal` reads every form written here back to the same number.

Rounding is half-up (the project's rule; babel on its own rounds half-even): amounts to whole
kronor or euros, percentages and measured values to one decimal. Whole numbers show no
decimals. An empty value (None) is shown as a dash. The English interface shows numbers the
same way: they are Swedish public figures, and mixing conventions within one page would mislead.

`EXCEL_FORMATS` holds the one Excel number format per kind, so a workbook keeps numbers as
numbers and shows them as the text formats do.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal, get_minus_sign_symbol

from utblick.core.money import EUR, SEK

LOCALE = "sv_SE"
DASH = "–"
NBSP = "\u00a0"
# The unit written after an amount: Swedish prose writes "euro", not the code.
CURRENCY_UNITS = {SEK: "kr", EUR: "euro"}

EXCEL_FORMATS = {
    "sek": '#,##0 "kr"',
    "eur": '#,##0 "euro"',
    "int": "#,##0",
    "num": "#,##0.0#",
    "pct": "0.0 %",
    "year": "0",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
}


def excel_format(kind: str, number: Decimal) -> str:
    """The Excel number format of a number of `kind`: a whole measured value shows no decimals,
    as in the text formats."""
    whole = number == number.to_integral_value()
    return EXCEL_FORMATS["int" if kind == "num" and whole else kind]


# Babel's patterns write the ASCII hyphen for a negative number; sv_SE's own sign (CLDR) is
# U+2212, which the old kronor format used and the documents want.
MINUS = get_minus_sign_symbol(LOCALE)
_GROUPED = "#,##0"
_EXACT = "#,##0.###############"

Number = Decimal | int | float


def _decimal(value: Number) -> Decimal:
    # A float from a chart axis: its shortest form, not its binary expansion.
    return Decimal(str(value)) if isinstance(value, float) else Decimal(value)


def _rounded(value: Number, places: int) -> Decimal:
    number = _decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return number if number else Decimal(0)  # no "−0"


def _pattern(number: Decimal, places: int) -> str:
    return _GROUPED if number == number.to_integral_value() else f"{_GROUPED}.{'0' * places}"


def _text(number: Decimal, pattern: str, exact: bool = False) -> str:
    text = format_decimal(number, format=pattern, locale=LOCALE, decimal_quantization=not exact)
    return MINUS + text[1:] if text.startswith("-") else text


def format_integer(value: Number | None) -> str:
    """A count or a whole amount: `1 234 567`, rounded half-up."""
    if value is None:
        return DASH
    return _text(_rounded(value, 0), _GROUPED)


def format_number(value: Number | None, places: int = 1) -> str:
    """A measured value: `1 234,5` with `places` decimals, a whole number without any."""
    if value is None:
        return DASH
    number = _rounded(value, places)
    return _text(number, _pattern(number, places))


def format_exact(value: Number | None) -> str:
    """Every digit the value has (an imported cell, an exchange rate): `1 250 000,5`."""
    if value is None:
        return DASH
    number = _decimal(value).normalize()
    if number.is_zero():
        number = Decimal(0)
    return _text(number, _EXACT, exact=True)


def format_money(value: Number | None, currency: str = SEK) -> str:
    """An amount in whole kronor or euros, rounded half-up: `1 234 567 kr`, `−250 euro`."""
    if value is None:
        return DASH
    return f"{format_integer(value)}{NBSP}{CURRENCY_UNITS[currency]}"


def format_percent(value: Number | None, places: int = 1) -> str:
    """A percentage given in percent (62.5, not 0.625): `62,5 %`."""
    if value is None:
        return DASH
    return f"{format_number(value, places)}{NBSP}%"


_BY_KIND = {
    "sek": format_money,
    "eur": lambda value: format_money(value, EUR),
    "int": format_integer,
    "num": format_number,
    "pct": format_percent,
}
# An indicator's unit as the kind of its values ("antal", "st" and the like are plain numbers).
_KIND_OF_UNIT = {"kr": "sek", "%": "pct"}

NUMBER_KINDS = frozenset(_BY_KIND)


def format_kind(value: Number | None, kind: str) -> str:
    """A value of a table column's kind (`sek`, `eur`, `int`, `num`, `pct`) as text."""
    return _BY_KIND[kind](value)


def format_unit(value: Number | None, unit: str) -> str:
    """An indicator value with its unit: `1 234 567 kr`, `62,5 %`; other units → `48`."""
    return format_kind(value, _KIND_OF_UNIT.get(unit, "num"))
