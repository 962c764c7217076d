"""The plans and goals pages: the common action plan, manual indicator values, accessibility."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from utblick.factories import ActivityFactory, PersonFactory, UnitFactory
from utblick.planning.models import IndicatorValue
from utblick.policy.models import Commitment, Goal, Indicator, PriorityArea
from utblick.reporting.tests.helpers import statements

pytestmark = pytest.mark.django_db
YEAR = 2026


@pytest.fixture
def policy(world):
    home = world.home
    area = PriorityArea.objects.create(
        municipality=home, key="utveckling", name="Verksamhetsutveckling", order=1
    )
    other_area = PriorityArea.objects.create(
        municipality=home, key="profilering", name="Profilering", order=2
    )
    commitment = Commitment.objects.create(
        municipality=home, key="brett", priority_area=area, text="Brett deltagande i projekt"
    )
    goal = Goal.objects.create(
        municipality=home, key="deltagande", name="Fler medarbetare i projekt", priority_area=area
    )
    Indicator.objects.create(
        municipality=home,
        key="personal",
        goal=goal,
        name="Medarbetare i projekt",
        kind="derived",
        metric="staff_participants",
        target=Decimal(50),
    )
    Indicator.objects.create(
        municipality=home,
        key="enkat",
        goal=goal,
        name="Andel nöjda medarbetare",
        kind="manual",
        unit="%",
    )
    return world, area, other_area, commitment


def _activity(world, unit, title, areas=(), commitments=(), **fields):
    activity = ActivityFactory(municipality=world.home, unit=unit, title=title, year=YEAR, **fields)
    activity.priority_areas.set(areas)
    activity.commitments.set(commitments)
    return activity


def test_the_action_plan_groups_every_units_activities_by_area_and_unit(policy, signed_in):
    world, area, other_area, commitment = policy
    owner = PersonFactory(municipality=world.home, name="Stina Ek")
    _activity(
        world,
        world.committee,
        "Lärarutbyte i Tartu",
        [area],
        [commitment],
        owner=owner,
        status="ongoing",
    )
    _activity(world, world.other_committee, "Klimatkonferens", [area, other_area])
    _activity(world, world.committee, "Utan område")
    ActivityFactory(
        municipality=world.other,
        unit=world.foreign_unit,
        title="Annan kommuns aktivitet",
        year=YEAR,
    )
    html = signed_in(world.carol).get(f"/uppfoljning/handlingsplan/?ar={YEAR}").content.decode()
    assert html.count("<h1") == 1
    sections = re.split(r"<h2 ", html)
    development = next(
        s
        for s in sections
        if s.split("</h2>")[0].endswith('Verksamhetsutveckling <span class="count">(2)</span>')
    )
    assert "Lärarutbyte i Tartu" in development and "Klimatkonferens" in development
    assert "Brett deltagande i projekt" in development and "Stina Ek" in development
    assert development.index(world.committee.name) < development.index("Lärarutbyte")
    profiling = next(s for s in sections if "Profilering" in s.split("</h2>")[0])
    assert "Klimatkonferens" in profiling and "Lärarutbyte" not in profiling
    unlinked = next(s for s in sections if "Utan koppling" in s.split("</h2>")[0])
    assert "Utan område" in unlinked
    assert "Annan kommuns aktivitet" not in html
    assert '<th scope="col">Aktivitet</th>' in html


def test_one_units_plan(policy, signed_in):
    world, area, _other, _c = policy
    _activity(world, world.committee, "Lärarutbyte i Tartu", [area])
    _activity(world, world.other_committee, "Klimatkonferens", [area])
    html = (
        signed_in(world.bob)
        .get(f"/uppfoljning/handlingsplan/?ar={YEAR}&enhet={world.other_committee.pk}")
        .content.decode()
    )
    assert "Klimatkonferens" in html and "Lärarutbyte" not in html


def test_the_action_plan_is_a_fixed_number_of_queries(policy, signed_in):
    world, area, other_area, commitment = policy
    alice = signed_in(world.alice)
    address = f"/uppfoljning/handlingsplan/?ar={YEAR}"
    _activity(world, world.committee, "Första", [area], [commitment])
    alice.get(address)
    with CaptureQueriesContext(connection) as few:
        alice.get(address)
    for n in range(15):
        unit = UnitFactory(municipality=world.home, name=f"Förvaltning {n}", kind="administration")
        _activity(
            world,
            unit,
            f"Aktivitet {n}",
            [area, other_area],
            [commitment],
            owner=PersonFactory(municipality=world.home),
        )
    with CaptureQueriesContext(connection) as many:
        alice.get(address)
    # session, user, roles, actor, units for the filter, years, activities (+ owner, unit),
    # their areas, commitments and goals, the priority areas
    assert statements(few) == statements(many) == 11


def test_goals_show_trends_and_the_executive_office_enters_manual_values(policy, signed_in):
    world, *_ = policy
    ActivityFactory(
        municipality=world.home,
        unit=world.committee,
        year=YEAR,
        staff_participants=12,
        status="done",
    )
    alice = signed_in(world.alice)
    html = alice.get(f"/uppfoljning/mal/?ar={YEAR}").content.decode()
    assert "Fler medarbetare i projekt" in html and "Medarbetare i projekt" in html
    assert ">12<" in html and "Utvecklas i önskad riktning" in html  # from 0 the year before
    indicator = Indicator.objects.get(key="enkat")
    response = alice.post(
        f"/uppfoljning/mal/indikator/{indicator.pk}/",
        {"year": YEAR, "value": "62,5", "comment": "Medarbetarenkäten"},
    )
    assert response.status_code == 302
    value = IndicatorValue.objects.get(indicator=indicator, year=YEAR)
    assert (value.value, value.entered_by, value.period) == (Decimal("62.5"), world.alice, "year")
    html = alice.get(f"/uppfoljning/mal/?ar={YEAR}").content.decode()
    assert "62,5\u00a0%" in html
    alice.post(
        f"/uppfoljning/mal/indikator/{indicator.pk}/",
        {"year": YEAR, "value": "70", "version": value.version},
    )
    value.refresh_from_db()
    assert value.value == 70 and value.history.count() == 2


def test_only_the_executive_office_enters_indicator_values(policy, signed_in):
    world, *_ = policy
    manual = Indicator.objects.get(key="enkat")
    derived = Indicator.objects.get(key="personal")
    assert (
        signed_in(world.carol)
        .post(f"/uppfoljning/mal/indikator/{manual.pk}/", {"year": YEAR, "value": "1"})
        .status_code
        == 403
    )
    assert (
        signed_in(world.bob)
        .post(f"/uppfoljning/mal/indikator/{manual.pk}/", {"year": YEAR, "value": "1"})
        .status_code
        == 403
    )
    assert (
        signed_in(world.mallory)
        .post(f"/uppfoljning/mal/indikator/{manual.pk}/", {"year": YEAR, "value": "1"})
        .status_code
        == 404
    )
    signed_in(world.alice).post(
        f"/uppfoljning/mal/indikator/{derived.pk}/", {"year": YEAR, "value": "1"}
    )
    assert not IndicatorValue.objects.exists()


def test_every_page_has_one_heading_and_forms_carry_csrf(policy, signed_in, world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.alice)
    for address in (
        "/uppfoljning/",
        "/uppfoljning/handlingsplan/",
        "/uppfoljning/mal/",
        "/uppfoljning/arsrapport/",
        "/uppfoljning/verksamhetsrapporter/",
    ):
        html = client.get(address).content.decode()
        assert html.count("<h1") == 1, address
        for form in re.findall(r'<form[^>]*method="post".*?</form>', html, re.S):
            assert "csrfmiddlewaretoken" in form, address
    assert (
        client.post("/uppfoljning/arsrapport/ny/", {"year": YEAR, "format": "pdf"}).status_code
        == 403
    )


def test_templates_have_no_inline_scripts_styles_or_handlers():
    root = Path(__file__).resolve().parents[1] / "templates"
    for path in root.rglob("*.html"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"<script|<style|\sstyle=|\son[a-z]+=", source), path
