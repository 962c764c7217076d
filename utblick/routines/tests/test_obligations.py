"""People's actions on obligations: done with evidence, waived with a reason, versioned."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from utblick.core.access import Actor, Role
from utblick.core.errors import StaleVersion
from utblick.factories import ApplicationFactory
from utblick.registers.models import Matter
from utblick.routines.models import Obligation
from utblick.routines.services import (
    obligation_assign,
    obligation_complete,
    obligation_reopen,
    obligation_waive,
)
from utblick.routines.tests.conftest import make_place


@pytest.fixture
def malmo(db):
    place = make_place("1280")
    ApplicationFactory(
        municipality=place.municipality, unit=place.committee, total_budget=Decimal("100")
    )
    place.run()
    return place


@pytest.fixture
def inform(malmo):
    [obligation] = malmo.open("ansokan-informera-ksf")
    return obligation


def test_waiving_needs_a_reason_in_swedish_at_the_field(malmo, inform):
    with pytest.raises(ValidationError) as caught:
        obligation_waive(actor=malmo.actor, obligation=inform, expected_version=1, reason="  ")
    assert caught.value.message_dict == {
        "waived_reason": ["Ange varför åtgärden inte behöver göras."]
    }
    inform.refresh_from_db()
    assert (inform.status, inform.version) == ("open", 1)
    waived = obligation_waive(
        actor=malmo.actor,
        obligation=inform,
        expected_version=1,
        reason="Ansökan registrerad i efterhand",
    )
    assert (waived.status, waived.version) == ("waived", 2)
    assert waived.history.first().history_user == malmo.coordinator


def test_the_database_refuses_a_waived_obligation_without_a_reason(inform):
    with pytest.raises(IntegrityError), transaction.atomic():
        Obligation.objects.filter(pk=inform.pk).update(status="waived", waived_reason="")


def test_completing_needs_evidence_and_records_who_and_whether_late(malmo, inform):
    with pytest.raises(ValidationError) as caught:
        obligation_complete(actor=malmo.actor, obligation=inform, expected_version=1)
    assert "evidence" in caught.value.message_dict
    done = obligation_complete(
        actor=malmo.actor,
        obligation=inform,
        expected_version=1,
        evidence="Mejl till EU-strategen",
        today=inform.due_on + dt.timedelta(days=3),
    )
    assert done.status == "done" and done.late and done.done_by == malmo.coordinator
    assert not done.done_automatically


def test_a_matter_can_be_the_evidence(malmo, inform):
    matter = Matter.objects.create(
        municipality=malmo.municipality, kind="other", title="Protokoll", unit=malmo.office
    )
    done = obligation_complete(
        actor=malmo.actor, obligation=inform, expected_version=1, evidence_matter=matter
    )
    assert done.evidence_matter == matter and done.evidence == "Protokoll"


def test_a_stale_obligation_write_is_refused_and_nothing_is_overwritten(malmo, inform):
    obligation_complete(actor=malmo.actor, obligation=inform, expected_version=1, evidence="Mejl")
    with pytest.raises(StaleVersion) as caught:
        obligation_waive(
            actor=malmo.actor, obligation=inform, expected_version=1, reason="Behövs inte"
        )
    assert caught.value.current == 2
    assert "status" in caught.value.changed_fields
    inform.refresh_from_db()
    assert (inform.status, inform.evidence) == ("done", "Mejl")


def test_a_sweep_change_makes_a_users_version_stale(malmo, inform):
    Obligation.objects.filter(pk=inform.pk).update(title="ändrad")
    malmo.run()  # puts the title back: version 2
    with pytest.raises(StaleVersion):
        obligation_complete(actor=malmo.actor, obligation=inform, expected_version=1, evidence="x")


def test_only_open_obligations_are_completed_and_only_closed_ones_reopened(malmo, inform):
    with pytest.raises(ValidationError):
        obligation_reopen(actor=malmo.actor, obligation=inform, expected_version=1)
    done = obligation_complete(
        actor=malmo.actor, obligation=inform, expected_version=1, evidence="x"
    )
    with pytest.raises(ValidationError):
        obligation_complete(actor=malmo.actor, obligation=done, expected_version=2, evidence="y")
    reopened = obligation_reopen(actor=malmo.actor, obligation=done, expected_version=2)
    assert (reopened.status, reopened.evidence, reopened.done_at) == ("open", "", None)


def test_unit_editors_act_on_their_units_obligations_only(malmo, inform):
    editor = Actor(
        user=malmo.editor,
        municipality=malmo.municipality,
        role=Role.UNIT_EDITOR,
        unit_ids=frozenset({malmo.committee.pk, malmo.administration.pk}),
    )
    other = Actor(
        user=malmo.editor,
        municipality=malmo.municipality,
        role=Role.UNIT_EDITOR,
        unit_ids=frozenset({malmo.other_committee.pk}),
    )
    reader = Actor(user=malmo.editor, municipality=malmo.municipality, role=Role.READER)
    for actor in (other, reader):
        with pytest.raises(PermissionDenied):
            obligation_complete(actor=actor, obligation=inform, expected_version=1, evidence="x")
    assert (
        obligation_complete(
            actor=editor, obligation=inform, expected_version=1, evidence="x"
        ).status
        == "done"
    )


def test_another_municipality_cannot_touch_the_obligation(db, inform):
    falun = make_place("2080")
    with pytest.raises(PermissionDenied):
        obligation_waive(actor=falun.actor, obligation=inform, expected_version=1, reason="x")


def test_assigning_a_responsible_person(malmo, inform):
    from utblick.factories import PersonFactory

    person = PersonFactory(municipality=malmo.municipality, name="Eva EU-strateg")
    assigned = obligation_assign(
        actor=malmo.actor, obligation=inform, expected_version=1, person=person
    )
    assert assigned.responsible_person == person and assigned.version == 2
