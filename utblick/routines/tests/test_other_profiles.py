"""Real steering documents of other municipalities and a region, written as profiles with no
code change: every routine fires when it should and stays quiet when it should.

The profiles are in `profiles/` (each file's header cites its source and says which rules
it leaves out and why). `ROUTINE_TESTS` maps each (organisation, routine) to the tests
showing it firing and staying quiet; a test enumerates the profiles and fails if a routine
has none.
"""

import datetime as dt
from decimal import Decimal

import pytest

from utblick.factories import (
    ApplicationFactory,
    MembershipFactory,
    PartnershipFactory,
    UnitFactory,
    VisitFactory,
)
from utblick.organisation.models import Municipality, Unit
from utblick.policy.models import ProfileVersion
from utblick.policy.profile_format import load_profile_file
from utblick.policy.services import profile_load
from utblick.registers.models import GrantApplication, Matter, VisitCostItem
from utblick.routines.tests.conftest import HERE, TRACKING_SINCE, Place, make_place

D = dt.date
PROFILES = {
    "0180": "stockholm.toml",
    "1480": "goteborg.toml",
    "0662": "gislaved.toml",
    "1083": "solvesborg.toml",
    "1284": "hoganas.toml",
    "0163": "sollentuna.toml",
    "25": "norrbotten.toml",
}

ROUTINE_TESTS = {
    ("0180", "internationella-arenden"): (
        "test_stockholm_invitations_go_through_the_preparatory_committee",
        "test_stockholm_an_invitation_the_committee_decided_is_in_order",
    ),
    ("0180", "representationsarenden"): (
        "test_stockholm_invitations_go_through_the_preparatory_committee",
        "test_stockholm_an_invitation_the_committee_decided_is_in_order",
    ),
    ("0180", "beredningens-sammantraden"): (
        "test_stockholm_the_committee_meets_about_ten_times_a_year",
        "test_stockholm_ten_meetings_in_the_minutes_are_enough",
    ),
    ("1480", "vanort-kommunfullmaktige"): (
        "test_goteborg_twin_towns_need_the_council_partner_cities_the_board",
        "test_goteborg_decided_partnerships_are_in_order",
    ),
    ("1480", "partnerstad-kommunstyrelsen"): (
        "test_goteborg_twin_towns_need_the_council_partner_cities_the_board",
        "test_goteborg_decided_partnerships_are_in_order",
    ),
    ("1480", "medlemskap"): (
        "test_goteborg_memberships_by_council_or_board",
        "test_goteborg_decided_partnerships_are_in_order",
    ),
    ("1480", "nytta-for-goteborg"): (
        "test_goteborg_twin_towns_need_the_council_partner_cities_the_board",
        "test_goteborg_decided_partnerships_are_in_order",
    ),
    ("1480", "projektens-mervarde"): (
        "test_goteborg_projects_state_their_added_value_and_units_coordinate",
        "test_goteborg_a_project_with_its_added_value_alone_on_its_call",
    ),
    ("1480", "nordiska-vanorter"): (
        "test_goteborg_nordic_twin_towns_meet_every_second_year",
        "test_goteborg_decided_partnerships_are_in_order",
    ),
    ("1480", "samordning-eu-ansokningar"): (
        "test_goteborg_projects_state_their_added_value_and_units_coordinate",
        "test_goteborg_a_project_with_its_added_value_alone_on_its_call",
    ),
    ("0662", "projektets-tid"): (
        "test_gislaved_long_projects_go_to_the_board_after_the_committee",
        "test_gislaved_short_projects_decided_by_the_committee",
    ),
    ("0662", "kommunstyrelsen-beslutar"): (
        "test_gislaved_long_projects_go_to_the_board_after_the_committee",
        "test_gislaved_short_projects_decided_by_the_committee",
    ),
    ("0662", "namnden-beslutar"): (
        "test_gislaved_short_projects_need_the_committee",
        "test_gislaved_short_projects_decided_by_the_committee",
    ),
    ("1083", "kostnadsfordelning"): (
        "test_solvesborg_costs_shared_otherwise_are_a_conflict",
        "test_solvesborg_costs_shared_as_the_policy_says",
    ),
    ("1284", "ram-per-ar"): (
        "test_hoganas_the_fund_is_limited_per_year",
        "test_hoganas_grants_within_the_fund_and_its_rules",
    ),
    ("1284", "vem-far-soka"): (
        "test_hoganas_only_units_and_associations_may_apply",
        "test_hoganas_grants_within_the_fund_and_its_rules",
    ),
    ("1284", "kriterier"): (
        "test_hoganas_only_units_and_associations_may_apply",
        "test_hoganas_grants_within_the_fund_and_its_rules",
    ),
    ("1284", "kommunstyrelsen-beslutar"): (
        "test_hoganas_only_units_and_associations_may_apply",
        "test_hoganas_grants_within_the_fund_and_its_rules",
    ),
    ("0163", "inga-nya-vanorter"): (
        "test_sollentuna_no_new_twin_towns",
        "test_sollentuna_old_twin_towns_are_no_conflict",
    ),
    ("25", "natverk-via-beredningen"): (
        "test_norrbotten_networks_through_the_committee_then_the_board",
        "test_norrbotten_a_network_the_committee_and_board_took_a_position_on",
    ),
    ("25", "beredningens-sammantraden"): (
        "test_norrbotten_the_committee_meets_before_every_board_meeting",
        "test_norrbotten_a_network_the_committee_and_board_took_a_position_on",
    ),
    ("25", "aterrapport"): (
        "test_norrbotten_the_committee_meets_before_every_board_meeting",
        "test_norrbotten_a_network_the_committee_and_board_took_a_position_on",
    ),
}


