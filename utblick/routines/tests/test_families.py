"""The general rule vocabulary without a database: every rule family fires when it should and
stays quiet when it should, with conditions over several registers. The checks are written
as a profile writes them (TOML tables) and checked by the same parser."""

from datetime import date
from decimal import Decimal

import pytest

from utblick.policy.families import Context, parse_check
from utblick.routines.engine import Facts, RoutineSpec, evaluate_routine, record
from utblick.routines.engine.facts import FieldChange, ReportingPeriodFact, UnitFact
from utblick.routines.engine.findings import CONFLICT, OBLIGATION

TODAY = date(2026, 6, 1)
KF, KS, KSF, KFN, KFF, MN, BER = 1, 2, 3, 4, 5, 6, 7
UNITS = (
    UnitFact(KF, "council", "Kommunfullmäktige"),
    UnitFact(KS, "executive_board", "Kommunstyrelsen"),
    UnitFact(KSF, "executive_office", "Kommunledningskontoret", parent_id=KS),
    UnitFact(KFN, "committee", "Kultur- och fritidsnämnden"),
    UnitFact(KFF, "administration", "Kultur- och fritidsförvaltningen", parent_id=KFN),
    UnitFact(MN, "committee", "Miljönämnden"),
    UnitFact(
        BER, "preparatory_committee", "Internationella beredningen", parent_id=KF, key="beredningen"
    ),
)
BODIES = frozenset(
    {
        "council",
        "executive_board",
        "executive_office",
        "committee",
        "owning_unit",
        "administration",
        "municipal_company",
        "preparatory_committee",
        "beredningen",
    }
)


def check(**raw):
    found, problems = parse_check(raw, Context(bodies=BODIES, periods=frozenset({"annual"})))
    assert problems == [], problems
    return found


def run(
    raw: dict,
    *,
    today=TODAY,
    tracking_since=None,
    changes=(),
    periods=(),
    handed_in=None,
    **records,
):
    facts = Facts(
        today=today,
        units=UNITS,
        records={name: tuple(found) for name, found in records.items()},
        changes=tuple(changes),
        reporting_periods=tuple(periods),
        handed_in=handed_in or {},
        tracking_since=tracking_since,
        organisation_name="Testkommun",
    )
    spec = RoutineSpec(
        key="r", checks=(check(**raw),), requirement="X1", description="Testets ord."
    )
    return evaluate_routine(spec, facts)


def by_id(findings):
    return {f.record.id: f for f in findings}


def matter(id, **values):
    links = {
        name: values.pop(name, None)
        for name in ("membership", "partnership", "application", "visit", "body")
    }
    values.setdefault("outcome", "approved")
    values.setdefault("decided_on", date(2026, 1, 15))
    return record("matters", id, label=f"Ärende {id}", unit_id=KSF, links=links, **values)


# --- decision_route ------------------------------------------------------------------------


TWIN_TOWNS = {
    "family": "decision_route",
    "register": "partnerships",
    "when": {"kind": "twin_town", "begins_on__gte": date(2003, 1, 1)},
    "decided_by": ["council"],
    "pending": False,
    "title": "Ny {kind} ({record}) kräver beslut av {bodies}",
}


def test_decision_route_new_twin_town_without_council_decision_is_a_conflict():
    new = record(
        "partnerships",
        1,
        label="Lviv",
        unit_id=KS,
        kind="twin_town",
        status="proposed",
        begins_on=date(2025, 3, 1),
    )
    old = record(
        "partnerships",
        2,
        label="Kiel",
        unit_id=KS,
        kind="twin_town",
        status="active",
        begins_on=date(1990, 1, 1),
    )
    agreement = record(
        "partnerships",
        3,
        label="Avtal",
        unit_id=KS,
        kind="cooperation_agreement",
        begins_on=date(2025, 1, 1),
    )
    [found] = run(TWIN_TOWNS, partnerships=[new, old, agreement], matters=[])
    assert (found.record.id, found.kind, found.satisfied) == (1, CONFLICT, False)
    assert found.title == "Ny vänort (Lviv) kräver beslut av kommunfullmäktige"
    assert "Testets ord" in found.explanation and "Krav X1" in found.explanation


