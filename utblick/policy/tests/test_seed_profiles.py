"""The four seed profiles carry the requirements of their steering documents (L, U, M, E, F).

Pure tests: no database, no Django settings needed.
"""

import re
from datetime import date

import pytest

from utblick.policy.families import FAMILIES, Check
from utblick.policy.profile_format import (
    DERIVED_METRICS,
    SEED_PROFILES,
    Profile,
    Routine,
    check_profile,
    load_profile_file,
    seed_profile_path,
)

LINKOPING, MALMO, ESSUNGA, FALUN = "0580", "1280", "1445", "2080"
# The requirement codes of the brief that each profile implements.
REQUIREMENTS = {
    LINKOPING: ["L1", "L2", "L3", "L4", "L5", "L6", "U1", "U2", "U3"],
    MALMO: ["M1", "M2", "M3", "M4", "M5"],
    ESSUNGA: ["E1", "E2", "E3", "E4", "E5", "E6"],
    FALUN: ["F1", "F2", "F3", "F4", "F5"],
}


@pytest.fixture(scope="module")
def profiles() -> dict[str, Profile]:
    return {code: load_profile_file(seed_profile_path(code)) for code in SEED_PROFILES}


@pytest.fixture(scope="module")
def linkoping(profiles):
    return profiles[LINKOPING]


@pytest.fixture(scope="module")
def malmo(profiles):
    return profiles[MALMO]


@pytest.fixture(scope="module")
def essunga(profiles):
    return profiles[ESSUNGA]


@pytest.fixture(scope="module")
def falun(profiles):
    return profiles[FALUN]


def checks(profile: Profile, family: str, register: str, **when) -> list[tuple[Routine, Check]]:
    """The routines' checks of that family on that register whose condition says `when`."""
    return [
        (r, c)
        for r in profile.routines
        for c in r.checks
        if c.family == family
        and c.register == register
        and all(c.raw.get("when", {}).get(k) == v for k, v in when.items())
    ]


def check(profile: Profile, family: str, register: str, **when) -> tuple[Routine, Check]:
    [found] = checks(profile, family, register, **when)
    return found


def responsibility(profile: Profile, body: str):
    [found] = [r for r in profile.responsibilities if r.body == body]
    return found


def indicator_metrics(profile: Profile) -> set[str]:
    return {i.metric for g in profile.goals for i in g.indicators if i.kind == "derived"}


# --- All seed profiles ----------------------------------------------------------------------


@pytest.mark.parametrize("code", sorted(SEED_PROFILES))
def test_seed_profile_parses_without_errors(code):
    text = seed_profile_path(code).read_text(encoding="utf-8")
    assert check_profile(text, path=SEED_PROFILES[code]) == []


@pytest.mark.parametrize("code", sorted(SEED_PROFILES))
def test_seed_profile_is_for_its_municipality(profiles, code):
    assert profiles[code].organisation.code == code
    assert profiles[code].format == 2


@pytest.mark.parametrize("code", sorted(SEED_PROFILES))
def test_every_routine_uses_the_general_vocabulary_and_a_requirement_of_its_seed(profiles, code):
    for r in profiles[code].routines:
        assert r.checks and {c.family for c in r.checks} <= set(FAMILIES), r.key
        assert r.requirement in REQUIREMENTS[code], r.key
        assert r.description, r.key


@pytest.mark.parametrize("code", sorted(SEED_PROFILES))
def test_every_requirement_is_traceable_in_the_profile_text(code):
    text = seed_profile_path(code).read_text(encoding="utf-8")
    for requirement in REQUIREMENTS[code]:
        assert re.search(rf"\b{requirement}\b", text), requirement


@pytest.mark.parametrize("code", sorted(SEED_PROFILES))
def test_product_defaults_are_marked_in_comments(code):
    text = seed_profile_path(code).read_text(encoding="utf-8")
    assert "Produktval:" in text