def test_every_routine_of_every_other_profile_has_tests_firing_and_staying_quiet():
    module = globals()
    listed = set(ROUTINE_TESTS)
    real = set()
    for code, name in PROFILES.items():
        profile = load_profile_file(HERE / "profiles" / name)
        assert profile.organisation.code == code
        real |= {(code, r.key) for r in profile.routines}
    assert listed == real
    for fires, quiet in ROUTINE_TESTS.values():
        assert callable(module.get(fires)) and callable(module.get(quiet))


def place(code: str) -> Place:
    return make_place(code, (HERE / "profiles" / PROFILES[code]).read_text(encoding="utf-8"))


def matter(p: Place, **fields) -> Matter:
    fields.setdefault("unit", p.office)
    fields.setdefault("title", "Ärende")
    return Matter.objects.create(municipality=p.municipality, **fields)


def keys(p: Place, routine: str, record) -> list[str]:
    return sorted(o.kind for o in p.open_about(routine, record))


# --- Stockholm: the preparatory committee as gatekeeper ----------------------------------------


@pytest.fixture
def stockholm(db):
    return place("0180")


def _beredning(p: Place) -> Unit:
    return Unit.objects.get(municipality=p.municipality, key="internationella-beredningen")


def test_stockholm_invitations_go_through_the_preparatory_committee(stockholm):
    waiting = matter(stockholm, kind="invitation", title="Inbjudan till Eurocities årsmöte")
    around = matter(
        stockholm,
        kind="cooperation_request",
        title="Förfrågan från Tammerfors",
        outcome="approved",
        decided_on=D(2026, 10, 1),
        body=stockholm.board,
    )
    reception = matter(
        stockholm, kind="reception_request", title="Mottagning för Osakas borgmästare"
    )
    stockholm.run(D(2026, 11, 20))
    assert keys(stockholm, "internationella-arenden", waiting) == ["obligation"]
    assert keys(stockholm, "internationella-arenden", around) == ["conflict"]
    [obligation] = stockholm.open_about("representationsarenden", reception)
    assert "internationella beredningen" in obligation.explanation


