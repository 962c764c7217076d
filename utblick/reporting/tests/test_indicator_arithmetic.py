"""The arithmetic core, on plain rows: no database, no Django."""

import ast
from datetime import date
from decimal import Decimal
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from utblick.policy.profile_format import DERIVED_METRICS
from utblick.registers import lifecycle
from utblick.reporting.indicators import (
    METRICS,
    ActivityRow,
    ApplicationRow,
    MembershipRow,
    PartnershipRow,
    RegisterData,
    UnitRow,
    VisitRow,
    assess,
    compute,
    period_dates,
    period_figures,
    series,
)
from utblick.reporting.indicators import rows as row_module
from utblick.reporting.indicators.trend import (
    FIRST_VALUE,
    NO_DATA,
    RIGHT_WAY,
    TARGET_MET,
    UNCHANGED,
    WRONG_WAY,
)

TODAY = date(2026, 11, 22)


def app(id=1, **fields) -> ApplicationRow:
    values = {
        "id": id,
        "unit_id": 10,
        "status": "submitted",
        "programme": "Erasmus+",
        "requested_sek": Decimal("100000"),
        "granted_sek": None,
        "created_on": date(2024, 1, 10),
    }
    values.update(fields)
    return ApplicationRow(**values)


def data(**registers) -> RegisterData:
    return RegisterData(today=TODAY, **registers)


def test_every_derived_metric_of_the_profile_format_is_implemented():
    assert set(METRICS) == set(DERIVED_METRICS)


def test_the_core_has_no_django_imports():
    package = Path(row_module.__file__).parent
    for path in package.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n.split(".")[0] in ("django", "utblick") for n in names), path


def test_the_status_sets_agree_with_the_lifecycle():
    assert row_module.GRANTED_STATUSES == lifecycle.GRANTED_STATUSES
    assert lifecycle.GRANTED_STATUSES | {lifecycle.REJECTED} == row_module.DECIDED_STATUSES


# --- funding -------------------------------------------------------------------------------


def test_funding_applied_counts_the_requested_grant_in_the_year_of_submission():
    rows = data(
        applications=(
            app(1, submitted_on=date(2025, 3, 1), requested_sek=Decimal("1200000.40")),
            app(2, submitted_on=date(2025, 12, 31), requested_sek=Decimal("300000")),
            app(3, submitted_on=date(2024, 12, 31), requested_sek=Decimal("999")),
            app(4, status="preparing", requested_sek=Decimal("5000000")),  # not submitted
            app(5, submitted_on=date(2025, 6, 1), requested_sek=None),
        )
    )
    assert compute("external_funding_applied_sek", rows, 2025) == Decimal("1500000")
    assert compute("applications_count", rows, 2025) == 3
    assert compute("applications_count", rows, 2024) == 1


def test_funding_granted_counts_the_year_of_the_decision_else_the_start():
    rows = data(
        applications=(
            app(1, status="granted", decision_on=date(2025, 5, 1), granted_sek=Decimal("2000000")),
            app(2, status="closed", decision_on=date(2024, 5, 1), granted_sek=Decimal("100")),
            app(3, status="running", starts_on=date(2025, 1, 1), granted_sek=Decimal("500000")),
            app(4, status="rejected", decision_on=date(2025, 5, 1), granted_sek=None),
            app(5, status="withdrawn", decision_on=date(2025, 5, 1), granted_sek=Decimal("7")),
        )
    )
    assert compute("external_funding_granted_sek", rows, 2025) == Decimal("2500000")
    assert compute("applications_granted_count", rows, 2025) == 2
    assert compute("applications_granted_count", rows, 2024) == 1


def test_success_rate_is_granted_over_decided_and_none_without_decisions():
    rows = data(
        applications=(
            app(1, status="granted", decision_on=date(2025, 2, 1)),
            app(2, status="running", decision_on=date(2025, 3, 1), starts_on=date(2025, 4, 1)),
            app(3, status="rejected", decision_on=date(2025, 4, 1)),
            app(4, status="withdrawn", decision_on=date(2025, 4, 1)),  # not a decision
            app(5, status="submitted", submitted_on=date(2025, 4, 1)),
        )
    )
    assert compute("application_success_rate", rows, 2025) == Decimal("66.7")
    assert compute("application_success_rate", rows, 2023) is None


# --- participants --------------------------------------------------------------------------


def _participation_rows():
    return data(
        applications=(
            app(
                1,
                status="running",
                starts_on=date(2025, 9, 1),
                children_young=30,
                staff=4,
                elected=1,
            ),
            app(2, status="closed", starts_on=date(2023, 9, 1), children_young=500, staff=50),
            app(3, status="submitted", children_young=99, staff=99, elected=99),  # not started
        ),
        visits=(
            VisitRow(
                1, 10, "study", "outgoing", date(2025, 5, 5), children_young=12, staff=2, elected=3
            ),
            VisitRow(2, 10, "official", "incoming", date(2024, 5, 5), children_young=7),
        ),
        activities=(
            ActivityRow(1, 10, 2025, "done", staff=20, children_young=5),
            ActivityRow(2, 10, 2025, "cancelled", staff=1000, children_young=1000),
            ActivityRow(3, 10, 2025, "planned", staff=3),
        ),
    )


