"""Good files import: every register, xlsx and CSV, with the audit trail's reason."""

import datetime as dt
from decimal import Decimal

import pytest

from utblick.imports.models import ImportRun, ImportStatus
from utblick.imports.tests.files import csv_bytes, messages, run_import, xlsx
from utblick.policy.models import PriorityArea
from utblick.registers.models import FundingApplication, NetworkMembership, Partnership, Visit


@pytest.fixture
def areas(world):
    return [
        PriorityArea.objects.create(
            municipality=world.home, key="utveckling", name="Verksamhetsutveckling", order=1
        ),
        PriorityArea.objects.create(
            municipality=world.home, key="profilering", name="Profilering", order=2
        ),
    ]


MEMBERSHIP_HEADERS = [
    "Organisation eller nätverk *",
    "Omfattning *",
    "Ansvarig enhet *",
    "Säte (land)",
    "Status",
    "Beslutat av",
    "Beslutsdatum",
    "Årsavgift",
    "Valuta",
    "Växelkurs EUR→SEK",
    "Prioriterade områden",
]


def test_a_good_membership_workbook_imports(world, areas):
    data = xlsx(
        MEMBERSHIP_HEADERS,
        [
            "EUROCITIES",
            "Hela kommunen (flera nämnders områden)",
            "Kommunstyrelsen",
            "Belgien",
            "Aktivt",
            "Kommunstyrelsen",
            dt.date(2019, 5, 2),
            "12 500,50",
            "EUR",
            "11,45",
            "Verksamhetsutveckling; profilering",
        ],
        [
            "Kulturnätverket",
            "En nämnds eller ett bolags område",
            "Kultur- och fritidsnämnden",
            "SE",
            None,
            None,
            None,
            8000,
            None,
            None,
            None,
        ],
    )
    plan = run_import(world.actor(world.alice), "memberships", data, "medlemskap.xlsx")
    assert messages(plan) == []
    assert [row.action for row in plan.rows] == ["create", "create"]
    eurocities = NetworkMembership.objects.get(organisation="EUROCITIES")
    assert eurocities.municipality == world.home
    assert eurocities.country_id == "BE"
    assert eurocities.decided_by == world.board
    assert eurocities.decided_on == dt.date(2019, 5, 2)
    assert eurocities.annual_fee == Decimal("12500.50")
    assert (eurocities.currency, eurocities.eur_to_sek_rate) == ("EUR", Decimal("11.45"))
    assert set(eurocities.priority_areas.all()) == set(areas)
    other = NetworkMembership.objects.get(organisation="Kulturnätverket")
    assert (other.status, other.currency, other.unit) == ("active", "SEK", world.committee)


def test_every_history_entry_of_an_import_names_the_file(world, areas):
    data = xlsx(
        [*MEMBERSHIP_HEADERS[:3], "Prioriterade områden"],
        ["UBC", "Hela kommunen (flera nämnders områden)", "Kommunstyrelsen", "Profilering"],
    )
    run_import(world.actor(world.alice), "memberships", data, "medlemskap 2025.xlsx")
    entries = list(NetworkMembership.history.all())
    assert entries  # the creation and the priority-area link
    assert {e.history_change_reason for e in entries} == {"import: medlemskap 2025.xlsx"}
    assert {e.history_user for e in entries} == {world.alice}


def test_the_import_is_recorded_as_a_run(world):
    data = xlsx(MEMBERSHIP_HEADERS[:3], ["UBC", "Hela kommunen", "Kommunstyrelsen"])
    # "Hela kommunen" is not a label: the run is recorded as invalid, nothing else is written
    run_import(world.actor(world.alice), "memberships", data, "fel.xlsx")
    data = xlsx(
        MEMBERSHIP_HEADERS[:3],
        ["UBC", "Hela kommunen (flera nämnders områden)", "Kommunstyrelsen"],
    )
    run_import(world.actor(world.alice), "memberships", data, "rätt.xlsx")
    invalid, applied = ImportRun.objects.order_by("pk")
    assert (invalid.status, invalid.error_count, invalid.created_count) == (
        ImportStatus.INVALID,
        1,
        0,
    )
    assert (applied.status, applied.created_count, applied.file_name) == (
        ImportStatus.APPLIED,
        1,
        "rätt.xlsx",
    )
    assert applied.municipality == world.home and applied.user == world.alice
    assert len(applied.sha256) == 64
    assert applied.history.count() == 1