def test_stockholm_an_invitation_the_committee_decided_is_in_order(stockholm):
    beredning = _beredning(stockholm)
    through = matter(
        stockholm,
        kind="invitation",
        title="Inbjudan",
        outcome="approved",
        decided_on=D(2026, 10, 1),
        body=beredning,
    )
    reception = matter(
        stockholm,
        kind="reception_request",
        title="Mottagning",
        outcome="approved",
        decided_on=D(2026, 10, 1),
        body=beredning,
    )
    motion = matter(stockholm, kind="motion", title="Motion om vänort")
    stockholm.run(D(2026, 11, 20))
    assert stockholm.open_about("internationella-arenden", through) == []
    assert stockholm.open_about("representationsarenden", reception) == []
    assert stockholm.open_about("internationella-arenden", motion) == []


def test_stockholm_the_committee_meets_about_ten_times_a_year(stockholm):
    beredning = _beredning(stockholm)
    for month in (2, 4, 6):
        matter(
            stockholm,
            title=f"Minnesanteckningar {month}",
            outcome="noted",
            decided_on=D(2026, month, 10),
            body=beredning,
        )
    stockholm.run(D(2026, 11, 20))
    [obligation] = stockholm.open_about("beredningens-sammantraden", beredning)
    # The year's end is nyårsafton; New Year's Day and a weekend follow.
    assert obligation.due_on == D(2027, 1, 4) and "hittills 3" in obligation.explanation


def test_stockholm_ten_meetings_in_the_minutes_are_enough(stockholm):
    beredning = _beredning(stockholm)
    for month in range(1, 11):
        matter(
            stockholm,
            title=f"Minnesanteckningar {month}",
            outcome="noted",
            decided_on=D(2026, month, 10),
            body=beredning,
        )
    stockholm.run(D(2026, 11, 20))
    assert stockholm.open_about("beredningens-sammantraden", beredning) == []


# --- Göteborg: twin towns by the council, partner cities by the board -------------------------


@pytest.fixture
def goteborg(db):
    return place("1480")


def test_goteborg_twin_towns_need_the_council_partner_cities_the_board(goteborg):
    m = goteborg.municipality
    twin = PartnershipFactory(
        municipality=m,
        unit=goteborg.board,
        kind="twin_town",
        title="Vänort Bergen",
        country_id="NO",
        status="proposed",
    )
    partner = PartnershipFactory(
        municipality=m,
        unit=goteborg.board,
        kind="partner_city",
        title="Partnerstad Lyon",
        country_id="FR",
        status="active",
        stated_benefit="Näringsliv",
    )
    matter(
        goteborg,
        title="Lyon",
        partnership=partner,
        outcome="approved",
        decided_on=D(2026, 1, 1),
        body=goteborg.council,
    )
    goteborg.run(D(2026, 6, 1))
    assert keys(goteborg, "vanort-kommunfullmaktige", twin) == ["obligation"]
    # The council is not the board: a partner city needs the board's own decision.
    assert keys(goteborg, "partnerstad-kommunstyrelsen", partner) == ["conflict"]
    assert keys(goteborg, "nytta-for-goteborg", twin) == ["obligation"]
    assert goteborg.open_about("nytta-for-goteborg", partner) == []


def test_goteborg_memberships_by_council_or_board(goteborg):
    m = goteborg.municipality
    by_committee = MembershipFactory(
        municipality=m,
        unit=goteborg.committee,
        organisation="EUROCITIES",
        decided_by=goteborg.committee,
        decided_on=D(2020, 1, 1),
    )
    goteborg.run(D(2026, 6, 1))
    [conflict] = goteborg.open_about("medlemskap", by_committee)
    assert (
        conflict.kind == "conflict" and "kommunfullmäktige eller kommunstyrelsen" in conflict.title
    )


def test_goteborg_decided_partnerships_are_in_order(goteborg):
    m = goteborg.municipality
    twin = PartnershipFactory(
        municipality=m,
        unit=goteborg.board,
        kind="twin_town",
        title="Vänort Åbo",
        country_id="FI",
        status="active",
        stated_benefit="Kultur",
        started_on=D(1950, 1, 1),
    )
    matter(
        goteborg,
        title="Åbo",
        partnership=twin,
        outcome="approved",
        decided_on=D(1950, 1, 1),
        body=goteborg.council,
    )
    VisitFactory(
        municipality=m,
        unit=goteborg.board,
        partnership=twin,
        starts_on=D(2025, 9, 1),
        elected_participants=3,
    )
    membership = MembershipFactory(
        municipality=m, unit=goteborg.board, decided_by=goteborg.council, decided_on=D(2020, 1, 1)
    )
    goteborg.run(D(2026, 6, 1))
    for routine in ("vanort-kommunfullmaktige", "nytta-for-goteborg", "nordiska-vanorter"):
        assert goteborg.open_about(routine, twin) == [], routine
    assert goteborg.open_about("medlemskap", membership) == []


