"""Obligations that show what matters now, in the engine (no database): problems about records
that happened before tracking began are marked for the backlog, recurring duties never are,
and due dates fall on working days of the calendar the caller passes in."""

from datetime import date

from utblick.routines.engine import Facts, RoutineSpec, evaluate_routine, record
from utblick.routines.engine.dates import WorkingDays
from utblick.routines.tests.test_families import UNITS, check

TRACKING = date(2026, 12, 7)  # a Monday
INFORM_OFFICE = {
    "family": "notification",
    "register": "applications",
    "when": {"role": "lead", "submitted_on__empty": False},
    "notify": ["executive_office"],
    "after_field": "created_on",
    "within_days": 7,
}
REVIEW = {
    "family": "recurring_duty",
    "register": "memberships",
    "when": {"status": "active"},
    "every_months": 24,
    "done_field": "last_reviewed_on",
    "lead_days": 60,
}


def evaluate(raw, *, today=TRACKING, working_days=None, **records):
    facts = Facts(
        today=today,
        units=UNITS,
        records={name: tuple(found) for name, found in records.items()},
        tracking_since=TRACKING,
        working_days=working_days,
    )
    return evaluate_routine(RoutineSpec(key="r", checks=(check(**raw),)), facts)


def application(id, submitted_on, created_on=TRACKING):
    return record(
        "applications",
        id,
        label=f"Ansökan {id}",
        unit_id=4,
        role="lead",
        status="submitted",
        submitted_on=submitted_on,
        created_on=created_on,
    )


def test_a_problem_about_a_record_from_before_tracking_is_marked_for_the_backlog():
    old, new = application(1, date(2024, 3, 1)), application(2, date(2026, 12, 9))
    found = {f.record.id: f for f in evaluate(INFORM_OFFICE, applications=[old, new])}
    assert found[1].before_tracking is True
    assert found[2].before_tracking is False
    assert found[1].due_on == found[2].due_on == date(2026, 12, 14)


def test_a_record_registered_later_about_something_that_happened_before_is_backlog_too():
    imported = application(1, date(2025, 5, 1), created_on=date(2027, 3, 1))
    [found] = evaluate(INFORM_OFFICE, today=date(2027, 3, 1), applications=[imported])
    assert found.before_tracking is True


def test_a_recurring_duty_of_an_old_record_is_todays_work_not_backlog():
    membership = record(
        "memberships",
        1,
        label="ICLEI",
        unit_id=2,
        status="active",
        started_on=date(1995, 1, 1),
        last_reviewed_on=date(2025, 1, 20),
    )
    [found] = evaluate(REVIEW, memberships=[membership])
    assert found.due_on == date(2027, 1, 20)
    assert found.before_tracking is False


# 2026-12-24 julafton, 12-25 juldagen, 12-26 annandag jul (a Saturday), 12-27 a Sunday.
CHRISTMAS = WorkingDays(frozenset({date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 26)}))


def test_a_due_date_on_a_holiday_or_a_weekend_moves_to_the_next_working_day():
    submitted = application(1, date(2026, 12, 10), created_on=date(2026, 12, 17))
    [without] = evaluate(INFORM_OFFICE, applications=[submitted])
    [found] = evaluate(INFORM_OFFICE, working_days=CHRISTMAS, applications=[submitted])
    assert without.due_on == date(2026, 12, 24)
    assert found.due_on == date(2026, 12, 28)
    assert "2026-12-28" in found.explanation  # the sentence names the date that applies


def test_working_days_are_monday_to_friday_except_the_closed_days():
    days = WorkingDays(frozenset({date(2026, 6, 19)}))
    assert days.on_or_after(date(2026, 6, 18)) == date(2026, 6, 18)
    assert days.on_or_after(date(2026, 6, 19)) == date(2026, 6, 22)
    assert days.on_or_after(date(2026, 6, 20)) == date(2026, 6, 22)
    assert not days.is_working_day(date(2026, 6, 21))
