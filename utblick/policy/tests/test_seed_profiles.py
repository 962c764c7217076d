"""The four seed profiles carry the requirements of their steering documents (L, U, M, E, F).

Pure tests: no database, no Django settings needed.
"""

import re
from datetime import date

import pytest

from utblick.policy.profile_format import (
    DERIVED_METRICS,
    SEED_PROFILES,
    Profile,
    Routine,
    check_profile,
    load_profile_file,
    seed_profile_path,
)
from utblick.policy.rule_types import RULE_TYPES

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


def routine(profile: Profile, rule: str) -> Routine:
    [found] = [r for r in profile.routines if r.rule == rule]
    return found


def routines(profile: Profile, rule: str) -> list[Routine]:
    return [r for r in profile.routines if r.rule == rule]


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
    assert profiles[code].municipality.code == code
    assert profiles[code].format == 1


@pytest.mark.parametrize("code", sorted(SEED_PROFILES))
def test_every_routine_uses_a_catalogued_rule_and_a_requirement_of_its_seed(profiles, code):
    for r in profiles[code].routines:
        assert r.rule in RULE_TYPES
        assert r.requirement in REQUIREMENTS[code], r.key
        assert r.description, r.key
        assert set(r.params) == set(RULE_TYPES[r.rule].params), r.key


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
    review = routine(linkoping, "membership_review_interval")
    assert review.requirement == "L2"
    assert review.params["months"] == 24
    assert {"municipality_goals", "committee_goals"} <= set(review.params["against"])


def test_L2_multi_committee_memberships_by_executive_board_single_area_by_unit(linkoping):
    decision = routine(linkoping, "membership_decision_body")
    assert decision.params == {
        "municipality_wide": "executive_board",
        "single_unit": "owning_unit",
        "allow_executive_board_for_all": False,
    }
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
    reporting = routine(linkoping, "reporting_obligation")
    assert reporting.params == {"periods": ["t1", "t2", "annual"], "reporters": ["committee"]}


def test_L3_municipal_companies_decide_their_own_direction(linkoping):
    duties = " ".join(responsibility(linkoping, "municipal_company").duties)
    assert "beslutar om inriktning" in duties


def test_L4_staff_participation_lessons_and_eu_cofinancing_are_measured(linkoping):
    assert {
        "staff_participants",
        "lessons_learned_count",
        "external_funding_granted_sek",
    } <= indicator_metrics(linkoping)
    closure = routine(linkoping, "project_closure_lessons")
    assert closure.params["require_lessons"] is True


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
    assert routine(linkoping, "document_validity").requirement == "L6"


def test_U1_no_new_twin_towns_needs_a_council_decision(linkoping):
    rule = routine(linkoping, "no_new_twin_towns")
    assert rule.params["kinds"] == ["twin_town"]
    assert rule.params["decision_body"] == "council"
    assert date.fromisoformat(rule.params["since"]).year == 2003


def test_U3_support_to_another_country_cites_its_legal_ground_via_memberships(linkoping):
    rule = routine(linkoping, "support_legal_ground")
    assert "Lag (2009:47)" in rule.params["default_legal_ground"]
    assert "5 kap. 4–9 §§" in rule.params["default_legal_ground"]
    assert rule.params["via_memberships"] is True  # U2


def test_linkoping_requires_no_contact_person_per_unit(linkoping):
    assert routines(linkoping, "contact_person_per_unit") == []


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
    rule = routine(malmo, "decision_required")
    assert rule.params["body"] == "executive_board"
    assert set(rule.params["subjects"]) == {
        "new_partner_city",
        "significant_agreement_change",
        "declaration",
        "letter_of_intent",
        "initiative",
        "municipality_wide_membership",
        "political_representation",
    }


def test_M2_council_represents_at_protocol_visits(malmo):
    rule = routine(malmo, "visit_representation")
    assert rule.params == {"visit_kinds": ["protocol"], "bodies": ["council"]}


def test_M2_committees_must_and_companies_may_appoint_a_contact_person(malmo):
    rule = routine(malmo, "contact_person_per_unit")
    assert rule.params == {
        "required_kinds": ["committee"],
        "optional_kinds": ["municipal_company"],
    }


