"""An application's partners and a visit's costs import in one cell each, in the same words
the export and the filled template write them; a bad row is refused at its row and column."""

import io
from decimal import Decimal

import openpyxl

from utblick.core.numbers import EXCEL_FORMATS
from utblick.imports.registers import REGISTERS
from utblick.imports.rows import format_rows, parse_rows
from utblick.imports.tests.files import messages, run_import, xlsx
from utblick.imports.workbook import build_template
from utblick.registers.models import FundingApplication, ProjectPartner, Visit

APPLICATION_HEADERS = [
    "Titel *",
    "Annan finansiär",
    "Roll *",
    "Ägande nämnd eller bolag *",
    "Projektpartner",
]
COUNTRIES = {"tyskland": "DE", "de": "DE", "estland": "EE", "ee": "EE"}


def test_a_cell_of_partners_reads_and_writes_the_same():
    child = REGISTERS["applications"].column("partners").child
    cell = "Stadt Köln (Tyskland, Köln, kommun eller region); Tartu Ülikool (EE, projektägare)"
    rows = parse_rows(child, cell, COUNTRIES)
    assert rows == [
        {"name": "Stadt Köln", "country": "DE", "city": "Köln", "is_local_authority": True},
        {"name": "Tartu Ülikool", "country": "EE", "is_lead": True},
    ]
    names = {"DE": "Tyskland", "EE": "Estland"}
    written = format_rows(child, rows, lambda field, code: names[code])
    assert parse_rows(child, written, COUNTRIES) == rows


def test_applications_import_with_their_partners(world):
    data = xlsx(
        APPLICATION_HEADERS,
        [
            "Gröna städer",
            "Interreg",
            "Partner",
            "Kultur- och fritidsnämnden",
            "Stadt Köln (Tyskland, kommun eller region)",
        ],
    )
    plan = run_import(world.actor(world.alice), "applications", data)
    assert plan.valid, messages(plan)
    partner = FundingApplication.objects.get().partners.get()
    assert (partner.name, partner.country_id, partner.is_local_authority) == (
        "Stadt Köln",
        "DE",
        True,
    )
    assert partner.history.get().history_change_reason.startswith("import: ")


def test_a_partner_without_a_country_is_refused_at_its_cell_and_nothing_is_written(world):
    data = xlsx(
        APPLICATION_HEADERS,
        [
            "Gröna städer",
            "Interreg",
            "Partner",
            "Kultur- och fritidsnämnden",
            "Stadt Köln (Tyskland); Tartu Ülikool",
        ],
    )
    plan = run_import(world.actor(world.alice), "applications", data)
    assert messages(plan) == [
        "Rad 2, kolumn ”Projektpartner”: rad 2 (”Tartu Ülikool”): ange land. Skriv raden som "
        "Organisation (land, ort, kommun eller region, projektägare)"
    ]
    assert not FundingApplication.objects.exists() and not ProjectPartner.objects.exists()


def test_a_filled_template_carries_the_partners_and_imports_back_unchanged(world):
    application = FundingApplication.objects.create(
        municipality=world.home, title="P", other_funder="X", role="lead", unit=world.committee
    )
    ProjectPartner.objects.create(application=application, name="Stadt Köln", country_id="DE")
    actor = world.actor(world.alice)
    data = build_template(actor, REGISTERS["applications"], with_records=True)
    plan = run_import(actor, "applications", data)
    assert plan.valid, messages(plan)
    assert [row.action for row in plan.rows] == ["unchanged"]


def test_a_filled_templates_amounts_are_numbers_in_the_shared_formats_and_read_back(world):
    FundingApplication.objects.create(
        municipality=world.home,
        title="P",
        other_funder="X",
        role="lead",
        unit=world.committee,
        total_budget=Decimal("1250000.50"),
        requested_grant=Decimal("800000"),
    )
    actor = world.actor(world.alice)
    register = REGISTERS["applications"]
    data = build_template(actor, register, with_records=True)
    sheet = openpyxl.load_workbook(io.BytesIO(data))[register.sheet_title]
    headers = [cell.value for cell in sheet[1]]
    total, grant = (
        sheet.cell(row=2, column=headers.index(register.column(name).title) + 1)
        for name in ("total_budget", "requested_grant")
    )
    assert (total.value, total.number_format) == (1250000.5, EXCEL_FORMATS["num"])
    assert (grant.value, grant.number_format) == (800000, EXCEL_FORMATS["int"])
    plan = run_import(actor, "applications", data)
    assert [row.action for row in plan.rows] == ["unchanged"], messages(plan)


def test_a_visits_costs_import(world):
    headers = [
        "Benämning *",
        "Riktning *",
        "Typ *",
        "Ansvarig enhet *",
        "Land *",
        "Från *",
        "Kostnadsposter",
    ]
    data = xlsx(
        headers,
        [
            "Besök från Köln",
            "Inkommande besök",
            "Studiebesök",
            "Kultur- och fritidsnämnden",
            "Tyskland",
            "2025-05-01",
            "Logi (Värden, 12 000); Resa till och från orten (Gästerna)",
        ],
    )
    plan = run_import(world.actor(world.alice), "visits", data)
    assert plan.valid, messages(plan)
    costs = {(c.category, c.paid_by, c.amount_sek) for c in Visit.objects.get().cost_items.all()}
    assert costs == {("accommodation", "host", Decimal("12000")), ("travel", "guest", None)}
