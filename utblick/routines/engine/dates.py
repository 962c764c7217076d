"""Calendar arithmetic the rules share: months, days of the year ("MM-DD"), terms of office.

Pure Python, no Django.
"""

from __future__ import annotations

import calendar
from collections.abc import Container
from datetime import date, timedelta

# Swedish general elections are held in September every fourth year (2022, 2026, 2030 …);
# the new term of office (mandatperiod) for municipal councils starts on 15 October.
ELECTION_YEAR_ANCHOR = 2022
TERM_YEARS = 4
TERM_START = (10, 15)


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months; the 31st becomes the last day of a shorter month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def add_days(day: date, days: int) -> date:
    return day + timedelta(days=days)


def month_day(year: int, mm_dd: str) -> date:
    """`"MM-DD"` in `year`; `"02-29"` is the 28th in a year that is not a leap year."""
    month, day = (int(part) for part in mm_dd.split("-"))
    if month == 2 and day == 29 and not calendar.isleap(year):
        day = 28
    return date(year, month, day)


def term_of_office(day: date) -> tuple[date, date]:
    """The term of office (first day, last day) that `day` falls in.

    Terms start on 15 October of an election year (2022, 2026, …) and end on 14 October
    four years later.
    """
    offset = (day.year - ELECTION_YEAR_ANCHOR) % TERM_YEARS
    start_year = day.year - offset
    start = date(start_year, *TERM_START)
    if day < start:
        start_year -= TERM_YEARS
        start = date(start_year, *TERM_START)
    end = date(start_year + TERM_YEARS, *TERM_START) - timedelta(days=1)
    return start, end


def previous_term_of_office(day: date) -> tuple[date, date]:
    start, _ = term_of_office(day)
    return term_of_office(start - timedelta(days=1))


def iso(day: date | None) -> str:
    return day.isoformat() if day else "–"


class WorkingDays:
    """Which days are working days: Monday to Friday except the days in `closed` (public
    holidays and the like, given by the caller so that the engine needs no calendar
    package)."""

    def __init__(self, closed: Container[date] = frozenset()):
        self.closed = closed

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.closed

    def on_or_after(self, day: date) -> date:
        """`day` if it is a working day, else the next one (a due date on a Sunday is Monday)."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day