def test_goteborg_nordic_twin_towns_meet_every_second_year(goteborg):
    m = goteborg.municipality
    aarhus = PartnershipFactory(
        municipality=m,
        unit=goteborg.board,
        kind="twin_town",
        title="Vänort Århus",
        country_id="DK",
        status="active",
        started_on=D(1950, 1, 1),
    )
    VisitFactory(
        municipality=m,
        unit=goteborg.board,
        partnership=aarhus,
        starts_on=D(2024, 3, 1),
        elected_participants=0,
        staff_participants=4,
    )
    VisitFactory(
        municipality=m,
        unit=goteborg.board,
        partnership=aarhus,
        starts_on=D(2024, 5, 1),
        elected_participants=2,
    )
    goteborg.run(D(2026, 6, 1))
    [meeting] = goteborg.open_about("nordiska-vanorter", aarhus)
    # Two years after the politicians last met is 1 May, a public holiday; then a weekend.
    assert meeting.due_on == D(2026, 5, 4)


def test_goteborg_projects_state_their_added_value_and_units_coordinate(goteborg):
    m = goteborg.municipality
    first = ApplicationFactory(
        municipality=m,
        unit=goteborg.committee,
        status="preparing",
        call_identifier="HORIZON-CL5-2027",
    )
    second = ApplicationFactory(
        municipality=m,
        unit=goteborg.other_committee,
        status="idea",
        call_identifier="HORIZON-CL5-2027",
    )
    goteborg.run(D(2026, 6, 1))
    assert keys(goteborg, "projektens-mervarde", first) == ["obligation"]
    [coordinate] = goteborg.open_about("samordning-eu-ansokningar", first)
    assert "Miljönämnden" in coordinate.explanation
    assert goteborg.open_about("samordning-eu-ansokningar", second)


def test_goteborg_a_project_with_its_added_value_alone_on_its_call(goteborg):
    m = goteborg.municipality
    project = ApplicationFactory(
        municipality=m,
        unit=goteborg.committee,
        status="preparing",
        call_identifier="ERASMUS-2027",
        operations_handover="Metoden tas in i skolans ordinarie arbete.",
    )
    ApplicationFactory(
        municipality=m, unit=goteborg.committee, status="idea", call_identifier="ERASMUS-2027"
    )
    goteborg.run(D(2026, 6, 1))
    assert goteborg.open_about("projektens-mervarde", project) == []
    assert (
        goteborg.open_about("samordning-eu-ansokningar", project) == []
    )  # same unit: no one to coordinate with


# --- Gislaved: long projects to the executive board, after the committee ------------------------


@pytest.fixture
def gislaved(db):
    return place("0662")


def test_gislaved_long_projects_go_to_the_board_after_the_committee(gislaved):
    m = gislaved.municipality
    long = ApplicationFactory(
        municipality=m,
        unit=gislaved.administration,
        status="preparing",
        title="Fyraårigt projekt",
        starts_on=D(2027, 1, 1),
        ends_on=D(2030, 6, 30),
    )
    matter(
        gislaved,
        title="KS beslut",
        kind="application_decision",
        application=long,
        outcome="approved",
        decided_on=D(2026, 5, 1),
        body=gislaved.board,
    )
    undated = ApplicationFactory(municipality=m, unit=gislaved.committee, status="preparing")
    gislaved.run(D(2026, 6, 1))
    [route] = gislaved.open_about("kommunstyrelsen-beslutar", long)
    assert (
        route.kind == "obligation"
        and "Beslut av Kultur- och fritidsnämnden saknas" in route.explanation
    )
    assert keys(gislaved, "projektets-tid", undated) == ["obligation"]


