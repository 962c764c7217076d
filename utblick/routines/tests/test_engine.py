"""The evaluation core without a database: each format-1 rule type, now run as checks of the
general vocabulary (`rule_types.to_checks`), fires when it should and stays quiet when it
should — as it did before the vocabulary. No Django is imported by the engine (checked in a
fresh interpreter). The families themselves are tested in test_families.py.
"""

import ast
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from utblick.policy.families import FAMILIES, Context, parse_check
from utblick.policy.rule_types import RULE_TYPES, to_checks, validate_params
from utblick.routines.engine import RoutineSpec, evaluate_routine
from utblick.routines.engine.dates import add_months, month_day, term_of_office
from utblick.routines.engine.families import EVALUATORS
from utblick.routines.engine.families.recurring_duty import period_dates
from utblick.routines.engine.findings import CONFLICT, OBLIGATION
from utblick.routines.tests import legacy_facts as f

ENGINE = Path(__file__).resolve().parent.parent / "engine"
TODAY = date(2026, 6, 1)
KS, KSF, KFN, KFF, MN, BOLAG, KF = 1, 2, 3, 4, 5, 6, 7
UNITS = (
    f.UnitFact(KS, "executive_board", "Kommunstyrelsen"),
    f.UnitFact(KSF, "executive_office", "Kommunledningsförvaltningen", parent_id=KS),
    f.UnitFact(KFN, "committee", "Kultur- och fritidsnämnden"),
    f.UnitFact(KFF, "administration", "Kultur- och fritidsförvaltningen", parent_id=KFN),
    f.UnitFact(MN, "committee", "Miljönämnden"),
    f.UnitFact(BOLAG, "municipal_company", "Hamnbolaget"),
    f.UnitFact(KF, "council", "Kommunfullmäktige"),
)


def facts(**values):
    values.setdefault("today", TODAY)
    values.setdefault("units", UNITS)
    return f.facts(**values)


def checks(rule: str, params: dict | None = None, periods=("t1", "annual")):
    filled, errors = validate_params(rule, params or {})
    assert not errors, errors
    context = Context(periods=frozenset(periods))
    found = []
    for raw in to_checks(rule, filled):
        check, problems = parse_check(raw, context)
        assert not problems, problems
        found.append(check)
    return tuple(found)


def run(rule: str, params: dict | None = None, **values):
    spec = RoutineSpec(key="r", checks=checks(rule, params), requirement="X1", description="Test.")
    return evaluate_routine(spec, facts(**values))


def open_findings(findings):
    return [x for x in findings if not x.satisfied]


def app(id=1, **kw):
    kw.setdefault("title", f"Projekt {id}")
    kw.setdefault("unit_id", KFF)
    kw.setdefault("created_on", date(2026, 5, 1))
    return f.ApplicationFact(id=id, **kw)


def membership(id=1, **kw):
    kw.setdefault("organisation", f"Nätverk {id}")
    kw.setdefault("unit_id", KFN)
    return f.MembershipFact(id=id, **kw)


def partnership(id=1, **kw):
    kw.setdefault("title", f"Avtal {id}")
    kw.setdefault("kind", "cooperation_agreement")
    kw.setdefault("unit_id", KS)
    kw.setdefault("created_on", date(2026, 1, 10))
    return f.PartnershipFact(id=id, **kw)


def matter(id=1, **kw):
    kw.setdefault("title", f"Ärende {id}")
    kw.setdefault("unit_id", KFN)
    kw.setdefault("kind", "partnership_decision")
    return f.MatterFact(id=id, **kw)


# --- the engine stands alone ---------------------------------------------------------------


def _engine_modules() -> list[str]:
    root = ENGINE.parent.parent.parent
    return [
        ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
        for path in sorted(ENGINE.rglob("*.py"))
    ]


def test_the_engine_imports_no_django_in_its_source():
    allowed_utblick = {
        "utblick.core.words",
        "utblick.core.numbers",
        "utblick.policy.families",
        "utblick.policy.vocabulary",
        "utblick.registers",
    }
    for path in ENGINE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert not name.startswith("django"), f"{path.name} imports {name}"
                if name.startswith("utblick"):
                    assert name in allowed_utblick, f"{path.name} imports {name}"


