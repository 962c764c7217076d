"""Rows find their records: by ID and version, or by the natural key; re-import changes nothing."""

import datetime as dt
from decimal import Decimal

from utblick.core.services import record_update
from utblick.factories import ApplicationFactory, MembershipFactory, VisitFactory
from utblick.imports.tests.files import csv_bytes, messages, run_import, table_counts, xlsx
from utblick.policy.models import PriorityArea
from utblick.registers.models import FundingApplication, NetworkMembership, Visit

HEADERS = [
    "Organisation eller nätverk *",
    "Omfattning *",
    "Ansvarig enhet *",
    "Årsavgift",
    "Syfte och nytta",
    "Prioriterade områden",
]
WIDE = "Hela kommunen (flera nämnders områden)"


def _file(*rows):
    return xlsx(HEADERS, *rows)


def test_importing_the_same_file_again_writes_nothing_at_all(world):
    PriorityArea.objects.create(municipality=world.home, key="p", name="Profilering")
    data = _file(
        ["EUROCITIES", WIDE, "Kommunstyrelsen", "1 250 000", "Rad ett\nrad två", "Profilering"],
        ["UBC", WIDE, "Kommunstyrelsen", None, None, None],
    )
    actor = world.actor(world.alice)
    first = run_import(actor, "memberships", data, "medlemskap.xlsx")
    assert [row.action for row in first.rows] == ["create", "create"]
    rows, history = NetworkMembership.objects.count(), table_counts()
    again = run_import(actor, "memberships", data, "medlemskap.xlsx")
    assert messages(again) == []
    assert [row.action for row in again.rows] == ["unchanged", "unchanged"]
    assert NetworkMembership.objects.count() == rows
    assert table_counts() == history


def test_a_csv_re_import_matches_case_and_spacing_insensitively(world):
    MembershipFactory(municipality=world.home, unit=world.board, organisation="Eurocities")
    data = csv_bytes(HEADERS[:3], ["  EUROCITIES ", WIDE, "Kommunstyrelsen"])
    plan = run_import(world.actor(world.alice), "memberships", data, "m.csv")
    assert plan.rows[0].action == "update"  # the scope differs; no duplicate is created
    assert NetworkMembership.objects.count() == 1


def test_a_row_matching_by_natural_key_updates_and_shows_old_and_new(world):
    membership = MembershipFactory(
        municipality=world.home, unit=world.board, organisation="UBC", annual_fee=Decimal("5000")
    )
    data = _file(["UBC", WIDE, "Kommunstyrelsen", "6 000", None, None])
    plan = run_import(world.actor(world.alice), "memberships", data, "ubc.xlsx")
    row = plan.rows[0]
    assert (row.action, row.record_id, row.version) == ("update", membership.pk, 1)
    assert [(c.column, c.old, c.new) for c in row.changes] == [
        ("Årsavgift", "5\u00a0000", "6\u00a0000")
    ]
    membership.refresh_from_db()
    assert (membership.annual_fee, membership.version) == (Decimal("6000"), 2)
    assert membership.history.first().history_change_reason == "import: ubc.xlsx"


def test_a_row_with_id_and_current_version_updates_that_record(world):
    membership = MembershipFactory(municipality=world.home, unit=world.board, organisation="UBC")
    data = xlsx(
        ["ID", "Version", "Organisation eller nätverk *"], [membership.pk, 1, "UBC Sustainable"]
    )
    plan = run_import(world.actor(world.alice), "memberships", data)
    assert messages(plan) == []
    membership.refresh_from_db()
    assert (membership.organisation, membership.version) == ("UBC Sustainable", 2)


def test_a_stale_version_is_refused_naming_what_changed_meanwhile(world):
    actor = world.actor(world.alice)
    membership = MembershipFactory(municipality=world.home, unit=world.board, organisation="UBC")
    record_update(
        actor=actor, instance=membership, expected_version=1, fields={"purpose": "Nätverk"}
    )
    data = xlsx(["ID", "Version", "Organisation eller nätverk *"], [membership.pk, 1, "UBC 2"])
    plan = run_import(actor, "memberships", data)
    assert messages(plan) == [
        "Rad 2, kolumn ”Version”: posten har ändrats i Utblick sedan filen togs fram (filen har "
        "version 1, Utblick version 2; ändrat sedan dess: Syfte och nytta). Hämta en ny mall "
        "med befintliga poster och för in dina ändringar där"
    ]
    membership.refresh_from_db()
    assert (membership.organisation, membership.version) == ("UBC", 2)


def test_an_id_needs_a_version_and_the_version_must_exist(world):
    membership = MembershipFactory(municipality=world.home, unit=world.board)
    data = xlsx(
        ["ID", "Version", "Årsavgift"], [membership.pk, None, 1], [membership.pk + 1000, 1, 1]
    )
    plan = run_import(world.actor(world.alice), "memberships", data)
    assert messages(plan)[0].startswith("Rad 2, kolumn ”Version”: ange postens version")
    assert "finns inte" in messages(plan)[1]
    data = xlsx(["ID", "Version", "Årsavgift"], [membership.pk, 7, 1])
    plan = run_import(world.actor(world.alice), "memberships", data)
    assert messages(plan) == [
        "Rad 2, kolumn ”Version”: version 7 finns inte; posten är i version 1"
    ]


