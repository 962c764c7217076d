"""The Excel template of a register: an empty one, or one filled with the existing records.

Sheet 1 holds the columns (Swedish headers, * for required), sheet "Instruktioner" says what
each column takes, sheet "Listor" holds the names a cell may use (and feeds the drop-down
lists). The filled template carries ID and Version, so a coordinator can change records in
Excel and import them back; a record changed meanwhile in Utblick is then refused as stale.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from utblick.core.access import Actor, reference, scoped
from utblick.core.numbers import EXCEL_FORMATS, excel_format
from utblick.core.text import printable
from utblick.imports.registers import (
    ID_HEADER,
    VERSION_HEADER,
    Column,
    ImportRegister,
    ImportWorkbook,
)
from utblick.imports.rows import format_rows, rows_format
from utblick.organisation.models import Person, Unit
from utblick.policy.models import PriorityArea
from utblick.reference.models import Country, EUProgramme

TEMPLATE_ROWS = 2000  # rows the drop-down lists cover
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")

# The template's number columns shown as the export shows them (the stored value stays exact).
NUMBER_KINDS = {"decimal": "num", "integer": "int"}
FORMATS = {
    "text": "Text",
    "date": "Datum som ÅÅÅÅ-MM-DD, t.ex. 2025-03-31",
    "decimal": "Tal, t.ex. 1250000, 1 250 000 eller 1 250 000,50",
    "integer": "Heltal, t.ex. 12",
    "choice": "Ett av de tillåtna värdena",
    "unit": "Enhetens namn (eller förkortning) i Utblick",
    "person": "Personens namn eller e-postadress (i bladet Personer eller i Utblick)",
    "country": "Landskod (t.ex. DE) eller svenskt namn (t.ex. Tyskland)",
    "programme": "Programmets kod (t.ex. HORIZON) eller svenska namn (t.ex. Horisont Europa)",
    "priority_areas": "Namn på prioriterade områden; flera åtskilda med semikolon (;)",
    "rows": "En rad per post, åtskilda med semikolon (;): %(format)s. Inom parentesen står "
    "värdena åtskilda med komma och mellanslag, i valfri ordning; utelämna det som inte gäller. "
    "Cellen ersätter alla rader; tom cell tar bort dem",
}


def _guidance(register: ImportRegister) -> list[str]:
    return [
        f"Så fyller du i mallen: {register.label.lower()}",
        "Rubrikerna står på rad 1 i första bladet och varje rad under dem är en post. Ändra "
        "inte rubrikerna; kolumner du inte behöver kan du ta bort. Kolumner med * är "
        "obligatoriska.",
        "Nya poster: lämna ID och Version tomma. Ändra befintliga poster: hämta ”mall med "
        "befintliga poster”, där ID och Version är ifyllda. En rad vars version är äldre än "
        "postens version i Utblick avvisas – någon har ändrat posten sedan filen togs fram.",
        f"Rader utan ID jämförs med befintliga poster på {register.natural_key_sv} (utan "
        "hänsyn till stora och små bokstäver). Finns en sådan post uppdateras den i stället "
        "för att en dubblett skapas.",
        "Tom cell: värdet töms. Kolumner med förval (t.ex. status och valuta) behåller sitt "
        "nuvarande värde när cellen är tom, och nya poster får förvalet. Kolumner som saknas "
        "i filen lämnas orörda.",
        "Belopp anges i den valuta som står i kolumnen Valuta (SEK eller EUR). Vid EUR anges "
        "även växelkursen EUR→SEK, t.ex. 11,45; vid SEK lämnas växelkursen tom.",
        "Allt eller inget: innehåller filen ett enda fel sparas ingenting. Du ser först en "
        "förhandsgranskning med varje post som skapas eller ändras och varje fel med rad "
        "och kolumn, och bekräftar sedan.",
        "CSV går också bra: spara som ”CSV UTF-8 (kommaavgränsad)”. Semikolon och komma "
        "fungerar båda som avgränsare.",
    ]


class _Names:
    """The names a cell may use, per kind, for this municipality."""

    def __init__(self, actor: Actor, register: ImportRegister):
        kinds = {c.kind for c in register.columns}
        active_units = scoped(Unit, actor).filter(archived_at__isnull=True).order_by("name")
        self.units = list(active_units.values_list("name", flat=True))
        self.unit_names = dict(scoped(Unit, actor).values_list("pk", "name"))
        self.person_names: dict[int, str] = {}
        if "person" in kinds:
            people = scoped(Person, actor).filter(archived_at__isnull=True).order_by("name")
            self.person_names = dict(people.values_list("pk", "name"))
        self.countries: dict[str, str] = {}
        self.programme_codes: dict[int, str] = {}
        self.programme_names: dict[str, str] = {}
        self.areas: dict[int, str] = {}
        if "country" in kinds or "rows" in kinds:
            self.countries = dict(reference(Country).values_list("code", "name_sv"))
        if "programme" in kinds:
            for pk, code, name in reference(EUProgramme).values_list("pk", "code", "name_sv"):
                self.programme_codes[pk] = code
                self.programme_names[code] = name
        if "priority_areas" in kinds:
            areas = scoped(PriorityArea, actor).filter(retired_at__isnull=True)
            self.areas = dict(areas.values_list("pk", "name"))

    def allowed(self, column: Column) -> list[str]:
        if column.kind == "choice":
            return [label for _, label in column.choices]
        if column.kind == "unit":
            return self.units
        if column.kind == "person":
            return list(self.person_names.values())
        if column.kind == "country":
            return sorted(self.countries.values())
        if column.kind == "programme":
            return sorted(self.programme_codes.values())
        if column.kind == "priority_areas":
            return list(self.areas.values())
        return []

    def cell(self, column: Column, record) -> Any:
        if column.kind == "priority_areas":
            return "; ".join(self.areas.get(a.pk, a.name) for a in record.priority_areas.all())
        if column.kind == "rows":
            rows = getattr(record, column.name).all()
            return format_rows(column.child, rows, lambda f, v: self.countries.get(v, v)) or None
        value = column.read(record) if column.read else getattr(record, column.attname)
        if value is None or value == "":
            return None
        if column.kind == "choice":
            return dict(column.choices).get(value, value)
        if column.kind == "unit":
            return self.unit_names.get(value)
        if column.kind == "person":
            return self.person_names.get(value)
        if column.kind == "country":
            return self.countries.get(value, value)
        if column.kind == "programme":
            return self.programme_codes.get(value)
        return value


def build_template(
    actor: Actor, register: ImportRegister | ImportWorkbook, *, with_records: bool = False
) -> bytes:
    """One sheet per register (a register's template has one), then "Listor" with the names
    cells may use and "Instruktioner" (after a register's sheet, after a workbook's last)."""
    workbook = Workbook()
    parts = register.registers
    sheets = []
    for index, part in enumerate(parts):
        sheet = workbook.active if index == 0 else workbook.create_sheet(part.sheet_title)
        sheet.title = part.sheet_title
        names = _Names(actor, part)
        headers = [ID_HEADER, VERSION_HEADER, *(c.title for c in part.columns)]
        for column, header in enumerate(headers, start=1):
            _put(sheet, 1, column, header).font = BOLD
            width = max(12, min(45, len(header) + 4))
            sheet.column_dimensions[get_column_letter(column)].width = width
        sheet.freeze_panes = "A2"
        if with_records:
            _fill(sheet, actor, part, names)
        sheets.append((sheet, part, names))
    lists = workbook.create_sheet("Listor")
    position = 0
    for sheet, part, names in sheets:
        # In a workbook a link may name what a sheet above creates: warn, do not stop.
        position = _lists(sheet, lists, part.columns, names, position, lenient=len(parts) > 1)
    instructions = workbook.create_sheet("Instruktioner", len(parts))
    if isinstance(register, ImportWorkbook):
        _workbook_instructions(instructions, register, sheets)
    else:
        _instructions(instructions, register, sheets[0][2])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill(sheet, actor: Actor, register: ImportRegister, names: _Names) -> None:
    records = scoped(register.model, actor).filter(archived_at__isnull=True).order_by("pk")
    if any(c.kind == "priority_areas" for c in register.columns):
        records = records.prefetch_related("priority_areas")
    records = records.prefetch_related(*(c.name for c in register.columns if c.kind == "rows"))
    number = 2
    for record in records:
        if not actor.may_edit(record):
            continue
        _put(sheet, number, 1, record.pk)
        _put(sheet, number, 2, record.version)
        for index, column in enumerate(register.columns, start=3):
            cell = _put(sheet, number, index, names.cell(column, record))
            if column.kind == "date":
                cell.number_format = EXCEL_FORMATS["date"]
            elif column.kind in NUMBER_KINDS and cell.value is not None:
                cell.number_format = excel_format(NUMBER_KINDS[column.kind], Decimal(cell.value))
        number += 1


def _lists(
    sheet, lists, columns: tuple[Column, ...], names: _Names, position: int, *, lenient: bool
) -> int:
    """One column of allowed names per looked-up column (after `position`), and a drop-down
    list on the register's sheet; returns the last column of "Listor" used."""
    for index, column in enumerate(columns, start=3):
        allowed = names.allowed(column)
        if not allowed:
            continue
        position += 1
        letter = get_column_letter(position)
        _put(lists, 1, position, column.header).font = BOLD
        for row, value in enumerate(allowed, start=2):
            _put(lists, row, position, value)
        lists.column_dimensions[letter].width = max(14, min(50, len(column.header) + 4))
        if column.kind == "priority_areas":
            continue  # several names in one cell: no drop-down
        validation = DataValidation(
            type="list",
            formula1=f"=Listor!${letter}$2:${letter}${len(allowed) + 1}",
            allow_blank=True,
            errorStyle="warning"
            if column.kind in ("country", "programme") or (lenient and column.kind != "choice")
            else "stop",
            showErrorMessage=True,
            error="Välj ett värde ur listan (se bladet Instruktioner).",
        )
        target = get_column_letter(index)
        validation.add(f"{target}2:{target}{TEMPLATE_ROWS + 1}")
        sheet.add_data_validation(validation)
    return position


def _instructions(sheet, register: ImportRegister, names: _Names) -> None:
    lines = _guidance(register)
    _put(sheet, 1, 1, lines[0]).font = Font(bold=True, size=14)
    row = _paragraphs(sheet, 2, lines[1:])
    for width, letter in zip((34, 14, 50, 70), "ABCD", strict=True):
        sheet.column_dimensions[letter].width = width
    _column_table(sheet, row + 1, register, names)


def _workbook_instructions(sheet, workbook: ImportWorkbook, sheets) -> None:
    general = _guidance(sheets[0][1])[1:]
    _put(sheet, 1, 1, f"Så fyller du i mallen: {workbook.label.lower()}").font = Font(
        bold=True, size=14
    )
    # The general rules that hold for every sheet (headers, ID and Version, empty cells, all
    # or nothing); matching is said per sheet.
    row = _paragraphs(
        sheet, 2, [*workbook.guidance, general[0], general[1], general[3], general[5]]
    )
    for width, letter in zip((34, 14, 50, 70), "ABCD", strict=True):
        sheet.column_dimensions[letter].width = width
    for _sheet, part, names in sheets:
        row += 1
        _put(sheet, row, 1, f"Bladet {part.sheet_title}").font = Font(bold=True, size=12)
        row = _paragraphs(sheet, row + 1, list(part.guidance))
        row = _column_table(sheet, row, part, names)


def _paragraphs(sheet, row: int, lines: list[str]) -> int:
    for line in lines:
        _put(sheet, row, 1, line).alignment = WRAP
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        sheet.row_dimensions[row].height = 45
        row += 1
    return row


def _column_table(sheet, row: int, register: ImportRegister, names: _Names) -> int:
    for index, header in enumerate(("Kolumn", "Obligatorisk", "Format", "Tillåtna värden"), 1):
        _put(sheet, row, index, header).font = BOLD
    entries = [
        (ID_HEADER, "Nej", "Heltal: postens id i Utblick", "Tomt för en ny post"),
        (VERSION_HEADER, "När ID är ifyllt", "Heltal: postens version i Utblick", ""),
    ]
    for column in register.columns:
        entries.append(
            (
                column.title,
                "Ja" if column.required else "Nej",
                _format(column),
                _allowed(column, names),
            )
        )
    for entry in entries:
        row += 1
        for index, value in enumerate(entry, start=1):
            _put(sheet, row, index, value).alignment = WRAP
    return row + 1


def _format(column: Column) -> str:
    described = FORMATS[column.kind]
    if column.kind == "rows":
        described %= {"format": rows_format(column.child)}
    if column.kind == "text" and column.max_length:
        described = f"Text, högst {column.max_length} tecken"
    if column.keeps_value_when_empty and column.kind != "text":
        described += ". Tom cell: förvalet (ny post) eller nuvarande värde"
    if column.name == "eur_to_sek_rate":
        described += ". Anges bara när valutan är EUR"
    return described


def _allowed(column: Column, names: _Names) -> str:
    if column.kind == "choice":
        return "; ".join(label for _, label in column.choices)
    if column.kind in ("unit", "person", "priority_areas"):
        return "; ".join(names.allowed(column)) or "(inga registrerade)"
    if column.kind == "programme":
        return "; ".join(
            f"{code} ({name})" if name and name != code else code
            for code, name in sorted(names.programme_names.items())
        )
    if column.kind == "country":
        return f"Se kolumnen ”{column.header}” i bladet Listor"
    if column.kind == "rows":
        return _rows_allowed(column)
    return ""


def _rows_allowed(column: Column) -> str:
    """The choices and yes/no words a child row may use, e.g. a cost's kinds and payers."""
    found = []
    for name in column.child.fields:
        field = column.child.model._meta.get_field(name)
        if field.choices:
            found.append(f"{field.verbose_name}: " + "; ".join(str(c[1]) for c in field.choices))
        elif field.get_internal_type() == "BooleanField":
            found.append(f"”{field.verbose_name}” om det gäller")
        elif field.is_relation:
            found.append(f"{field.verbose_name}: landskod eller svenskt namn")
    return ". ".join(found)


def _put(sheet, row: int, column: int, value: Any):
    """Write a cell; text that starts like a formula stays text (no formula injection), and
    control characters in stored text are left out (openpyxl refuses them; core.text)."""
    value = printable(value)
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    return cell