def test_the_engine_imports_with_django_absent():
    blocker = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'django' or name.startswith('django.'):\n"
        "            raise ImportError('django is blocked: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        f"for module in {_engine_modules()!r}:\n"
        "    __import__(module)\n"
        "assert not [m for m in sys.modules if m.startswith('django')]\n"
        "print('ok')\n"
    )
    root = ENGINE.parent.parent.parent
    done = subprocess.run(
        [sys.executable, "-c", blocker], cwd=root, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_every_rule_family_has_an_evaluator_and_every_rule_type_converts_to_them():
    assert set(EVALUATORS) == set(FAMILIES)
    for rule in RULE_TYPES:
        assert {c.family for c in checks(rule, _minimal_params(rule))} <= set(FAMILIES)


# --- dates ---------------------------------------------------------------------------------


def test_terms_of_office_start_on_15_october_every_fourth_year_from_2022():
    assert term_of_office(date(2026, 10, 14)) == (date(2022, 10, 15), date(2026, 10, 14))
    assert term_of_office(date(2026, 10, 15)) == (date(2026, 10, 15), date(2030, 10, 14))
    assert term_of_office(date(2019, 1, 1)) == (date(2018, 10, 15), date(2022, 10, 14))


def test_month_arithmetic_and_days_of_the_year():
    assert add_months(date(2024, 8, 31), 6) == date(2025, 2, 28)
    assert add_months(date(2026, 3, 1), -24) == date(2024, 3, 1)
    assert month_day(2027, "02-29") == date(2027, 2, 28)
    assert month_day(2028, "02-29") == date(2028, 2, 29)


def test_an_annual_report_due_in_february_belongs_to_the_previous_year():
    annual = f.ReportingPeriodFact("annual", "Årsredovisning", "01-01", "12-31", "02-28")
    assert period_dates(annual, 2025) == (date(2025, 1, 1), date(2025, 12, 31), date(2026, 2, 28))
    wrapping = f.ReportingPeriodFact("season", "Säsong", "09-01", "05-31", "06-30")
    assert period_dates(wrapping, 2025) == (date(2025, 9, 1), date(2026, 5, 31), date(2026, 6, 30))


# --- the rules -----------------------------------------------------------------------------


def test_application_inform_office_fires_for_lead_applications_only():
    found = run(
        "application_inform_office",
        applications=(app(1, role="lead"), app(2, role="partner"), app(3, archived=True)),
    )
    assert [x.record.id for x in found] == [1]
    [finding] = found
    assert finding.dedupe_key == "r:application:1"
    assert finding.title == "Informera kommunstyrelsens förvaltning om ansökan Projekt 1"
    assert finding.due_on == date(2026, 5, 8)
    assert finding.responsible_unit_id == KFF
    assert "Krav X1" in finding.explanation
    everyone = run(
        "application_inform_office",
        {"only_when_owner": False},
        applications=(app(2, role="partner"),),
    )
    assert len(everyone) == 1


def test_application_inform_office_is_quiet_for_an_idea_withdrawn_before_submission():
    assert run("application_inform_office", applications=(app(status="withdrawn"),)) == []


def test_budget_information_matter_from_the_threshold_in_sek():
    params = {"threshold_sek": 12_000_000}
    found = run(
        "application_budget_information_matter",
        params,
        applications=(
            app(
                1,
                total_budget_sek=Decimal("12000000"),
                status="submitted",
                submitted_on=date(2026, 5, 10),
            ),
            app(2, total_budget_sek=Decimal("11999999.99")),
            app(3, total_budget_sek=None),
            app(4, total_budget_sek=Decimal("20000000"), role="partner"),
        ),
    )
    assert [x.record.id for x in found] == [1]
    assert found[0].due_on == date(2026, 7, 9)
    assert found[0].responsible_unit_id == KFN  # the owning committee above the administration
    assert "12\u00a0000\u00a0000\u00a0kr" in found[0].explanation
    assert not found[0].satisfied


def test_budget_information_matter_is_satisfied_by_an_information_matter_to_the_board():
    big = app(1, total_budget_sek=Decimal("15000000"))
    to_board = matter(7, kind="information_matter", application_id=1, body_id=KS)
    to_committee = matter(8, kind="information_matter", application_id=1, body_id=MN)
    [unsent] = run(
        "application_budget_information_matter",
        {"threshold_sek": 12_000_000},
        applications=(big,),
        matters=(to_committee,),
    )
    assert not unsent.satisfied and unsent.due_on is None
    [sent] = run(
        "application_budget_information_matter",
        {"threshold_sek": 12_000_000},
        applications=(big,),
        matters=(to_board,),
    )
    assert sent.satisfied and sent.evidence_matter_id == 7


def test_budget_information_matter_before_submission_when_it_may_not_follow():
    [found] = run(
        "application_budget_information_matter",
        {"threshold_sek": 1, "may_follow_submission": False},
        applications=(app(1, total_budget_sek=Decimal(5), deadline=date(2026, 9, 1)),),
    )
    assert found.due_on == date(2026, 9, 1)


def test_alignment_confirmation_is_an_obligation_while_preparing_and_a_conflict_after():
    found = run(
        "application_alignment_confirmation",
        applications=(
            app(1, status="idea"),
            app(2, status="preparing", deadline=date(2026, 9, 1)),
            app(3, status="submitted", submitted_on=date(2026, 5, 20)),
        ),
    )
    assert {x.record.id: x.kind for x in found} == {2: OBLIGATION, 3: CONFLICT}


def test_alignment_is_confirmed_by_an_approved_decision_of_the_owning_committee():
    decision = matter(
        9,
        kind="application_decision",
        application_id=3,
        body_id=KFN,
        outcome="approved",
        decided_on=date(2026, 5, 1),
    )
    wrong_body = matter(
        10,
        kind="application_decision",
        application_id=4,
        body_id=MN,
        outcome="approved",
        decided_on=date(2026, 5, 1),
    )
    found = run(
        "application_alignment_confirmation",
        applications=(
            app(3, status="submitted", submitted_on=date(2026, 5, 20)),
            app(4, status="preparing"),
        ),
        matters=(decision, wrong_body),
    )
    assert {x.record.id: x.satisfied for x in found} == {3: True, 4: False}


def test_membership_decision_body_municipality_wide_needs_the_board():
    found = run(
        "membership_decision_body",
        memberships=(
            membership(1, scope="municipality_wide", decided_by_id=KS, decided_on=date(2020, 1, 1)),
            membership(
                2, scope="municipality_wide", decided_by_id=KFN, decided_on=date(2020, 1, 1)
            ),
            membership(3, scope="municipality_wide"),
            membership(4, scope="municipality_wide", status="ended"),
        ),
    )
    assert {x.record.id: x.satisfied for x in found} == {1: True, 2: False, 3: False}
    assert all(x.kind == CONFLICT for x in found)
    assert "saknar beslut av rätt organ" in found[2].title


def test_membership_decision_body_unit_scope_needs_the_owning_committee():
    found = run(
        "membership_decision_body",
        memberships=(
            membership(
                1, scope="unit", unit_id=KFF, decided_by_id=KFN, decided_on=date(2020, 1, 1)
            ),
            membership(2, scope="unit", unit_id=KFF, decided_by_id=KS, decided_on=date(2020, 1, 1)),
            membership(
                3, scope="unit", unit_id=BOLAG, decided_by_id=BOLAG, decided_on=date(2020, 1, 1)
            ),
            membership(4, scope="unit", status="proposed"),
        ),
    )
    assert {x.record.id: x.satisfied for x in found} == {1: True, 2: False, 3: True, 4: False}
    assert found[3].kind == OBLIGATION


def test_membership_decision_body_executive_board_for_all():
    found = run(
        "membership_decision_body",
        {"single_unit": "executive_board", "allow_executive_board_for_all": True},
        memberships=(
            membership(1, scope="unit", decided_by_id=KS, decided_on=date(2020, 1, 1)),
            membership(2, scope="unit", decided_by_id=KFN, decided_on=date(2020, 1, 1)),
        ),
    )
    assert {x.record.id: x.satisfied for x in found} == {1: True, 2: False}


def test_membership_review_interval():
    found = run(
        "membership_review_interval",
        {"months": 24},
        memberships=(
            membership(1, started_on=date(2020, 1, 1)),
            membership(2, started_on=date(2020, 1, 1), last_reviewed_on=date(2025, 6, 1)),
            membership(
                3,
                started_on=date(2020, 1, 1),
                last_reviewed_on=date(2025, 6, 1),
                next_review_on=date(2026, 5, 1),
            ),
            membership(4, started_on=date(2020, 1, 1), status="ended"),
            membership(5, started_on=date(2024, 7, 15)),  # due within 60 days
        ),
    )
    assert {x.record.id for x in open_findings(found)} == {1, 3, 5}
    [first] = [x for x in found if x.record.id == 1]
    assert first.due_on == date(2022, 1, 1)
    assert first.dedupe_key == "r:membership:1@2022-01-01"
    assert first.series == "r:membership:1"


def test_no_new_twin_towns_since_a_date_needs_a_council_decision():
    twin = dict(kind="twin_town", unit_id=KS)
    found = run(
        "no_new_twin_towns",
        {"since": "2003-01-01"},
        partnerships=(
            partnership(1, started_on=date(1995, 1, 1), **twin),
            partnership(2, started_on=date(2026, 3, 1), **twin),
            partnership(3, started_on=date(2026, 3, 1), kind="partner_city"),
            partnership(4, started_on=date(2026, 3, 1), decision_id=11, **twin),
        ),
        matters=(
            matter(
                11,
                kind="partnership_decision",
                body_id=KF,
                outcome="approved",
                decided_on=date(2026, 2, 1),
            ),
        ),
    )
    assert {x.record.id: x.satisfied for x in found} == {2: False, 4: True}
    assert all(x.kind == CONFLICT for x in found)


def test_agreement_limits_incomplete_and_over_the_limit():
    complete = dict(ends_on=date(2028, 1, 1), scope="Skola", stated_benefit="Utbyte")
    agreements = (
        *(partnership(i, started_on=date(2020, 1, i), **complete) for i in range(1, 4)),
        partnership(4, started_on=date(2021, 1, 1)),
    )
    found = run("agreement_limits", {"max_active": 3}, partnerships=agreements)
    incomplete = [x for x in open_findings(found) if x.dedupe_key.endswith(":complete")]
    over = [x for x in found if x.dedupe_key.endswith(":limit")]
    assert [x.record.id for x in incomplete] == [4]
    assert "slutdatum, omfattning och angiven nytta för kommunen" in incomplete[0].explanation
    assert [(x.record.id, x.kind) for x in over] == [(4, CONFLICT)]
    unlimited = run("agreement_limits", {"max_active": 0}, partnerships=agreements)
    assert not [x for x in unlimited if x.dedupe_key.endswith(":limit")]


def test_agreement_limits_ignore_ended_agreements_and_other_kinds():
    found = run(
        "agreement_limits",
        {"max_active": 1},
        partnerships=(
            partnership(1, status="ended", ends_on=date(2025, 1, 1)),
            partnership(2, kind="twin_town"),
            partnership(3, scope="x", stated_benefit="y", ends_on=date(2027, 1, 1)),
        ),
    )
    assert open_findings(found) == []


def test_decision_required_for_partner_cities_declarations_and_memberships():
    found = run(
        "decision_required",
        {"subjects": ["new_partner_city", "declaration", "municipality_wide_membership"]},
        partnerships=(
            partnership(1, kind="partner_city", status="proposed"),
            partnership(2, kind="declaration"),
            partnership(3, kind="cooperation_agreement"),
            partnership(4, kind="partner_city", decision_id=20),
        ),
        memberships=(
            membership(5, scope="municipality_wide"),
            membership(6, scope="unit"),
            membership(7, scope="municipality_wide", decided_by_id=KS, decided_on=date(2020, 1, 1)),
        ),
        matters=(
            matter(
                20,
                kind="partnership_decision",
                body_id=KS,
                outcome="approved",
                decided_on=date(2026, 1, 1),
            ),
        ),
    )
    state = {(x.record.model, x.record.id): (x.kind, x.satisfied) for x in found}
    assert state == {
        (f.PARTNERSHIP, 1): (OBLIGATION, False),
        (f.PARTNERSHIP, 2): (CONFLICT, False),
        (f.PARTNERSHIP, 4): (CONFLICT, True),
        (f.MEMBERSHIP, 5): (CONFLICT, False),
        (f.MEMBERSHIP, 7): (CONFLICT, True),
    }


def test_decision_required_for_political_representation_and_significant_changes():
    found = run(
        "decision_required",
        {"subjects": ["political_representation", "significant_agreement_change"]},
        memberships=(
            membership(1, scope="municipality_wide", elected_representative_ids=(5,)),
            membership(2, scope="municipality_wide"),
        ),
        partnerships=(partnership(3, kind="partner_city"),),
        agreement_changes=(
            f.AgreementChangeFact(3, 4, date(2026, 5, 1), ("ends_on",), "active", date(2025, 1, 1)),
            f.AgreementChangeFact(3, 2, date(2024, 5, 1), ("scope",), "proposed", date(2024, 1, 1)),
        ),
    )
    keys = {x.dedupe_key: x for x in found}
    assert set(keys) == {"r:membership:1:representation", "r:partnership:3:change:v4"}
    assert "slutdatum" in keys["r:partnership:3:change:v4"].explanation
    decided = run(
        "decision_required",
        {"subjects": ["significant_agreement_change"]},
        partnerships=(partnership(3, kind="partner_city"),),
        agreement_changes=(
            f.AgreementChangeFact(3, 4, date(2026, 5, 1), ("ends_on",), "active", date(2025, 1, 1)),
        ),
        matters=(
            matter(
                30, partnership_id=3, body_id=KS, outcome="approved", decided_on=date(2026, 4, 1)
            ),
        ),
    )
    assert decided[0].satisfied


def test_visit_representation():
    visit = dict(title="Besök", unit_id=KFN, kind="official")
    found = run(
        "visit_representation",
        visits=(
            f.VisitFact(1, starts_on=date(2026, 5, 1), represented_by="executive_board", **visit),
            f.VisitFact(2, starts_on=date(2026, 5, 1), represented_by="staff", **visit),
            f.VisitFact(3, starts_on=date(2026, 7, 1), **visit),
            f.VisitFact(4, starts_on=date(2026, 5, 1), **visit),
            f.VisitFact(
                5,
                starts_on=date(2026, 5, 1),
                represented_by="staff",
                title="Studie",
                unit_id=KFN,
                kind="study",
            ),
        ),
    )
    assert {x.record.id: (x.kind, x.satisfied) for x in found} == {
        1: (OBLIGATION, True),
        2: (CONFLICT, False),
        3: (OBLIGATION, False),
        4: (CONFLICT, False),
    }


def test_twin_town_visit_notice_on_time_late_and_missing():
    twin = partnership(1, kind="twin_town", counterpart="Kristiansund")
    other = partnership(2, kind="partner_city")
    visit = dict(title="Vänortsbesök", unit_id=KS, starts_on=date(2026, 6, 20))
    found = run(
        "twin_town_visit_notice",
        {"days_before": 14},
        partnerships=(twin, other),
        visits=(
            f.VisitFact(1, partnership_id=1, announced_on=date(2026, 6, 6), **visit),
            f.VisitFact(2, partnership_id=1, announced_on=date(2026, 6, 10), **visit),
            f.VisitFact(3, partnership_id=1, **visit),
            f.VisitFact(4, partnership_id=2, **visit),
            f.VisitFact(5, partnership_id=1, direction="outgoing", **visit),
        ),
    )
    by_id = {x.record.id: x for x in found}
    assert set(by_id) == {1, 2, 3}
    assert by_id[1].satisfied and not by_id[1].late
    assert by_id[2].satisfied and by_id[2].late and "för sent" in by_id[2].evidence
    assert not by_id[3].satisfied and by_id[3].due_on == date(2026, 6, 6)
    assert (
        by_id[3].title
        == "Informera berörda politiker och tjänstepersoner om besöket från vänorten Kristiansund"
    )


def test_support_legal_ground_and_memberships():
    support = dict(kind="support_initiative")
    found = run(
        "support_legal_ground",
        partnerships=(
            partnership(1, **support),
            partnership(2, legal_ground="Lag (2009:47)", membership_ids=(4,), **support),
            partnership(3, kind="twin_town"),
        ),
    )
    assert {x.dedupe_key for x in open_findings(found)} == {
        "r:partnership:1:legal-ground",
        "r:partnership:1:memberships",
    }
    assert "Lag (2009:47) om vissa kommunala befogenheter" in found[0].explanation
    alone = run(
        "support_legal_ground",
        {"via_memberships": False},
        partnerships=(partnership(1, **support),),
    )
    assert [x.dedupe_key for x in alone] == ["r:partnership:1:legal-ground"]


def test_reporting_obligation_for_each_committee_and_period():
    periods = (
        f.ReportingPeriodFact("t1", "Tertialrapport 1", "01-01", "04-30", "05-31"),
        f.ReportingPeriodFact("annual", "Årsredovisning", "01-01", "12-31", "02-28"),
    )
    found = run(
        "reporting_obligation",
        {"periods": ["t1", "annual"], "reporters": ["committee"]},
        reporting_periods=periods,
    )
    assert sorted((x.title, x.responsible_unit_id, x.due_on) for x in found) == [
        ("Rapportera tertialrapport 1 2026", KFN, date(2026, 5, 31)),
        ("Rapportera tertialrapport 1 2026", MN, date(2026, 5, 31)),
        ("Rapportera årsredovisning 2025", KFN, date(2026, 2, 28)),
        ("Rapportera årsredovisning 2025", MN, date(2026, 2, 28)),
    ]
    later = run(
        "reporting_obligation",
        {"periods": ["annual"]},
        reporting_periods=periods,
        tracking_since=date(2026, 3, 1),
    )
    assert later == []


def test_reporting_obligation_for_the_executive_office():
    periods = (f.ReportingPeriodFact("annual", "Årlig rapport", "01-01", "12-31", "03-31"),)
    found = run(
        "reporting_obligation",
        {"periods": ["annual"], "reporters": ["executive_office"]},
        reporting_periods=periods,
        today=date(2027, 2, 1),
        tracking_since=date(2026, 6, 1),
    )
    assert [(x.responsible_unit_id, x.due_on) for x in found] == [(KSF, date(2027, 3, 31))]


def test_document_validity_expired_renew_review_and_term():
    essunga = f.DocumentFact(
        "Internationell strategisk plan", valid_from=date(2017, 1, 1), valid_to=date(2019, 12, 31)
    )
    [expired] = run("document_validity", document=essunga)
    assert expired.kind == CONFLICT
    assert expired.title == "Styrdokumentet har upphört att gälla – ett nytt behöver antas"
    ending = f.DocumentFact("Plan", valid_to=date(2026, 10, 31))
    assert open_findings(run("document_validity", document=ending))[0].due_on == date(2026, 10, 31)
    far = f.DocumentFact("Plan", valid_to=date(2030, 1, 1), review_date=date(2026, 9, 1))
    [review] = open_findings(run("document_validity", document=far))
    assert review.title == "Aktualitetspröva styrdokumentet"
    term = f.DocumentFact("Policy")
    quiet = run(
        "document_validity",
        {"review_every": "term_of_office"},
        document=term,
        today=date(2026, 1, 1),
    )
    assert open_findings(quiet) == []
    [due] = open_findings(
        run(
            "document_validity",
            {"review_every": "term_of_office"},
            document=term,
            today=date(2030, 6, 1),
        )
    )
    assert (due.title, due.due_on) == (
        "Följ upp styrdokumentet under mandatperioden 2026–2030",
        date(2030, 10, 14),
    )
    assert run("document_validity") == []


def test_project_closure_lessons():
    closed = dict(status="closed", ends_on=date(2026, 3, 31))
    found = run(
        "project_closure_lessons",
        {"require_lessons": True, "require_operations_decision": True},
        applications=(
            app(1, **closed),
            app(2, lessons_learned="Mycket", operations_decision_on=date(2026, 4, 1), **closed),
            app(3, status="running"),
        ),
    )
    assert {x.record.id: x.satisfied for x in found} == {1: False, 2: True}
    assert found[0].due_on == date(2026, 6, 29)
    nothing = run(
        "project_closure_lessons",
        {"require_lessons": False, "require_operations_decision": False},
        applications=(app(1, **closed),),
    )
    assert nothing == []


def test_contact_person_per_unit():
    found = run(
        "contact_person_per_unit",
        {"required_kinds": ["committee"]},
        contact_persons=(
            f.ContactPersonFact(1, KFN, "Anna"),
            f.ContactPersonFact(2, MN, "Bo", ended_on=date(2026, 1, 1)),
        ),
    )
    assert {x.record.id: x.satisfied for x in found} == {KFN: True, MN: False}
    assert all(x.responsible_unit_id == KSF for x in found)


def _minimal_params(rule):
    spec = RULE_TYPES[rule]
    params = {
        name: ["x"] if p.type.startswith("list") and not p.choices else p.default
        for name, p in spec.params.items()
    }
    required = {
        "application_budget_information_matter": {"threshold_sek": 1},
        "membership_review_interval": {"months": 12},
        "decision_required": {"subjects": ["declaration"]},
        "twin_town_visit_notice": {"days_before": 14},
        "reporting_obligation": {"periods": ["annual"]},
    }
    params = {
        k: (list(v) if isinstance(v, tuple) else v) for k, v in params.items() if v is not None
    }
    params.update(required.get(rule, {}))
    return {k: v for k, v in params.items() if k in spec.params}


@pytest.mark.parametrize("rule", sorted(RULE_TYPES))
def test_every_rule_stays_quiet_without_records(rule):
    spec = RULE_TYPES[rule]
    params = {
        name: ["x"] if p.type.startswith("list") and not p.choices else p.default
        for name, p in spec.params.items()
    }
    required = {
        "application_budget_information_matter": {"threshold_sek": 1},
        "membership_review_interval": {"months": 12},
        "decision_required": {"subjects": ["declaration"]},
        "twin_town_visit_notice": {"days_before": 14},
        "reporting_obligation": {"periods": ["annual"]},
    }
    params = {
        k: (list(v) if isinstance(v, tuple) else v) for k, v in params.items() if v is not None
    }
    params.update(required.get(rule, {}))
    findings = run(rule, {k: v for k, v in params.items() if k in spec.params}, units=())
    assert open_findings(findings) == []


# --- how stored obligations follow the findings --------------------------------------------

from utblick.routines.engine.findings import Finding, RecordRef  # noqa: E402
from utblick.routines.engine.sync import ExistingObligation, plan_sync  # noqa: E402


def _finding(key="r:a:1", **kw):
    values = dict(
        kind=OBLIGATION,
        title="Gör något",
        explanation="Därför.",
        evidence_required="Underlag.",
        record=RecordRef(f.APPLICATION, 1, "Projekt 1"),
        responsible_unit_id=KFN,
        due_on=date(2026, 7, 1),
        routine_key="r",
    )
    values.update(kw)
    return Finding(dedupe_key=key, **values)


def _stored(finding, status="open", **kw):
    values = {
        name: getattr(finding, name)
        for name in (
            "kind",
            "title",
            "explanation",
            "evidence_required",
            "requirement",
            "due_on",
            "responsible_unit_id",
            "record",
            "series",
            "routine_key",
        )
    }
    values.update(kw)
    return ExistingObligation(id=1, dedupe_key=finding.dedupe_key, status=status, **values)


def _ops(plan):
    return [(a.op, a.key) for a in plan.actions]


def test_plan_creates_once_and_then_leaves_it_alone():
    finding = _finding()
    assert _ops(plan_sync([], [finding])) == [("create", "r:a:1")]
    again = plan_sync([_stored(finding)], [finding])
    assert again.actions == [] and len(again.unchanged) == 1


def test_plan_completes_updates_lapses_and_reopens():
    finding = _finding()
    assert _ops(plan_sync([_stored(finding)], [_finding(satisfied=True, evidence="Ärende")])) == [
        ("complete", "r:a:1")
    ]
    assert _ops(plan_sync([_stored(finding)], [_finding(due_on=date(2026, 8, 1))])) == [
        ("update", "r:a:1")
    ]
    assert _ops(plan_sync([_stored(finding)], [])) == [("lapse", "r:a:1")]
    assert _ops(plan_sync([_stored(finding, status="lapsed")], [finding])) == [("reopen", "r:a:1")]
    auto = _stored(finding, status="done", done_automatically=True)
    assert _ops(plan_sync([auto], [finding])) == [("reopen", "r:a:1")]


def test_plan_leaves_what_people_decided():
    finding = _finding()
    for status, auto in (("done", False), ("waived", False)):
        plan = plan_sync([_stored(finding, status=status, done_automatically=auto)], [finding])
        assert plan.actions == []
    assert plan_sync([_stored(finding, status="done")], []).actions == []


def test_plan_records_satisfied_duties_but_not_absent_defects():
    duty = _finding(satisfied=True, evidence="Ärende 7", evidence_matter_id=7)
    [created] = plan_sync([], [duty]).actions
    assert (created.op, created.status, created.evidence_matter_id) == ("create", "done", 7)
    defect = _finding(satisfied=True, record_if_satisfied=False)
    assert plan_sync([], [defect]).actions == []


def test_plan_closes_a_cycle_as_done_when_its_series_moves_on():
    old = _finding("r:membership:1@2026-01-01", series="r:membership:1")
    new = _finding(
        "r:membership:1@2028-01-01",
        series="r:membership:1",
        satisfied=True,
        record_if_satisfied=False,
        evidence="Prövat 2026-02-01",
    )
    [action] = plan_sync([_stored(old)], [new]).actions
    assert (action.op, action.key, action.evidence) == (
        "complete",
        old.dedupe_key,
        "Prövat 2026-02-01",
    )