def test_a_semicolon_csv_with_bom_imports_partnerships(world):
    data = csv_bytes(
        ["Typ *", "Benämning *", "Motpart *", "Land *", "Ansvarig enhet *", "Startdatum"],
        ["Vänort", "Vänort Tartu", "Tartu", "Estland", "Kommunstyrelsen", "1995-06-01"],
        ["Samarbetsavtal", "Avtal; Kiel", "Kiel", "DE", "Kultur- och fritidsnämnden", ""],
        delimiter=";",
        bom=True,
    )
    plan = run_import(world.actor(world.alice), "partnerships", data, "partner.csv")
    assert messages(plan) == []
    tartu = Partnership.objects.get(counterpart="Tartu")
    assert (tartu.kind, tartu.country_id, tartu.started_on) == (
        "twin_town",
        "EE",
        dt.date(1995, 6, 1),
    )
    assert Partnership.objects.get(counterpart="Kiel").title == "Avtal; Kiel"


def test_a_workbook_of_applications_imports_with_programmes_statuses_and_amounts(world):
    data = xlsx(
        [
            "Titel *",
            "Program och fond",
            "Annan finansiär",
            "Utlysning (id)",
            "Roll *",
            "Ägande nämnd eller bolag *",
            "Status",
            "Valuta",
            "Växelkurs EUR→SEK",
            "Total budget",
            "Beviljat bidrag",
            "Inskickad",
            "Barn och unga som deltar",
        ],
        [
            "Grön omställning",
            "HORIZON",
            None,
            "HORIZON-CL5-2025-01",
            "Projektägare (lead partner)",
            "Miljönämnden",
            "Inskickad",
            "SEK",
            None,
            "12 500 000",
            None,
            "2025-02-14",
            None,
        ],
        [
            "Unga i Europa",
            "Erasmus+",
            None,
            None,
            "Partner",
            "Kultur- och fritidsnämnden",
            "Beviljad",
            "EUR",
            "11,2",
            250000,
            200000.5,
            dt.datetime(2024, 3, 1),
            40,
        ],
        [
            "Lokalt stöd",
            None,
            "Arvsfonden",
            None,
            "lead",
            "Kommunstyrelsen",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        ],
    )
    plan = run_import(world.actor(world.alice), "applications", data, "projekt.xlsx")
    assert messages(plan) == []
    green = FundingApplication.objects.get(title="Grön omställning")
    assert (green.programme.code, green.status, green.total_budget) == (
        "HORIZON",
        "submitted",
        Decimal("12500000"),
    )
    young = FundingApplication.objects.get(title="Unga i Europa")
    assert young.programme.code == "ERASMUS+"
    assert young.granted_amount == Decimal("200000.50")
    assert young.children_young_participants == 40
    assert young.total_budget_sek == Decimal("2800000.00")
    local = FundingApplication.objects.get(title="Lokalt stöd")
    assert (local.status, local.role, local.other_funder) == ("idea", "lead", "Arvsfonden")


def test_a_comma_csv_without_bom_imports_visits(world):
    data = csv_bytes(
        [
            "Benämning *",
            "Riktning *",
            "Typ *",
            "Ansvarig enhet *",
            "Land *",
            "Från *",
            "Kostnad (kr)",
        ],
        [
            "Delegation från Tartu",
            "Inkommande besök",
            "Delegation",
            "Kommunstyrelsen",
            "EE",
            "2025-05-12",
            "15 000",
        ],
        delimiter=",",
        bom=False,
    )
    plan = run_import(world.actor(world.alice), "visits", data, "besok.csv")
    assert messages(plan) == []
    visit = Visit.objects.get()
    assert (visit.direction, visit.kind, visit.cost_sek) == (
        "incoming",
        "delegation",
        Decimal("15000"),
    )
