"""A register's list, as filtered on the page, as an Excel workbook.

Swedish headers (the fields' labels), amounts as numbers in kronor with a kronor number format,
dates as dates, choices as their labels and links as the linked records' names.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from utblick.core.access import reference
from utblick.core.display import MONEY_FIELDS, amount_in_sek
from utblick.core.text import printable
from utblick.core.words import words
from utblick.imports.rows import format_rows
from utblick.reference.models import Country
from utblick.registry import Register

SEK_FORMAT = '#,##0 "kr"'
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def header(register: Register, name: str) -> str:
    label = register.label(name)
    return f"{label} (kr)" if name in MONEY_FIELDS and name != "cost_sek" else label


def cell_value(record, name: str):
    # Any stored text is written: openpyxl refuses control characters (core.text).
    return printable(_value(record, name))


def _value(record, name: str):
    field = record._meta.get_field(name)
    if field.many_to_many:
        return "; ".join(str(item) for item in getattr(record, name).all())
    if isinstance(field, models.JSONField) and hasattr(record, f"{name}_lines"):
        return "; ".join(getattr(record, f"{name}_lines")()) or None
    value = getattr(record, name)
    if value is None:
        return None
    if field.choices:
        return words(_(str(getattr(record, f"get_{name}_display")())))
    if isinstance(field, models.ForeignKey):
        return str(value)
    if name in MONEY_FIELDS:
        return float(amount_in_sek(record, name))
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    return value


def _number_format(field: models.Field, name: str) -> str | None:
    if name in MONEY_FIELDS:
        return SEK_FORMAT
    if isinstance(field, models.DateTimeField):
        return DATETIME_FORMAT
    if isinstance(field, models.DateField):
        return DATE_FORMAT
    return None


def workbook(register: Register, records) -> Workbook:
    names = ["id", *register.fields, *register.m2m, "created_at", "archived_at"]
    # A record's child rows (a project's partners) in one cell each, as the import reads them.
    children = register.children
    book = Workbook()
    sheet = book.active
    sheet.title = str(register.title)[:31]
    sheet.append(
        [_("Id") if name == "id" else header(register, name) for name in names]
        + [str(capfirst(child.model._meta.verbose_name_plural)) for child in children]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    formats = [_number_format(register.model._meta.get_field(name), name) for name in names]
    formats += [None] * len(children)
    countries = dict(reference(Country).values_list("code", "name_sv")) if children else {}
    records = records.prefetch_related(*(child.accessor for child in children))
    for record in records:
        rows = [
            format_rows(child, getattr(record, child.accessor).all(), lambda f, v: countries[v])
            for child in children
        ]
        sheet.append([cell_value(record, name) for name in names] + [printable(r) for r in rows])
        for cell, number_format in zip(sheet[sheet.max_row], formats, strict=True):
            if number_format:
                cell.number_format = number_format
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # stored text that looks like a formula stays text
    for index, title in enumerate(sheet[1], 1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(len(title.value), 12), 40)
    sheet.freeze_panes = "A2"
    return book


def xlsx_response(register: Register, records) -> HttpResponse:
    buffer = BytesIO()
    workbook(register, records).save(buffer)
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{register.key}-{stamp}.xlsx"'
    return response
