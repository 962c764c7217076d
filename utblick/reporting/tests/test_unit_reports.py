"""The units' period reports: submit, return, approve, lock, reopen — and who may do what."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from utblick.core.errors import StaleVersion
from utblick.factories import ApplicationFactory, UnitFactory, VisitFactory
from utblick.planning.models import UnitReport
from utblick.policy.models import PriorityArea, ReportingPeriod
from utblick.reporting import follow_up as services
from utblick.reporting.tests.helpers import statements

pytestmark = pytest.mark.django_db
YEAR = dt.date.today().year


@pytest.fixture
def calendar(world):
    for order, (key, name, end, due) in enumerate(
        (
            ("t1", "Tertialrapport 1", "04-30", "05-31"),
            ("annual", "Årsredovisning", "12-31", "02-28"),
        )
    ):
        ReportingPeriod.objects.create(
            municipality=world.home,
            key=key,
            order=order,
            name=name,
            period_start="01-01",
            period_end=end,
            due=due,
            reporters=["committee"],
            recipient="executive_board",
        )
    PriorityArea.objects.create(
        municipality=world.home, key="utveckling", name="Verksamhetsutveckling", order=1
    )
    PriorityArea.objects.create(
        municipality=world.home, key="profilering", name="Profilering", order=2
    )
    return world


def url(world, unit=None, action="", period="annual", year=YEAR):
    unit = unit or world.committee
    return f"/uppfoljning/verksamhetsrapporter/{year}/{period}/{unit.pk}/{action}"


def version_of(response) -> str:
    return re.search(r'name="version" value="(\d+)"', response.content.decode()).group(1)


def test_a_unit_editor_starts_fills_in_and_submits_the_units_report(calendar, signed_in):
    world = calendar
    ApplicationFactory(
        municipality=world.home,
        unit=world.committee,
        status="submitted",
        submitted_on=dt.date(YEAR, 2, 1),
    )
    VisitFactory(
        municipality=world.home,
        unit=world.committee,
        starts_on=dt.date(YEAR, 3, 1),
        staff_participants=4,
    )
    bob = signed_in(world.bob)
    page = bob.get(url(world))
    assert page.status_code == 200 and "Påbörja rapporten" in page.content.decode()
    assert bob.post(url(world, action="paborja/")).status_code == 302
    report = UnitReport.objects.get(unit=world.committee, year=YEAR, period="annual")
    assert report.status == "draft"
    assert report.figures["applications_submitted"] == 1 and report.figures["staff"] == 4

    page = bob.get(url(world))
    assert 'name="area_utveckling"' in page.content.decode()
    bob.post(
        url(world, action="spara/"),
        {"version": version_of(page), "area_utveckling": "Två lärarutbyten.", "action": "save"},
    )
    report.refresh_from_db()
    assert report.narratives == {"utveckling": "Två lärarutbyten."} and report.status == "draft"

    page = bob.get(url(world))
    bob.post(
        url(world, action="spara/"),
        {
            "version": version_of(page),
            "area_utveckling": "Två lärarutbyten och ett studiebesök.",
            "action": "submit",
        },
    )
    report.refresh_from_db()
    assert report.status == "submitted"
    assert report.submitted_by == world.bob and report.submitted_at is not None
    assert report.narratives["utveckling"] == "Två lärarutbyten och ett studiebesök."
    reasons = list(
        report.history.order_by("history_date").values_list("history_change_reason", flat=True)
    )
    assert reasons == ["rapport påbörjad", "redovisningen sparad", "inlämnad"]


def _submitted(world):
    bob = world.actor(world.bob)
    report = services.unit_report_start(
        actor=bob, unit=world.committee, year=YEAR, period_key="annual"
    )
    return services.unit_report_submit(
        actor=bob, report=report, expected_version=report.version, narratives={"utveckling": "Text"}
    )


def test_a_submitted_report_is_locked_for_the_unit(calendar):
    world = calendar
    report = _submitted(world)
    with pytest.raises(ValidationError):
        services.unit_report_save(
            actor=world.actor(world.bob),
            report=report,
            expected_version=report.version,
            narratives={"utveckling": "Ändrat"},
        )


def test_the_executive_office_returns_with_a_comment_and_the_unit_completes(calendar, signed_in):
    world = calendar
    report = _submitted(world)
    alice = signed_in(world.alice)
    page = alice.get(url(world))
    assert "Godkänn" in page.content.decode()
    alice.post(
        url(world, action="beslut/"),
        {"version": version_of(page), "action": "return", "comment": ""},
    )
    report.refresh_from_db()
    assert report.status == "submitted"  # a return needs a comment

    alice.post(
        url(world, action="beslut/"),
        {
            "version": version_of(page),
            "action": "return",
            "comment": "Beskriv nyttan för eleverna.",
        },
    )
    report.refresh_from_db()
    assert (report.status, report.return_comment, report.decided_by) == (
        "returned",
        "Beskriv nyttan för eleverna.",
        world.alice,
    )
    bob = signed_in(world.bob)
    page = bob.get(url(world))
    assert "Beskriv nyttan för eleverna." in page.content.decode()
    bob.post(
        url(world, action="spara/"),
        {"version": version_of(page), "area_utveckling": "Text med nytta.", "action": "submit"},
    )
    report.refresh_from_db()
    assert report.status == "submitted"


def test_approval_locks_the_report_and_a_reopening_keeps_its_reason(calendar, signed_in):
    world = calendar
    report = _submitted(world)
    alice_actor = world.actor(world.alice)
    report = services.unit_report_approve(
        actor=alice_actor, report=report, expected_version=report.version
    )
    assert report.status == "approved" and report.is_locked
    for actor in (world.actor(world.bob), alice_actor):
        with pytest.raises(ValidationError):
            services.unit_report_save(
                actor=actor, report=report, expected_version=report.version, narratives={}
            )
        with pytest.raises(ValidationError):
            services.unit_report_submit(actor=actor, report=report, expected_version=report.version)

    with pytest.raises(PermissionDenied):
        services.unit_report_reopen(
            actor=world.actor(world.bob), report=report, expected_version=report.version, reason="x"
        )
    with pytest.raises(ValidationError):
        services.unit_report_reopen(
            actor=alice_actor, report=report, expected_version=report.version, reason="  "
        )

    alice = signed_in(world.alice)
    page = alice.get(url(world))
    assert "Öppna igen" in page.content.decode()
    alice.post(
        url(world, action="oppna-igen/"),
        {"version": version_of(page), "reason": "Fel siffror för T2."},
    )
    report.refresh_from_db()
    assert report.status == "returned"
    assert (report.reopen_reason, report.reopened_by) == ("Fel siffror för T2.", world.alice)
    latest = report.history.order_by("-history_date").first()
    assert latest.history_change_reason == "återöppnad: Fel siffror för T2."
    assert latest.history_user == world.alice


def test_only_the_executive_office_decides(calendar):
    world = calendar
    report = _submitted(world)
    bob = world.actor(world.bob)
    with pytest.raises(PermissionDenied):
        services.unit_report_approve(actor=bob, report=report, expected_version=report.version)
    with pytest.raises(PermissionDenied):
        services.unit_report_return(
            actor=bob, report=report, expected_version=report.version, comment="x"
        )


def test_a_stale_version_writes_nothing(calendar):
    world = calendar
    bob = world.actor(world.bob)
    report = services.unit_report_start(
        actor=bob, unit=world.committee, year=YEAR, period_key="annual"
    )
    services.unit_report_save(
        actor=bob,
        report=report,
        expected_version=report.version,
        narratives={"utveckling": "Först"},
    )
    with pytest.raises(StaleVersion):
        services.unit_report_save(
            actor=bob,
            report=report,
            expected_version=report.version,
            narratives={"utveckling": "Sen"},
        )
    report.refresh_from_db()
    assert report.narratives == {"utveckling": "Först"}


def test_a_unit_editor_reaches_only_its_own_units_reports(calendar, signed_in):
    world = calendar
    bob = signed_in(world.bob)
    assert bob.get(url(world, unit=world.other_committee)).status_code == 403
    assert bob.post(url(world, unit=world.other_committee, action="paborja/")).status_code == 403
    assert not UnitReport.objects.filter(unit=world.other_committee).exists()
    overview = bob.get(
        f"/uppfoljning/verksamhetsrapporter/?ar={YEAR}&period=annual"
    ).content.decode()
    assert world.committee.name in overview and world.other_committee.name not in overview


def test_a_reader_sees_no_unit_reports(calendar, signed_in):
    world = calendar
    _submitted(world)
    carol = signed_in(world.carol)
    assert carol.get("/uppfoljning/verksamhetsrapporter/").status_code == 403
    assert carol.get(url(world)).status_code == 403
    for action in ("paborja/", "spara/", "beslut/", "oppna-igen/"):
        assert carol.post(url(world, action=action)).status_code == 403


def test_another_municipality_gets_404(calendar, signed_in):
    world = calendar
    _submitted(world)
    mallory = signed_in(world.mallory)
    assert mallory.get(url(world)).status_code == 404
    for action in ("paborja/", "spara/", "beslut/", "oppna-igen/"):
        assert (
            mallory.post(url(world, action=action), {"version": 2, "action": "approve"}).status_code
            == 404
        )
    assert UnitReport.objects.get(unit=world.committee).status == "submitted"


def test_a_unit_that_does_not_report_in_the_period_cannot_start_one(calendar):
    world = calendar
    with pytest.raises(ValidationError):
        services.unit_report_start(
            actor=world.actor(world.alice), unit=world.board, year=YEAR, period_key="annual"
        )


def test_the_overview_shows_every_reporting_unit_in_a_fixed_number_of_queries(calendar, signed_in):
    world = calendar
    _submitted(world)
    alice = signed_in(world.alice)
    address = f"/uppfoljning/verksamhetsrapporter/?ar={YEAR}&period=annual"
    alice.get(address)  # the first request also fills per-process caches
    with CaptureQueriesContext(connection) as before:
        page = alice.get(address)
    html = page.content.decode()
    assert "Inlämnad" in html and "Ej påbörjad" in html and world.other_committee.name in html
    for n in range(10):
        unit = UnitFactory(municipality=world.home, name=f"Nämnd {n}")
        services.unit_report_start(
            actor=world.actor(world.alice), unit=unit, year=YEAR, period_key="annual"
        )
    with CaptureQueriesContext(connection) as after:
        alice.get(address)
    # session, user, role assignments, actor's role, periods, units, reports
    assert statements(before) == statements(after) == 7