def test_decision_route_is_satisfied_by_an_approved_council_matter_only():
    new = record(
        "partnerships", 1, label="Lviv", unit_id=KS, kind="twin_town", begins_on=date(2025, 3, 1)
    )
    by_board = matter(10, partnership=1, body=KS)
    rejected = matter(11, partnership=1, body=KF, outcome="rejected")
    [open_] = run(TWIN_TOWNS, partnerships=[new], matters=[by_board, rejected])
    assert not open_.satisfied
    [done] = run(TWIN_TOWNS, partnerships=[new], matters=[matter(12, partnership=1, body=KF)])
    assert done.satisfied and done.evidence_matter_id == 12
    assert done.done_title.startswith("Beslut av kommunfullmäktige")


def test_decision_route_on_memberships_reads_the_records_own_decision_and_names_the_wrong_body():
    route = {
        "family": "decision_route",
        "register": "memberships",
        "when": {"scope": "municipality_wide"},
        "decided_by": ["executive_board"],
        "responsible": "executive_office",
    }
    wrong = record(
        "memberships",
        1,
        label="EUROCITIES",
        unit_id=KFN,
        scope="municipality_wide",
        status="active",
        decided_on=date(2020, 1, 1),
        links={"decided_by": KFN},
    )
    right = record(
        "memberships",
        2,
        label="CEMR",
        unit_id=KFN,
        scope="municipality_wide",
        status="active",
        decided_on=date(2020, 1, 1),
        links={"decided_by": KS},
    )
    proposed = record(
        "memberships", 3, label="UBC", unit_id=KFN, scope="municipality_wide", status="proposed"
    )
    unit_scope = record(
        "memberships", 4, label="Lokalt", unit_id=KFN, scope="unit", status="active"
    )
    found = by_id(run(route, memberships=[wrong, right, proposed, unit_scope], matters=[]))
    assert set(found) == {1, 2, 3}
    assert (
        found[1].kind == CONFLICT
        and "Kultur- och fritidsnämnden, som inte är rätt organ" in found[1].explanation
    )
    assert found[1].responsible_unit_id == KSF
    assert found[2].satisfied and not found[2].record_if_satisfied  # in order, nothing to show
    assert found[3].kind == OBLIGATION and found[3].due_on is None


def test_decision_route_on_matters_routes_invitations_to_the_declared_body():
    gatekeeper = {
        "family": "decision_route",
        "register": "matters",
        "when": {"kind__in": ["invitation", "reception_request"]},
        "decided_by": ["beredningen"],
    }
    through = record(
        "matters",
        1,
        label="Inbjudan till Kiel",
        unit_id=KSF,
        kind="invitation",
        outcome="approved",
        decided_on=date(2026, 2, 1),
        links={"body": BER},
    )
    around = record(
        "matters",
        2,
        label="Inbjudan till Åbo",
        unit_id=KSF,
        kind="invitation",
        outcome="approved",
        decided_on=date(2026, 2, 1),
        links={"body": KS},
    )
    waiting = record(
        "matters", 3, label="Mottagning", unit_id=KSF, kind="reception_request", outcome="pending"
    )
    other = record("matters", 4, label="Motion", unit_id=KSF, kind="motion", outcome="pending")
    found = by_id(run(gatekeeper, matters=[through, around, waiting, other]))
    assert set(found) == {1, 2, 3}
    assert found[1].satisfied
    assert (found[2].kind, found[2].satisfied) == (CONFLICT, False)
    assert (found[3].kind, found[3].satisfied) == (OBLIGATION, False)
    assert "internationella beredningen" in found[3].title.lower()