@pytest.mark.parametrize("code", sorted(SEED_PROFILES))
def test_every_goal_has_indicators_and_every_area_commitments(profiles, code):
    profile = profiles[code]
    assert all(goal.indicators for goal in profile.goals)
    assert all(area.commitments for area in profile.priority_areas)


# --- Linköping: L1–L6, U1–U3 ------------------------------------------------------------------


def test_L1_linkoping_has_three_priority_areas_with_3_3_4_commitments(linkoping):
    assert [(a.name, len(a.commitments)) for a in linkoping.priority_areas] == [
        ("Verksamhetsutveckling och kunskapsutbyten", 3),
        ("Omvärldsbevakning och påverkan", 3),
        ("Profilering och investeringsfrämjande", 4),
    ]
    first = linkoping.priority_areas[0].commitments[0]
    assert first.text == (
        "Respektive verksamhet arbetar för ett brett deltagande för medarbetare i projekt "
        "och utbildningar"
    )


def test_L2_memberships_are_reviewed_against_goals_at_regular_intervals(linkoping):
    review, duty = check(linkoping, "recurring_duty", "memberships")
    assert review.requirement == "L2"
    assert duty.param("every_months") == 24
    assert duty.param("done_field") == "last_reviewed_on"
    assert "kommunens och nämndens mål" in review.description


def test_L2_multi_committee_memberships_by_executive_board_single_area_by_unit(linkoping):
    _, wide = check(linkoping, "decision_route", "memberships", scope="municipality_wide")
    _, single = check(linkoping, "decision_route", "memberships", scope="unit")
    assert wide.param("decided_by") == ("executive_board",)
    assert single.param("decided_by") == ("owning_unit",)
    assert "municipality_wide_memberships" in responsibility(linkoping, "executive_board").decides
    assert "unit_memberships" in responsibility(linkoping, "committee").decides
    assert "unit_memberships" in responsibility(linkoping, "municipal_company").decides


def test_L2_memberships_reviewed_on_time_is_an_indicator(linkoping):
    assert "memberships_reviewed_on_time_share" in indicator_metrics(linkoping)


def test_L3_results_are_reported_in_tertial_and_annual_reports(linkoping):
    calendar = {p.key: (p.period_start, p.period_end, p.due) for p in linkoping.reporting}
    assert calendar == {
        "t1": ("01-01", "04-30", "05-31"),
        "t2": ("01-01", "08-31", "09-30"),
        "annual": ("01-01", "12-31", "02-28"),
    }
    _, reporting = check(linkoping, "recurring_duty", "units")
    assert reporting.param("periods") == ("t1", "t2", "annual")
    assert reporting.raw["when"] == {"kind__in": ["committee"]}


def test_L3_municipal_companies_decide_their_own_direction(linkoping):
    duties = " ".join(responsibility(linkoping, "municipal_company").duties)
    assert "beslutar om inriktning" in duties


def test_L4_staff_participation_lessons_and_eu_cofinancing_are_measured(linkoping):
    assert {
        "staff_participants",
        "lessons_learned_count",
        "external_funding_granted_sek",
    } <= indicator_metrics(linkoping)
    _, closure = check(linkoping, "required_fact", "applications", status="closed")
    assert closure.raw["require"] == {"lessons_learned__empty": False}


def test_L5_conferences_and_study_visits_are_measured(linkoping):
    assert {"conferences_hosted", "study_visits_received"} <= indicator_metrics(linkoping)


def test_L6_document_metadata_and_replaced_documents(linkoping):
    doc = linkoping.document
    assert (doc.kind, doc.status) == ("program", "proposal")
    assert doc.registry_number == "KS 2024-778"
    assert doc.owner == "Biträdande kommundirektör"
    assert doc.addressed_to == "Samtliga nämnder och kommunala bolag"
    assert doc.valid_from is None and doc.valid_to is None  # tillsvidare
    assert doc.keywords == ("EU", "Internationellt arbete")
    assert [(r.adopted_by, r.adopted_year, r.revised_year) for r in doc.replaces] == [
        ("council", 2010, 2017),
        ("executive_board", 2019, None),
    ]
    assert {r.requirement for r, _ in checks(linkoping, "recurring_duty", "documents")} == {"L6"}


