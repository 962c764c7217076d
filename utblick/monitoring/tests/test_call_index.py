"""Issue 17: the matching index is built once per calls import, stored, and shared by every
process that matches; a process loads it rather than building it again."""

import copy
import datetime as dt
import json
import zlib

import pytest
from django.utils import timezone

from utblick.core.access import Actor, Role
from utblick.factories import RoleFactory
from utblick.monitoring import call_index, selectors
from utblick.monitoring.calls_import import calls_import
from utblick.monitoring.matching import build_query
from utblick.monitoring.models import CallIndexSnapshot, FundingCall
from utblick.monitoring.tests.conftest import SAMPLE, SAMPLE_TODAY, load_seed_profile

TODAY = dt.date.fromisoformat(SAMPLE_TODAY)


@pytest.fixture
def builds(monkeypatch, immediate_tasks):
    """Counts the times the index is built from the calls; imports run on the sample's day, and
    the task they queue runs at once, as the background worker would run it."""
    count = {"builds": 0}
    build = call_index.call_index_build

    def counted(today):
        count["builds"] += 1
        return build(today)

    monkeypatch.setattr(call_index, "call_index_build", counted)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    call_index.forget_in_process()
    yield count
    call_index.forget_in_process()


def current_calls() -> int:
    return FundingCall.objects.current(TODAY).count()


def import_sample():
    return calls_import(SAMPLE.read_bytes(), source_name=SAMPLE.name)


def essunga_ranked(**kwargs):
    municipality = load_seed_profile("1445", "essunga")
    actor = Actor(user=None, municipality=municipality, role=Role.READER)
    return selectors.ranked_calls(actor, today=kwargs.pop("today", TODAY), **kwargs)


def as_ids(ranked):
    return [[(call.identifier, match.score) for call, match in group.matches] for group in ranked]


@pytest.mark.django_db
def test_a_calls_import_builds_the_index_once_and_stores_it_for_every_process(builds):
    report = import_sample()
    assert report.created and builds["builds"] == 1
    snapshot = CallIndexSnapshot.objects.get()
    assert snapshot.generation == call_index.calls_generation()
    assert snapshot.day == TODAY
    assert snapshot.calls == FundingCall.objects.current(TODAY).count() > 0

    first = essunga_ranked()
    assert first and all(group.matches for group in first)
    again = essunga_ranked(kinds=("area", "goal", "commitment", "unit"))
    assert builds["builds"] == 1
    assert again[: len(first)] == first


@pytest.mark.django_db
def test_an_import_that_changes_nothing_builds_nothing(builds):
    import_sample()
    stored = CallIndexSnapshot.objects.get()
    report = import_sample()
    assert report.unchanged and not (report.created or report.updated)
    assert builds["builds"] == 1
    assert CallIndexSnapshot.objects.get().pk == stored.pk


@pytest.mark.django_db
def test_a_new_worker_loads_the_stored_index_and_does_not_build_it(builds):
    import_sample()
    in_the_importing_process = as_ids(essunga_ranked())
    call_index.forget_in_process()  # as a web worker started after the import
    assert as_ids(essunga_ranked()) == in_the_importing_process
    call_index.forget_in_process()  # and another one, a week later
    essunga_ranked(today=TODAY + dt.timedelta(days=7))
    assert builds["builds"] == 1


@pytest.mark.django_db
def test_a_new_import_replaces_the_stored_index_and_matching_sees_its_calls(builds):
    import_sample()
    old = CallIndexSnapshot.objects.get()
    before = essunga_ranked(limit=100)
    area = next(g for g in before if g.label == "Barn och ungdomar")

    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))
    result = copy.deepcopy(sample["results"][0])
    result["metadata"]["identifier"] = ["UTBLICK-NEW-YOUTH"]
    result["metadata"]["title"] = ["Children and young people: youth exchanges and volunteering"]
    result["reference"] = "UTBLICK-NEW-YOUTH-REF"
    report = calls_import(json.dumps([result]), source_name="new.json")
    assert report.created == ["UTBLICK-NEW-YOUTH"] and builds["builds"] == 2

    new = CallIndexSnapshot.objects.get()  # the old generation's index is gone
    assert new.generation != old.generation and new.calls == old.calls + 1
    call_index.forget_in_process()
    after = essunga_ranked(only=("area", area.target_id), limit=100)
    assert "UTBLICK-NEW-YOUTH" in [call.identifier for call, _ in after[0].matches]
    assert "UTBLICK-NEW-YOUTH" not in [call.identifier for call, _ in area.matches]
    assert builds["builds"] == 2


