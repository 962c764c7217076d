"""Safe writes: validated, atomic, versioned, tenant-checked, and every change in the audit trail."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from utblick.core.errors import StaleVersion
from utblick.core.services import record_archive, record_create, record_restore, record_update
from utblick.factories import ApplicationFactory, MembershipFactory
from utblick.registers.models import FundingApplication, NetworkMembership


def _create_application(world, user=None, **fields):
    values = {
        "title": "Grön omställning",
        "other_funder": "Interreg",
        "role": "lead",
        "unit_id": world.committee.pk,
        "total_budget": Decimal("500000"),
    }
    values.update(fields)
    return record_create(
        actor=world.actor(user or world.alice), model=FundingApplication, fields=values
    )


def test_create_records_who_and_starts_at_version_1(world):
    application = _create_application(world)
    assert application.version == 1
    assert application.municipality == world.home
    entry = application.history.get()
    assert entry.history_user == world.alice
    assert entry.history_type == "+"


def test_update_bumps_version_and_keeps_the_old_values_in_history(world):
    application = _create_application(world)
    record_update(
        actor=world.actor(world.alice),
        instance=application,
        expected_version=1,
        fields={"title": "Grön omställning 2.0"},
    )
    application.refresh_from_db()
    assert application.version == 2
    titles = list(application.history.order_by("history_date").values_list("title", flat=True))
    assert titles == ["Grön omställning", "Grön omställning 2.0"]


def test_a_write_based_on_a_stale_version_is_refused_and_nothing_is_overwritten(world):
    application = _create_application(world)
    record_update(
        actor=world.actor(world.alice),
        instance=application,
        expected_version=1,
        fields={"title": "Alice's title"},
    )
    with pytest.raises(StaleVersion) as caught:
        record_update(
            actor=world.actor(world.bob),
            instance=application,
            expected_version=1,
            fields={"title": "Bob's title"},
        )
    assert caught.value.current == 2
    assert "title" in caught.value.changed_fields
    application.refresh_from_db()
    assert application.title == "Alice's title"
    assert application.version == 2


def test_invalid_change_writes_nothing_not_even_the_version(world):
    application = _create_application(world)
    with pytest.raises(ValidationError) as caught:
        record_update(
            actor=world.actor(world.alice),
            instance=application,
            expected_version=1,
            fields={"starts_on": dt.date(2026, 5, 1), "ends_on": dt.date(2026, 1, 1)},
        )
    assert "ends_on" in caught.value.message_dict
    application.refresh_from_db()
    assert application.version == 1
    assert application.history.count() == 1


def test_negative_amounts_are_refused_at_the_field(world):
    with pytest.raises(ValidationError) as caught:
        _create_application(world, total_budget=Decimal("-1"))
    assert caught.value.message_dict["total_budget"] == ["Beloppet kan inte vara negativt."]


def test_eur_amounts_need_the_rate_and_keep_it(world):
    with pytest.raises(ValidationError) as caught:
        _create_application(world, currency="EUR")
    assert "eur_to_sek_rate" in caught.value.message_dict
    application = _create_application(
        world, currency="EUR", eur_to_sek_rate=Decimal("11.5"), total_budget=Decimal("100000")
    )
    assert application.total_budget_sek == Decimal("1150000.00")


def test_parts_cannot_exceed_the_total_budget(world):
    with pytest.raises(ValidationError) as caught:
        _create_application(world, granted_amount=Decimal("600000"))
    assert "granted_amount" in caught.value.message_dict


def test_lifecycle_moves_only_along_allowed_paths(world):
    application = _create_application(world)
    actor = world.actor(world.alice)
    with pytest.raises(ValidationError) as caught:
        record_update(
            actor=actor,
            instance=application,
            expected_version=1,
            fields={"status": "granted", "granted_amount": Decimal("1")},
        )
    assert "Tillåtet nästa steg" in caught.value.message_dict["status"][0]
    application = record_update(
        actor=actor, instance=application, expected_version=1, fields={"status": "preparing"}
    )
    application = record_update(
        actor=actor,
        instance=application,
        expected_version=2,
        fields={"status": "submitted", "submitted_on": dt.date(2026, 3, 1)},
    )
    assert application.status == "submitted"


def test_submitted_application_needs_its_submission_date(world):
    application = _create_application(world, status="preparing")
    with pytest.raises(ValidationError) as caught:
        record_update(
            actor=world.actor(world.alice),
            instance=application,
            expected_version=1,
            fields={"status": "submitted"},
        )
    assert "submitted_on" in caught.value.message_dict


def test_links_to_another_municipality_are_refused(world):
    with pytest.raises(ValidationError) as caught:
        _create_application(world, unit_id=world.foreign_unit.pk)
    assert caught.value.message_dict["unit"] == ["Posten finns inte i kommunen."]


def test_m2m_links_to_another_municipality_are_refused(world):
    foreign = MembershipFactory(municipality=world.other, unit=world.foreign_unit)
    with pytest.raises(ValidationError) as caught:
        record_create(
            actor=world.actor(world.alice),
            model=FundingApplication,
            fields={
                "title": "X",
                "other_funder": "Y",
                "role": "lead",
                "unit_id": world.committee.pk,
            },
            m2m={"memberships": [foreign.pk]},
        )
    assert "memberships" in caught.value.message_dict
    assert not FundingApplication.objects.filter(title="X").exists()


def test_unit_editor_writes_only_their_own_units_records(world):
    _create_application(world, user=world.bob)  # bob's committee
    with pytest.raises(PermissionDenied):
        _create_application(world, user=world.bob, unit_id=world.other_committee.pk)
    theirs = ApplicationFactory(municipality=world.home, unit=world.other_committee)
    with pytest.raises(PermissionDenied):
        record_update(
            actor=world.actor(world.bob),
            instance=theirs,
            expected_version=1,
            fields={"title": "mine now"},
        )


def test_unit_editor_cannot_move_a_record_out_of_their_unit(world):
    own = ApplicationFactory(municipality=world.home, unit=world.committee)
    with pytest.raises(PermissionDenied):
        record_update(
            actor=world.actor(world.bob),
            instance=own,
            expected_version=1,
            fields={"unit_id": world.other_committee.pk},
        )
    own.refresh_from_db()
    assert own.unit == world.committee and own.version == 1


def test_readers_change_nothing(world):
    with pytest.raises(PermissionDenied):
        _create_application(world, user=world.carol)


def test_another_municipalitys_coordinator_cannot_change_a_record(world):
    membership = MembershipFactory(municipality=world.home, unit=world.board)
    with pytest.raises(PermissionDenied):
        record_update(
            actor=world.actor(world.mallory, world.other),
            instance=membership,
            expected_version=1,
            fields={"organisation": "hijacked"},
        )
    membership.refresh_from_db()
    assert membership.organisation != "hijacked"


def test_archive_and_restore_keep_the_record_and_the_trail(world):
    membership = MembershipFactory(municipality=world.home, unit=world.board)
    actor = world.actor(world.alice)
    with pytest.raises(ValidationError):
        record_archive(actor=actor, instance=membership, expected_version=1, reason=" ")
    archived = record_archive(
        actor=actor, instance=membership, expected_version=1, reason="Medlemskapet upphörde"
    )
    assert archived.is_archived
    assert NetworkMembership.objects.filter(pk=membership.pk).exists()
    restored = record_restore(actor=actor, instance=archived, expected_version=2)
    assert not restored.is_archived
    reasons = list(
        restored.history.order_by("history_date").values_list("history_change_reason", flat=True)
    )
    assert reasons[-2:] == ["arkiverad: Medlemskapet upphörde", "återställd"]


def test_registers_cannot_be_hard_deleted_through_protected_links(world):
    """Records a report used stay: a unit with records cannot be deleted under them."""
    from django.db.models import ProtectedError

    ApplicationFactory(municipality=world.home, unit=world.committee)
    with pytest.raises(ProtectedError):
        world.committee.delete()


def test_one_write_is_one_audit_entry_including_its_links(world):
    from utblick.factories import PersonFactory

    people = [PersonFactory(municipality=world.home) for _ in range(2)]
    membership = record_create(
        actor=world.actor(world.alice),
        model=NetworkMembership,
        fields={
            "organisation": "EUROCITIES",
            "scope": "municipality_wide",
            "unit_id": world.board.pk,
        },
        m2m={"representatives": people},
    )
    entries = list(membership.history.all())
    assert len(entries) == 1
    assert entries[0].history_type == "+"
    assert {row.person_id for row in entries[0].representatives.all()} == {p.pk for p in people}
    record_update(
        actor=world.actor(world.alice),
        instance=membership,
        expected_version=1,
        fields={"purpose": "Påverkan"},
        m2m={"representatives": people[:1]},
    )
    latest = membership.history.latest()
    assert membership.history.count() == 2
    assert [row.person_id for row in latest.representatives.all()] == [people[0].pk]


def test_every_audit_entry_holds_the_links_as_they_are_after_the_write(world):
    from utblick.factories import PersonFactory

    people = [PersonFactory(municipality=world.home) for _ in range(2)]
    actor = world.actor(world.alice)
    membership = record_create(
        actor=actor,
        model=NetworkMembership,
        fields={"organisation": "UBC", "scope": "municipality_wide", "unit_id": world.board.pk},
    )
    assert list(membership.history.get().representatives.all()) == []
    record_update(
        actor=actor,
        instance=membership,
        expected_version=1,
        fields={},
        m2m={"representatives": people},
    )
    # A write that leaves the links out keeps them, in the record and in its entry.
    record_update(actor=actor, instance=membership, expected_version=2, fields={"purpose": "X"})
    latest = membership.history.latest()
    assert {row.person_id for row in latest.representatives.all()} == {p.pk for p in people}
    record_update(
        actor=actor, instance=membership, expected_version=3, fields={}, m2m={"representatives": []}
    )
    assert list(membership.history.latest().representatives.all()) == []
    assert membership.history.count() == 4


def test_in_a_batch_each_link_is_looked_up_once_and_a_foreign_one_still_refused(
    world, django_assert_max_num_queries
):
    from utblick.core.services import write_batch

    actor = world.actor(world.alice)
    with write_batch(actor=actor):
        _create_application(world, title="Första")
        with django_assert_max_num_queries(5):  # the actor, savepoint (2), record, history
            _create_application(world, title="Andra")
        with pytest.raises(ValidationError) as refused:
            _create_application(world, title="Tredje", unit_id=world.foreign_unit.pk)
    assert "unit" in refused.value.message_dict
    assert FundingApplication.objects.count() == 2
