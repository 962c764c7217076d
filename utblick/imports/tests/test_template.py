"""The templates to download: Swedish headers, required marked, instructions, filled variant."""

import io

import pytest
from openpyxl import load_workbook

from utblick.factories import ApplicationFactory, MembershipFactory
from utblick.imports.registers import REGISTERS
from utblick.imports.services import import_file
from utblick.imports.tests.files import sheet_rows
from utblick.imports.workbook import build_template


def _download(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    return response.content


@pytest.mark.parametrize("register", REGISTERS.values(), ids=list(REGISTERS))
def test_it_offers_a_template_per_register_with_swedish_headers(client, world, register):
    content = _download(client, world.alice, f"/import/{register.slug}/mall.xlsx")
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == [register.sheet_title, "Instruktioner", "Listor"]
    headers = sheet_rows(content)[0]
    assert headers[:2] == ["ID", "Version"]
    assert headers[2:] == [c.title for c in register.columns]
    assert len(set(headers)) == len(headers)


def test_the_application_template_marks_required_columns_and_names_the_budget():
    headers = [c.title for c in REGISTERS["applications"].columns]
    assert "Titel *" in headers
    assert "Roll *" in headers
    assert "Ägande nämnd eller bolag *" in headers
    assert "Total budget" in headers
    assert "Status" in headers  # has a default: not required


def test_the_instructions_list_each_column_with_allowed_values_and_formats(world):
    content = build_template(world.actor(world.alice), REGISTERS["applications"])
    rows = sheet_rows(content, "Instruktioner")
    by_column = {row[0]: row for row in rows if row[0]}
    assert by_column["Status"][1] == "Nej"
    assert "Inskickad" in by_column["Status"][3]
    assert "Beviljad" in by_column["Status"][3]
    assert "ÅÅÅÅ-MM-DD" in by_column["Sista ansökningsdag"][2]
    assert "1 250 000" in by_column["Total budget"][2]
    assert by_column["Valuta"][3] == "SEK; EUR"
    assert "EUR" in by_column["Växelkurs EUR→SEK"][2]
    assert "Kultur- och fritidsnämnden" in by_column["Ägande nämnd eller bolag *"][3]
    assert by_column["Ägande nämnd eller bolag *"][1] == "Ja"
    assert "HORIZON" in by_column["Program och fond"][3]
    assert "semikolon" in by_column["Prioriterade områden"][2]
    text = " ".join(str(row[0]) for row in rows[:10])
    assert "titel och utlysningens id" in text  # how rows without ID are matched
    assert "Allt eller inget" in text


def test_the_lists_sheet_feeds_the_drop_downs(world):
    content = build_template(world.actor(world.alice), REGISTERS["visits"])
    workbook = load_workbook(io.BytesIO(content))
    lists = workbook["Listor"]
    headers = [cell.value for cell in lists[1]]
    assert "Riktning" in headers and "Land" in headers
    countries = [row[headers.index("Land")] for row in lists.iter_rows(min_row=2, values_only=True)]
    assert "Tyskland" in countries
    validations = workbook["Besök"].data_validations.dataValidation
    assert any("Listor!" in v.formula1 for v in validations)


def test_the_filled_template_carries_id_and_version_and_reads_back_unchanged(world):
    membership = MembershipFactory(
        municipality=world.home, unit=world.committee, organisation="=1+1 Nätverk"
    )
    ApplicationFactory(municipality=world.other, unit=world.foreign_unit)
    actor = world.actor(world.alice)
    content = build_template(actor, REGISTERS["memberships"], with_records=True)
    rows = sheet_rows(content)
    assert rows[1][:3] == [membership.pk, 1, "=1+1 Nätverk"]  # text, not a formula
    plan, _ = import_file(
        actor=actor,
        register=REGISTERS["memberships"],
        data=content,
        file_name="export.xlsx",
        dry_run=True,
    )
    assert plan.problems == []
    assert [row.action for row in plan.rows] == ["unchanged"]


def test_the_filled_template_holds_only_records_the_user_may_change(client, world):
    MembershipFactory(municipality=world.home, unit=world.committee, organisation="Bobs")
    MembershipFactory(municipality=world.home, unit=world.other_committee, organisation="Andras")
    MembershipFactory(municipality=world.other, unit=world.foreign_unit, organisation="Mallorys")
    content = _download(client, world.bob, "/import/medlemskap/befintliga-poster.xlsx")
    names = [row[2] for row in sheet_rows(content)[1:]]
    assert names == ["Bobs"]
