"""Sweden's working days (lag (1930:173) om beräkning av lagstadgad tid): the calendar the
routines' due dates follow."""

from datetime import date

import pytest

from utblick.routines.working_days import swedish_working_days

DAYS = swedish_working_days()


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 1, 1), "nyårsdagen"),
        (date(2026, 1, 6), "trettondedag jul"),
        (date(2026, 4, 3), "långfredagen"),
        (date(2026, 4, 6), "annandag påsk"),
        (date(2026, 5, 1), "första maj"),
        (date(2026, 5, 14), "Kristi himmelsfärdsdag"),
        (date(2026, 6, 19), "midsommarafton"),
        (date(2027, 6, 25), "midsommarafton"),
        (date(2026, 12, 24), "julafton"),
        (date(2026, 12, 25), "juldagen"),
        (date(2026, 12, 31), "nyårsafton"),
        (date(2026, 6, 6), "nationaldagen, en lördag"),
        (date(2026, 12, 6), "en söndag"),
    ],
)
def test_holidays_eves_and_weekends_are_not_working_days(day, name):
    assert not DAYS.is_working_day(day), name


@pytest.mark.parametrize(
    "day",
    [date(2026, 12, 7), date(2026, 12, 23), date(2026, 6, 18), date(2026, 6, 26), date(2026, 4, 2)],
)
def test_ordinary_weekdays_are_working_days(day):
    assert DAYS.is_working_day(day)


def test_a_time_limit_ending_on_nyarsafton_runs_to_the_first_working_day_of_the_year():
    assert DAYS.on_or_after(date(2026, 12, 31)) == date(2027, 1, 4)