def test_decision_route_in_order_committee_before_the_board_for_long_projects():
    long_projects = {
        "family": "decision_route",
        "register": "applications",
        "when": {"any": [{"budget_years__gt": 3}, {"unit_kind": "executive_office"}]},
        "steps": [["owning_unit"], ["executive_board"]],
        "pending": {"status__in": ["idea", "preparing"]},
    }

    def app(id, **values):
        values.setdefault("status", "preparing")
        return record("applications", id, label=f"Projekt {id}", unit_id=KFF, **values)

    in_order = app(1, budget_years=4)
    board_first = app(2, budget_years=5)
    short = app(3, budget_years=2)
    office = record(
        "applications",
        4,
        label="Projekt 4",
        unit_id=KSF,
        status="submitted",
        unit_kind="executive_office",
        created_on=date(2026, 1, 1),
    )
    matters = [
        matter(10, application=1, body=KFN, decided_on=date(2026, 1, 10)),
        matter(11, application=1, body=KS, decided_on=date(2026, 2, 10)),
        matter(12, application=2, body=KS, decided_on=date(2026, 1, 10)),
        matter(13, application=2, body=KFN, decided_on=date(2026, 2, 10)),
    ]
    found = by_id(
        run(long_projects, applications=[in_order, board_first, short, office], matters=matters)
    )
    assert set(found) == {1, 2, 4}
    assert found[1].satisfied
    assert not found[2].satisfied and "Beslut av kommunstyrelsen saknas" in found[2].explanation
    # The executive office's own project: the executive board is its owning body.
    assert found[4].kind == CONFLICT
    assert "kommunstyrelsen i tur och ordning" in found[4].explanation


def test_decision_route_by_the_owning_units_parent_where_the_profile_says_so():
    route = {
        "family": "decision_route",
        "register": "visits",
        "when": {"kind": "official"},
        "decided_by": ["administration"],
        "or_parent": True,
    }
    visit = record(
        "visits", 1, label="Besök", unit_id=KFF, kind="official", starts_on=date(2026, 9, 1)
    )
    [found] = run(route, visits=[visit], matters=[matter(5, visit=1, body=KFN)])
    assert found.satisfied
    [strict] = run(
        {**route, "or_parent": False}, visits=[visit], matters=[matter(5, visit=1, body=KFN)]
    )
    assert not strict.satisfied


def test_decision_route_on_change_needs_a_decision_after_the_change():
    route = {
        "family": "decision_route",
        "register": "partnerships",
        "decided_by": ["executive_board"],
        "on_change_of": ["scope", "ends_on"],
        "changed_while": {"status": "active"},
    }
    agreement = record(
        "partnerships", 1, label="Gdańsk", unit_id=KS, kind="cooperation_agreement", status="active"
    )
    change = FieldChange(
        "partnerships",
        1,
        3,
        date(2026, 4, 1),
        ("scope",),
        {"status": "active", "scope": "skola"},
        date(2025, 1, 1),
    )
    while_proposed = FieldChange(
        "partnerships",
        1,
        2,
        date(2024, 4, 1),
        ("ends_on",),
        {"status": "proposed"},
        date(2024, 1, 1),
    )
    [found] = run(
        route,
        partnerships=[agreement],
        matters=[matter(9, partnership=1, body=KS, decided_on=date(2024, 6, 1))],
        changes=[change, while_proposed],
    )
    assert found.dedupe_key == "r:partnership:1:change:v3" and not found.satisfied
    assert "omfattning" in found.explanation
    [after] = run(
        route,
        partnerships=[agreement],
        matters=[matter(9, partnership=1, body=KS, decided_on=date(2026, 4, 2))],
        changes=[change],
    )
    assert after.satisfied


# --- required_fact -------------------------------------------------------------------------


