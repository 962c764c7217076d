"""The derived indicators: one function per metric in `policy.profile_format.DERIVED_METRICS`.

Each takes the municipality's register rows and a calendar year and returns a Decimal (counts
are whole numbers, kronor are rounded to whole kronor, shares are percent 0–100 with one
decimal) or None where the year has nothing to measure (a share of nothing). No Django.

What counts in a year (documented in docs/reporting.md):

* applied for: applications submitted in the year, their requested grant in kronor;
* granted: applications whose funder said yes in the year (decision date, else project start);
* success rate: granted ÷ decided (granted, running, closed or rejected) among the year's
  decisions;
* participants: projects that start in the year, visits that start in the year, and the
  year's activities that took place (not cancelled or postponed);
* projects with municipalities abroad: granted projects running in the year with a partner
  that is a municipality or region outside Sweden;
* share of units: committees, administrations and companies with any application, visit,
  activity, membership or partnership in the year ÷ all of them;
* memberships reviewed on time: of the memberships in force at the end of the year (or
  today, for the current year), those whose latest review was not overdue;
* lessons learned: closed projects that ended in the year with lessons written down.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .periods import add_months
from .rows import (
    ACTIVITY_UNIT_KINDS,
    CLOSED,
    CONFERENCE_HOSTED,
    DECIDED_STATUSES,
    GRANTED_STATUSES,
    HOME_COUNTRY,
    INCOMING,
    STUDY_VISIT,
    MembershipRow,
    RegisterData,
)

Metric = Callable[[RegisterData, int], Decimal | None]

ONE = Decimal("1")
TENTH = Decimal("0.1")


def whole(value: Decimal | int) -> Decimal:
    return Decimal(value).quantize(ONE, rounding=ROUND_HALF_UP)


def percent(part: int, total: int) -> Decimal | None:
    if total == 0:
        return None
    return (Decimal(part) * 100 / Decimal(total)).quantize(TENTH, rounding=ROUND_HALF_UP)


def _sum(values: Iterable[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), start=Decimal(0))


# --- funding -------------------------------------------------------------------------------


def external_funding_applied_sek(data: RegisterData, year: int) -> Decimal:
    return whole(
        _sum(
            a.requested_sek
            for a in data.applications
            if a.submitted_on and a.submitted_on.year == year
        )
    )


def external_funding_granted_sek(data: RegisterData, year: int) -> Decimal:
    return whole(
        _sum(
            a.granted_sek
            for a in data.applications
            if a.status in GRANTED_STATUSES and a.decision_year == year
        )
    )


def applications_count(data: RegisterData, year: int) -> Decimal:
    return Decimal(
        sum(1 for a in data.applications if a.submitted_on and a.submitted_on.year == year)
    )


def applications_granted_count(data: RegisterData, year: int) -> Decimal:
    return Decimal(
        sum(
            1 for a in data.applications if a.status in GRANTED_STATUSES and a.decision_year == year
        )
    )


def application_success_rate(data: RegisterData, year: int) -> Decimal | None:
    decided = [
        a for a in data.applications if a.status in DECIDED_STATUSES and a.decision_year == year
    ]
    granted = sum(1 for a in decided if a.status in GRANTED_STATUSES)
    return percent(granted, len(decided))


# --- participants --------------------------------------------------------------------------


def _participants(data: RegisterData, year: int, attribute: str, *, activities: bool) -> Decimal:
    total = sum(
        getattr(a, attribute)
        for a in data.applications
        if a.status in GRANTED_STATUSES and a.starts_on and a.starts_on.year == year
    )
    total += sum(getattr(v, attribute) for v in data.visits if v.starts_on.year == year)
    if activities:
        total += sum(
            getattr(a, attribute) for a in data.activities if a.year == year and a.took_place
        )
    return Decimal(total)


def children_young_participants(data: RegisterData, year: int) -> Decimal:
    return _participants(data, year, "children_young", activities=True)


def staff_participants(data: RegisterData, year: int) -> Decimal:
    return _participants(data, year, "staff", activities=True)


def elected_participants(data: RegisterData, year: int) -> Decimal:
    # Activities record no elected officials.
    return _participants(data, year, "elected", activities=False)


# --- projects, units, visits ---------------------------------------------------------------


def projects_with_municipalities_abroad(data: RegisterData, year: int) -> Decimal:
    return Decimal(
        sum(1 for a in data.applications if a.with_municipality_abroad and a.active_in(year))
    )


def units_with_international_activity(data: RegisterData, year: int) -> set[int]:
    """The ids of units with any application, visit, activity, membership or partnership."""
    ids: set[int] = set()
    for a in data.applications:
        touched = (
            a.created_on.year == year
            or (a.submitted_on and a.submitted_on.year == year)
            or a.decision_year == year
            or a.active_in(year)
        )
        if touched:
            ids.add(a.unit_id)
    ids.update(v.unit_id for v in data.visits if v.starts_on.year == year)
    ids.update(a.unit_id for a in data.activities if a.year == year and a.took_place)
    ids.update(m.unit_id for m in data.memberships if m.active_in(year))
    ids.update(p.unit_id for p in data.partnerships if p.active_in(year))
    return ids


def share_units_with_international_activity(data: RegisterData, year: int) -> Decimal | None:
    measured = {u.id for u in data.units if u.kind in ACTIVITY_UNIT_KINDS}
    active = units_with_international_activity(data, year) & measured
    return percent(len(active), len(measured))


def conferences_hosted(data: RegisterData, year: int) -> Decimal:
    return Decimal(
        sum(1 for v in data.visits if v.kind == CONFERENCE_HOSTED and v.starts_on.year == year)
    )


def study_visits_received(data: RegisterData, year: int) -> Decimal:
    return Decimal(
        sum(
            1
            for v in data.visits
            if v.kind == STUDY_VISIT and v.direction == INCOMING and v.starts_on.year == year
        )
    )


# --- memberships, lessons ------------------------------------------------------------------


def reference_day(data: RegisterData, year: int) -> date:
    """The day a year is judged on: its last day, or today while the year is running."""
    return min(date(year, 12, 31), data.today)


def review_due(membership: MembershipRow, day: date, interval_months: int) -> date | None:
    """When the membership's next review was due, as seen on `day`.

    The latest review on or before `day` plus the interval, or the planned next review when
    that latest review is the current one; a membership never reviewed is due one interval
    after it started.
    """
    earlier = [r for r in membership.review_dates if r <= day]
    if membership.last_reviewed_on and membership.last_reviewed_on <= day:
        earlier.append(membership.last_reviewed_on)
    latest = max(earlier, default=None)
    if latest is not None:
        if latest == membership.last_reviewed_on and membership.next_review_on:
            return membership.next_review_on
        return add_months(latest, interval_months)
    if membership.started_on:
        return add_months(membership.started_on, interval_months)
    return None


def reviewed_on_time(membership: MembershipRow, day: date, interval_months: int) -> bool:
    due = review_due(membership, day, interval_months)
    return due is not None and day <= due


def memberships_reviewed_on_time_share(data: RegisterData, year: int) -> Decimal | None:
    day = reference_day(data, year)
    in_force = [m for m in data.memberships if m.active_on(day)]
    on_time = sum(1 for m in in_force if reviewed_on_time(m, day, data.review_interval_months))
    return percent(on_time, len(in_force))


def lessons_learned_count(data: RegisterData, year: int) -> Decimal:
    return Decimal(
        sum(
            1
            for a in data.applications
            if a.status == CLOSED and a.has_lessons and a.ends_on and a.ends_on.year == year
        )
    )


METRICS: dict[str, Metric] = {
    "external_funding_applied_sek": external_funding_applied_sek,
    "external_funding_granted_sek": external_funding_granted_sek,
    "applications_count": applications_count,
    "applications_granted_count": applications_granted_count,
    "application_success_rate": application_success_rate,
    "children_young_participants": children_young_participants,
    "staff_participants": staff_participants,
    "elected_participants": elected_participants,
    "projects_with_municipalities_abroad": projects_with_municipalities_abroad,
    "share_units_with_international_activity": share_units_with_international_activity,
    "conferences_hosted": conferences_hosted,
    "study_visits_received": study_visits_received,
    "memberships_reviewed_on_time_share": memberships_reviewed_on_time_share,
    "lessons_learned_count": lessons_learned_count,
}

__all__ = ["HOME_COUNTRY", "METRICS", "compute", "series"]


def compute(metric: str, data: RegisterData, year: int) -> Decimal | None:
    """The metric's value for the year; KeyError for a metric that does not exist."""
    return METRICS[metric](data, year)


def series(metric: str, data: RegisterData, years: Iterable[int]) -> dict[int, Decimal | None]:
    function = METRICS[metric]
    return {year: function(data, year) for year in years}