def test_children_and_young_people_come_from_projects_visits_and_activities():
    assert compute("children_young_participants", _participation_rows(), 2025) == 30 + 12 + 5


def test_staff_take_part_in_projects_visits_and_activities_that_took_place():
    assert compute("staff_participants", _participation_rows(), 2025) == 4 + 2 + 20 + 3


def test_elected_officials_come_from_projects_and_visits():
    assert compute("elected_participants", _participation_rows(), 2025) == 1 + 3


# --- projects, units, visits ---------------------------------------------------------------


def test_projects_with_municipalities_abroad_count_every_year_they_run():
    rows = data(
        applications=(
            app(
                1,
                status="running",
                starts_on=date(2024, 1, 1),
                ends_on=date(2026, 12, 31),
                with_municipality_abroad=True,
            ),
            app(
                2,
                status="closed",
                starts_on=date(2022, 1, 1),
                ends_on=date(2024, 6, 30),
                with_municipality_abroad=True,
            ),
            app(3, status="running", starts_on=date(2025, 1, 1), with_municipality_abroad=False),
            app(4, status="submitted", with_municipality_abroad=True),
        )
    )
    assert series("projects_with_municipalities_abroad", rows, [2023, 2024, 2025, 2027]) == {
        2023: 1,
        2024: 2,
        2025: 1,
        2027: 0,
    }


def test_share_of_units_counts_committees_administrations_and_companies_with_any_record():
    rows = data(
        units=(
            UnitRow(1, "committee"),
            UnitRow(2, "committee"),
            UnitRow(3, "administration"),
            UnitRow(4, "municipal_company"),
            UnitRow(5, "executive_office"),  # not measured, even with records
            UnitRow(6, "council"),
        ),
        applications=(app(1, unit_id=1, created_on=date(2025, 2, 1)),),
        visits=(VisitRow(1, 5, "study", "incoming", date(2025, 1, 1)),),
        activities=(ActivityRow(1, 3, 2025, "ongoing"), ActivityRow(2, 2, 2025, "cancelled")),
        memberships=(MembershipRow(1, 4, "active", date(2010, 1, 1)),),
    )
    assert compute("share_units_with_international_activity", rows, 2025) == Decimal("75.0")
    assert compute("share_units_with_international_activity", data(), 2025) is None


def test_conferences_hosted_and_study_visits_received():
    rows = data(
        visits=(
            VisitRow(1, 1, "conference_hosted", "incoming", date(2025, 3, 1)),
            VisitRow(2, 1, "conference_hosted", "incoming", date(2025, 9, 1)),
            VisitRow(3, 1, "conference_attended", "outgoing", date(2025, 3, 1)),
            VisitRow(4, 1, "study", "incoming", date(2025, 3, 1)),
            VisitRow(5, 1, "study", "outgoing", date(2025, 3, 1)),  # a visit made, not received
            VisitRow(6, 1, "study", "incoming", date(2024, 3, 1)),
        )
    )
    assert compute("conferences_hosted", rows, 2025) == 2
    assert compute("study_visits_received", rows, 2025) == 1


# --- memberships, lessons ------------------------------------------------------------------


def test_memberships_reviewed_on_time_use_the_interval_and_the_planned_next_review():
    rows = data(
        review_interval_months=24,
        memberships=(
            # reviewed 2024, next planned 2026: on time at the end of 2025
            MembershipRow(
                1,
                1,
                "active",
                date(2010, 1, 1),
                last_reviewed_on=date(2024, 3, 1),
                next_review_on=date(2026, 3, 1),
            ),
            # reviewed 2022, next planned 2024: overdue at the end of 2025
            MembershipRow(
                2,
                1,
                "active",
                date(2010, 1, 1),
                last_reviewed_on=date(2022, 3, 1),
                next_review_on=date(2024, 3, 1),
            ),
            # never reviewed, started 2025: not yet due
            MembershipRow(3, 1, "active", date(2025, 2, 1)),
            # never reviewed, started 2015: overdue
            MembershipRow(4, 1, "active", date(2015, 2, 1)),
            # ended before the year: not counted
            MembershipRow(5, 1, "ended", date(2015, 2, 1), ended_on=date(2024, 1, 1)),
            MembershipRow(6, 1, "proposed", None),
        ),
    )
    assert compute("memberships_reviewed_on_time_share", rows, 2025) == Decimal("50.0")


def test_an_earlier_year_is_judged_by_the_review_dates_the_history_kept():
    membership = MembershipRow(
        1,
        1,
        "active",
        date(2015, 1, 1),
        last_reviewed_on=date(2025, 3, 1),
        next_review_on=date(2027, 3, 1),
        review_dates=(date(2019, 6, 1), date(2025, 3, 1)),
    )
    rows = data(memberships=(membership,), review_interval_months=24)
    # End of 2020: the 2019 review was due again in June 2021: on time.
    assert compute("memberships_reviewed_on_time_share", rows, 2020) == 100
    # End of 2023: the 2019 review was due again in 2021: overdue.
    assert compute("memberships_reviewed_on_time_share", rows, 2023) == 0
    assert compute("memberships_reviewed_on_time_share", rows, 2025) == 100


