"""Writes in a batch (an import's rows) evaluate the routines once, when the batch ends, and
leave the same obligations as the same writes one by one."""

import datetime as dt

import pytest

from utblick.core.services import record_create, write_batch
from utblick.registers.models import NetworkMembership
from utblick.routines import services
from utblick.routines.tests.conftest import make_place

D = dt.date


def _memberships(place, names):
    for name in names:
        record_create(
            actor=place.actor,
            model=NetworkMembership,
            fields={
                "organisation": name,
                "scope": "municipality_wide",
                "unit": place.committee,
                "decided_by": place.committee,
                "decided_on": D(2020, 1, 1),
                "started_on": D(2015, 1, 1),
            },
        )


def _obligations(place, names):
    """Each record's open obligations (routine, kind), in the order of `names`."""
    found = {name: [] for name in names}
    for o in place.open():
        if o.record_label in found:
            found[o.record_label].append((o.routine.key, o.kind))
    return [sorted(found[name]) for name in names]


@pytest.fixture
def evaluations(monkeypatch):
    calls = []
    evaluate = services._evaluate_written

    def counted(*args, **kwargs):
        calls.append(args)
        return evaluate(*args, **kwargs)

    monkeypatch.setattr(services, "_evaluate_written", counted)
    return calls


def test_a_batch_evaluates_the_routines_once_with_the_same_obligations(db, evaluations):
    place = make_place("0580")
    one_by_one = [f"Nätverk {n}" for n in range(6)]
    _memberships(place, one_by_one)
    assert len(evaluations) == len(one_by_one)

    evaluations.clear()
    batched = [f"Förening {n}" for n in range(6)]
    with write_batch(actor=place.actor):
        _memberships(place, batched)
        assert evaluations == []
    assert len(evaluations) == 1
    expected = _obligations(place, one_by_one)
    assert expected[0] != []
    assert _obligations(place, batched) == expected


def test_a_batch_that_fails_leaves_nothing_to_evaluate(db, evaluations):
    place = make_place("0580")
    with pytest.raises(RuntimeError), write_batch(actor=place.actor):
        _memberships(place, ["Nätverk"])
        raise RuntimeError("the import stopped")
    assert evaluations == []


def test_an_import_evaluates_the_routines_once_per_batch_of_rows(db, evaluations, monkeypatch):
    from utblick.imports import services as imports
    from utblick.imports.tests.files import messages, run_import, xlsx

    place = make_place("0580")
    monkeypatch.setattr(imports, "WRITE_BATCH", 2)
    rows = [
        [f"Nätverk {n}", "Hela kommunen (flera nämnders områden)", place.board.name]
        for n in range(5)
    ]
    headers = ["Organisation eller nätverk *", "Omfattning *", "Ansvarig enhet *"]
    plan = run_import(place.actor, "memberships", xlsx(headers, *rows))
    assert messages(plan) == []
    assert NetworkMembership.objects.filter(municipality=place.municipality).count() == 5
    assert len(evaluations) == 3  # rows 1–2, 3–4, 5