def test_gislaved_short_projects_need_the_committee(gislaved):
    m = gislaved.municipality
    short = ApplicationFactory(
        municipality=m,
        unit=gislaved.administration,
        status="submitted",
        submitted_on=D(2026, 4, 1),
        starts_on=D(2027, 1, 1),
        ends_on=D(2028, 12, 31),
    )
    gislaved.run(D(2026, 6, 1))
    assert keys(gislaved, "namnden-beslutar", short) == ["conflict"]
    assert gislaved.open_about("kommunstyrelsen-beslutar", short) == []


def test_gislaved_short_projects_decided_by_the_committee(gislaved):
    m = gislaved.municipality
    short = ApplicationFactory(
        municipality=m,
        unit=gislaved.administration,
        status="preparing",
        starts_on=D(2027, 1, 1),
        ends_on=D(2028, 12, 31),
    )
    matter(
        gislaved,
        title="KFN beslut",
        kind="application_decision",
        application=short,
        outcome="approved",
        decided_on=D(2026, 5, 1),
        body=gislaved.committee,
    )
    long = ApplicationFactory(
        municipality=m,
        unit=gislaved.administration,
        status="preparing",
        starts_on=D(2027, 1, 1),
        ends_on=D(2030, 6, 30),
    )
    matter(
        gislaved,
        title="KFN",
        kind="application_decision",
        application=long,
        outcome="approved",
        decided_on=D(2026, 4, 1),
        body=gislaved.committee,
    )
    matter(
        gislaved,
        title="KS",
        kind="application_decision",
        application=long,
        outcome="approved",
        decided_on=D(2026, 5, 1),
        body=gislaved.board,
    )
    gislaved.run(D(2026, 6, 1))
    for routine in ("namnden-beslutar", "projektets-tid"):
        assert gislaved.open_about(routine, short) == [], routine
    assert gislaved.open_about("kommunstyrelsen-beslutar", long) == []


# --- Sölvesborg: who pays what at a twin-town visit ---------------------------------------------


@pytest.fixture
def solvesborg(db):
    return place("1083")


def _twin_visit(p: Place, **fields):
    twin = PartnershipFactory(
        municipality=p.municipality, unit=p.board, kind="twin_town", title="Vänort Bützow"
    )
    return VisitFactory(
        municipality=p.municipality,
        unit=p.board,
        partnership=twin,
        kind="official",
        direction="incoming",
        starts_on=D(2026, 9, 1),
        **fields,
    )


def test_solvesborg_costs_shared_otherwise_are_a_conflict(solvesborg):
    visit = _twin_visit(solvesborg)
    VisitCostItem.objects.create(visit=visit, category="travel", paid_by="host")
    VisitCostItem.objects.create(visit=visit, category="meals", paid_by="host")
    unregistered = _twin_visit(solvesborg)
    solvesborg.run(D(2026, 6, 1))
    [conflict] = solvesborg.open_about("kostnadsfordelning", visit)
    assert conflict.kind == "conflict" and "vänortspolicyn" in conflict.title
    assert keys(solvesborg, "kostnadsfordelning", unregistered) == ["obligation"]


def test_solvesborg_costs_shared_as_the_policy_says(solvesborg):
    visit = _twin_visit(solvesborg)
    VisitCostItem.objects.create(visit=visit, category="travel", paid_by="guest")
    VisitCostItem.objects.create(visit=visit, category="accommodation", paid_by="host")
    VisitCostItem.objects.create(visit=visit, category="interpreter", paid_by="host_country")
    agreed = _twin_visit(solvesborg)
    VisitCostItem.objects.create(
        visit=agreed, category="travel", paid_by="other_agreed", note="Värden betalar bussen"
    )
    study = VisitFactory(
        municipality=solvesborg.municipality,
        unit=solvesborg.board,
        kind="study",
        starts_on=D(2026, 9, 1),
    )
    solvesborg.run(D(2026, 6, 1))
    for record in (visit, agreed, study):
        assert solvesborg.open_about("kostnadsfordelning", record) == []