def test_required_fact_on_partnerships_lists_what_is_missing():
    complete = {
        "family": "required_fact",
        "register": "partnerships",
        "when": {"kind__in": ["cooperation_agreement"]},
        "require": {"ends_on__empty": False, "scope__empty": False, "stated_benefit__empty": False},
        "title": "Komplettera avtalet {record}",
    }
    missing = record(
        "partnerships",
        1,
        label="Avtal 1",
        unit_id=KS,
        kind="cooperation_agreement",
        scope="Skola",
        created_on=date(2026, 5, 1),
    )
    whole = record(
        "partnerships",
        2,
        label="Avtal 2",
        unit_id=KS,
        kind="cooperation_agreement",
        scope="Skola",
        stated_benefit="Lärarutbyte",
        ends_on=date(2028, 1, 1),
        created_on=date(2026, 5, 1),
    )
    twin = record("partnerships", 3, label="Vänort", unit_id=KS, kind="twin_town")
    found = by_id(run(complete, partnerships=[missing, whole, twin]))
    assert set(found) == {1, 2}
    assert "Saknas: slutdatum och angiven nytta för kommunen." in found[1].explanation
    assert found[1].due_on == date(2026, 5, 31) and found[1].kind == OBLIGATION
    assert found[2].satisfied


def test_required_fact_on_visits_wrong_body_is_a_conflict_and_missing_one_after_the_start():
    representation = {
        "family": "required_fact",
        "register": "visits",
        "when": {"kind": "protocol"},
        "require": {"represented_by__in": ["council"]},
        "before_field": "starts_on",
        "conflict_after_due": True,
    }

    def visit(id, **values):
        return record("visits", id, label=f"Besök {id}", unit_id=KS, kind="protocol", **values)

    found = by_id(
        run(
            representation,
            visits=[
                visit(1, starts_on=date(2026, 9, 1), represented_by="staff"),
                visit(2, starts_on=date(2026, 9, 1)),
                visit(3, starts_on=date(2026, 5, 1)),
                visit(4, starts_on=date(2026, 5, 1), represented_by="council"),
            ],
        )
    )
    assert (found[1].kind, found[2].kind, found[3].kind) == (CONFLICT, OBLIGATION, CONFLICT)
    assert "kommunfullmäktige" in found[1].explanation and "tjänstepersoner" in found[1].explanation
    assert found[4].satisfied


def test_required_fact_on_units_and_matters():
    contact = {
        "family": "required_fact",
        "register": "units",
        "when": {"kind": "committee"},
        "require": {"contact_person_count__gte": 1},
        "responsible": "executive_office",
    }
    units = [
        record(
            "units",
            KFN,
            label="Kultur- och fritidsnämnden",
            unit_id=KFN,
            kind="committee",
            contact_person_count=1,
        ),
        record(
            "units", MN, label="Miljönämnden", unit_id=MN, kind="committee", contact_person_count=0
        ),
        record("units", KS, label="Kommunstyrelsen", unit_id=KS, kind="executive_board"),
    ]
    found = by_id(run(contact, units=units))
    assert (found[KFN].satisfied, found[MN].satisfied, KS in found) == (True, False, False)
    assert found[MN].responsible_unit_id == KSF
    assessed = {
        "family": "required_fact",
        "register": "matters",
        "when": {"body_kind": "council"},
        "require": {"international_assessment__empty": False},
    }
    matters = [
        record("matters", 1, label="Budget", unit_id=KSF, body_kind="council"),
        record(
            "matters",
            2,
            label="Vänort",
            unit_id=KSF,
            body_kind="council",
            international_assessment="Berör EU:s statsstödsregler.",
        ),
        record("matters", 3, label="Bygglov", unit_id=KSF, body_kind="committee"),
    ]
    assert {k: v.satisfied for k, v in by_id(run(assessed, matters=matters)).items()} == {
        1: False,
        2: True,
    }