def test_U1_no_new_twin_towns_needs_a_council_decision(linkoping):
    _, rule = check(linkoping, "decision_route", "partnerships", kind__in=["twin_town"])
    assert rule.param("decided_by") == ("council",)
    assert rule.raw["when"]["begins_on__gte"].year == 2003
    assert rule.raw["pending"] is False  # a conflict until the council decides


def test_U3_support_to_another_country_cites_its_legal_ground_via_memberships(linkoping):
    found = checks(linkoping, "required_fact", "partnerships", kind__in=["support_initiative"])
    [(_, ground)] = [(r, c) for r, c in found if "legal_ground__empty" in c.raw["require"]]
    assert "Lag (2009:47)" in ground.evidence_text
    assert "5 kap. 4–9 §§" in ground.evidence_text
    [(_, networks)] = [(r, c) for r, c in found if "membership_count__gte" in c.raw["require"]]
    assert networks.raw["require"] == {"membership_count__gte": 1}  # U2


def test_linkoping_requires_no_contact_person_per_unit(linkoping):
    assert checks(linkoping, "required_fact", "units") == []


# --- Malmö: M1–M5 -----------------------------------------------------------------------------


def test_M1_malmo_has_three_areas(malmo):
    assert [a.name for a in malmo.priority_areas] == [
        "Verksamhetsutveckling",
        "Strategisk påverkan",
        "Profilering",
    ]
    assert malmo.document.kind == "policy"
    assert malmo.document.adopted_by == "council"


def test_M2_responsibilities_of_council_board_office_committees_and_companies(malmo):
    assert [r.body for r in malmo.responsibilities] == [
        "council",
        "executive_board",
        "executive_office",
        "committee",
        "municipal_company",
    ]
    assert set(responsibility(malmo, "council").decides) == {
        "policy_adoption",
        "protocol_representation",
        "yearly_report",
    }
    assert set(responsibility(malmo, "executive_board").decides) == {
        "municipality_wide_memberships",
        "political_representation",
        "new_partner_cities",
        "significant_agreement_changes",
        "declarations_and_initiatives",
    }
    office = " ".join(responsibility(malmo, "executive_office").duties)
    assert "Brysselkontor" in office and "EU-nätverk" in office


def test_M2_decisions_required_of_the_executive_board(malmo):
    board = [
        (r, c)
        for r, c in checks(malmo, "decision_route", "partnerships")
        + checks(malmo, "decision_route", "memberships")
        if r.key == "beslut-i-kommunstyrelsen"
    ]
    assert {c.param("decided_by") for _, c in board} == {("executive_board",)}
    [kinds] = [
        c.raw["when"]["kind__in"]
        for _, c in board
        if c.register == "partnerships" and not c.param("on_change_of")
    ]
    assert set(kinds) == {"partner_city", "declaration", "letter_of_intent", "support_initiative"}
    [change] = [c for _, c in board if c.param("on_change_of")]
    assert set(change.param("on_change_of")) == {"scope", "ends_on"}  # significant changes
    memberships = [c for _, c in board if c.register == "memberships"]
    assert {c.raw["when"].get("scope") for c in memberships} == {"municipality_wide"}
    assert any(c.param("matter_kinds") == ("representation_decision",) for c in memberships)


def test_M2_council_represents_at_protocol_visits(malmo):
    _, rule = check(malmo, "required_fact", "visits", kind__in=["protocol"])
    assert rule.raw["require"] == {"represented_by__in": ["council"]}


def test_M2_committees_must_and_companies_may_appoint_a_contact_person(malmo):
    _, rule = check(malmo, "required_fact", "units")
    assert rule.raw["when"] == {"kind__in": ["committee"]}  # companies may, not must
    assert rule.raw["require"] == {"contact_person_count__gte": 1}


