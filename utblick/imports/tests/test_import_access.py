"""Who may import what: unit editors only their units' rows, readers nothing."""

import pytest
from django.core.exceptions import PermissionDenied

from utblick.factories import MembershipFactory
from utblick.imports.tests.files import messages, run_import, table_counts, xlsx
from utblick.registers.models import NetworkMembership

HEADERS = ["Organisation eller nätverk *", "Omfattning *", "Ansvarig enhet *", "Årsavgift"]
UNIT = "En nämnds eller ett bolags område"


def test_a_unit_editor_imports_rows_of_their_own_unit(world):
    data = xlsx(HEADERS, ["Kulturnätverket", UNIT, "Kultur- och fritidsnämnden", 100])
    plan = run_import(world.actor(world.bob), "memberships", data)
    assert messages(plan) == []
    assert NetworkMembership.objects.get().unit == world.committee


def test_a_unit_editor_row_for_another_unit_is_a_located_error_and_nothing_is_written(world):
    data = xlsx(
        HEADERS,
        ["Kulturnätverket", UNIT, "Kultur- och fritidsnämnden", 100],
        ["Miljönätverket", UNIT, "Miljönämnden", 100],
    )
    before = table_counts()
    plan = run_import(world.actor(world.bob), "memberships", data)
    assert messages(plan) == [
        "Rad 3, kolumn ”Ansvarig enhet”: du får bara importera poster för dina enheter "
        "(Kultur- och fritidsnämnden)"
    ]
    assert table_counts() == before


def test_a_unit_editor_cannot_change_or_move_records_of_other_units(world):
    MembershipFactory(municipality=world.home, unit=world.other_committee, organisation="Grönt")
    mine = MembershipFactory(municipality=world.home, unit=world.committee, organisation="Kultur")
    data = xlsx(
        ["ID", "Version", *HEADERS],
        [None, None, "Grönt", UNIT, "Miljönämnden", 5],
        [mine.pk, 1, "Kultur", UNIT, "Miljönämnden", None],
    )
    plan = run_import(world.actor(world.bob), "memberships", data)
    assert messages(plan) == [
        "Rad 2, kolumn ”Organisation eller nätverk”: posten hör till Miljönämnden; du får bara "
        "ändra poster för dina enheter (Kultur- och fritidsnämnden)",
        "Rad 3, kolumn ”Ansvarig enhet”: du får bara flytta poster till dina enheter "
        "(Kultur- och fritidsnämnden)",
    ]


def test_unchanged_rows_of_other_units_are_no_error_for_a_unit_editor(world):
    MembershipFactory(
        municipality=world.home, unit=world.other_committee, organisation="Grönt", scope="unit"
    )
    data = xlsx(HEADERS[:3], ["Grönt", UNIT, "Miljönämnden"])
    plan = run_import(world.actor(world.bob), "memberships", data)
    assert messages(plan) == []
    assert [row.action for row in plan.rows] == ["unchanged"]


def test_a_reader_imports_nothing(world):
    data = xlsx(HEADERS, ["X", UNIT, "Kultur- och fritidsnämnden", 1])
    with pytest.raises(PermissionDenied):
        run_import(world.actor(world.carol), "memberships", data, dry_run=True)


def test_another_municipalitys_coordinator_neither_sees_nor_changes_our_records(world):
    ours = MembershipFactory(municipality=world.home, unit=world.board, organisation="UBC")
    mallory = world.actor(world.mallory, world.other)
    data = xlsx(["ID", "Version", "Årsavgift"], [ours.pk, 1, 1])
    plan = run_import(mallory, "memberships", data)
    assert messages(plan) == [
        f"Rad 2, kolumn ”ID”: posten med id {ours.pk} finns inte bland kommunens medlemskap i "
        "nätverk"
    ]
    # by name she creates her own record: our units are not even known to her
    data = xlsx(HEADERS[:3], ["UBC", UNIT, "Kommunstyrelsen"])
    plan = run_import(mallory, "memberships", data)
    assert messages(plan)[0].startswith("Rad 2, kolumn ”Ansvarig enhet”: okänd enhet")
    assert "Kultur- och fritidsnämnden" not in messages(plan)[0]
    ours.refresh_from_db()
    assert ours.version == 1
