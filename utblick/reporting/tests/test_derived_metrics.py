"""Every derived metric, computed from real register records through the set-based selectors."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from utblick.factories import (
    ActivityFactory,
    ApplicationFactory,
    MembershipFactory,
    UnitFactory,
    VisitFactory,
)
from utblick.policy.models import Routine
from utblick.policy.profile_format import DERIVED_METRICS
from utblick.registers.models import ProjectPartner
from utblick.reporting.indicators import compute
from utblick.reporting.selectors import register_snapshot, system_actor

TODAY = dt.date(2026, 6, 1)
YEAR = 2025


@pytest.fixture
def registers(world):
    home = world.home
    administration = UnitFactory(
        municipality=home, kind="administration", name="Kulturförvaltningen", parent=world.committee
    )
    company = UnitFactory(municipality=home, kind="municipal_company", name="Bostadsbolaget AB")
    UnitFactory(municipality=home, kind="executive_office", name="Kommunledningskontoret")

    def application(**fields):
        values = {"municipality": home, "unit": world.committee}
        values.update(fields)
        return ApplicationFactory(**values)

    euro = application(
        status="running",
        currency="EUR",
        eur_to_sek_rate=Decimal("11.5000"),
        total_budget=Decimal("400000"),
        requested_grant=Decimal("100000"),
        granted_amount=Decimal("80000"),
        submitted_on=dt.date(2025, 2, 1),
        decision_on=dt.date(2025, 6, 1),
        starts_on=dt.date(2025, 9, 1),
        ends_on=dt.date(2027, 8, 31),
        children_young_participants=40,
        staff_participants=6,
        elected_participants=2,
    )
    ProjectPartner.objects.create(
        application=euro, name="Stadt Kiel", country_id="DE", is_local_authority=True
    )
    home_partner = application(
        status="rejected",
        requested_grant=Decimal("500000"),
        submitted_on=dt.date(2025, 3, 1),
        decision_on=dt.date(2025, 9, 1),
    )
    ProjectPartner.objects.create(
        application=home_partner, name="Region Skåne", country_id="SE", is_local_authority=True
    )
    application(
        status="closed",
        unit=administration,
        requested_grant=Decimal("300000"),
        granted_amount=Decimal("250000"),
        submitted_on=dt.date(2023, 3, 1),
        decision_on=dt.date(2023, 9, 1),
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2025, 10, 31),
        lessons_learned="Börja med en förstudie.",
        children_young_participants=999,  # started 2024: not counted in 2025
    )
    application(
        status="submitted",
        requested_grant=Decimal("1000000"),
        submitted_on=dt.date(2025, 11, 1),
        archived_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),  # archived: never counted
    )
    VisitFactory(
        municipality=home,
        unit=world.committee,
        kind="conference_hosted",
        direction="incoming",
        starts_on=dt.date(2025, 4, 1),
        staff_participants=10,
    )
    VisitFactory(
        municipality=home,
        unit=world.committee,
        kind="study",
        direction="incoming",
        starts_on=dt.date(2025, 5, 1),
        elected_participants=3,
    )
    VisitFactory(
        municipality=home,
        unit=world.committee,
        kind="study",
        direction="outgoing",
        starts_on=dt.date(2025, 5, 1),
        children_young_participants=15,
    )
    ActivityFactory(
        municipality=home,
        unit=company,
        year=2025,
        status="done",
        staff_participants=7,
        children_young_participants=5,
    )
    ActivityFactory(
        municipality=home, unit=company, year=2025, status="cancelled", staff_participants=100
    )

    Routine.objects.create(
        municipality=home,
        key="provning",
        families="recurring_duty",
        registers="memberships",
        checks=[{"family": "recurring_duty", "register": "memberships", "every_months": 12}],
    )
    reviewed = MembershipFactory(
        municipality=home,
        unit=world.board,
        started_on=dt.date(2015, 1, 1),
        last_reviewed_on=dt.date(2023, 1, 10),
    )
    reviewed.last_reviewed_on = dt.date(2025, 5, 1)  # the history keeps 2023-01-10
    reviewed.save()
    MembershipFactory(
        municipality=home,
        unit=world.board,
        started_on=dt.date(2018, 1, 1),
        last_reviewed_on=dt.date(2024, 2, 1),
    )
    return world


EXPECTED_2025 = {
    # 100 000 EUR at 11.5 + 500 000 kr (the archived application is not counted)
    "external_funding_applied_sek": Decimal("1650000"),
    "external_funding_granted_sek": Decimal("920000"),  # 80 000 EUR at 11.5
    "applications_count": Decimal(2),
    "applications_granted_count": Decimal(1),
    "application_success_rate": Decimal("50.0"),  # granted 1 of 2 decided
    "children_young_participants": Decimal(40 + 15 + 5),
    "staff_participants": Decimal(6 + 10 + 7),
    "elected_participants": Decimal(2 + 3),
    "projects_with_municipalities_abroad": Decimal(1),  # Kiel, not Region Skåne
    # committees 2, administration 1, company 1 = 4; with records: Kultur (applications,
    # visits), the administration (a project ending 2025), the company (activities)
    "share_units_with_international_activity": Decimal("75.0"),
    "conferences_hosted": Decimal(1),
    "study_visits_received": Decimal(1),
    # 12-month interval: reviewed 2025-05 is on time; reviewed 2024-02 is overdue at year end
    "memberships_reviewed_on_time_share": Decimal("50.0"),
    "lessons_learned_count": Decimal(1),
}


def test_the_expectations_cover_every_metric():
    assert set(EXPECTED_2025) == set(DERIVED_METRICS)


@pytest.mark.django_db
@pytest.mark.parametrize("metric", sorted(DERIVED_METRICS))
def test_each_derived_metric_from_the_registers(registers, metric):
    snapshot = register_snapshot(system_actor(registers.home), today=TODAY)
    assert compute(metric, snapshot.data, YEAR) == EXPECTED_2025[metric]


@pytest.mark.django_db
def test_the_history_tells_an_earlier_years_review(registers):
    snapshot = register_snapshot(system_actor(registers.home), today=TODAY)
    assert snapshot.data.review_interval_months == 12
    # End of 2023: the first was reviewed 2023-01-10 (kept only in the history): on time; the
    # second had no review before 2024 and started in 2018: overdue.
    assert compute("memberships_reviewed_on_time_share", snapshot.data, 2023) == 50
    # End of 2022: neither had been reviewed within 12 months.
    assert compute("memberships_reviewed_on_time_share", snapshot.data, 2022) == 0


@pytest.mark.django_db
def test_another_municipalitys_records_are_not_counted(registers):
    ApplicationFactory(
        municipality=registers.other,
        unit=registers.foreign_unit,
        status="submitted",
        requested_grant=Decimal("7000000"),
        submitted_on=dt.date(2025, 5, 1),
    )
    snapshot = register_snapshot(system_actor(registers.home), today=TODAY)
    assert compute("external_funding_applied_sek", snapshot.data, YEAR) == Decimal("1650000")


@pytest.mark.django_db
def test_the_selectors_make_a_fixed_number_of_queries(registers):
    actor = system_actor(registers.home)
    with CaptureQueriesContext(connection) as first:
        register_snapshot(actor, today=TODAY)
    for n in range(20):
        ApplicationFactory(
            municipality=registers.home,
            unit=registers.committee,
            submitted_on=dt.date(2025, 1, 1 + n),
        )
        VisitFactory(municipality=registers.home, unit=registers.committee)
        MembershipFactory(municipality=registers.home, unit=registers.committee)
    with CaptureQueriesContext(connection) as second:
        register_snapshot(actor, today=TODAY)
    # applications, visits, activities, memberships, review history, partnerships, units,
    # the review interval
    assert len(first) == len(second) == 8
