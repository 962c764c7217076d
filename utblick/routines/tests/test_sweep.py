"""The sweep and the evaluation on save: same transaction, idempotent, lapsing, set-based."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from utblick.core.services import record_archive, record_create, record_update
from utblick.factories import (
    ApplicationFactory,
    MembershipFactory,
    PartnershipFactory,
    VisitFactory,
)
from utblick.policy.services import profile_load
from utblick.registers.models import FundingApplication, Matter, NetworkMembership
from utblick.routines.engine.families import EVALUATORS
from utblick.routines.models import Obligation
from utblick.routines.services import routines_run
from utblick.routines.tests.conftest import HERE, make_place

D = dt.date


@pytest.fixture
def malmo(db):
    return make_place("1280")


def _create_application(place, **fields):
    values = {
        "title": "Cirkulär hamn",
        "other_funder": "Interreg",
        "role": "lead",
        "unit": place.administration,
        "total_budget": Decimal("14000000"),
    }
    values.update(fields)
    return record_create(actor=place.actor, model=FundingApplication, fields=values)


def test_a_write_creates_its_obligations_in_the_same_transaction(malmo):
    with transaction.atomic():
        application = _create_application(malmo)
        keys = sorted(o.routine.key for o in malmo.open() if o.object_id == application.pk)
        assert keys == ["ansokan-informationsarende", "ansokan-informera-ksf"]
        transaction.set_rollback(True)
    assert not FundingApplication.objects.filter(pk=application.pk).exists()
    assert not Obligation.objects.filter(municipality=malmo.municipality).exists()


def test_a_failing_routine_undoes_the_write(malmo, monkeypatch):
    def broken(check, facts):
        raise RuntimeError("trasig regel")

    monkeypatch.setitem(EVALUATORS, "notification", broken)
    with pytest.raises(RuntimeError):
        _create_application(malmo)
    assert not FundingApplication.objects.filter(municipality=malmo.municipality).exists()
    assert not Obligation.objects.exists()


def test_only_the_routines_the_record_type_triggers_run_on_save(malmo):
    _create_application(malmo, total_budget=Decimal("100"))
    # Contact persons, reports and the policy's follow-up are not evaluated for an application.
    assert {o.routine.key for o in malmo.open()} == {"ansokan-informera-ksf"}


def test_the_sweep_is_idempotent(malmo):
    ApplicationFactory(
        municipality=malmo.municipality, unit=malmo.committee, total_budget=Decimal("20000000")
    )
    MembershipFactory(municipality=malmo.municipality, unit=malmo.office)
    first = malmo.run()
    assert first.created > 0
    history = Obligation.history.count()
    second = malmo.run()
    assert (second.created, second.changed) == (0, 0)
    assert second.unchanged == first.created
    assert Obligation.history.count() == history


def test_an_obligation_lapses_when_its_record_no_longer_applies(malmo):
    application = _create_application(malmo, total_budget=Decimal("13000000"))
    record_update(
        actor=malmo.actor,
        instance=application,
        expected_version=1,
        fields={"total_budget": Decimal("9000000")},
    )
    [lapsed] = malmo.obligations("ansokan-informationsarende")
    assert lapsed.status == "lapsed"
    # …and comes back if it applies again; never duplicated.
    record_update(
        actor=malmo.actor,
        instance=application,
        expected_version=2,
        fields={"total_budget": Decimal("12500000")},
    )
    [reopened] = malmo.obligations("ansokan-informationsarende")
    assert reopened.pk == lapsed.pk and reopened.status == "open"


def test_archiving_a_record_lapses_its_open_obligations(malmo):
    application = _create_application(malmo)
    record_archive(actor=malmo.actor, instance=application, expected_version=1, reason="dubblett")
    assert malmo.open() == []
    assert {o.status for o in malmo.obligations()} == {"lapsed"}


def test_a_withdrawn_information_matter_reopens_an_obligation_the_registers_closed(malmo):
    application = _create_application(malmo)
    matter = record_create(
        actor=malmo.actor,
        model=Matter,
        fields={
            "kind": "information_matter",
            "title": "Information",
            "unit": malmo.committee,
            "body": malmo.board,
            "application": application,
        },
    )
    [done] = malmo.obligations("ansokan-informationsarende")
    assert done.status == "done" and done.done_automatically
    record_update(
        actor=malmo.actor, instance=matter, expected_version=1, fields={"outcome": "withdrawn"}
    )
    done.refresh_from_db()
    assert done.status == "open" and done.evidence == ""


def test_a_person_marked_done_stays_done(malmo):
    from utblick.routines.services import obligation_complete

    application = _create_application(malmo)
    [inform] = malmo.open("ansokan-informera-ksf")
    obligation_complete(
        actor=malmo.actor, obligation=inform, expected_version=1, evidence="Mejl 1/12"
    )
    record_update(
        actor=malmo.actor, instance=application, expected_version=1, fields={"title": "Ny titel"}
    )
    inform.refresh_from_db()
    assert inform.status == "done"


def test_a_recorded_review_closes_the_review_as_done(db):
    linkoping = make_place("0580")
    membership = MembershipFactory(
        municipality=linkoping.municipality,
        unit=linkoping.board,
        started_on=D(2015, 1, 1),
        last_reviewed_on=D(2024, 1, 1),
    )
    linkoping.run(D(2026, 11, 22))
    [review] = linkoping.open("medlemskap-provning")
    record_update(
        actor=linkoping.actor,
        instance=NetworkMembership.objects.get(pk=membership.pk),
        expected_version=1,
        fields={"last_reviewed_on": D(2026, 11, 20), "review_notes": "Relevant för målen."},
    )
    review.refresh_from_db()
    assert review.status == "done"
    assert "2026-11-20" in review.evidence
    assert linkoping.open("medlemskap-provning") == []


def test_a_retired_routine_lapses_its_open_obligations(malmo):
    _create_application(malmo, total_budget=Decimal("100"))
    text = (HERE.parent.parent / "policy/profiles/malmo.toml").read_text(encoding="utf-8")
    start = text.index('[[routines]]\nkey = "ansokan-informera-ksf"')
    end = text.index("[[routines]]", start + 10)
    profile_load(
        municipality=malmo.municipality, text=text[:start] + text[end:], source_name="malmo.toml"
    )
    result = malmo.run()
    assert result.per_routine["ansokan-informera-ksf"]["lapse"] == 1
    assert {o.status for o in malmo.obligations("ansokan-informera-ksf")} == {"lapsed"}


def _populate(place, n: int) -> None:
    m = place.municipality
    for _ in range(n):
        ApplicationFactory(
            municipality=m,
            unit=place.administration,
            total_budget=Decimal("15000000"),
            status="submitted",
            submitted_on=D(2026, 10, 1),
        )
        ApplicationFactory(
            municipality=m,
            unit=place.committee,
            status="closed",
            starts_on=D(2023, 1, 1),
            ends_on=D(2026, 1, 1),
        )
        MembershipFactory(municipality=m, unit=place.committee, scope="unit")
        PartnershipFactory(municipality=m, kind="partner_city", unit=place.office)
        VisitFactory(municipality=m, unit=place.office, kind="protocol", represented_by="staff")


SWEEP_DAY = D(2027, 2, 1)


def _queries(place):
    with CaptureQueriesContext(connection) as captured:
        routines_run(place.municipality, SWEEP_DAY)
    return captured.captured_queries


def _reads(queries):
    return [q for q in queries if q["sql"].lstrip().upper().startswith("SELECT")]


def test_the_sweep_is_set_based_its_queries_do_not_grow_with_the_records(
    db, django_assert_max_num_queries
):
    small = make_place("1280")
    _populate(small, 1)
    first_small = _queries(small)
    again_small = _queries(small)

    large = make_place("2080")
    large_malmo_text = (HERE.parent.parent / "policy/profiles/malmo.toml").read_text(
        encoding="utf-8"
    )
    large_malmo_text = large_malmo_text.replace('code = "1280"', 'code = "2080"')
    profile_load(municipality=large.municipality, text=large_malmo_text, source_name="malmo.toml")
    _populate(large, 2)
    first_large = _queries(large)
    # Every write is one statement per kind of change (SQLite batches at most 999 parameters
    # per INSERT, so these sizes fit one batch), every read one query per kind of fact.
    assert len(first_large) == len(first_small)
    assert len(_reads(first_large)) == len(_reads(first_small))
    # Nothing to change: reads only, the same number however many records there are.
    _populate(large, 20)
    _queries(large)
    with django_assert_max_num_queries(len(again_small)):
        routines_run(large.municipality, D(2027, 2, 1))
    assert Obligation.objects.filter(municipality=large.municipality).count() > 100


def test_the_run_command_sweeps_and_prints_per_routine(malmo):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("routines", "run", "--municipality", "1280", "--today", "2027-02-01", stdout=out)
    text = out.getvalue()
    assert text.startswith("Malmö: ")
    assert "kontaktperson-eu-natverket (required_fact): create 2" in text
    assert "arlig-redovisning-namnd (recurring_duty): create 2" in text


def test_the_sweep_task_runs_every_municipality_with_routines(malmo):
    from utblick.routines.tasks import routines_sweep_task

    summaries = routines_sweep_task.call(today="2027-02-01")
    assert list(summaries) == ["Malmö"]
    assert malmo.open("arlig-redovisning-namnd")


def test_a_matter_moved_to_another_application_re_evaluates_both(malmo):
    first = _create_application(malmo, title="Första")
    second = _create_application(malmo, title="Andra")
    matter = record_create(
        actor=malmo.actor,
        model=Matter,
        fields={
            "kind": "information_matter",
            "title": "Information",
            "unit": malmo.committee,
            "body": malmo.board,
            "application": first,
        },
    )
    record_update(
        actor=malmo.actor, instance=matter, expected_version=1, fields={"application": second}
    )
    status = {o.object_id: o.status for o in malmo.obligations("ansokan-informationsarende")}
    assert status == {first.pk: "open", second.pk: "done"}
