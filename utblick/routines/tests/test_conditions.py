"""One condition, two evaluations: the database filter a sweep uses and the engine's own
evaluation over a record's values select the same records — and the register description
the profile is checked against is the models' own."""

import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps

from utblick.factories import (
    ApplicationFactory,
    MembershipFactory,
    PartnershipFactory,
    PersonFactory,
    VisitFactory,
)
from utblick.organisation.models import ContactPerson
from utblick.policy.vocabulary import holds, parse_condition, registers, vocabulary
from utblick.registers.models import Matter, ProjectPartner
from utblick.routines import conditions as db
from utblick.routines.facts import load_records

TODAY = dt.date(2026, 6, 1)


def _resolve(model, path: str):
    """The model field at the end of a lookup path (raises if there is none)."""
    field = None
    for part in path.split("__"):
        field = model._meta.get_field(part)
        model = field.related_model or model
    return field


@pytest.mark.parametrize("name", sorted(registers()))
def test_every_register_field_is_a_field_of_its_model_or_a_known_derived_value(name):
    register = registers()[name]
    model = apps.get_model(register.model)
    for field in register.fields.values():
        if field.expr:
            assert field.expr in db.EXPRESSIONS, f"{name}.{field.name}"
            continue
        target = _resolve(model, field.orm)
        if (
            field.type == "choice"
            and target.choices
            and field.name
            not in ("unit_kind", "decided_by_kind", "body_kind", "parent_kind", "partnership_kind")
        ):
            assert tuple(value for value, _ in target.choices) == field.choices, (
                f"{name}.{field.name}"
            )
    for link, target in register.links.items():
        assert model._meta.get_field(link).related_model is apps.get_model(
            registers()[target].model
        )


def test_the_vocabularies_are_the_models_choices_with_their_labels():
    from django.utils import translation

    from utblick.organisation.models import UnitKind
    from utblick.registers.models.matters import MatterKind, MatterOutcome
    from utblick.registers.models.partnerships import PartnershipKind, PartnershipStatus
    from utblick.registers.models.visits import CostCategory, CostPayer, VisitKind

    with translation.override("sv"):
        for name, choices in (
            ("unit_kinds", UnitKind),
            ("partnership_kinds", PartnershipKind),
            ("partnership_statuses", PartnershipStatus),
            ("visit_kinds", VisitKind),
            ("matter_kinds", MatterKind),
            ("matter_outcomes", MatterOutcome),
            ("cost_categories", CostCategory),
            ("cost_payers", CostPayer),
        ):
            from utblick.policy.vocabulary import label_of

            assert vocabulary(name) == tuple(choices.values), name
            assert [label_of(name, v) for v in choices.values] == [
                str(label) for label in choices.labels
            ], name


# Conditions over every register, including derived values, empty fields, "today" and lists.
CONDITIONS = {
    "applications": [
        {"role": "lead", "total_budget_sek__gte": 12_000_000},
        {"total_budget_sek__lt": 12_000_000},
        {"not": {"status": "withdrawn", "submitted_on__empty": True}},
        {"any": [{"budget_years__gt": 3}, {"unit_kind": "executive_office"}]},
        {"partner_countries": "UA"},
        {"partner_count__gte": 1, "lessons_learned__empty": True},
        {"created_on__lte": "today", "deadline__empty": False},
    ],
    "memberships": [
        {"scope": "municipality_wide", "elected_representative_count__gt": 0},
        {"annual_fee_sek__gt": 10_000},
        {"begins_on__gte": dt.date(2020, 1, 1)},
        {"decided_by_kind__ne": "executive_board"},
    ],
    "partnerships": [
        {"kind": "twin_town", "begins_on__gte": dt.date(2003, 1, 1)},
        {"status__ne": "ended", "any": [{"ends_on__empty": True}, {"ends_on__gte": "today"}]},
        {"membership_count__gte": 1},
        {"stated_benefit__empty": False, "scope__empty": False},
    ],
    "visits": [
        {"partnership_kind": "twin_town", "direction": "incoming"},
        {"represented_by__in": ["council", "executive_board"]},
        {"starts_on__gte": "today"},
        {"elected_participants__gt": 0, "not": {"kind": "study"}},
    ],
    "matters": [
        {"kind__in": ["invitation", "information_matter"], "outcome": "approved"},
        {"subject": "application"},
        {"body_kind": "executive_board", "international_assessment__empty": True},
    ],
    "units": [{"kind": "committee", "contact_person_count__gte": 1}, {"parent_kind__empty": True}],
}