def test_M3_information_matter_at_twelve_million_kronor(malmo):
    _, rule = check(malmo, "notification", "applications", total_budget_sek__gte=12_000_000)
    assert rule.param("done_by_matter").kinds == ("information_matter",)
    assert rule.param("done_by_matter").to == ("executive_board",)
    assert rule.responsible == "committee"
    assert rule.param("after_field") == "submitted_on"  # may follow the submission


def test_M3_office_always_informed_and_alignment_confirmed(malmo):
    [(_, inform)] = [
        (r, c)
        for r, c in checks(malmo, "notification", "applications", role="lead")
        if c.param("notify") == ("executive_office",)
    ]
    assert "total_budget_sek__gte" not in inform.raw["when"]  # whatever the budget
    _, alignment = check(malmo, "decision_route", "applications", role="lead")
    assert alignment.param("decided_by") == ("committee",)
    assert alignment.raw["pending"] == {"status": "preparing"}  # before it is submitted


def test_M3_committee_owns_implementation_in_regular_operations(malmo):
    _, closure = check(malmo, "required_fact", "applications", status="closed")
    assert closure.raw["require"] == {"operations_decision_on__empty": False}


def test_M4_committees_report_yearly_to_board_which_compiles_for_council(malmo):
    calendar = {p.key: (p.reporters, p.recipient) for p in malmo.reporting}
    assert calendar == {
        "annual": (("committee",), "executive_board"),
        "annual-compilation": (("executive_office",), "council"),
    }
    assert sorted(c.param("periods")[0] for _, c in checks(malmo, "recurring_duty", "units")) == [
        "annual",
        "annual-compilation",
    ]


def test_M5_policy_is_followed_up_each_term_of_office(malmo):
    assert {c.param("every") for _, c in checks(malmo, "recurring_duty", "documents")} >= {
        "term_of_office"
    }
    assert malmo.document.review_interval == "term_of_office"


# --- Essunga: E1–E6 ---------------------------------------------------------------------------


def test_E1_plan_was_valid_2017_to_2019_and_has_expired(essunga):
    doc = essunga.document
    assert (doc.kind, doc.status, doc.adopted_by) == ("plan", "adopted", "council")
    assert (doc.adopted_on, doc.adopted_paragraph) == (date(2017, 2, 20), "§ 4")
    assert (doc.valid_from, doc.valid_to) == (date(2017, 1, 1), date(2019, 12, 31))
    assert (doc.registry_number, doc.owner) == ("2016.000193", "Kommunchef")
    assert doc.valid_to < date(2024, 1, 1)
    [(validity, expired)] = [
        (r, c) for r, c in checks(essunga, "required_fact", "documents") if c.key == "expired"
    ]
    assert validity.requirement == "E1"
    assert expired.raw["require"] == {
        "any": [{"valid_to__empty": True}, {"valid_to__gte": "today"}]
    }


def test_E2_seven_goals_measured_from_the_registers_where_possible(essunga):
    assert len(essunga.goals) == 7
    assert essunga.goals[1].name == "Ökad extern finansiering"
    assert {
        "share_units_with_international_activity",
        "external_funding_granted_sek",
        "children_young_participants",
        "projects_with_municipalities_abroad",
    } <= indicator_metrics(essunga)
    by_key = {g.key: g for g in essunga.goals}
    assert {i.kind for i in by_key["attraktiv-arbetsgivare"].indicators} == {"manual"}
    assert {i.kind for i in by_key["naringsliv-och-civilsamhalle"].indicators} == {"manual"}


def test_E2_every_goal_belongs_to_a_priority_area(essunga):
    assert all(goal.priority_area for goal in essunga.goals)


def test_E3_common_action_plan_is_followed_up_yearly(essunga):
    rule, duty = check(essunga, "recurring_duty", "units")
    assert rule.requirement == "E3"
    assert duty.param("periods") == ("annual",)


