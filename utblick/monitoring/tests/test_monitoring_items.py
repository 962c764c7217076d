"""Monitoring items: list, detail, create and edit through the register services, and the e-mail
to the units concerned."""

import datetime as dt

import pytest
from django.core import mail

from utblick.core.services import record_create
from utblick.factories import RoleFactory, UnitFactory, UserFactory
from utblick.monitoring.models import MonitoringItem

pytestmark = pytest.mark.django_db


def _form(world, **overrides):
    data = {
        "kind": "legislation",
        "title": "Förordning om förpackningar och förpackningsavfall",
        "reference": "Förordning (EU) 2025/40",
        "source_url": "https://eur-lex.europa.eu/eli/reg/2025/40/oj",
        "summary": "Krav på återanvändning och insamling.",
        "unit": world.board.pk,
        "units_concerned": [world.committee.pk, world.other_committee.pk],
        "assessed_impact": "high",
        "impact_assessment": "",
        "response": "",
        "due_on": "2027-02-15",
        "status": "assessing",
    }
    data.update(overrides)
    return data


@pytest.fixture
def colleagues(world):
    """Dora edits the culture committee's records, Erik the environment committee's; Fia edits
    another municipality's unit of the same name as neither."""
    dora = UserFactory(username="dora", email="dora@example.se")
    erik = UserFactory(username="erik", email="erik@example.se")
    fia = UserFactory(username="fia", email="fia@example.se")
    RoleFactory(user=dora, municipality=world.home, role="unit_editor", unit=world.committee)
    RoleFactory(user=erik, municipality=world.home, role="unit_editor", unit=world.other_committee)
    RoleFactory(user=fia, municipality=world.other, role="unit_editor", unit=world.foreign_unit)
    return dora, erik, fia