def test_required_fact_on_documents_an_expired_one_is_a_conflict():
    expired = {
        "family": "required_fact",
        "register": "documents",
        "require": {"any": [{"valid_to__empty": True}, {"valid_to__gte": "today"}]},
        "after_field": "valid_to",
        "within_days": 1,
        "title": "Styrdokumentet har upphört att gälla",
        "done_title": "Gäller till {valid_to}",
    }
    plan = record("documents", 1, label="Plan", valid_to=date(2019, 12, 31))
    [found] = run(expired, documents=[plan])
    assert (found.kind, found.due_on) == (CONFLICT, date(2020, 1, 1))
    assert "2019-12-31" in found.explanation
    [renewed] = run(
        expired, documents=[record("documents", 1, label="Plan", valid_to=date(2030, 12, 31))]
    )
    assert renewed.satisfied and renewed.evidence == "Gäller till 2030-12-31"


# --- recurring_duty ------------------------------------------------------------------------


def test_recurring_duty_every_24_months_from_the_last_review():
    review = {
        "family": "recurring_duty",
        "register": "memberships",
        "when": {"status": "active"},
        "every_months": 24,
        "done_field": "last_reviewed_on",
        "next_field": "next_review_on",
    }
    late = record(
        "memberships", 1, label="A", unit_id=KS, status="active", last_reviewed_on=date(2024, 5, 1)
    )
    fresh = record(
        "memberships", 2, label="B", unit_id=KS, status="active", last_reviewed_on=date(2026, 1, 1)
    )
    ended = record(
        "memberships", 3, label="C", unit_id=KS, status="ended", last_reviewed_on=date(2010, 1, 1)
    )
    found = by_id(run(review, memberships=[late, fresh, ended]))
    assert set(found) == {1, 2}
    assert (found[1].due_on, found[1].satisfied) == (date(2026, 5, 1), False)
    assert (
        found[1].dedupe_key == "r:membership:1@2026-05-01" and found[1].series == "r:membership:1"
    )
    assert found[2].satisfied


def test_recurring_duty_twin_town_visited_by_politicians_every_second_year():
    visits_every_two_years = {
        "family": "recurring_duty",
        "register": "partnerships",
        "when": {"kind": "twin_town", "status": "active"},
        "every_months": 24,
        "evidence": {
            "register": "visits",
            "link": "partnership",
            "when": {"elected_participants__gt": 0},
        },
    }
    kiel = record(
        "partnerships",
        1,
        label="Kiel",
        unit_id=KS,
        kind="twin_town",
        status="active",
        begins_on=date(1990, 1, 1),
    )
    aarhus = record(
        "partnerships",
        2,
        label="Aarhus",
        unit_id=KS,
        kind="twin_town",
        status="active",
        begins_on=date(1990, 1, 1),
    )
    visits = [
        record(
            "visits",
            10,
            label="Politikerbesök",
            unit_id=KS,
            starts_on=date(2025, 9, 1),
            elected_participants=4,
            links={"partnership": 1},
        ),
        record(
            "visits",
            11,
            label="Tjänstepersoner",
            unit_id=KS,
            starts_on=date(2025, 9, 1),
            staff_participants=4,
            links={"partnership": 2},
        ),
    ]
    found = by_id(run(visits_every_two_years, partnerships=[kiel, aarhus], visits=visits))
    assert found[1].satisfied and found[1].due_on == date(2027, 9, 1)
    assert not found[2].satisfied  # only officials went: the politicians' visit is overdue


def test_recurring_duty_a_body_meets_ten_times_a_year_shown_by_its_minutes():
    meets = {
        "family": "recurring_duty",
        "register": "units",
        "when": {"key": "beredningen"},
        "every": "year",
        "evidence": {"register": "matters", "link": "body", "count": 10},
    }
    body = record("units", BER, label="Internationella beredningen", unit_id=BER, key="beredningen")
    minutes = [matter(100 + i, body=BER, decided_on=date(2026, 1 + i % 5, 1 + i)) for i in range(6)]
    [current] = run(meets, today=date(2026, 11, 15), units=[body], matters=minutes)
    assert not current.satisfied and "hittills 6" in current.explanation
    more = minutes + [matter(200 + i, body=BER, decided_on=date(2026, 8, 1 + i)) for i in range(5)]
    [done] = run(meets, today=date(2026, 11, 15), units=[body], matters=more)
    assert done.satisfied


