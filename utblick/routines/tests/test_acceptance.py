"""Acceptance: every routine of the four real seed profiles fires when it should and stays
quiet when it should. Each test is named after the requirement it proves.

`ROUTINE_TESTS` maps each (municipality code, routine key) to the tests that show it firing
and staying quiet; a test enumerates the seed profiles and fails if a routine has none.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from utblick.core.services import record_create, record_update
from utblick.factories import (
    ApplicationFactory,
    MembershipFactory,
    PartnershipFactory,
    PersonFactory,
    VisitFactory,
)
from utblick.organisation.models import ContactPerson
from utblick.policy.profile_format import SEED_PROFILES, load_profile_file, seed_profile_path
from utblick.registers.models import Matter, Partnership
from utblick.routines.tests.conftest import make_place
from utblick.routines.working_days import swedish_working_days

LINKOPING, MALMO, ESSUNGA, FALUN = "0580", "1280", "1445", "2080"
D = dt.date

ROUTINE_TESTS = {
    (LINKOPING, "medlemskap-provning"): {
        "fires": ["test_L2_membership_not_reviewed_in_24_months"],
        "quiet": ["test_L2_membership_reviewed_within_24_months_needs_no_review"],
    },
    (LINKOPING, "medlemskap-beslut"): {
        "fires": ["test_L2_municipality_wide_membership_decided_by_a_committee_is_a_conflict"],
        "quiet": ["test_L2_memberships_decided_by_the_right_body_are_in_order"],
    },
    (LINKOPING, "inga-nya-vanorter"): {
        "fires": ["test_U1_new_twin_town_in_linkoping_is_a_policy_conflict"],
        "quiet": ["test_U1_old_twin_town_or_one_the_council_approved_is_no_conflict"],
    },
    (LINKOPING, "stod-till-annat-land"): {
        "fires": ["test_U3_support_initiative_needs_legal_ground_and_networks"],
        "quiet": ["test_U2_support_through_eurocities_with_legal_ground_is_in_order"],
    },
    (LINKOPING, "rapportering"): {
        "fires": ["test_L3_committees_report_tertials_and_the_annual_report"],
        "quiet": ["test_L3_no_report_is_raised_long_before_it_is_due"],
    },
    (LINKOPING, "dokumentets-giltighet"): {
        "fires": ["test_L6_programme_is_followed_up_before_the_term_of_office_ends"],
        "quiet": ["test_L6_programme_until_further_notice_needs_nothing_early_in_the_term"],
    },
    (LINKOPING, "projektavslut-lardomar"): {
        "fires": ["test_L4_closed_project_without_lessons_needs_lessons"],
        "quiet": ["test_L4_closed_project_with_lessons_is_done"],
    },
    (MALMO, "ansokan-informera-ksf"): {
        "fires": ["test_M3_executive_office_is_informed_of_every_lead_application"],
        "quiet": ["test_M3_partner_application_needs_no_information_to_the_office"],
    },
    (MALMO, "ansokan-informationsarende"): {
        "fires": ["test_M3_application_of_12_msek_needs_information_matter"],
        "quiet": [
            "test_M3_application_of_11_9_msek_needs_no_information_matter",
            "test_M3_information_matter_to_ks_completes_the_obligation",
        ],
    },
    (MALMO, "ansokan-i-linje-med-policy"): {
        "fires": [
            "test_M3_application_being_prepared_needs_alignment_confirmation",
            "test_M3_application_submitted_without_confirmation_is_a_conflict",
        ],
        "quiet": ["test_M3_application_confirmed_by_the_committee_is_in_order"],
    },
    (MALMO, "medlemskap-beslut"): {
        "fires": ["test_M2_municipality_wide_membership_without_ks_decision_is_a_conflict"],
        "quiet": ["test_M2_committee_membership_decided_by_the_committee_is_in_order"],
    },
    (MALMO, "beslut-i-kommunstyrelsen"): {
        "fires": [
            "test_M2_new_partner_city_needs_ks_decision",
            "test_M2_significant_agreement_change_needs_ks_decision",
            "test_M2_political_representation_in_a_network_needs_ks_decision",
        ],
        "quiet": ["test_M2_declaration_decided_by_ks_is_in_order"],
    },
    (MALMO, "protokollara-besok"): {
        "fires": ["test_M2_protocol_visit_represented_by_staff_is_a_conflict"],
        "quiet": ["test_M2_protocol_visit_represented_by_the_council_is_in_order"],
    },
    (MALMO, "arlig-redovisning-namnd"): {
        "fires": ["test_M4_committees_report_yearly_to_ks"],
        "quiet": ["test_M4_no_yearly_report_is_raised_in_november"],
    },
    (MALMO, "arlig-sammanstallning"): {
        "fires": ["test_M4_executive_office_compiles_the_yearly_report_for_the_council"],
        "quiet": ["test_M4_no_yearly_report_is_raised_in_november"],
    },
    (MALMO, "policyns-uppfoljning"): {
        "fires": ["test_M5_policy_is_followed_up_each_term_of_office"],
        "quiet": ["test_M5_no_follow_up_early_in_the_term"],
    },
    (MALMO, "projektavslut-implementering"): {
        "fires": ["test_M3_closed_project_needs_decision_on_regular_operations"],
        "quiet": ["test_M3_closed_project_with_operations_decision_is_done"],
    },
    (MALMO, "kontaktperson-eu-natverket"): {
        "fires": ["test_M2_committee_without_contact_person_needs_one"],
        "quiet": ["test_M2_committee_with_contact_person_is_in_order"],
    },
    (ESSUNGA, "planens-giltighet"): {
        "fires": ["test_E1_essunga_plan_has_expired"],
        "quiet": ["test_E1_a_new_plan_ends_the_conflict"],
    },
    (ESSUNGA, "handlingsplan-uppfoljning"): {
        "fires": ["test_E3_committees_follow_up_the_common_action_plan_yearly"],
        "quiet": ["test_E3_no_follow_up_is_raised_in_november"],
    },
    (ESSUNGA, "projektavslut-erfarenheter"): {
        "fires": ["test_E2_closed_project_documents_its_experience"],
        "quiet": ["test_E2_running_project_needs_no_closure_documentation"],
    },
    (FALUN, "avtalsgranser"): {
        "fires": [
            "test_F2_agreement_without_end_date_is_incomplete",
            "test_F2_sixth_agreement_is_a_policy_conflict",
        ],
        "quiet": ["test_F2_complete_agreements_within_the_limit_are_in_order"],
    },
    (FALUN, "medlemskap-beslut"): {
        "fires": ["test_F4_membership_decided_by_a_committee_is_a_conflict_in_falun"],
        "quiet": ["test_F4_membership_decided_by_ks_is_in_order"],
    },
    (FALUN, "officiella-besok"): {
        "fires": ["test_F4_official_visit_represented_by_staff_is_a_conflict"],
        "quiet": ["test_F4_official_visit_represented_by_ks_is_in_order"],
    },
    (FALUN, "vanortsbesok-information"): {
        "fires": [
            "test_F4_twin_town_visit_not_announced_is_an_open_obligation",
            "test_F4_twin_town_visit_announced_late_is_flagged",
        ],
        "quiet": ["test_F4_twin_town_visit_announced_14_days_before"],
    },
    (FALUN, "kontaktperson-per-forvaltning"): {
        "fires": ["test_F5_administration_without_contact_person_needs_one"],
        "quiet": ["test_F5_administration_with_contact_person_is_in_order"],
    },
    (FALUN, "arlig-rapport"): {
        "fires": ["test_F5_network_reports_yearly_to_the_council"],
        "quiet": ["test_F5_no_yearly_report_is_raised_in_november"],
    },
}


def test_every_routine_of_every_seed_profile_has_acceptance_tests():
    module = globals()
    missing = []
    for code in SEED_PROFILES:
        for routine in load_profile_file(seed_profile_path(code)).routines:
            tests = ROUTINE_TESTS.get((code, routine.key))
            if not tests or not tests.get("fires") or not tests.get("quiet"):
                missing.append(f"{code} {routine.key}")
                continue
            for name in tests["fires"] + tests["quiet"]:
                assert callable(module.get(name)), f"{code} {routine.key}: no test {name}"
    assert missing == []
    listed = {key for key in ROUTINE_TESTS}
    real = {
        (code, r.key)
        for code in SEED_PROFILES
        for r in load_profile_file(seed_profile_path(code)).routines
    }
    assert listed == real


def _matter(place, **fields):
    fields.setdefault("unit", place.committee)
    fields.setdefault("title", "Ärende")
    return Matter.objects.create(municipality=place.municipality, **fields)


def _contact(place, unit):
    person = PersonFactory(municipality=place.municipality, name=f"Kontakt {unit.name}")
    return ContactPerson.objects.create(municipality=place.municipality, unit=unit, person=person)


# --- Linköping -----------------------------------------------------------------------------


@pytest.fixture
def linkoping(db):
    return make_place(LINKOPING)


def test_L2_membership_not_reviewed_in_24_months(linkoping):
    membership = MembershipFactory(
        municipality=linkoping.municipality,
        organisation="EUROCITIES",
        unit=linkoping.board,
        decided_by=linkoping.board,
        decided_on=D(2015, 1, 1),
        started_on=D(2015, 1, 1),
        last_reviewed_on=D(2024, 6, 1),
    )
    linkoping.run(D(2026, 11, 22))
    [obligation] = linkoping.open_about("medlemskap-provning", membership)
    assert obligation.title == "Pröva medlemskapet i EUROCITIES mot målen"
    assert obligation.due_on == D(2026, 6, 1)
    assert obligation.requirement == "L2"
    assert "Krav L2" in obligation.explanation


def test_L2_membership_reviewed_within_24_months_needs_no_review(linkoping):
    membership = MembershipFactory(
        municipality=linkoping.municipality,
        unit=linkoping.board,
        started_on=D(2015, 1, 1),
        last_reviewed_on=D(2025, 6, 1),
    )
    linkoping.run(D(2026, 11, 22))
    assert linkoping.open_about("medlemskap-provning", membership) == []


def test_L2_municipality_wide_membership_decided_by_a_committee_is_a_conflict(linkoping):
    membership = MembershipFactory(
        municipality=linkoping.municipality,
        scope="municipality_wide",
        unit=linkoping.committee,
        decided_by=linkoping.committee,
        decided_on=D(2020, 1, 1),
    )
    undecided = MembershipFactory(
        municipality=linkoping.municipality, scope="unit", unit=linkoping.committee
    )
    linkoping.run()
    [conflict] = linkoping.open_about("medlemskap-beslut", membership)
    assert conflict.kind == "conflict"
    assert "saknar beslut av rätt organ" in conflict.title
    assert "kommunstyrelsen" in conflict.explanation
    assert linkoping.open_about("medlemskap-beslut", undecided)[0].kind == "conflict"


def test_L2_memberships_decided_by_the_right_body_are_in_order(linkoping):
    wide = MembershipFactory(
        municipality=linkoping.municipality,
        scope="municipality_wide",
        unit=linkoping.board,
        decided_by=linkoping.board,
        decided_on=D(2020, 1, 1),
    )
    # A membership of the administration, decided by its committee (L2: "nämnder och bolagsstyrelser").
    unit = MembershipFactory(
        municipality=linkoping.municipality,
        scope="unit",
        unit=linkoping.administration,
        decided_by=linkoping.committee,
        decided_on=D(2020, 1, 1),
    )
    company = MembershipFactory(
        municipality=linkoping.municipality,
        scope="unit",
        unit=linkoping.company,
        decided_by=linkoping.company,
        decided_on=D(2020, 1, 1),
    )
    linkoping.run()
    for membership in (wide, unit, company):
        assert linkoping.open_about("medlemskap-beslut", membership) == []


def test_U1_new_twin_town_in_linkoping_is_a_policy_conflict(linkoping):
    twin = PartnershipFactory(
        municipality=linkoping.municipality,
        kind="twin_town",
        title="Vänort i Ukraina",
        counterpart="Charkiv",
        country_id="UA",
        unit=linkoping.board,
        started_on=D(2026, 9, 1),
    )
    linkoping.run()
    [conflict] = linkoping.open_about("inga-nya-vanorter", twin)
    assert conflict.kind == "conflict"
    assert "kommunfullmäktige" in conflict.title
    assert conflict.requirement == "U1"


def test_U1_old_twin_town_or_one_the_council_approved_is_no_conflict(linkoping):
    old = PartnershipFactory(
        municipality=linkoping.municipality,
        kind="twin_town",
        unit=linkoping.board,
        started_on=D(1995, 5, 1),
    )
    approved = PartnershipFactory(
        municipality=linkoping.municipality,
        kind="twin_town",
        unit=linkoping.board,
        started_on=D(2026, 9, 1),
    )
    _matter(
        linkoping,
        kind="partnership_decision",
        unit=linkoping.office,
        body=linkoping.council,
        partnership=approved,
        outcome="approved",
        decided_on=D(2026, 8, 20),
    )
    linkoping.run()
    assert linkoping.open("inga-nya-vanorter") == []
    [done] = linkoping.obligations("inga-nya-vanorter", object_id=approved.pk)
    assert done.status == "done" and done.done_automatically and done.evidence_matter_id
    assert not linkoping.obligations("inga-nya-vanorter", object_id=old.pk)


def test_U3_support_initiative_needs_legal_ground_and_networks(linkoping):
    support = PartnershipFactory(
        municipality=linkoping.municipality,
        kind="support_initiative",
        title="Stöd till Ukraina",
        country_id="UA",
        unit=linkoping.board,
    )
    linkoping.run()
    titles = sorted(o.title for o in linkoping.open_about("stod-till-annat-land", support))
    assert titles == [
        "Ange laglig grund för stödinsatsen Stöd till Ukraina",
        "Koppla stödinsatsen till nätverk (U2): Stöd till Ukraina",
    ]


def test_U2_support_through_eurocities_with_legal_ground_is_in_order(linkoping):
    eurocities = MembershipFactory(
        municipality=linkoping.municipality, organisation="EUROCITIES", unit=linkoping.board
    )
    support = PartnershipFactory(
        municipality=linkoping.municipality,
        kind="support_initiative",
        country_id="UA",
        unit=linkoping.board,
        legal_ground="Lag (2009:47) om vissa kommunala befogenheter, 5 kap. 4–9 §§",
    )
    support.memberships.add(eurocities)
    linkoping.run()
    assert linkoping.open_about("stod-till-annat-land", support) == []


def test_L3_committees_report_tertials_and_the_annual_report(linkoping):
    linkoping.run(D(2027, 5, 15))
    reports = linkoping.open("rapportering")
    assert sorted((o.title, o.responsible_unit.name, o.due_on) for o in reports) == [
        (
            "Rapportera tertialrapport 1 (januari–april) 2027",
            "Kultur- och fritidsnämnden",
            D(2027, 5, 31),
        ),
        ("Rapportera tertialrapport 1 (januari–april) 2027", "Miljönämnden", D(2027, 5, 31)),
        # Due 28 February, a Sunday: the next working day.
        ("Rapportera årsredovisning 2026", "Kultur- och fritidsnämnden", D(2027, 3, 1)),
        ("Rapportera årsredovisning 2026", "Miljönämnden", D(2027, 3, 1)),
    ]


def test_L3_no_report_is_raised_long_before_it_is_due(linkoping):
    # T1 and T2 2026 fell due before Utblick began tracking; the annual report is 3 months off.
    linkoping.run(D(2026, 11, 23))
    assert linkoping.open("rapportering") == []


def test_L6_programme_is_followed_up_before_the_term_of_office_ends(linkoping):
    linkoping.run(D(2030, 5, 1))
    [obligation] = linkoping.open("dokumentets-giltighet")
    assert obligation.title == "Följ upp styrdokumentet under mandatperioden 2026–2030"
    assert obligation.due_on == D(2030, 10, 14)
    assert obligation.responsible_unit == linkoping.office


def test_L6_programme_until_further_notice_needs_nothing_early_in_the_term(linkoping):
    linkoping.run(D(2027, 1, 1))
    assert linkoping.open("dokumentets-giltighet") == []


def test_L4_closed_project_without_lessons_needs_lessons(linkoping):
    project = ApplicationFactory(
        municipality=linkoping.municipality,
        unit=linkoping.committee,
        status="closed",
        starts_on=D(2023, 1, 1),
        ends_on=D(2026, 6, 30),
    )
    linkoping.run()
    [obligation] = linkoping.open_about("projektavslut-lardomar", project)
    assert obligation.title.startswith("Dokumentera lärdomar från projektet")
    assert obligation.due_on == D(2026, 9, 28)


def test_L4_closed_project_with_lessons_is_done(linkoping):
    project = ApplicationFactory(
        municipality=linkoping.municipality,
        unit=linkoping.committee,
        status="closed",
        starts_on=D(2023, 1, 1),
        ends_on=D(2026, 6, 30),
        lessons_learned="Samverkan med universitetet tidigt.",
    )
    linkoping.run()
    assert linkoping.open_about("projektavslut-lardomar", project) == []
    [done] = linkoping.obligations("projektavslut-lardomar", object_id=project.pk)
    assert done.status == "done"


# --- Malmö ---------------------------------------------------------------------------------


@pytest.fixture
def malmo(db):
    return make_place(MALMO)


def _application(place, **fields):
    fields.setdefault("unit", place.administration)
    return ApplicationFactory(municipality=place.municipality, **fields)


def test_M3_executive_office_is_informed_of_every_lead_application(malmo):
    application = _application(malmo, title="Grön omställning", total_budget=Decimal("50000"))
    malmo.run()
    [obligation] = malmo.open_about("ansokan-informera-ksf", application)
    assert obligation.title == "Informera kommunstyrelsens förvaltning om ansökan Grön omställning"
    seven_days = timezone.localdate(obligation.created_at) + dt.timedelta(days=7)
    assert obligation.due_on == swedish_working_days().on_or_after(seven_days)
    assert obligation.responsible_unit == malmo.administration


def test_M3_partner_application_needs_no_information_to_the_office(malmo):
    application = _application(malmo, role="partner")
    malmo.run()
    assert malmo.obligations("ansokan-informera-ksf", object_id=application.pk) == []


def test_M3_application_of_12_msek_needs_information_matter(malmo):
    application = _application(
        malmo,
        total_budget=Decimal("12000000"),
        status="submitted",
        submitted_on=D(2026, 11, 1),
    )
    malmo.run()
    [obligation] = malmo.open_about("ansokan-informationsarende", application)
    assert obligation.title.startswith("Skicka informationsärende till kommunstyrelsen")
    # 60 days after submission is nyårsafton; New Year's Day and a weekend follow.
    assert obligation.due_on == D(2027, 1, 4)
    assert obligation.responsible_unit == malmo.committee


def test_M3_application_of_11_9_msek_needs_no_information_matter(malmo):
    application = _application(malmo, total_budget=Decimal("11900000"))
    eur = _application(
        malmo, total_budget=Decimal("1000000"), currency="EUR", eur_to_sek_rate=Decimal("11.5")
    )
    malmo.run()
    assert malmo.obligations("ansokan-informationsarende", object_id=application.pk) == []
    assert malmo.obligations("ansokan-informationsarende", object_id=eur.pk) == []


def test_M3_information_matter_to_ks_completes_the_obligation(malmo):
    application = _application(malmo, total_budget=Decimal("13000000"))
    malmo.run()
    assert malmo.open_about("ansokan-informationsarende", application)
    matter = record_create(
        actor=malmo.actor,
        model=Matter,
        fields={
            "kind": "information_matter",
            "title": "Information om ansökan",
            "unit": malmo.committee,
            "body": malmo.board,
            "application": application,
        },
    )
    # Evaluated on save: no sweep needed.
    [done] = malmo.obligations("ansokan-informationsarende", object_id=application.pk)
    assert done.status == "done" and done.evidence_matter == matter


def test_M3_application_being_prepared_needs_alignment_confirmation(malmo):
    application = _application(malmo, status="preparing", deadline=D(2027, 2, 1))
    idea = _application(malmo, status="idea")
    malmo.run()
    [obligation] = malmo.open_about("ansokan-i-linje-med-policy", application)
    assert obligation.kind == "obligation" and obligation.due_on == D(2027, 2, 1)
    assert obligation.responsible_unit == malmo.committee
    assert malmo.open_about("ansokan-i-linje-med-policy", idea) == []


def test_M3_application_submitted_without_confirmation_is_a_conflict(malmo):
    application = _application(malmo, status="submitted", submitted_on=D(2026, 10, 1))
    malmo.run()
    [conflict] = malmo.open_about("ansokan-i-linje-med-policy", application)
    assert conflict.kind == "conflict"


def test_M3_application_confirmed_by_the_committee_is_in_order(malmo):
    application = _application(malmo, status="submitted", submitted_on=D(2026, 10, 1))
    _matter(
        malmo,
        kind="application_decision",
        body=malmo.committee,
        application=application,
        outcome="approved",
        decided_on=D(2026, 9, 20),
    )
    malmo.run()
    assert malmo.open_about("ansokan-i-linje-med-policy", application) == []


def test_M2_municipality_wide_membership_without_ks_decision_is_a_conflict(malmo):
    membership = MembershipFactory(
        municipality=malmo.municipality, scope="municipality_wide", unit=malmo.office
    )
    malmo.run()
    [conflict] = malmo.open_about("medlemskap-beslut", membership)
    assert conflict.kind == "conflict"
    assert conflict.responsible_unit == malmo.office


def test_M2_committee_membership_decided_by_the_committee_is_in_order(malmo):
    membership = MembershipFactory(
        municipality=malmo.municipality,
        scope="unit",
        unit=malmo.committee,
        decided_by=malmo.committee,
        decided_on=D(2021, 3, 1),
    )
    malmo.run()
    assert malmo.open_about("medlemskap-beslut", membership) == []


def test_M2_new_partner_city_needs_ks_decision(malmo):
    proposed = PartnershipFactory(
        municipality=malmo.municipality, kind="partner_city", status="proposed", unit=malmo.office
    )
    active = PartnershipFactory(
        municipality=malmo.municipality, kind="partner_city", unit=malmo.office
    )
    malmo.run()
    assert [o.kind for o in malmo.open_about("beslut-i-kommunstyrelsen", proposed)] == [
        "obligation"
    ]
    assert [o.kind for o in malmo.open_about("beslut-i-kommunstyrelsen", active)] == ["conflict"]


def test_M2_declaration_decided_by_ks_is_in_order(malmo):
    declaration = PartnershipFactory(
        municipality=malmo.municipality, kind="declaration", unit=malmo.office
    )
    _matter(
        malmo,
        kind="partnership_decision",
        unit=malmo.office,
        body=malmo.board,
        partnership=declaration,
        outcome="approved",
        decided_on=D(2026, 5, 1),
    )
    malmo.run()
    assert malmo.open_about("beslut-i-kommunstyrelsen", declaration) == []


def test_M2_significant_agreement_change_needs_ks_decision(malmo):
    agreement = record_create(
        actor=malmo.actor,
        model=Partnership,
        fields={
            "kind": "cooperation_agreement",
            "title": "Samarbetsavtal med Gdańsk",
            "counterpart": "Gdańsk",
            "country_id": "PL",
            "unit": malmo.office,
            "scope": "Hamn",
            "ends_on": D(2027, 12, 31),
        },
    )
    record_update(
        actor=malmo.actor,
        instance=agreement,
        expected_version=1,
        fields={"scope": "Hamn, skola och kultur"},
    )
    [conflict] = malmo.open_about("beslut-i-kommunstyrelsen", agreement)
    assert conflict.kind == "conflict"
    assert "omfattning" in conflict.explanation
    # A sweep finds the same change in the audit trail and changes nothing.
    assert malmo.run().per_routine["beslut-i-kommunstyrelsen"]["create"] == 0
    assert len(malmo.open_about("beslut-i-kommunstyrelsen", agreement)) == 1


def test_M2_political_representation_in_a_network_needs_ks_decision(malmo):
    membership = MembershipFactory(
        municipality=malmo.municipality,
        scope="municipality_wide",
        unit=malmo.board,
        decided_by=malmo.board,
        decided_on=D(2019, 1, 1),
    )
    membership.representatives.add(
        PersonFactory(municipality=malmo.municipality, kind="elected", name="Ordförande")
    )
    malmo.run()
    [obligation] = malmo.open_about("beslut-i-kommunstyrelsen", membership)
    assert "representerar" in obligation.title


def test_M2_protocol_visit_represented_by_staff_is_a_conflict(malmo):
    visit = VisitFactory(
        municipality=malmo.municipality,
        unit=malmo.office,
        kind="protocol",
        represented_by="staff",
        starts_on=D(2026, 10, 1),
    )
    malmo.run()
    [conflict] = malmo.open_about("protokollara-besok", visit)
    assert conflict.kind == "conflict" and "kommunfullmäktige" in conflict.title


def test_M2_protocol_visit_represented_by_the_council_is_in_order(malmo):
    visit = VisitFactory(
        municipality=malmo.municipality,
        unit=malmo.office,
        kind="protocol",
        represented_by="council",
        starts_on=D(2026, 10, 1),
    )
    study = VisitFactory(municipality=malmo.municipality, unit=malmo.office, kind="study")
    malmo.run()
    assert malmo.open_about("protokollara-besok", visit) == []
    assert malmo.open_about("protokollara-besok", study) == []


def test_M4_committees_report_yearly_to_ks(malmo):
    malmo.run(D(2027, 2, 1))
    reports = malmo.open("arlig-redovisning-namnd")
    assert sorted(o.responsible_unit.name for o in reports) == [
        "Kultur- och fritidsnämnden",
        "Miljönämnden",
    ]
    assert {o.due_on for o in reports} == {D(2027, 3, 1)}  # 28 February is a Sunday
    assert {o.title for o in reports} == {
        "Rapportera nämndernas årliga redovisning av internationellt arbete 2026"
    }


def test_M4_executive_office_compiles_the_yearly_report_for_the_council(malmo):
    malmo.run(D(2027, 3, 15))
    [compilation] = malmo.open("arlig-sammanstallning")
    assert compilation.responsible_unit == malmo.office
    assert compilation.due_on == D(2027, 4, 30)


def test_M4_no_yearly_report_is_raised_in_november(malmo):
    malmo.run(D(2026, 11, 23))
    assert malmo.open("arlig-redovisning-namnd") == []
    assert malmo.open("arlig-sammanstallning") == []


def test_M5_policy_is_followed_up_each_term_of_office(malmo):
    malmo.run(D(2030, 6, 1))
    [obligation] = malmo.open("policyns-uppfoljning")
    assert obligation.due_on == D(2030, 10, 14)
    assert obligation.requirement == "M5"


def test_M5_no_follow_up_early_in_the_term(malmo):
    malmo.run(D(2027, 6, 1))
    assert malmo.open("policyns-uppfoljning") == []


def test_M3_closed_project_needs_decision_on_regular_operations(malmo):
    project = _application(
        malmo, status="closed", starts_on=D(2023, 1, 1), ends_on=D(2026, 9, 30), lessons_learned="x"
    )
    malmo.run()
    [obligation] = malmo.open_about("projektavslut-implementering", project)
    assert obligation.title.startswith("Besluta om implementering i ordinarie verksamhet")


def test_M3_closed_project_with_operations_decision_is_done(malmo):
    project = _application(
        malmo,
        status="closed",
        starts_on=D(2023, 1, 1),
        ends_on=D(2026, 9, 30),
        operations_decision_on=D(2026, 10, 15),
    )
    malmo.run()
    assert malmo.open_about("projektavslut-implementering", project) == []


def test_M2_committee_without_contact_person_needs_one(malmo):
    malmo.run()
    needs = malmo.open("kontaktperson-eu-natverket")
    assert sorted(o.record_label for o in needs) == ["Kultur- och fritidsnämnden", "Miljönämnden"]
    assert {o.responsible_unit for o in needs} == {malmo.office}


def test_M2_committee_with_contact_person_is_in_order(malmo):
    _contact(malmo, malmo.committee)
    _contact(malmo, malmo.other_committee)
    malmo.run()
    # Companies may appoint a contact person (optional_kinds) and raise nothing.
    assert malmo.open("kontaktperson-eu-natverket") == []


# --- Essunga -------------------------------------------------------------------------------


@pytest.fixture
def essunga(db):
    return make_place(ESSUNGA)


def test_E1_essunga_plan_has_expired(essunga):
    essunga.run()
    [conflict] = essunga.open("planens-giltighet")
    assert conflict.kind == "conflict"
    assert conflict.title == "Styrdokumentet har upphört att gälla – ett nytt behöver antas"
    assert conflict.due_on == D(2020, 1, 2)  # the day after 2019-12-31 is New Year's Day
    assert "2019-12-31" in conflict.explanation
    assert conflict.requirement == "E1"


def test_E1_a_new_plan_ends_the_conflict(essunga):
    from utblick.policy.services import profile_load

    essunga.run()
    text = seed_profile_path(ESSUNGA).read_text(encoding="utf-8")
    text = text.replace("valid_to = 2019-12-31", "valid_to = 2030-12-31")
    profile_load(municipality=essunga.municipality, text=text, source_name="essunga-2027.toml")
    essunga.run()
    assert essunga.open("planens-giltighet") == []
    [done] = essunga.obligations("planens-giltighet")
    assert done.status == "done" and "2030-12-31" in done.evidence


def test_E3_committees_follow_up_the_common_action_plan_yearly(essunga):
    essunga.run(D(2027, 2, 1))
    follow_ups = essunga.open("handlingsplan-uppfoljning")
    assert len(follow_ups) == 2
    assert {o.due_on for o in follow_ups} == {D(2027, 3, 1)}  # 28 February is a Sunday


def test_E3_no_follow_up_is_raised_in_november(essunga):
    essunga.run(D(2026, 11, 23))
    assert essunga.open("handlingsplan-uppfoljning") == []


def test_E2_closed_project_documents_its_experience(essunga):
    project = ApplicationFactory(
        municipality=essunga.municipality,
        unit=essunga.committee,
        role="partner",
        status="closed",
        starts_on=D(2024, 1, 1),
        ends_on=D(2026, 8, 31),
    )
    essunga.run()
    assert len(essunga.open_about("projektavslut-erfarenheter", project)) == 1


def test_E2_running_project_needs_no_closure_documentation(essunga):
    project = ApplicationFactory(
        municipality=essunga.municipality,
        unit=essunga.committee,
        status="running",
        starts_on=D(2024, 1, 1),
    )
    essunga.run()
    assert essunga.obligations("projektavslut-erfarenheter", object_id=project.pk) == []


# --- Falun ---------------------------------------------------------------------------------


@pytest.fixture
def falun(db):
    return make_place(FALUN)


def _agreement(place, n, **fields):
    values = {
        "kind": "cooperation_agreement",
        "title": f"Samarbetsavtal {n}",
        "unit": place.board,
        "scope": "Skola",
        "stated_benefit": "Erfarenhetsutbyte",
        "started_on": D(2020, 1, n),
        "ends_on": D(2028, 12, 31),
    }
    values.update(fields)
    return PartnershipFactory(municipality=place.municipality, **values)


def test_F2_agreement_without_end_date_is_incomplete(falun):
    agreement = _agreement(falun, 1, ends_on=None, stated_benefit="")
    falun.run()
    [obligation] = falun.open_about("avtalsgranser", agreement)
    assert obligation.title == "Komplettera avtalet Samarbetsavtal 1"
    assert "Saknas: slutdatum och angiven nytta för kommunen." in obligation.explanation


def test_F2_sixth_agreement_is_a_policy_conflict(falun):
    agreements = [_agreement(falun, n) for n in range(1, 7)]
    # Twin towns are not counted: the work builds on them.
    PartnershipFactory(municipality=falun.municipality, kind="twin_town", unit=falun.board)
    falun.run()
    conflicts = falun.open("avtalsgranser", kind="conflict")
    assert [o.object_id for o in conflicts] == [agreements[5].pk]
    assert "högst 5" in conflicts[0].explanation


def test_F2_complete_agreements_within_the_limit_are_in_order(falun):
    for n in range(1, 6):
        _agreement(falun, n)
    _agreement(falun, 6, status="ended", ends_on=D(2025, 1, 1))
    falun.run()
    assert falun.open("avtalsgranser") == []


def test_F4_membership_decided_by_a_committee_is_a_conflict_in_falun(falun):
    membership = MembershipFactory(
        municipality=falun.municipality,
        scope="unit",
        unit=falun.committee,
        decided_by=falun.committee,
        decided_on=D(2020, 1, 1),
    )
    falun.run()
    [conflict] = falun.open_about("medlemskap-beslut", membership)
    assert conflict.kind == "conflict"


def test_F4_membership_decided_by_ks_is_in_order(falun):
    membership = MembershipFactory(
        municipality=falun.municipality,
        scope="unit",
        unit=falun.committee,
        decided_by=falun.board,
        decided_on=D(2020, 1, 1),
    )
    falun.run()
    assert falun.open_about("medlemskap-beslut", membership) == []


def test_F4_official_visit_represented_by_staff_is_a_conflict(falun):
    visit = VisitFactory(
        municipality=falun.municipality,
        unit=falun.board,
        kind="official",
        represented_by="staff",
        starts_on=D(2026, 9, 1),
    )
    falun.run()
    assert [o.kind for o in falun.open_about("officiella-besok", visit)] == ["conflict"]


def test_F4_official_visit_represented_by_ks_is_in_order(falun):
    visit = VisitFactory(
        municipality=falun.municipality,
        unit=falun.board,
        kind="official",
        represented_by="executive_board",
        starts_on=D(2026, 9, 1),
    )
    falun.run()
    assert falun.open_about("officiella-besok", visit) == []


def _twin_town_visit(place, **fields):
    twin = PartnershipFactory(
        municipality=place.municipality,
        kind="twin_town",
        title="Vänort Kristiansund",
        counterpart="Kristiansund",
        country_id="NO",
        unit=place.board,
    )
    return VisitFactory(
        municipality=place.municipality,
        unit=place.board,
        kind="delegation",
        direction="incoming",
        partnership=twin,
        starts_on=D(2027, 3, 15),
        **fields,
    )


def test_F4_twin_town_visit_announced_14_days_before(falun):
    visit = _twin_town_visit(falun, announced_on=D(2027, 3, 1))
    falun.run()
    assert falun.open_about("vanortsbesok-information", visit) == []
    [done] = falun.obligations("vanortsbesok-information", object_id=visit.pk)
    assert done.status == "done" and not done.late
    assert done.due_on == D(2027, 3, 1)


def test_F4_twin_town_visit_not_announced_is_an_open_obligation(falun):
    visit = _twin_town_visit(falun)
    falun.run()
    [obligation] = falun.open_about("vanortsbesok-information", visit)
    assert obligation.title == (
        "Informera berörda politiker och tjänstepersoner om besöket från vänorten Kristiansund"
    )
    assert obligation.due_on == D(2027, 3, 1)


def test_F4_twin_town_visit_announced_late_is_flagged(falun):
    visit = _twin_town_visit(falun)
    falun.run()
    record_update(
        actor=falun.actor,
        instance=visit,
        expected_version=1,
        fields={"announced_on": D(2027, 3, 10)},
    )
    [done] = falun.obligations("vanortsbesok-information", object_id=visit.pk)
    assert done.status == "done" and done.late
    assert "för sent" in done.evidence


def test_F5_administration_without_contact_person_needs_one(falun):
    falun.run()
    [obligation] = falun.open("kontaktperson-per-forvaltning")
    assert obligation.record_label == "Kultur- och fritidsförvaltningen"


def test_F5_administration_with_contact_person_is_in_order(falun):
    _contact(falun, falun.administration)
    falun.run()
    assert falun.open("kontaktperson-per-forvaltning") == []


def test_F5_network_reports_yearly_to_the_council(falun):
    falun.run(D(2027, 3, 1))
    [report] = falun.open("arlig-rapport")
    assert report.responsible_unit == falun.office
    assert report.due_on == D(2027, 3, 31)


def test_F5_no_yearly_report_is_raised_in_november(falun):
    falun.run(D(2026, 11, 23))
    assert falun.open("arlig-rapport") == []