def test_M3_information_matter_at_twelve_million_kronor(malmo):
    rule = routine(malmo, "application_budget_information_matter")
    assert rule.params["threshold_sek"] == 12_000_000
    assert rule.params["to"] == "executive_board"
    assert rule.params["from_body"] == "committee"
    assert rule.params["may_follow_submission"] is True


def test_M3_office_always_informed_and_alignment_confirmed(malmo):
    inform = routine(malmo, "application_inform_office")
    assert inform.params["notify"] == "executive_office"
    assert inform.params["only_when_owner"] is True
    alignment = routine(malmo, "application_alignment_confirmation")
    assert alignment.params == {"confirmed_by": "committee", "before_status": "submitted"}


def test_M3_committee_owns_implementation_in_regular_operations(malmo):
    closure = routine(malmo, "project_closure_lessons")
    assert closure.params["require_operations_decision"] is True


def test_M4_committees_report_yearly_to_board_which_compiles_for_council(malmo):
    calendar = {p.key: (p.reporters, p.recipient) for p in malmo.reporting}
    assert calendar == {
        "annual": (("committee",), "executive_board"),
        "annual-compilation": (("executive_office",), "council"),
    }
    assert sorted(r.params["periods"][0] for r in routines(malmo, "reporting_obligation")) == [
        "annual",
        "annual-compilation",
    ]


def test_M5_policy_is_followed_up_each_term_of_office(malmo):
    assert routine(malmo, "document_validity").params["review_every"] == "term_of_office"
    assert malmo.document.review_interval == "term_of_office"


# --- Essunga: E1–E6 ---------------------------------------------------------------------------


def test_E1_plan_was_valid_2017_to_2019_and_has_expired(essunga):
    doc = essunga.document
    assert (doc.kind, doc.status, doc.adopted_by) == ("plan", "adopted", "council")
    assert (doc.adopted_on, doc.adopted_paragraph) == (date(2017, 2, 20), "§ 4")
    assert (doc.valid_from, doc.valid_to) == (date(2017, 1, 1), date(2019, 12, 31))
    assert (doc.registry_number, doc.owner) == ("2016.000193", "Kommunchef")
    assert doc.valid_to < date(2024, 1, 1)
    assert routine(essunga, "document_validity").requirement == "E1"


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
    rule = routine(essunga, "reporting_obligation")
    assert rule.requirement == "E3"
    assert rule.params["periods"] == ["annual"]


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
    rule = routine(falun, "agreement_limits")
    assert rule.params["max_active"] == 5
    assert rule.params["require_end_date"] is True
    assert rule.params["require_scope"] is True
    assert rule.params["require_benefit"] is True
    assert "twin_town" not in rule.params["kinds"]  # the work builds on the twin towns


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
    rule = routine(falun, "membership_decision_body")
    assert rule.params["allow_executive_board_for_all"] is True
    assert rule.params["single_unit"] == "executive_board"
    assert "twin_town_relations" in responsibility(falun, "executive_board").decides


def test_F4_council_or_board_represents_at_official_visits(falun):
    rule = routine(falun, "visit_representation")
    assert rule.params == {"visit_kinds": ["official"], "bodies": ["council", "executive_board"]}


def test_F4_twin_town_visits_are_announced_in_good_time(falun):
    rule = routine(falun, "twin_town_visit_notice")
    assert rule.params == {
        "days_before": 14,
        "notify": ["elected_officials", "staff_concerned"],
    }


def test_F5_contact_person_per_administration_and_yearly_report_to_council(falun):
    contact = routine(falun, "contact_person_per_unit")
    assert contact.params["required_kinds"] == ["administration"]
    report = routine(falun, "reporting_obligation")
    [period] = [p for p in falun.reporting if p.key == report.params["periods"][0]]
    assert period.recipient == "council"
    assert report.params["reporters"] == ["executive_office"]
    assert "Samordnar nätverket" in " ".join(responsibility(falun, "municipal_director").duties)


def test_derived_metrics_used_by_seeds_are_known(profiles):
    used = set().union(*(indicator_metrics(p) for p in profiles.values()))
    assert used <= set(DERIVED_METRICS)