def test_recurring_duty_each_term_of_office_and_each_reporting_period():
    follow_up = {
        "family": "recurring_duty",
        "register": "documents",
        "every": "term_of_office",
        "lead_months": 6,
        "title": "Följ upp styrdokumentet {term}",
    }
    policy = record("documents", 1, label="Policy", begins_on=date(2020, 1, 1))
    assert run(follow_up, today=date(2027, 1, 1), documents=[policy]) == []
    [due] = run(follow_up, today=date(2030, 6, 1), documents=[policy])
    assert due.title == "Följ upp styrdokumentet under mandatperioden 2026–2030"
    reporting = {
        "family": "recurring_duty",
        "register": "units",
        "when": {"kind": "committee"},
        "periods": ["annual"],
    }
    units = [
        record("units", KFN, label="KFN", unit_id=KFN, kind="committee"),
        record("units", KS, label="KS", unit_id=KS, kind="executive_board"),
    ]
    annual = ReportingPeriodFact("annual", "Årsredovisning", "01-01", "12-31", "02-28")
    reports = run(reporting, today=date(2027, 1, 15), units=units, periods=[annual])
    # Last year's still raised (a year back), this year's from 60 days before it is due.
    assert [(r.dedupe_key, r.due_on) for r in reports] == [
        ("r:report:annual:2025:unit:4", date(2026, 2, 28)),
        ("r:report:annual:2026:unit:4", date(2027, 2, 28)),
    ]
    # What fell due before tracking began is not raised.
    assert [
        r.dedupe_key
        for r in run(
            reporting,
            today=date(2027, 1, 15),
            units=units,
            periods=[annual],
            tracking_since=date(2026, 6, 1),
        )
    ] == ["r:report:annual:2026:unit:4"]
    # The unit's report of the period, handed in in Utblick, answers its obligation.
    handed_in = {(KFN, "annual", 2025): date(2026, 2, 20)}
    answered = run(
        reporting, today=date(2027, 1, 15), units=units, periods=[annual], handed_in=handed_in
    )
    assert [(r.dedupe_key, r.satisfied) for r in answered] == [
        ("r:report:annual:2025:unit:4", True),
        ("r:report:annual:2026:unit:4", False),
    ]
    assert answered[0].evidence == "Rapporten lämnades in i Utblick 2026-02-20"


# --- limit ---------------------------------------------------------------------------------


def test_limit_zero_without_override_makes_every_new_twin_town_a_conflict():
    none_at_all = {
        "family": "limit",
        "register": "partnerships",
        "when": {"kind": "twin_town"},
        "max_count": 0,
    }
    twins = [
        record(
            "partnerships",
            i,
            label=f"V{i}",
            unit_id=KS,
            kind="twin_town",
            status="active",
            begins_on=date(2020, 1, i),
        )
        for i in (1, 2)
    ]
    found = run(none_at_all, partnerships=twins, matters=[matter(5, partnership=1, body=KF)])
    assert [f.kind for f in found] == [CONFLICT, CONFLICT]
    assert not any(f.satisfied for f in found)  # no decision can lift a plain prohibition
    assert "inga partnerskap och avtal" in found[0].explanation


