"""Reading one spreadsheet cell the way a Swedish coordinator writes it. No Django imports.

Each parser takes what openpyxl or the csv module hands over (str, int, float, bool,
date, datetime, Decimal or None) and returns a Python value — None for an empty cell — or
raises CellError with a Swedish message that says what to write instead.

Numbers: "1250000", "1 250 000", "1 250 000,50", "1250000.50", "1.250.000,50", "-5", "12 kr",
"−1 235 euro".
A lone comma or a lone point is the decimal separator (Swedish first: "1,5" is one and a
half); a separator that occurs several times groups thousands. Everything
`core.numbers` writes (U+2212 minus, no-break spaces) reads back to the same number.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal, InvalidOperation

NUMBER_HINT = "ange ett tal, t.ex. 1250000"
INTEGER_HINT = "ange ett heltal, t.ex. 12"
DATE_HINT = "ange ett datum som ÅÅÅÅ-MM-DD, t.ex. 2025-03-31"
BOOLEAN_HINT = "ange Ja eller Nej"

# Spaces Excel and Word put between thousands: ordinary, no-break, narrow no-break, thin.
_SPACES = " \u00a0\u202f\u2009"
_SPACE_RUNS = re.compile(f"[{_SPACES}]+")
_CURRENCY_SUFFIXES = (":-", "kr", "sek", "euro", "eur", "€")
_MINUS_SIGNS = "-\u2212\u2013"
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")

_TRUE = {"ja", "j", "yes", "y", "sant", "true", "1", "x"}
_FALSE = {"nej", "n", "no", "falskt", "false", "0"}


class CellError(ValueError):
    """A cell that cannot be read; `message` is Swedish and says what to write instead."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def normalise(value: str) -> str:
    """For comparing names: case and runs of whitespace do not matter."""
    return " ".join(value.split()).casefold()


def text(value: object) -> str:
    """A cell as text: numbers without a trailing '.0', dates as ÅÅÅÅ-MM-DD, Ja/Nej."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def parse_date(value: object) -> dt.date | None:
    if is_empty(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise CellError(f"{DATE_HINT} (cellen innehåller ett tal; formatera den som text)")
    found = _DATE.match(value.strip())
    if not found:
        raise CellError(DATE_HINT)
    year, month, day = (int(part) for part in found.groups())
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise CellError(f"datumet {value.strip()} finns inte; {DATE_HINT}") from exc


def parse_decimal(value: object, hint: str = NUMBER_HINT) -> Decimal | None:
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise CellError(hint)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise CellError(hint)
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellError(hint)
        # The shortest representation: 0.1 stays 0.1, not 0.1000000000000000055…
        return Decimal(repr(value))
    if not isinstance(value, str):
        raise CellError(hint)
    return _parse_number_text(value.strip(), hint)


def _parse_number_text(raw: str, hint: str) -> Decimal:
    body = raw
    folded = body.casefold()
    for suffix in _CURRENCY_SUFFIXES:
        if folded.endswith(suffix):
            body = body[: -len(suffix)].rstrip(_SPACES)
            break
    sign = ""
    if body[:1] and body[0] in _MINUS_SIGNS:
        sign, body = "-", body[1:].lstrip(_SPACES)
    elif body[:1] == "+":
        body = body[1:].lstrip(_SPACES)
    if not body or any(ch not in "0123456789,." and ch not in _SPACES for ch in body):
        raise CellError(hint)
    decimal_mark, thousands_mark = _separators(body)
    if decimal_mark and body.count(decimal_mark) > 1:
        raise CellError(hint)
    whole, _, fraction = body.partition(decimal_mark) if decimal_mark else (body, "", "")
    if decimal_mark and (not fraction.isdigit()):
        raise CellError(hint)
    digits = _whole_digits(whole, thousands_mark, hint)
    if not digits and not fraction:
        raise CellError(hint)
    number = f"{sign}{digits or '0'}" + (f".{fraction}" if fraction else "")
    try:
        return Decimal(number)
    except InvalidOperation as exc:  # pragma: no cover - the checks above rule this out
        raise CellError(hint) from exc


def _separators(body: str) -> tuple[str, str]:
    """(decimal mark, thousands mark); either may be ''."""
    commas, points = body.count(","), body.count(".")
    if commas and points:
        last = "," if body.rfind(",") > body.rfind(".") else "."
        return last, "." if last == "," else ","
    if commas:
        return ("," if commas == 1 else "", "" if commas == 1 else ",")
    if points:
        return ("." if points == 1 else "", "" if points == 1 else ".")
    return "", ""


def _whole_digits(whole: str, thousands_mark: str, hint: str) -> str:
    """The digits of the whole part, checking that any grouping is in threes."""
    grouped = _SPACE_RUNS.sub(" ", whole.replace(thousands_mark, " ") if thousands_mark else whole)
    if " " not in grouped:
        if grouped and not grouped.isdigit():
            raise CellError(hint)
        return grouped
    groups = grouped.split(" ")
    first, rest = groups[0], groups[1:]
    if not (first.isdigit() and 1 <= len(first) <= 3):
        raise CellError(hint)
    if any(not (group.isdigit() and len(group) == 3) for group in rest):
        raise CellError(hint)
    return "".join(groups)


def parse_integer(value: object) -> int | None:
    number = parse_decimal(value, INTEGER_HINT)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise CellError(INTEGER_HINT)
    return int(number)


def parse_bool(value: object) -> bool | None:
    if is_empty(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    word = normalise(text(value))
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise CellError(BOOLEAN_HINT)


def split_list(value: object) -> list[str]:
    """'A; B;;a' → ['A', 'B', 'a']: semicolon-separated names, blanks and repeats dropped."""
    seen: set[str] = set()
    names = []
    for part in text(value).split(";"):
        name = " ".join(part.split())
        if name and name not in seen:
            seen.add(name)
            names.append(name)
    return names