# --- Höganäs: the own fund for twin-town exchanges ---------------------------------------------


@pytest.fixture
def hoganas(db):
    return place("1284")


def grant(p: Place, **fields) -> GrantApplication:
    fields.setdefault("scheme_key", "vanortsmedel")
    fields.setdefault("title", "Utbyte")
    fields.setdefault("applicant_kind", "unit")
    fields.setdefault("applicant", p.administration.name)
    fields.setdefault("unit", p.office)
    fields.setdefault("year", 2025)
    return GrantApplication.objects.create(municipality=p.municipality, **fields)


def test_hoganas_the_fund_is_limited_per_year(hoganas):
    first = grant(
        hoganas,
        title="Nesodden",
        status="granted",
        amount_applied=Decimal(70000),
        amount_granted=Decimal(70000),
        decided_on=D(2024, 12, 10),
    )
    second = grant(
        hoganas,
        title="Seltjarnarnes",
        status="granted",
        amount_applied=Decimal(70000),
        amount_granted=Decimal(70000),
        decided_on=D(2024, 12, 11),
    )
    hoganas.run(D(2025, 1, 15))
    assert hoganas.open_about("ram-per-ar", first) == []
    [over] = hoganas.open_about("ram-per-ar", second)
    assert over.kind == "conflict" and "140\u00a0000\u00a0kr" in over.explanation


def test_hoganas_only_units_and_associations_may_apply(hoganas):
    company = grant(
        hoganas,
        title="Resebyrå",
        applicant_kind="company",
        applicant="Resebyrå AB",
        status="submitted",
        submitted_on=D(2024, 10, 1),
        criteria={"k1": True, "k2": False},
    )
    hoganas.run(D(2024, 11, 15))
    assert keys(hoganas, "vem-far-soka", company) == ["conflict"]
    assert keys(hoganas, "kriterier", company) == ["obligation"]
    assert keys(hoganas, "kommunstyrelsen-beslutar", company) == ["obligation"]


def test_hoganas_grants_within_the_fund_and_its_rules(hoganas):
    association = grant(
        hoganas,
        title="Körresa",
        applicant_kind="association",
        applicant="Höganäs kammarkör",
        status="granted",
        amount_applied=Decimal(15000),
        amount_granted=Decimal(15000),
        submitted_on=D(2024, 10, 1),
        decided_on=D(2024, 12, 10),
        decided_by=hoganas.board,
        criteria={"k1": True, "k2": True},
    )
    hoganas.run(D(2025, 1, 15))
    for routine in ("ram-per-ar", "vem-far-soka", "kriterier", "kommunstyrelsen-beslutar"):
        assert hoganas.open_about(routine, association) == [], routine


# --- Sollentuna: no new twin towns at all ------------------------------------------------------


@pytest.fixture
def sollentuna(db):
    return place("0163")


def test_sollentuna_no_new_twin_towns(sollentuna):
    new = PartnershipFactory(
        municipality=sollentuna.municipality,
        unit=sollentuna.board,
        kind="twin_town",
        title="Ny vänort",
        started_on=D(2025, 3, 1),
    )
    matter(
        sollentuna,
        title="KS beslut",
        partnership=new,
        outcome="approved",
        decided_on=D(2025, 2, 1),
        body=sollentuna.board,
    )
    sollentuna.run(D(2026, 6, 1))
    [conflict] = sollentuna.open_about("inga-nya-vanorter", new)
    assert conflict.kind == "conflict"  # a decision does not lift this prohibition


def test_sollentuna_old_twin_towns_are_no_conflict(sollentuna):
    old = PartnershipFactory(
        municipality=sollentuna.municipality,
        unit=sollentuna.board,
        kind="twin_town",
        title="Vänort sedan 1970",
        started_on=D(1970, 1, 1),
    )
    agreement = PartnershipFactory(
        municipality=sollentuna.municipality,
        unit=sollentuna.board,
        kind="cooperation_agreement",
        started_on=D(2025, 1, 1),
    )
    sollentuna.run(D(2026, 6, 1))
    assert sollentuna.open_about("inga-nya-vanorter", old) == []
    assert sollentuna.open_about("inga-nya-vanorter", agreement) == []