@pytest.fixture
def records(world):
    m, committee = world.home, world.committee
    ApplicationFactory(
        municipality=m,
        unit=committee,
        role="lead",
        total_budget=Decimal("12000000"),
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2028, 6, 30),
        deadline=dt.date(2026, 9, 1),
    )
    eur = ApplicationFactory(
        municipality=m,
        unit=committee,
        role="lead",
        currency="EUR",
        eur_to_sek_rate=Decimal("11.5"),
        total_budget=Decimal("1000000"),
    )
    ProjectPartner.objects.create(application=eur, name="Lviv", country_id="UA")
    ApplicationFactory(
        municipality=m,
        unit=world.board,
        role="partner",
        status="withdrawn",
        total_budget=Decimal("500"),
        lessons_learned="Lärdom",
    )
    wide = MembershipFactory(
        municipality=m,
        unit=committee,
        scope="municipality_wide",
        annual_fee=Decimal("20000"),
        started_on=dt.date(2021, 1, 1),
        decided_by=world.board,
        decided_on=dt.date(2021, 1, 1),
    )
    wide.representatives.add(PersonFactory(municipality=m, kind="elected"))
    MembershipFactory(
        municipality=m,
        unit=committee,
        scope="unit",
        decided_by=committee,
        decided_on=dt.date(2010, 1, 1),
    )
    twin = PartnershipFactory(
        municipality=m,
        unit=world.board,
        kind="twin_town",
        started_on=dt.date(2025, 1, 1),
        scope="Skola",
        stated_benefit="Utbyte",
    )
    old = PartnershipFactory(
        municipality=m,
        unit=world.board,
        kind="cooperation_agreement",
        status="active",
        ends_on=dt.date(2020, 1, 1),
        started_on=dt.date(2010, 1, 1),
    )
    old.memberships.add(wide)
    VisitFactory(
        municipality=m,
        unit=committee,
        partnership=twin,
        direction="incoming",
        starts_on=dt.date(2026, 9, 1),
        represented_by="council",
        elected_participants=3,
        kind="official",
    )
    VisitFactory(
        municipality=m,
        unit=committee,
        kind="study",
        starts_on=dt.date(2026, 1, 1),
        elected_participants=2,
    )
    Matter.objects.create(
        municipality=m,
        unit=committee,
        kind="invitation",
        title="Inbjudan",
        outcome="approved",
        decided_on=dt.date(2026, 1, 1),
        body=world.board,
    )
    Matter.objects.create(
        municipality=m, unit=committee, kind="information_matter", title="Info", application=eur
    )
    person = PersonFactory(municipality=m)
    ContactPerson.objects.create(municipality=m, unit=committee, person=person)


@pytest.mark.parametrize("name", sorted(CONDITIONS))
def test_the_database_filter_and_the_engine_select_the_same_records(world, records, name):
    register = registers()[name]
    context = db.ExpressionContext(world.home, TODAY)
    facts = load_records(world.home, register, context)
    assert len(facts) >= 2, f"too few {name} to compare on"
    sizes = []
    for raw in CONDITIONS[name]:
        condition, problems = parse_condition(raw, register)
        assert problems == []
        in_python = {r.id for r in facts if holds(condition, r.values, TODAY)}
        in_database = db.matching_ids(condition, name, world.home, TODAY)
        assert in_python == in_database, raw
        sizes.append(len(in_python))
    # The records tell the conditions apart: each register's conditions select some, not all.
    assert any(0 < size < len(facts) for size in sizes), sizes