def test_an_id_of_another_municipality_does_not_exist_here(world):
    theirs = MembershipFactory(municipality=world.other, unit=world.foreign_unit)
    data = xlsx(["ID", "Version", "Organisation eller nätverk *"], [theirs.pk, 1, "Stulen"])
    plan = run_import(world.actor(world.alice), "memberships", data)
    assert messages(plan) == [
        f"Rad 2, kolumn ”ID”: posten med id {theirs.pk} finns inte bland kommunens medlemskap "
        "i nätverk"
    ]
    theirs.refresh_from_db()
    assert theirs.organisation != "Stulen"
    # the same words as for an id that exists nowhere: nothing leaks about the other tenant
    missing = xlsx(["ID", "Version", "Organisation eller nätverk *"], [theirs.pk + 999, 1, "X"])
    other = run_import(world.actor(world.alice), "memberships", missing)
    assert messages(other)[0].replace(str(theirs.pk + 999), "N") == messages(plan)[0].replace(
        str(theirs.pk), "N"
    )


def test_an_archived_record_is_not_changed_by_id_nor_matched_by_key(world):
    archived = MembershipFactory(
        municipality=world.home,
        unit=world.board,
        organisation="SKR",
        archived_at=dt.datetime.now(dt.UTC),
    )
    data = xlsx(["ID", "Version", "Årsavgift"], [archived.pk, 1, 1])
    plan = run_import(world.actor(world.alice), "memberships", data)
    assert "arkiverad" in messages(plan)[0]
    plan = run_import(
        world.actor(world.alice), "memberships", _file(["SKR", WIDE, "Kommunstyrelsen"])
    )
    assert plan.rows[0].action == "create"


def test_two_records_with_the_same_key_ask_for_an_id(world):
    first = MembershipFactory(municipality=world.home, unit=world.board, organisation="SKR")
    second = MembershipFactory(municipality=world.home, unit=world.board, organisation="skr")
    plan = run_import(
        world.actor(world.alice), "memberships", _file(["SKR", WIDE, "Kommunstyrelsen"])
    )
    assert messages(plan) == [
        f"Rad 2, kolumn ”Organisation eller nätverk”: flera poster i Utblick har samma "
        f"organisationens namn (id {first.pk}, {second.pk}); ange ID för att välja vilken som "
        "ska uppdateras"
    ]


def test_a_key_column_left_out_of_the_file_is_not_compared(world):
    application = ApplicationFactory(
        municipality=world.home, unit=world.committee, title="Grön stad", call_identifier="LIFE-1"
    )
    data = xlsx(["Titel *", "Total budget"], ["Grön stad", "2 000 000"])
    plan = run_import(world.actor(world.alice), "applications", data)
    assert (plan.rows[0].action, plan.rows[0].record_id) == ("update", application.pk)
    # …but an empty call id in the file is compared: this is another application
    data = xlsx(
        ["Titel *", "Utlysning (id)", "Annan finansiär", "Roll *", "Ägande nämnd eller bolag *"],
        ["Grön stad", None, "Fond", "Partner", "Miljönämnden"],
    )
    plan = run_import(world.actor(world.alice), "applications", data)
    assert plan.rows[0].action == "create"
    assert FundingApplication.objects.count() == 2


def test_visits_match_on_title_and_start_date(world):
    VisitFactory(
        municipality=world.home, unit=world.board, title="Tartu", starts_on=dt.date(2025, 5, 1)
    )
    data = xlsx(
        ["Benämning *", "Från *", "Förtroendevalda"],
        ["Tartu", "2025-05-01", 3],
        ["Tartu", "2026-05-01", 3],
    )
    plan = run_import(world.actor(world.alice), "visits", data, dry_run=True)
    assert [row.action for row in plan.rows] == ["update", "create"]
    assert Visit.objects.count() == 1


def test_empty_cells_clear_values_but_keep_defaults(world):
    membership = MembershipFactory(
        municipality=world.home,
        unit=world.board,
        organisation="UBC",
        purpose="Hållbara städer",
        status="proposed",
    )
    data = xlsx(["Organisation eller nätverk *", "Syfte och nytta", "Status"], ["UBC", None, None])
    plan = run_import(world.actor(world.alice), "memberships", data)
    assert [(c.column, c.old, c.new) for c in plan.rows[0].changes] == [
        ("Syfte och nytta", "Hållbara städer", "")
    ]
    membership.refresh_from_db()
    assert (membership.purpose, membership.status) == ("", "proposed")


def test_a_status_change_follows_the_lifecycle_of_the_services(world):
    ApplicationFactory(municipality=world.home, unit=world.committee, title="P", status="idea")
    data = xlsx(
        ["Titel *", "Status", "Beviljat bidrag", "Inskickad"], ["P", "Beviljad", 1, "2025-01-01"]
    )
    plan = run_import(world.actor(world.alice), "applications", data)
    assert messages(plan) == [
        "Rad 2, kolumn ”Status”: Status kan inte gå från ”Idé” till ”Beviljad”. Tillåtet nästa "
        "steg: ”Under beredning”, ”Återkallad”."
    ]