# --- Region Norrbotten: a region, its board and its preparatory committee ---------------------


@pytest.fixture
def norrbotten(db):
    region = Municipality.objects.get(code="25")
    region.is_tenant = True
    region.save()
    text = (HERE / "profiles" / PROFILES["25"]).read_text(encoding="utf-8")
    profile_load(municipality=region, text=text, source_name="norrbotten.toml")
    ProfileVersion.objects.filter(municipality=region).update(loaded_at=TRACKING_SINCE)
    units = {u.key: u for u in Unit.objects.filter(municipality=region).exclude(key="")}
    committee = UnitFactory(
        municipality=region, kind="committee", name="Regionala utvecklingsnämnden"
    )
    return region, units, committee


def _region_run(region, today):
    from utblick.routines.services import routines_run

    return routines_run(region, today)


def _region_open(region, routine, record):
    from utblick.routines.models import Obligation

    return list(
        Obligation.objects.filter(
            municipality=region, routine__key=routine, status="open", object_id=record.pk
        )
    )


def test_norrbotten_networks_through_the_committee_then_the_board(norrbotten):
    region, units, committee = norrbotten
    network = MembershipFactory(
        municipality=region, unit=committee, organisation="CPMR", status="active"
    )
    Matter.objects.create(
        municipality=region,
        unit=committee,
        title="CPMR",
        membership=network,
        outcome="approved",
        decided_on=D(2026, 2, 1),
        body=units["regionstyrelsen"],
    )
    _region_run(region, D(2026, 6, 1))
    [conflict] = _region_open(region, "natverk-via-beredningen", network)
    assert conflict.kind == "conflict"
    assert "Beslut av internationella beredningen saknas" in conflict.explanation
    assert "kommun" not in conflict.explanation.lower()


def test_norrbotten_the_committee_meets_before_every_board_meeting(norrbotten):
    region, units, committee = norrbotten
    beredning = units["internationella-beredningen"]
    decided = Matter.objects.create(
        municipality=region,
        unit=committee,
        title="Prioriterade nätverk 2027",
        outcome="approved",
        decided_on=D(2026, 10, 5),
        body=beredning,
    )
    _region_run(region, D(2026, 11, 20))
    [meetings] = _region_open(region, "beredningens-sammantraden", beredning)
    assert "hittills 1" in meetings.explanation
    [report] = _region_open(region, "aterrapport", decided)
    assert report.title == "Återrapportera Prioriterade nätverk 2027 till regionstyrelsen"
    assert report.due_on == D(2026, 11, 4)


def test_norrbotten_a_network_the_committee_and_board_took_a_position_on(norrbotten):
    region, units, committee = norrbotten
    beredning = units["internationella-beredningen"]
    network = MembershipFactory(
        municipality=region, unit=committee, organisation="Euromontana", status="active"
    )
    Matter.objects.create(
        municipality=region,
        unit=committee,
        title="Beredningen om Euromontana",
        membership=network,
        outcome="approved",
        decided_on=D(2026, 1, 10),
        body=beredning,
    )
    Matter.objects.create(
        municipality=region,
        unit=committee,
        title="RS om Euromontana",
        membership=network,
        outcome="approved",
        decided_on=D(2026, 2, 10),
        body=units["regionstyrelsen"],
    )
    for month in range(1, 11):
        Matter.objects.create(
            municipality=region,
            unit=committee,
            title=f"Protokoll {month}",
            outcome="noted",
            decided_on=D(2026, month, 20),
            body=beredning,
        )
    _region_run(region, D(2026, 11, 20))
    assert _region_open(region, "natverk-via-beredningen", network) == []
    assert _region_open(region, "beredningens-sammantraden", beredning) == []
    pending = Matter.objects.create(
        municipality=region, unit=committee, title="Inte avgjort", body=beredning
    )
    _region_run(region, D(2026, 11, 20))
    assert _region_open(region, "aterrapport", pending) == []
