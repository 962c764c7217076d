"""A municipality that is not in the seeds is configured by writing a profile, not by
changing code: Upplands Väsby (0114, fictional policy) uses every format-1 rule type, and a
profile written in format 1 still loads and acts, as checks of the general vocabulary."""

import datetime as dt
from decimal import Decimal

from utblick.factories import (
    ApplicationFactory,
    MembershipFactory,
    PartnershipFactory,
    VisitFactory,
)
from utblick.policy.profile_format import check_profile, load_profile_file
from utblick.policy.rule_types import RULE_TYPES
from utblick.routines.tests.conftest import HERE, make_place

PROFILE = HERE / "profiles" / "upplands_vasby.toml"
D = dt.date


def test_a_profile_using_every_rule_type_is_loaded_and_swept_without_code_changes(db):
    text = PROFILE.read_text(encoding="utf-8")
    assert check_profile(text, path=PROFILE.name) == []
    vasby = make_place("0114", text)
    m = vasby.municipality
    ApplicationFactory(
        municipality=m,
        unit=vasby.committee,
        status="preparing",
        total_budget=Decimal("6000000"),
        deadline=D(2027, 3, 1),
    )
    ApplicationFactory(
        municipality=m,
        unit=vasby.committee,
        status="closed",
        starts_on=D(2024, 1, 1),
        ends_on=D(2026, 10, 31),
    )
    MembershipFactory(municipality=m, unit=vasby.board, started_on=D(2020, 1, 1))
    twin = PartnershipFactory(
        municipality=m,
        kind="twin_town",
        counterpart="Spånga",
        unit=vasby.board,
        started_on=D(2024, 1, 1),
    )
    PartnershipFactory(
        municipality=m, kind="cooperation_agreement", unit=vasby.board, started_on=D(2021, 1, 1)
    )
    PartnershipFactory(
        municipality=m, kind="cooperation_agreement", unit=vasby.board, started_on=D(2022, 1, 1)
    )
    PartnershipFactory(municipality=m, kind="letter_of_intent", unit=vasby.board)
    PartnershipFactory(municipality=m, kind="support_initiative", country_id="UA", unit=vasby.board)
    VisitFactory(municipality=m, unit=vasby.board, kind="official", represented_by="staff")
    VisitFactory(
        municipality=m,
        unit=vasby.board,
        kind="delegation",
        partnership=twin,
        starts_on=D(2027, 5, 1),
    )

    result = vasby.run(D(2027, 2, 1))

    routines = {o.routine.key for o in vasby.open()}
    rules = {r.key: r.rule for r in load_profile_file(PROFILE).routines}
    assert set(rules.values()) == set(RULE_TYPES)
    assert routines == set(rules) and len(routines) == 15
    assert result.skipped == []
    assert set(result.per_routine) == set(rules)
    # Idempotent: the same sweep again writes nothing.
    again = vasby.run(D(2027, 2, 1))
    assert again.changed == 0 and again.unchanged == result.created