@pytest.mark.django_db
def test_ranking_with_the_stored_index_equals_ranking_with_one_built_from_the_calls(builds):
    import_sample()
    municipality = load_seed_profile("1445", "essunga")
    actor = Actor(user=None, municipality=municipality, role=Role.READER)
    queries = [build_query(text) for _kind, _pk, _label, text in selectors.match_targets(actor)]
    stored = call_index.decode(CallIndexSnapshot.objects.get().data)
    for day in (TODAY, TODAY + dt.timedelta(days=100), TODAY + dt.timedelta(days=400)):
        fresh = call_index.call_index_build(day)
        current = list(FundingCall.objects.current(day).values_list("pk", flat=True))
        loaded = stored.subset(current)
        assert loaded.keys == fresh.keys and loaded.bm25.lengths == fresh.bm25.lengths
        for query in queries:
            assert loaded.rank(query) == fresh.rank(query)
    # Later days have fewer current calls: the comparison covered a cut-down index.
    assert len(stored.subset(current).keys) < len(stored.keys)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        b"not compressed at all",
        zlib.compress(b"\xff\xfe not utf-8"),
        zlib.compress(b'{"version": 0}'),
        zlib.compress(b'{"version": 1, "keys": [1], "bm25": {"lengths": [1], "terms": ["x"]}}'),
        zlib.compress(
            b'{"version": 1, "keys": [1], "bm25": {"k1": 1.2, "b": 0.75, "lengths": [1],'
            b' "terms": ["x"], "postings": [[5, 1]]}}'
        ),
    ],
    ids=["not-zlib", "not-utf8", "old-version", "no-postings", "posting-out-of-range"],
)
def test_an_unreadable_stored_index_is_rebuilt_and_the_page_still_answers(
    builds, world, signed_in, data
):
    import_sample()
    expected = as_ids(essunga_ranked())
    CallIndexSnapshot.objects.update(data=data)
    call_index.forget_in_process()
    RoleFactory(user=world.carol, municipality=load_seed_profile("1445", "essunga"), role="reader")
    client = signed_in(world.carol)
    session = client.session
    session["municipality_code"] = "1445"
    session.save()
    assert client.get("/omvarld/matchning/").status_code == 200
    assert builds["builds"] == 2
    assert call_index.decode(CallIndexSnapshot.objects.get().data).keys
    call_index.forget_in_process()
    assert as_ids(essunga_ranked()) == expected
    assert builds["builds"] == 2


@pytest.mark.django_db
def test_before_any_import_the_first_process_builds_and_stores_the_index_once(builds):
    assert not CallIndexSnapshot.objects.exists()
    assert essunga_ranked()  # no calls yet: every area, no matches
    assert builds["builds"] == 1 and CallIndexSnapshot.objects.get().calls == 0
    call_index.forget_in_process()
    essunga_ranked()
    assert builds["builds"] == 1


@pytest.mark.django_db
def test_the_import_queues_the_building_for_the_background_worker_which_builds_it_once(
    builds, settings
):
    from django_tasks_db.models import DBTaskResult

    from utblick.monitoring.tasks import call_index_task

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    import_sample()
    queued = DBTaskResult.objects.get(status="READY")
    assert queued.task_path == "utblick.monitoring.tasks.call_index_task"
    assert builds["builds"] == 0 and not CallIndexSnapshot.objects.exists()
    # What the worker runs for the queued task (the worker itself closes the connection).
    assert call_index_task.call(*queued.args_kwargs["args"]) == current_calls()
    assert builds["builds"] == 1
    assert CallIndexSnapshot.objects.get().generation == call_index.calls_generation()
    assert call_index.call_index_refresh(today=TODAY) is None  # queued twice: built once
    call_index.forget_in_process()
    essunga_ranked()
    assert builds["builds"] == 1


@pytest.mark.django_db
def test_the_matching_page_loads_the_stored_index_with_a_fixed_number_of_queries(
    builds, world, signed_in, django_assert_num_queries
):
    import_sample()
    RoleFactory(user=world.carol, municipality=load_seed_profile("1445", "essunga"), role="reader")
    client = signed_in(world.carol)
    session = client.session
    session["municipality_code"] = "1445"
    session.save()
    call_index.forget_in_process()
    # session, user, roles, actor's role; areas, commitments, goals, units; the calls'
    # generation; the stored index; the current calls' ids; excluding words; the matched
    # calls; their assessments
    with django_assert_num_queries(14):
        assert client.get("/omvarld/matchning/").status_code == 200
    # the index in memory: neither the stored index nor the current calls' ids
    with django_assert_num_queries(12):
        assert client.get("/omvarld/matchning/").status_code == 200
    assert builds["builds"] == 1