def test_creating_an_item_e_mails_the_users_of_the_units_concerned(
    immediate_tasks, world, signed_in, colleagues, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(world.alice).post(
            "/omvarld/bevakning/ny/", _form(world, units_concerned=[world.committee.pk])
        )
    item = MonitoringItem.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/omvarld/bevakning/{item.pk}/"
    # bob and dora hold roles in the culture committee; erik's unit is not concerned.
    assert sorted(m.to[0] for m in mail.outbox) == ["bob@example.se", "dora@example.se"]
    message = mail.outbox[0]
    assert message.subject == (
        "Nytt bevakningsärende: Förordning om förpackningar och förpackningsavfall"
    )
    assert "Kultur- och fritidsnämnden" in message.body
    assert f"/omvarld/bevakning/{item.pk}/" in message.body
    assert "Svar senast: 2027-02-15" in message.body
    assert all(len(m.to) == 1 for m in mail.outbox)  # nobody sees the others' addresses


def test_the_acting_user_and_other_municipalities_get_no_e_mail(
    immediate_tasks, world, colleagues, django_capture_on_commit_callbacks
):
    bob = world.actor(world.bob)
    with django_capture_on_commit_callbacks(execute=True):
        record_create(
            actor=bob,
            model=MonitoringItem,
            fields={"kind": "trend", "title": "Demografisk utveckling", "unit": world.committee},
            m2m={"units_concerned": [world.committee, world.other_committee]},
        )
    assert sorted(m.to[0] for m in mail.outbox) == ["dora@example.se", "erik@example.se"]


def test_no_e_mail_when_the_write_is_rolled_back_or_is_demo_data(
    immediate_tasks, world, colleagues, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        record_create(
            actor=world.actor(world.alice),
            model=MonitoringItem,
            fields={"kind": "trend", "title": "Ej skickad", "unit": world.board},
            m2m={"units_concerned": [world.committee]},
        )
    assert mail.outbox == []  # sent only on commit
    for callback in callbacks:
        callback()
    assert mail.outbox
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        record_create(
            actor=world.actor(world.alice),
            model=MonitoringItem,
            fields={"kind": "trend", "title": "Demo", "unit": world.board},
            m2m={"units_concerned": [world.committee]},
            is_demo=True,
        )
    assert mail.outbox == []


def test_the_e_mail_waits_for_the_worker_not_the_request(
    world, signed_in, colleagues, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    from utblick.monitoring.tasks import item_email_task

    with django_capture_on_commit_callbacks(execute=True):
        signed_in(world.alice).post(
            "/omvarld/bevakning/ny/", _form(world, units_concerned=[world.committee.pk])
        )
    item = MonitoringItem.objects.get()
    assert mail.outbox == []  # the request only queued it
    [queued] = DBTaskResult.objects.filter(status="READY")
    assert queued.task_path == item_email_task.module_path
    assert queued.args_kwargs["args"][0] == item.pk
    item_email_task.call(*queued.args_kwargs["args"])  # what the worker then does
    assert sorted(m.to[0] for m in mail.outbox) == ["bob@example.se", "dora@example.se"]


def test_an_invalid_item_is_shown_again_with_its_errors(world, signed_in):
    response = signed_in(world.alice).post("/omvarld/bevakning/ny/", _form(world, title=""))
    assert response.status_code == 200
    assert 'id="error-summary"' in response.content.decode()
    assert MonitoringItem.objects.count() == 0


def test_a_unit_editor_creates_only_for_their_own_unit(world, signed_in):
    bob = signed_in(world.bob)
    response = bob.post("/omvarld/bevakning/ny/", _form(world, unit=world.board.pk))
    assert response.status_code == 200 and MonitoringItem.objects.count() == 0
    response = bob.post("/omvarld/bevakning/ny/", _form(world, unit=world.committee.pk))
    assert response.status_code == 302
    assert MonitoringItem.objects.get().created_by == world.bob


def test_the_list_filters_by_kind_and_shows_units_concerned_impact_and_due_date(world, signed_in):
    alice = world.actor(world.alice)
    for kind, title in (("legislation", "Direktiv A"), ("consultation", "Remiss B")):
        record_create(
            actor=alice,
            model=MonitoringItem,
            fields={
                "kind": kind,
                "title": title,
                "unit": world.board,
                "due_on": dt.date(2027, 1, 9),
            },
            m2m={"units_concerned": [world.committee]},
        )
    page = signed_in(world.carol).get("/omvarld/bevakning/?kind=consultation").content.decode()
    assert "Remiss B" in page and "Direktiv A" not in page
    assert "Kultur- och fritidsnämnden" in page and "2027-01-09" in page
    assert "Nytt bevakningsärende" not in page  # carol reads


def test_editing_goes_through_the_versioned_service_and_a_stale_version_is_refused(
    world, signed_in
):
    item = record_create(
        actor=world.actor(world.alice),
        model=MonitoringItem,
        fields={"kind": "legislation", "title": "AI-förordningen", "unit": world.board},
    )
    alice = signed_in(world.alice)
    response = alice.post(
        f"/omvarld/bevakning/{item.pk}/andra/",
        _form(world, title="AI-förordningen (EU) 2024/1689", version=1, response="Inspel via SKR"),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.version == 2 and item.response == "Inspel via SKR"
    stale = alice.post(f"/omvarld/bevakning/{item.pk}/andra/", _form(world, version=1))
    assert stale.status_code == 409
    page = alice.get(f"/omvarld/bevakning/{item.pk}/").content.decode()
    assert "Inspel via SKR" in page and "Historik" in page


def test_another_municipalitys_item_is_a_404(world, signed_in):
    item = record_create(
        actor=world.actor(world.alice),
        model=MonitoringItem,
        fields={"kind": "trend", "title": "Hemligt", "unit": world.board},
    )
    mallory = signed_in(world.mallory)
    assert mallory.get(f"/omvarld/bevakning/{item.pk}/").status_code == 404
    assert mallory.post(f"/omvarld/bevakning/{item.pk}/andra/", _form(world)).status_code == 404


def test_the_list_query_count_does_not_grow_with_items(world, signed_in, django_assert_num_queries):
    alice = world.actor(world.alice)
    extra = UnitFactory(municipality=world.home, name="Tekniska nämnden")

    def add(n):
        for i in range(n):
            record_create(
                actor=alice,
                model=MonitoringItem,
                fields={"kind": "trend", "title": f"Trend {i}", "unit": world.board},
                m2m={"units_concerned": [world.committee, extra]},
            )

    client = signed_in(world.alice)
    add(2)
    # session, user, roles, actor's role; count, page, units concerned (prefetched)
    with django_assert_num_queries(7):
        assert client.get("/omvarld/bevakning/").status_code == 200
    add(10)
    with django_assert_num_queries(7):
        assert client.get("/omvarld/bevakning/").status_code == 200
