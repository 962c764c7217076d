"""Sweden's working days, the calendar the engine moves due dates with.

A time limit that ends on a Saturday, a Sunday, another public holiday, midsommarafton,
julafton or nyårsafton runs to the next working day (lag (1930:173) om beräkning av
lagstadgad tid). The public holidays come from the `holidays` package; the three eves are
added here, as the law names them but the package counts them only among bank holidays.
"""

from __future__ import annotations

from datetime import date
from functools import cache

import holidays

from utblick.routines.engine.dates import WorkingDays


class SwedishClosedDays:
    """The days that are not working days besides Saturdays and Sundays."""

    def __init__(self):
        self.public = holidays.Sweden(include_sundays=False)

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date):
            return False
        if (day.month, day.day) in ((12, 24), (12, 31)):
            return True
        # Midsommarafton: the Friday between 19 and 25 June.
        if day.month == 6 and 19 <= day.day <= 25 and day.weekday() == 4:
            return True
        return day in self.public


@cache
def swedish_working_days() -> WorkingDays:
    return WorkingDays(SwedishClosedDays())