def test_E5_children_and_young_people_are_a_priority_group(essunga):
    area_keys = [a.key for a in essunga.priority_areas]
    assert "barn-och-unga" in area_keys
    goal = next(g for g in essunga.goals if g.key == "barn-och-unga-i-utbyten")
    assert goal.priority_area == "barn-och-unga"


def test_E6_areas_are_tagged_with_sustainability_dimensions_and_eu2020_growth(essunga):
    tags = {tag for area in essunga.priority_areas for tag in area.tags}
    assert {
        "hallbarhet-ekologisk",
        "hallbarhet-social",
        "hallbarhet-ekonomisk",
        "eu2020-smart-tillvaxt",
        "eu2020-hallbar-tillvaxt",
        "eu2020-tillvaxt-for-alla",
    } == tags


# --- Falun: F1–F5 -----------------------------------------------------------------------------


def test_F1_four_aims_with_the_sixteen_guidelines_as_checklist(falun):
    assert [a.name for a in falun.priority_areas] == [
        "Att sprida information om Falun i världen",
        "Att uppnå maximal nytta av EU-medlemskapet",
        "Att tillföra kommunen internationell kompetens",
        "Att Falu kommun skall vara en aktiv part när det gäller "
        "internationaliseringsarbetet i regionen",
    ]
    assert sum(len(a.commitments) for a in falun.priority_areas) == 16


def test_F2_agreements_limited_in_number_scope_and_time(falun):
    _, limit = check(falun, "limit", "partnerships")
    _, complete = check(falun, "required_fact", "partnerships")
    assert limit.param("max_count") == 5
    assert complete.raw["require"] == {
        "ends_on__empty": False,
        "scope__empty": False,
        "stated_benefit__empty": False,
    }
    # The work builds on the twin towns: they are not counted.
    assert "twin_town" not in limit.raw["when"]["kind__in"]


def test_F3_priorities_and_growth_programme_cornerstones_are_tags(falun):
    tags = {tag for area in falun.priority_areas for tag in area.tags}
    assert {
        "barn-och-unga",
        "naringsliv",
        "utbildning",
        "lokala-regionala-aktorer",
        "flera-verksamhetsomraden",
    } <= tags
    cornerstones = {tag for tag in tags if tag.startswith("tillvaxt-")}
    assert len(cornerstones) == 7


def test_F4_executive_board_holds_all_memberships_and_twin_town_relations(falun):
    routes = checks(falun, "decision_route", "memberships")
    assert routes and {c.param("decided_by") for _, c in routes} == {("executive_board",)}
    assert {c.raw.get("when", {}).get("scope") for _, c in routes} <= {
        None,
        "municipality_wide",
        "unit",
    }
    assert "twin_town_relations" in responsibility(falun, "executive_board").decides


def test_F4_council_or_board_represents_at_official_visits(falun):
    _, rule = check(falun, "required_fact", "visits", kind__in=["official"])
    assert rule.raw["require"] == {"represented_by__in": ["council", "executive_board"]}


def test_F4_twin_town_visits_are_announced_in_good_time(falun):
    _, rule = check(falun, "notification", "visits", partnership_kind="twin_town")
    assert rule.param("days_before") == 14
    assert rule.param("notify") == ("elected_officials", "staff_concerned")


def test_F5_contact_person_per_administration_and_yearly_report_to_council(falun):
    _, contact = check(falun, "required_fact", "units")
    assert contact.raw["when"] == {"kind__in": ["administration"]}
    _, report = check(falun, "recurring_duty", "units")
    [period] = [p for p in falun.reporting if p.key == report.param("periods")[0]]
    assert period.recipient == "council"
    assert report.raw["when"] == {"kind__in": ["executive_office"]}
    assert "Samordnar nätverket" in " ".join(responsibility(falun, "municipal_director").duties)


def test_derived_metrics_used_by_seeds_are_known(profiles):
    used = set().union(*(indicator_metrics(p) for p in profiles.values()))
    assert used <= set(DERIVED_METRICS)
