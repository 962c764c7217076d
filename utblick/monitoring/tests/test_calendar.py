"""The calendar: what it gathers, the month page, and the iCalendar feed (parsed back)."""

import datetime as dt
import re

import pytest
from django.apps import apps
from django.utils import timezone

from utblick.core.services import record_create
from utblick.factories import ApplicationFactory, PersonFactory, VisitFactory
from utblick.monitoring import agenda, ical, services
from utblick.monitoring.models import CalendarFeed, FundingCall, MonitoringItem
from utblick.policy.models import ReportingPeriod

pytestmark = pytest.mark.django_db

# --- A small iCalendar reader for the tests (RFC 5545 §3.1 and §3.3.11, in reverse) ---------


def unfold(text: str) -> list[str]:
    assert "\n" not in text.replace("\r\n", "")  # every line ends with CRLF
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def parse(text: str) -> list[dict[str, str]]:
    events, current = [], None
    for line in unfold(text):
        name, _, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            current[name] = unescape(value)
    return events


# --- The writer on its own ------------------------------------------------------------------


def test_text_is_escaped_and_long_lines_are_folded_at_75_octets_without_splitting_characters():
    summary = "Sista dag; vänort, Åre\\Östersund\nrad två " + "åäö" * 40
    text = ical.calendar(
        [ical.Event(uid="x-1@utblick", summary=summary, start=dt.date(2027, 3, 18))],
        name="Test",
        stamp=dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC),
    )
    lines = text.split("\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert text.encode("utf-8").decode("utf-8") == text  # no character was cut
    assert "SUMMARY:Sista dag\\; vänort\\, Åre\\\\Östersund\\nrad två" in "".join(unfold(text))
    (event,) = parse(text)
    assert event["SUMMARY"] == summary
    assert event["DTSTART;VALUE=DATE"] == "20270318"
    assert event["DTEND;VALUE=DATE"] == "20270319"
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert text.endswith("END:VCALENDAR\r\n")


def test_a_brussels_deadline_is_written_in_utc():
    entry = agenda.Entry(
        kind="call", uid="call-1-1", date=dt.date(2027, 2, 4), time=dt.time(17, 0), title="X"
    )
    event = entry.ical_event("https://utblick.example")
    text = ical.calendar([event], name="T", stamp=timezone.now())
    assert "DTSTART:20270204T160000Z" in text  # 17:00 in Brussels in winter is 16:00 UTC


# --- What the calendar gathers ----------------------------------------------------------------


@pytest.fixture
def filled(world, sample_calls):
    alice = world.actor(world.alice)
    two_stage = FundingCall.objects.get(identifier="HORIZON-CL5-2027-D6-01-05-two-stage")
    twinning = FundingCall.objects.get(identifier="CERV-2027-CITIZENS-TOWN-TT")
    ignored = FundingCall.objects.get(identifier="ESC-2027-VTV")
    services.call_assess(actor=alice, call=two_stage, verdict="relevant")
    services.call_assess(actor=alice, call=twinning, verdict="relevant", routed_to=world.committee)
    services.call_assess(actor=alice, call=ignored, verdict="not_relevant")
    ApplicationFactory(
        municipality=world.home,
        unit=world.committee,
        title="Vänortsansökan",
        deadline=dt.date(2027, 2, 10),
    )
    VisitFactory(
        municipality=world.home,
        unit=world.committee,
        title="Besök från Tartu",
        starts_on=dt.date(2027, 2, 8),
        ends_on=dt.date(2027, 2, 10),
    )
    record_create(
        actor=alice,
        model=MonitoringItem,
        fields={
            "kind": "consultation",
            "title": "Remiss om vatten",
            "unit": world.board,
            "due_on": dt.date(2027, 2, 26),
        },
    )
    ReportingPeriod.objects.create(
        municipality=world.home,
        key="annual",
        name="Årsredovisning",
        period_start="01-01",
        period_end="12-31",
        due="02-28",
        recipient="executive_board",
    )
    # Another municipality's records never show.
    ApplicationFactory(
        municipality=world.other,
        unit=world.foreign_unit,
        title="B:s ansökan",
        deadline=dt.date(2027, 2, 10),
    )
    services.call_assess(
        actor=world.actor(world.mallory, world.other),
        call=FundingCall.objects.get(identifier="LIFE-2027-SAP-NAT-NATURE"),
        verdict="relevant",
    )
    return world


def test_it_gathers_deadlines_visits_obligations_responses_and_reports(filled):
    world = filled
    found = agenda.entries(world.actor(world.carol), dt.date(2027, 2, 1), dt.date(2027, 2, 28))
    titles = [(e.date.isoformat(), e.kind, e.title) for e in found]
    assert titles == [
        (
            "2027-02-04",
            "call",
            "Sista dag steg 1: Urban mobility: shared, electric and automated "
            "mobility services for cities",
        ),
        ("2027-02-08", "visit", "Besök från Tartu"),
        ("2027-02-10", "application", "Ansökan ska in: Vänortsansökan"),
        ("2027-02-26", "monitoring", "Svar senast: Remiss om vatten"),
        ("2027-02-28", "report", "Rapport senast: Årsredovisning"),
    ]
    september = agenda.entries(world.actor(world.alice), dt.date(2027, 9, 1), dt.date(2027, 9, 30))
    assert [e.title.split(":")[0] for e in september] == ["Sista dag steg 2"]
    march = agenda.entries(world.actor(world.alice), dt.date(2027, 3, 1), dt.date(2027, 3, 31))
    routed = next(e for e in march if e.kind == "call")
    assert routed.title == "Sista ansökningsdag: Town-Twinning"
    assert routed.detail == "CERV-2027-CITIZENS-TOWN-TT – skickad till Kultur- och fritidsnämnden"
    assert routed.time == dt.time(17, 0)


def test_open_obligations_of_the_routines_app_are_on_it(world):
    Obligation = apps.get_model("routines", "Obligation")
    routine = apps.get_model("policy", "Routine").objects.create(
        municipality=world.home, key="inform", families="notification"
    )
    for status in ("open", "done"):
        Obligation.objects.create(
            municipality=world.home,
            routine=routine,
            dedupe_key=status,
            kind="obligation",
            title=f"Informera KS ({status})",
            due_on=dt.date(2027, 2, 3),
            status=status,
        )
    found = agenda.entries(world.actor(world.alice), dt.date(2027, 2, 1), dt.date(2027, 2, 28))
    assert [(e.kind, e.title) for e in found] == [("obligation", "Informera KS (open)")]
    pk = Obligation.objects.get(status="open").pk
    assert found[0].url in ("", f"/atgarder/{pk}/")  # linked where the routines pages exist


def _obligations(world, due_on, count):
    Obligation = apps.get_model("routines", "Obligation")
    routine, _ = apps.get_model("policy", "Routine").objects.get_or_create(
        municipality=world.home, key="inform", families="notification"
    )
    for n in range(count):
        Obligation.objects.create(
            municipality=world.home,
            routine=routine,
            dedupe_key=f"{due_on}-{n}",
            kind="obligation",
            title=f"Informera KS {due_on} nr {n}",
            due_on=due_on,
        )


def test_a_crowded_day_shows_the_number_of_obligations_linked_to_that_days_list(world, signed_in):
    crowded, quiet = dt.date(2027, 2, 3), dt.date(2027, 2, 4)
    _obligations(world, crowded, agenda.OBLIGATIONS_PER_DAY + 7)
    _obligations(world, quiet, agenda.OBLIGATIONS_PER_DAY)
    found = agenda.entries(world.actor(world.alice), dt.date(2027, 2, 1), dt.date(2027, 2, 28))
    on_crowded = [e for e in found if e.date == crowded]
    assert [(e.title, e.url) for e in on_crowded] == [
        (f"{agenda.OBLIGATIONS_PER_DAY + 7} åtgärder förfaller", "/atgarder/?due=2027-02-03")
    ]
    assert len([e for e in found if e.date == quiet]) == agenda.OBLIGATIONS_PER_DAY

    client = signed_in(world.alice)
    page = client.get("/omvarld/kalender/?manad=2027-02").content.decode()
    assert "12 åtgärder förfaller" in page and "nr 11" not in page
    day_list = client.get("/atgarder/?due=2027-02-03").content.decode()
    assert "Informera KS 2027-02-03 nr 11" in day_list
    assert "Informera KS 2027-02-04" not in day_list


def test_the_feed_has_the_same_bound(world):
    _obligations(world, dt.date(2027, 2, 3), agenda.OBLIGATIONS_PER_DAY + 1)
    found = agenda.entries(world.actor(world.alice), dt.date(2027, 2, 1), dt.date(2027, 2, 28))
    events = parse(agenda.feed(found, name="Utblick"))
    assert [e["UID"] for e in events] == ["obligations-2027-02-03@utblick"]
    assert events[0]["URL"].endswith("/atgarder/?due=2027-02-03")


def test_the_month_page_lists_by_week_with_week_numbers(filled, signed_in):
    page = signed_in(filled.carol).get("/omvarld/kalender/?manad=2027-02").content.decode()
    assert '<h2 id="week-5">v. 5</h2>' in page
    assert "v. 6" in page and "v. 8" in page
    assert "Besök från Tartu" in page and "B:s ansökan" not in page
    assert '<th scope="col">' in page


def test_my_own_calendar_has_my_obligations_and_my_units_records(filled):
    world = filled
    _obligations(world, dt.date(2027, 2, 3), 2)  # naming nobody, no unit: not mine
    Obligation = apps.get_model("routines", "Obligation")
    routine = apps.get_model("policy", "Routine").objects.get(municipality=world.home)
    mine = Obligation.objects.create(
        municipality=world.home,
        routine=routine,
        dedupe_key="committee",
        kind="obligation",
        title="Utse kontaktperson",
        due_on=dt.date(2027, 2, 5),
        responsible_unit=world.committee,
    )
    bob = world.actor(world.bob)  # the committee's unit editor
    february = agenda.entries(bob, dt.date(2027, 2, 1), dt.date(2027, 2, 28), own=True)
    assert [(e.kind, e.title) for e in february] == [
        ("obligation", mine.title),
        ("visit", "Besök från Tartu"),
        ("application", "Ansökan ska in: Vänortsansökan"),
        ("report", "Rapport senast: Årsredovisning"),  # everyone's reporting dates
    ]  # not the board's consultation, not the call nobody's unit was sent
    march = agenda.entries(bob, dt.date(2027, 3, 1), dt.date(2027, 3, 31), own=True)
    assert [e.title for e in march] == ["Sista ansökningsdag: Town-Twinning"]  # routed to us


def test_a_coordinator_s_own_units_are_those_of_the_people_registered_for_the_account(filled):
    world = filled
    PersonFactory(municipality=world.home, unit=world.board, user=world.alice, name="Alice")
    alice = world.actor(world.alice)
    found = agenda.entries(alice, dt.date(2027, 2, 1), dt.date(2027, 2, 28), own=True)
    assert [e.kind for e in found] == ["monitoring", "report"]  # the board's consultation
    everything = agenda.entries(alice, dt.date(2027, 2, 1), dt.date(2027, 2, 28))
    assert len(everything) == 5


def test_the_month_page_switches_between_the_whole_calendar_and_my_own(
    filled, signed_in, django_assert_num_queries
):
    client = signed_in(filled.bob)
    # As the whole calendar (+1: a unit editor's unit subtree); the own units are a subquery.
    with django_assert_num_queries(12):
        own = client.get("/omvarld/kalender/?manad=2027-02&vy=mina").content.decode()
    assert "Besök från Tartu" in own and "Remiss om vatten" not in own
    assert 'href="?manad=2027-02&amp;vy=mina" aria-current="page"' in own
    assert 'href="?manad=2027-03&amp;vy=mina" rel="next"' in own  # the months keep the view
    whole = client.get("/omvarld/kalender/?manad=2027-02").content.decode()
    assert "Remiss om vatten" in whole


# --- The feed ----------------------------------------------------------------------------------


def test_the_feed_is_read_back_and_only_the_hash_of_its_token_is_stored(filled, signed_in):
    world = filled
    client = signed_in(world.alice)
    client.post("/omvarld/kalender/prenumeration/", {"action": "create"})
    page = client.get("/omvarld/kalender/").content.decode()
    url = re.search(r'value="(http://testserver/omvarld/kalender/[^"]+\.ics)"', page).group(1)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert token not in str(list(CalendarFeed.objects.values_list("token_hash", flat=True)))
    assert CalendarFeed.objects.get().token_hash == services.token_hash(token)
    assert "visas bara nu" not in client.get("/omvarld/kalender/").content.decode()

    response = client.get(f"/omvarld/kalender/{token}.ics")  # no session needed, but harmless
    anonymous = type(client)().get(f"/omvarld/kalender/{token}.ics")
    assert anonymous.status_code == 200
    assert anonymous["Content-Type"] == "text/calendar; charset=utf-8"
    events = {e["UID"]: e for e in parse(anonymous.content.decode())}
    call = FundingCall.objects.get(identifier="HORIZON-CL5-2027-D6-01-05-two-stage")
    stage_two = events[f"call-{call.pk}-2@utblick"]
    assert stage_two["DTSTART"] == "20270914T150000Z"  # 17:00 in Brussels in summer
    assert stage_two["SUMMARY"].startswith("Sista dag steg 2: Urban mobility")
    assert stage_two["URL"] == f"http://127.0.0.1:8000/omvarld/utlysningar/{call.pk}/"
    visit = next(e for e in events.values() if e["SUMMARY"] == "Besök från Tartu")
    assert (visit["DTSTART;VALUE=DATE"], visit["DTEND;VALUE=DATE"]) == ("20270208", "20270211")
    assert not any("B:s ansökan" in e["SUMMARY"] for e in events.values())
    assert response.status_code == 200
    assert CalendarFeed.objects.get().last_used_at is not None


def test_a_revoked_or_replaced_feed_stops_working(filled, signed_in):
    actor = filled.actor(filled.alice)
    first = services.calendar_feed_create(actor=actor)
    second = services.calendar_feed_create(actor=actor)
    client = type(signed_in(filled.alice))()
    assert client.get(f"/omvarld/kalender/{first}.ics").status_code == 404
    assert client.get(f"/omvarld/kalender/{second}.ics").status_code == 200
    signed_in(filled.alice).post("/omvarld/kalender/prenumeration/", {"action": "revoke"})
    assert client.get(f"/omvarld/kalender/{second}.ics").status_code == 404
    assert client.get("/omvarld/kalender/not-a-token.ics").status_code == 404


def test_a_feed_stops_working_when_its_user_loses_the_role(filled):
    token = services.calendar_feed_create(actor=filled.actor(filled.carol))
    filled.carol.role_assignments.all().delete()
    assert services.calendar_feed_use(token) is None


def test_the_month_page_query_count_does_not_grow_with_entries(
    filled, signed_in, django_assert_num_queries
):
    client = signed_in(filled.carol)
    # session, user, roles, actor's role; followed calls, applications, visits, obligations
    # per day (and, on days with any, the obligations), monitoring items, reporting periods;
    # the live feed. A page view does not save the session.
    with django_assert_num_queries(11):
        assert client.get("/omvarld/kalender/?manad=2027-02").status_code == 200
    for day in range(1, 20):
        VisitFactory(
            municipality=filled.home,
            unit=filled.committee,
            title=f"Besök {day}",
            starts_on=dt.date(2027, 2, day),
        )
    with django_assert_num_queries(11):
        page = client.get("/omvarld/kalender/?manad=2027-02").content.decode()
    assert "Besök 19" in page
