"""The start page by role: coordinators see the whole municipality, unit editors their units,
readers a summary; the obligations slot is filled once routines is installed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from utblick.policy.models import PriorityArea
from utblick.routines.models import Obligation
from utblick.web import dashboard


@pytest.fixture
def busy(world, make):
    """A municipality with something in every dashboard section."""
    today = timezone.localdate()
    area = PriorityArea.objects.create(municipality=world.home, key="p", name="Profilering")
    ours = make(
        "applications",
        world.home,
        world.committee,
        title="Vårt projekt",
        status="running",
        submitted_on=dt.date(2025, 2, 1),
        granted_amount=Decimal(400000),
        starts_on=dt.date(2025, 6, 1),
        total_budget=Decimal(1000000),
    )
    ours.priority_areas.add(area)
    make(
        "applications",
        world.home,
        world.other_committee,
        title="Deras projekt",
        total_budget=Decimal(2500000),
    )
    make(
        "visits",
        world.home,
        world.committee,
        title="Besök från Tartu",
        starts_on=today + dt.timedelta(days=10),
    )
    make(
        "visits",
        world.home,
        world.other_committee,
        title="Resa till Bryssel",
        starts_on=today + dt.timedelta(days=20),
    )
    make(
        "memberships",
        world.home,
        world.committee,
        organisation="Eurocities",
        next_review_on=today - dt.timedelta(days=5),
        last_reviewed_on=today - dt.timedelta(days=400),
    )
    make(
        "partnerships",
        world.home,
        world.other_committee,
        title="Avtal med Kiel",
        ends_on=today + dt.timedelta(days=60),
    )
    make(
        "matters",
        world.home,
        world.committee,
        title="Beslut om medlemskap",
        outcome="approved",
        decided_on=today - dt.timedelta(days=3),
        body=world.board,
    )
    return world


def test_a_coordinator_sees_the_whole_municipality(busy, signed_in):
    html = signed_in(busy.alice).get("/").content.decode()
    assert html.count("<h1") == 1
    assert "Ansökningar och projekt per steg" in html
    assert "1\xa0000\xa0000\xa0kr" in html and "2\xa0500\xa0000\xa0kr" in html
    assert "Besök från Tartu" in html and "Resa till Bryssel" in html
    assert "Eurocities" in html and "Försenad" in html
    assert "Avtal med Kiel" in html
    assert "Ansökningar per program och år" in html and 'role="img"' in html
    assert "Visa siffrorna som tabell" in html
    assert "Arbete per prioriterat område" in html and "?priority_area=" in html
    assert "Senaste besluten" not in html


def test_a_unit_editor_sees_its_units_only(busy, signed_in):
    html = signed_in(busy.bob).get("/").content.decode()
    assert "Besök från Tartu" in html
    assert "Resa till Bryssel" not in html
    assert "Avtal med Kiel" not in html
    assert "2\xa0500\xa0000\xa0kr" not in html
    assert "dina enheters poster" in html


def test_a_reader_sees_a_summary(busy, signed_in):
    html = signed_in(busy.carol).get("/").content.decode()
    assert "Senaste besluten" in html and "Beslut om medlemskap" in html
    assert "Ansökningar och projekt per steg" not in html
    assert "Projekt som pågår" in html  # a key figure
    assert "400\xa0000\xa0kr" in html  # granted, all projects


def test_week_numbers_stand_beside_planned_dates(busy, signed_in):
    html = signed_in(busy.alice).get("/").content.decode()
    starts = timezone.localdate() + dt.timedelta(days=10)
    assert f'{starts.isoformat()}</time> <span class="week">v. {starts.isocalendar().week}' in html


def test_the_obligations_slot_shows_open_obligations_due_or_overdue(busy, signed_in):
    from utblick.policy.models import Routine

    obligation_model = Obligation
    routine = Routine.objects.create(municipality=busy.home, key="r", families="notification")
    today = timezone.localdate()
    for title, due, status in (
        ("Informera KS", today - dt.timedelta(days=2), "open"),
        ("Pröva medlemskapet", today + dt.timedelta(days=7), "open"),
        ("Långt fram", today + dt.timedelta(days=90), "open"),
        ("Redan gjord", today - dt.timedelta(days=9), "done"),
    ):
        obligation_model.objects.create(
            municipality=busy.home,
            routine=routine,
            dedupe_key=title,
            kind="obligation",
            title=title,
            due_on=due,
            status=status,
        )
    html = signed_in(busy.alice).get("/").content.decode()
    assert "Åtgärder som förfaller eller är försenade" in html
    assert "Informera KS" in html and "Pröva medlemskapet" in html
    assert "Långt fram" not in html and "Redan gjord" not in html


def test_the_chart_counts_applications_per_programme_and_year(busy):
    chart = dashboard.applications_chart(busy.actor(busy.alice))
    assert chart.grand_total == 2
    assert "2025" in chart.categories


def test_a_long_panel_shows_its_first_rows_the_count_and_a_link_to_the_full_list(
    world, make, signed_in
):
    today = timezone.localdate()
    for n in range(dashboard.PANEL_LIMIT + 3):
        make(
            "memberships",
            world.home,
            world.committee,
            organisation=f"Nätverk {n:02}",
            next_review_on=today + dt.timedelta(days=n),
        )
    html = signed_in(world.alice).get("/").content.decode()
    assert "Nätverk 09" in html and "Nätverk 10" not in html
    assert f"{dashboard.PANEL_LIMIT} av {dashboard.PANEL_LIMIT + 3} visas." in html
    assert 'href="/medlemskap/?status=active&amp;ordering=next_review_on"' in html
    full = signed_in(world.alice).get("/medlemskap/?status=active&ordering=next_review_on")
    assert "Nätverk 12" in full.content.decode()