def test_limit_in_number_with_an_override_by_the_board():
    five = {
        "family": "limit",
        "register": "partnerships",
        "when": {"kind": "cooperation_agreement"},
        "max_count": 2,
        "override_by": ["executive_board"],
    }
    agreements = [
        record(
            "partnerships",
            i,
            label=f"A{i}",
            unit_id=KS,
            kind="cooperation_agreement",
            status="active",
            begins_on=date(2020, 1, i),
        )
        for i in (1, 2, 3, 4)
    ]
    ended = record(
        "partnerships",
        5,
        label="A5",
        unit_id=KS,
        kind="cooperation_agreement",
        status="ended",
        begins_on=date(2019, 1, 1),
    )
    found = by_id(
        run(five, partnerships=[*agreements, ended], matters=[matter(9, partnership=4, body=KS)])
    )
    assert set(found) == {3, 4}
    assert not found[3].satisfied and found[4].satisfied


def test_limit_a_yearly_budget_for_the_own_fund():
    budget = {
        "family": "limit",
        "register": "grants",
        "when": {"status__in": ["granted", "reported"]},
        "max_sum": 100_000,
        "sum_field": "amount_granted_sek",
        "per": "year",
        "year_field": "year",
        "order_field": "decided_on",
    }

    def grant(id, year, amount, decided):
        return record(
            "grants",
            id,
            label=f"Bidrag {id}",
            unit_id=KSF,
            status="granted",
            year=year,
            amount_granted_sek=Decimal(amount),
            decided_on=decided,
        )

    grants = [
        grant(1, 2026, 60_000, date(2026, 1, 1)),
        grant(2, 2026, 30_000, date(2026, 2, 1)),
        grant(3, 2026, 20_000, date(2026, 3, 1)),
        grant(4, 2025, 90_000, date(2025, 2, 1)),
    ]
    [over] = run(budget, grants=grants, matters=[])
    assert over.record.id == 3 and "110\u00a0000\u00a0kr" in over.explanation


def test_limit_counts_memberships_in_force():
    at_most_one = {
        "family": "limit",
        "register": "memberships",
        "when": {"scope": "unit"},
        "max_count": 1,
    }
    members = [
        record(
            "memberships",
            i,
            label=f"M{i}",
            unit_id=KFN,
            scope="unit",
            status=s,
            begins_on=date(2020, 1, i),
        )
        for i, s in ((1, "active"), (2, "ended"), (3, "proposed"))
    ]
    [found] = run(at_most_one, memberships=members, matters=[])
    assert found.record.id == 3


# --- notification --------------------------------------------------------------------------


def test_notification_within_days_of_registration_done_by_hand():
    inform = {
        "family": "notification",
        "register": "applications",
        "when": {"role": "lead"},
        "notify": ["executive_office"],
        "within_days": 7,
    }
    lead = record(
        "applications", 1, label="Grön", unit_id=KFF, role="lead", created_on=date(2026, 5, 1)
    )
    partner = record(
        "applications", 2, label="Blå", unit_id=KFF, role="partner", created_on=date(2026, 5, 1)
    )
    [found] = run(inform, applications=[lead, partner], matters=[])
    assert found.title == "Informera kommunstyrelsens förvaltning om ansökan Grön"
    assert found.due_on == date(2026, 5, 8) and not found.satisfied


def test_notification_days_before_a_visit_late_is_flagged():
    notice = {
        "family": "notification",
        "register": "visits",
        "when": {"partnership_kind": "twin_town", "direction": "incoming"},
        "notify": ["elected_officials", "staff_concerned"],
        "before_field": "starts_on",
        "days_before": 14,
        "done_field": "announced_on",
    }

    def visit(id, **values):
        return record(
            "visits",
            id,
            label=f"Besök {id}",
            unit_id=KS,
            direction="incoming",
            partnership_kind="twin_town",
            starts_on=date(2026, 9, 15),
            **values,
        )

    found = by_id(
        run(
            notice,
            visits=[
                visit(1, announced_on=date(2026, 9, 1)),
                visit(2, announced_on=date(2026, 9, 10)),
                visit(3),
            ],
            matters=[],
        )
    )
    assert found[1].satisfied and not found[1].late
    assert found[2].satisfied and found[2].late and "för sent" in found[2].evidence
    assert not found[3].satisfied and found[3].due_on == date(2026, 9, 1)


