"""Calendar arithmetic for reporting periods ("MM-DD" days of the year). No Django.

A period "of year Y" starts in Y (the routines engine counts the same way: the annual report
due in February 2027 is the report for 2026). A period that wraps the new year (start after
end) ends in Y + 1. A due day that falls before the period's end in calendar order is in the
year after the end.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

# The period key of a yearly value that belongs to no reporting period (IndicatorValue).
WHOLE_YEAR = "year"


def month_day(year: int, mm_dd: str) -> date:
    """`"MM-DD"` in `year`; `"02-29"` is the 28th in a year that is not a leap year."""
    month, day = (int(part) for part in mm_dd.split("-"))
    if month == 2 and day == 29 and not calendar.isleap(year):
        day = 28
    return date(year, month, day)


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months; the 31st becomes the last day of a shorter month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


@dataclass(frozen=True)
class PeriodDates:
    start: date
    end: date
    due: date

    @property
    def covers_whole_year(self) -> bool:
        return (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31)

    def contains(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end


def period_dates(period_start: str, period_end: str, due: str, year: int) -> PeriodDates:
    start = month_day(year, period_start)
    end_year = year + 1 if period_end < period_start else year
    end = month_day(end_year, period_end)
    due_year = end_year + 1 if due < period_end else end_year
    return PeriodDates(start, end, month_day(due_year, due))