def test_the_running_year_is_judged_today():
    membership = MembershipRow(
        1,
        1,
        "active",
        date(2015, 1, 1),
        last_reviewed_on=date(2024, 1, 1),
        next_review_on=date(2026, 12, 1),
    )
    rows = data(memberships=(membership,))
    assert compute("memberships_reviewed_on_time_share", rows, 2026) == 100  # today is 22 Nov


def test_lessons_learned_are_closed_projects_ending_in_the_year_with_lessons():
    rows = data(
        applications=(
            app(1, status="closed", ends_on=date(2025, 6, 1), has_lessons=True),
            app(2, status="closed", ends_on=date(2025, 6, 1), has_lessons=False),
            app(3, status="running", ends_on=date(2025, 6, 1), has_lessons=True),
            app(4, status="closed", ends_on=date(2024, 6, 1), has_lessons=True),
        )
    )
    assert compute("lessons_learned_count", rows, 2025) == 1


# --- periods, figures, trends --------------------------------------------------------------


def test_period_dates_follow_the_calendar_and_wrap_the_new_year():
    t1 = period_dates("01-01", "04-30", "05-31", 2026)
    assert (t1.start, t1.end, t1.due) == (date(2026, 1, 1), date(2026, 4, 30), date(2026, 5, 31))
    annual = period_dates("01-01", "12-31", "02-28", 2025)
    assert annual.due == date(2026, 2, 28) and annual.covers_whole_year
    season = period_dates("09-01", "02-29", "03-31", 2027)
    assert (season.end, season.due) == (date(2028, 2, 29), date(2028, 3, 31))
    assert period_dates("01-01", "02-29", "03-15", 2025).end == date(2025, 2, 28)


def test_period_figures_count_the_units_records_within_the_dates():
    rows = data(
        applications=(
            app(1, submitted_on=date(2026, 2, 1), requested_sek=Decimal("1000.4")),
            app(
                2,
                status="running",
                submitted_on=date(2025, 2, 1),
                decision_on=date(2026, 3, 1),
                starts_on=date(2026, 4, 1),
                granted_sek=Decimal("500"),
                children_young=10,
                staff=2,
            ),
        ),
        visits=(
            VisitRow(1, 10, "study", "incoming", date(2026, 4, 30), staff=3),
            VisitRow(2, 10, "conference_hosted", "incoming", date(2026, 5, 1)),
        ),
        activities=(ActivityRow(1, 10, 2026, "done", staff=4), ActivityRow(2, 10, 2026, "planned")),
    )
    figures = period_figures(rows, period_dates("01-01", "04-30", "05-31", 2026))
    assert figures.applications_submitted == 1
    assert figures.applied_sek == Decimal("1000")
    assert (figures.applications_granted, figures.granted_sek) == (1, Decimal("500"))
    assert (figures.visits, figures.study_visits_received, figures.conferences_hosted) == (1, 1, 0)
    assert (figures.activities, figures.activities_done) == (2, 1)
    assert (figures.children_young, figures.staff) == (10, 2 + 3 + 4)
    assert figures.as_json()["granted_sek"] == "500"


def test_assessment_compares_with_the_year_before_and_the_target():
    values = {2023: Decimal(4), 2024: None, 2025: Decimal(6)}
    assert assess(values, direction="increase").status == RIGHT_WAY
    assert assess(values, direction="decrease").status == WRONG_WAY
    assert assess(values, target=Decimal(6), direction="increase").status == TARGET_MET
    assert assess(values, target=Decimal(7), direction="decrease").status == TARGET_MET
    assert assess({2025: Decimal(3)}, baseline=Decimal(3)).status == UNCHANGED
    assert assess({2025: Decimal(3)}, baseline=Decimal(3), direction="maintain").status == RIGHT_WAY
    assert assess({2025: Decimal(3)}).status == FIRST_VALUE
    assert assess({2024: None, 2025: None}).status == NO_DATA
    change = assess(values)
    assert (change.latest_year, change.change, change.label) == (
        2025,
        2,
        "Utvecklas i önskad riktning",
    )


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["granted", "running", "closed", "rejected", "withdrawn", "submitted"]),
            st.integers(2020, 2026),
        ),
        max_size=30,
    )
)
def test_a_success_rate_is_a_percentage_or_nothing(applications):
    rows = data(
        applications=tuple(
            app(i, status=status, decision_on=date(year, 6, 1))
            for i, (status, year) in enumerate(applications)
        )
    )
    for year in range(2020, 2027):
        rate = compute("application_success_rate", rows, year)
        assert rate is None or 0 <= rate <= 100


def test_partnership_rows_are_active_in_the_years_they_run():
    row = PartnershipRow(1, 1, "active", date(2020, 5, 1), ends_on=date(2024, 4, 30))
    assert [y for y in range(2019, 2026) if row.active_in(y)] == [2020, 2021, 2022, 2023, 2024]
    assert not PartnershipRow(2, 1, "proposed", None).active_in(2025)
