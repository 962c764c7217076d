"""Activities, matters, monitoring items and the own fund's grant applications import through
the same machinery as the first four registers (item 9): a template with instructions and
drop-downs, the filled template reads back unchanged, an edited cell updates its record, a bad
cell is refused at its row and column and nothing is written."""

import io

import openpyxl
import pytest

from utblick.factories import ActivityFactory, GrantFactory
from utblick.imports.registers import REGISTERS
from utblick.imports.tests.files import messages, run_import, table_counts
from utblick.imports.workbook import build_template
from utblick.monitoring.models import MonitoringItem
from utblick.registers.models import Matter

pytestmark = pytest.mark.django_db


def _activity(world):
    return ActivityFactory(municipality=world.home, unit=world.committee, title="Vänortsläger")


def _matter(world):
    return Matter.objects.create(
        municipality=world.home, unit=world.committee, kind="motion", title="Motion om vänort"
    )


def _monitoring(world):
    return MonitoringItem.objects.create(
        municipality=world.home, unit=world.committee, kind="consultation", title="Remiss om EU"
    )


def _grant(world):
    return GrantFactory(municipality=world.home, unit=world.committee, title="Skolutbyte")


MAKERS = {
    "activities": _activity,
    "matters": _matter,
    "monitoring-items": _monitoring,
    "grants": _grant,
}


def _sheet(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


@pytest.mark.parametrize("key", sorted(MAKERS))
def test_each_is_importable_round_trip_and_by_edited_cell(world, key):
    record = MAKERS[key](world)
    actor = world.actor(world.alice)
    register = REGISTERS[key]
    data = build_template(actor, register, with_records=True)
    book = _sheet(data)
    assert "Instruktioner" in book.sheetnames
    plan = run_import(actor, key, data)
    assert plan.valid, messages(plan)
    assert [row.action for row in plan.rows] == ["unchanged"]

    sheet = book[register.sheet_title]
    headers = [cell.value for cell in sheet[1]]
    title = headers.index(register.column("title").title)
    sheet.cell(row=2, column=title + 1, value="Ändrad i Excel")
    edited = io.BytesIO()
    book.save(edited)
    plan = run_import(actor, key, edited.getvalue())
    assert plan.valid, messages(plan)
    record.refresh_from_db()
    assert record.title == "Ändrad i Excel"
    assert record.history.first().history_change_reason.startswith("import: ")


@pytest.mark.parametrize("key", sorted(MAKERS))
def test_a_bad_choice_is_refused_at_its_cell_and_nothing_is_written(world, key):
    MAKERS[key](world)
    actor = world.actor(world.alice)
    register = REGISTERS[key]
    book = _sheet(build_template(actor, register, with_records=True))
    sheet = book[register.sheet_title]
    headers = [cell.value for cell in sheet[1]]
    choice = next(c for c in register.columns if c.kind == "choice")
    column = headers.index(choice.title) + 1
    sheet.cell(row=3, column=column, value="Inget sådant värde")
    sheet.cell(row=3, column=headers.index(register.columns[0].title) + 1, value="x")
    bad = io.BytesIO()
    book.save(bad)
    before = table_counts()
    plan = run_import(actor, key, bad.getvalue())
    assert not plan.valid
    assert any(
        p.row == 3 and p.column.startswith(choice.header) and "okänt värde" in p.message
        for p in plan.problems
    ), messages(plan)
    assert table_counts() == before
