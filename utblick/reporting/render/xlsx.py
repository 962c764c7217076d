"""The report's figures as an Excel workbook (openpyxl): one sheet per section, every table as
an Excel table with a header row, numbers as numbers with Swedish-friendly formats.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table as ExcelTable
from openpyxl.worksheet.table import TableStyleInfo

from utblick.core.numbers import EXCEL_FORMATS, excel_format
from utblick.reporting.document import Chart, Document, Section, Table, cell_kind

HEADER_FILL = PatternFill("solid", fgColor="DCE8F0")
TITLE_FONT = Font(bold=True, size=14, color="0B4F6C")
CAPTION_FONT = Font(bold=True, size=11)
WRAP = Alignment(wrap_text=True, vertical="top")
MAX_WIDTH = 60
LONG_TEXT = 80


def render_xlsx(document: Document, out: BinaryIO) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = document.file_title
    workbook.properties.subject = document.subtitle
    workbook.properties.creator = document.municipality
    workbook.properties.language = "sv-SE"
    names: set[str] = set()
    counter = [0]
    for index, section in enumerate(document.sections):
        sheet = workbook.create_sheet(_sheet_name(section.sheet or section.title, names))
        widths: dict[int, float] = {}
        row = 1
        sheet.cell(row=row, column=1, value=section.title).font = TITLE_FONT
        row += 1
        if index == 0:
            sheet.cell(row=row, column=1, value=f"{document.title} – {document.subtitle}")
            row += 1
            for label, value in document.meta:
                sheet.cell(row=row, column=1, value=label).font = Font(bold=True)
                sheet.cell(row=row, column=2, value=value)
                row += 1
        row += 1
        for title, table in _tables(section):
            row = _write_table(sheet, row, title, table, widths, counter)
        for column, width in widths.items():
            sheet.column_dimensions[get_column_letter(column)].width = width
    workbook.save(out)


def _tables(section: Section, prefix: str = "") -> list[tuple[str, Table]]:
    found = [(prefix, t) for t in _own_tables(section)]
    for sub in section.subsections:
        found += _tables(sub, sub.title)
    return found


def _own_tables(section: Section) -> list[Table]:
    tables = []
    for block in section.blocks:
        if isinstance(block, Table):
            tables.append(block)
        elif isinstance(block, Chart) and not block.table_elsewhere:
            tables.append(block.table)
    return tables


def _sheet_name(name: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "", name)[:31] or "Blad"
    candidate, number = base, 2
    while candidate in taken:
        suffix = f" ({number})"
        candidate = base[: 31 - len(suffix)] + suffix
        number += 1
    taken.add(candidate)
    return candidate


def _excel_value(value: Any, kind: str) -> tuple[Any, str | None]:
    value, kind = cell_kind(value, kind)
    if value is None or value == "":
        return None, None
    if kind == "pct":
        return float(Decimal(value) / 100), EXCEL_FORMATS["pct"]
    if kind in ("sek", "eur", "int", "num"):
        number = Decimal(value)
        whole = number == number.to_integral_value()
        return (int(number) if whole else float(number)), excel_format(kind, number)
    if kind == "date":
        date = value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
        return date, EXCEL_FORMATS["date"]
    if kind == "year" and str(value).isdigit():
        return int(value), EXCEL_FORMATS["year"]
    return str(value), None


def _write_table(sheet, row: int, title: str, table: Table, widths: dict, counter: list) -> int:
    caption = f"{title}: {table.caption}" if title and title not in table.caption else table.caption
    sheet.cell(row=row, column=1, value=caption).font = CAPTION_FONT
    row += 1
    header_row = row
    labels = _unique([c.label.replace("\u00ad", "") for c in table.columns])
    for column, label in enumerate(labels, start=1):
        cell = sheet.cell(row=row, column=column, value=label)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
        widths[column] = max(widths.get(column, 8), min(len(label) + 2, 30))
    for values in table.rows:
        row += 1
        _write_row(sheet, row, table, values, widths)
    if table.rows:
        counter[0] += 1
        ref = f"A{header_row}:{get_column_letter(len(labels))}{row}"
        excel_table = ExcelTable(displayName=f"Tabell{counter[0]}", ref=ref)
        excel_table.tableStyleInfo = TableStyleInfo(
            name="TableStyleLight9", showRowStripes=True, showColumnStripes=False
        )
        sheet.add_table(excel_table)
    else:
        row += 1
        sheet.cell(row=row, column=1, value="Inga uppgifter.").font = Font(italic=True)
    if table.footer:
        row += 1
        _write_row(sheet, row, table, table.footer, widths, bold=True)
    return row + 2


def _write_row(sheet, row: int, table: Table, values: list, widths: dict, bold: bool = False):
    for column, (value, spec) in enumerate(zip(values, table.columns, strict=True), start=1):
        excel, number_format = _excel_value(value, spec.kind)
        cell = sheet.cell(row=row, column=column, value=excel)
        if number_format:
            cell.number_format = number_format
        if bold:
            cell.font = Font(bold=True)
        if isinstance(excel, str):
            if len(excel) > LONG_TEXT:
                cell.alignment = WRAP
            widths[column] = max(widths.get(column, 8), min(len(excel) + 2, MAX_WIDTH))
        elif excel is not None:
            widths[column] = max(widths.get(column, 8), 14)


def _unique(labels: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        label = label or "Kolumn"
        if label in seen:
            seen[label] += 1
            label = f"{label} ({seen[label]})"
        else:
            seen[label] = 1
        out.append(label)
    return out
