"""A list as an Excel workbook, and the response that downloads it: one shape for every
export (the registers', the obligations')."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from utblick.core.text import printable

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    """One column of an exported list: its header, the cell's value, the number format."""

    header: str
    value: Callable[[object], object]
    number_format: str | None = None


def table_workbook(title: str, columns: list[Column], rows) -> Workbook:
    """A list as a workbook: bold headers, frozen, columns sized to their headers; stored text
    that looks like a formula stays text."""
    book = Workbook()
    sheet = book.active
    sheet.title = str(title)[:31]
    sheet.append([column.header for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([printable(column.value(row)) for column in columns])
        for cell, column in zip(sheet[sheet.max_row], columns, strict=True):
            if column.number_format:
                cell.number_format = column.number_format
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    for index, title_cell in enumerate(sheet[1], 1):
        width = min(max(len(title_cell.value), 12), 40)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    return book


def workbook_response(book: Workbook, name: str) -> HttpResponse:
    buffer = BytesIO()
    book.save(buffer)
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.xlsx"'
    return response