def test_notification_done_by_an_information_matter_to_the_board():
    matter_to_board = {
        "family": "notification",
        "register": "applications",
        "when": {"total_budget_sek__gte": 12_000_000},
        "notify": ["executive_board"],
        "after_field": "submitted_on",
        "within_days": 60,
        "done_by_matter": {"kinds": ["information_matter"], "to": ["executive_board"]},
    }
    big = record(
        "applications",
        1,
        label="Stor",
        unit_id=KFF,
        total_budget_sek=Decimal(15_000_000),
        submitted_on=date(2026, 5, 1),
    )
    small = record(
        "applications", 2, label="Liten", unit_id=KFF, total_budget_sek=Decimal(11_999_999)
    )
    [found] = run(
        matter_to_board,
        applications=[big, small],
        matters=[matter(7, application=1, body=MN, kind="information_matter")],
    )
    assert not found.satisfied and "15\u00a0000\u00a0000\u00a0kr" not in found.title
    assert "12\u00a0000\u00a0000\u00a0kr" in found.explanation
    [done] = run(
        matter_to_board,
        applications=[big],
        matters=[matter(8, application=1, body=KS, kind="information_matter")],
    )
    assert done.satisfied and done.evidence_matter_id == 8


def test_notification_coordinates_units_applying_to_the_same_call():
    coordinate = {
        "family": "notification",
        "register": "applications",
        "when": {"status__in": ["idea", "preparing"]},
        "notify": ["executive_office"],
        "coordinate_on": "call_identifier",
    }
    a = record(
        "applications",
        1,
        label="A",
        unit_id=KFF,
        status="preparing",
        call_identifier="HORIZON-CL5-1",
    )
    b = record(
        "applications", 2, label="B", unit_id=MN, status="idea", call_identifier="HORIZON-CL5-1"
    )
    same_unit = record(
        "applications", 3, label="C", unit_id=KFF, status="idea", call_identifier="ERASMUS-1"
    )
    alone = record(
        "applications", 4, label="D", unit_id=KFF, status="idea", call_identifier="ERASMUS-1"
    )
    found = by_id(run(coordinate, applications=[a, b, same_unit, alone], matters=[]))
    assert set(found) == {1, 2}
    assert "B (Miljönämnden)" in found[1].explanation


# --- checking a check ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            {
                "family": "limit",
                "register": "partnerships",
                "max_count": 1,
                "when": {"kind": "vänort"},
            },
            "okänt värde 'vänort'",
        ),
        ({"family": "limit", "register": "partnerships"}, "ange antingen max_count eller max_sum"),
        (
            {"family": "decision_route", "register": "matters", "decided_by": ["beredning"]},
            "okänt organ 'beredning'",
        ),
        (
            {
                "family": "recurring_duty",
                "register": "memberships",
                "every_months": 12,
                "every": "year",
            },
            "precis en av",
        ),
        (
            {
                "family": "notification",
                "register": "visits",
                "notify": ["council"],
                "done_field": "title",
            },
            "inte av typen date",
        ),
        (
            {
                "family": "required_fact",
                "register": "applications",
                "require": {"total_budget_sek__gte": "tolv"},
            },
            "väntade ett tal",
        ),
        (
            {
                "family": "notification",
                "register": "applications",
                "notify": ["council"],
                "title": "{nonsense}",
            },
            "okänt namn {nonsense}",
        ),
        (
            {
                "family": "recurring_duty",
                "register": "units",
                "every": "year",
                "evidence": {"register": "visits", "link": "partnership"},
            },
            "ingen länk 'partnership'",
        ),
    ],
)
def test_a_check_that_cannot_work_is_refused_with_a_located_swedish_message(raw, message):
    _, problems = parse_check(raw, Context(bodies=BODIES))
    assert any(message in text for _, text in problems), problems
