"""Register lists: filters, free-text search, sorting, pagination, the archived toggle, htmx."""

import datetime as dt
import re
from decimal import Decimal

import pytest

from utblick.core.access import scoped
from utblick.policy.models import PriorityArea
from utblick.reference.models import EUProgramme
from utblick.registry import BY_KEY, REGISTERS
from utblick.web.views.records import PAGE_SIZE


def _rows(response) -> list[str]:
    """The linked names in the first column of the list, in order."""
    return re.findall(r'<th scope="row"><a href="[^"]*">([^<]*)</a>', response.content.decode())


@pytest.mark.parametrize("register", REGISTERS, ids=lambda r: r.key)
def test_it_lists_every_register_with_its_columns(world, make, signed_in, register):
    record = make(register.key, world.home, world.committee)
    response = signed_in(world.carol).get(register.list_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert record.get_absolute_url() in html
    for column in register.columns:
        assert register.label(column) in html
    assert html.count("<h1") == 1


def test_it_filters_by_unit_and_status(world, make, signed_in):
    ours = make("memberships", world.home, world.committee, organisation="Eurocities")
    make("memberships", world.home, world.other_committee, organisation="UBC")
    make("memberships", world.home, world.committee, organisation="CEMR", status="proposed")
    alice = signed_in(world.alice)
    response = alice.get("/medlemskap/", {"unit": world.committee.pk, "status": "active"})
    assert _rows(response) == [ours.organisation]


def test_it_filters_by_priority_area_programme_year_and_country(world, make, signed_in):
    area = PriorityArea.objects.create(municipality=world.home, key="a", name="Profilering")
    programme = EUProgramme.objects.get(code="ERASMUS+")
    linked = make("applications", world.home, world.committee, title="Erasmus-utbyte")
    linked.priority_areas.add(area)
    linked.programme = programme
    linked.save()
    make("applications", world.home, world.committee, title="Annat")
    alice = signed_in(world.alice)
    assert _rows(alice.get("/ansokningar/", {"priority_area": area.pk})) == ["Erasmus-utbyte"]
    assert _rows(alice.get("/ansokningar/", {"programme": programme.pk})) == ["Erasmus-utbyte"]
    make("visits", world.home, world.committee, title="Tartu", country_id="EE")
    make("visits", world.home, world.committee, title="Bonn", starts_on=dt.date(2024, 3, 1))
    assert _rows(alice.get("/besok/", {"country": "EE"})) == ["Tartu"]
    assert _rows(alice.get("/besok/", {"year": 2024})) == ["Bonn"]


def test_filters_offer_only_this_municipalitys_units_and_areas(world, signed_in):
    PriorityArea.objects.create(municipality=world.other, key="b", name="Främmande område")
    html = signed_in(world.alice).get("/aktiviteter/").content.decode()
    assert world.committee.name in html
    assert world.foreign_unit.name not in html
    assert "Främmande område" not in html


def test_it_searches_free_text(world, make, signed_in):
    make("partnerships", world.home, world.committee, title="Vänort Tartu", counterpart="Tartu")
    make("partnerships", world.home, world.committee, title="Samarbete Kiel", counterpart="Kiel")
    assert _rows(signed_in(world.carol).get("/partnerskap/", {"q": "tart"})) == ["Vänort Tartu"]


def test_it_sorts_by_a_column_both_ways_and_marks_the_header(world, make, signed_in):
    for title, budget in (("B", 300), ("A", 100), ("C", 200)):
        make("applications", world.home, world.committee, title=title, total_budget=Decimal(budget))
    alice = signed_in(world.alice)
    ascending = alice.get("/ansokningar/", {"ordering": "total_budget"})
    assert _rows(ascending) == ["A", "C", "B"]
    assert 'aria-sort="ascending"' in ascending.content.decode()
    descending = alice.get("/ansokningar/", {"ordering": "-title"})
    assert _rows(descending) == ["C", "B", "A"]
    assert 'aria-sort="descending"' in descending.content.decode()


def test_an_unknown_sort_is_ignored(world, make, signed_in):
    make("activities", world.home, world.committee)
    assert signed_in(world.alice).get("/aktiviteter/", {"ordering": "password"}).status_code == 200


def test_it_paginates(world, make, signed_in):
    for number in range(PAGE_SIZE + 3):
        make("activities", world.home, world.committee, title=f"Aktivitet {number:02d}")
    alice = signed_in(world.alice)
    first = alice.get("/aktiviteter/", {"ordering": "title"})
    second = alice.get("/aktiviteter/", {"ordering": "title", "page": 2})
    assert len(_rows(first)) == PAGE_SIZE
    assert _rows(second) == [f"Aktivitet {n:02d}" for n in range(PAGE_SIZE, PAGE_SIZE + 3)]
    assert 'aria-label="Sidor"' in first.content.decode()
    assert "?ordering=title&amp;page=2" in first.content.decode()


def test_archived_records_show_only_with_the_toggle(world, make, signed_in):
    make("visits", world.home, world.committee, title="Aktuellt")
    old = make("visits", world.home, world.committee, title="Gammalt")
    old.archived_at = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    old.save()
    alice = signed_in(world.alice)
    assert _rows(alice.get("/besok/")) == ["Aktuellt"]
    archived = alice.get("/besok/", {"archived": "on"})
    assert _rows(archived) == ["Gammalt"]
    assert "Arkiverad" in archived.content.decode()


def test_htmx_gets_only_the_results(world, make, signed_in):
    make("memberships", world.home, world.committee, organisation="Eurocities")
    response = signed_in(world.alice).get(
        "/medlemskap/",
        {"q": "euro", "unit": "", "status": ""},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="results",
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert "<html" not in html
    assert 'hx-swap-oob="true"' in html  # the count, announced to screen readers
    assert "HX-Request" in response["Vary"]
    assert response["HX-Push-Url"] == "/medlemskap/?q=euro"


def test_the_list_says_what_a_coordinator_may_create(world, signed_in):
    register = BY_KEY["memberships"]
    assert register.create_url in signed_in(world.alice).get(register.list_url).content.decode()
    assert register.create_url not in signed_in(world.carol).get(register.list_url).content.decode()
    units = BY_KEY["units"]
    assert units.create_url not in signed_in(world.bob).get(units.list_url).content.decode()


def test_the_scoped_choices_come_from_core_access(world):
    """A guard for the fixtures above: the two municipalities' areas are apart."""
    actor = world.actor(world.alice)
    assert not scoped(PriorityArea, actor).filter(municipality=world.other).exists()
