"""A register's list, as filtered on the page, as an Excel workbook.

Swedish headers (the fields' labels), amounts as numbers in kronor with a kronor number format,
dates as dates, choices as their labels and links as the linked records' names.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook

from utblick.core.access import reference
from utblick.core.display import MONEY_FIELDS, amount_in_sek
from utblick.core.numbers import EXCEL_FORMATS
from utblick.core.text import printable
from utblick.core.words import words
from utblick.core.workbooks import Column, table_workbook, workbook_response
from utblick.imports.rows import format_rows
from utblick.reference.models import Country
from utblick.registry import Register


def header(register: Register, name: str) -> str:
    label = register.label(name)
    return f"{label} (kr)" if name in MONEY_FIELDS and name != "cost_sek" else label


def cell_value(record, name: str):
    # Any stored text is written: openpyxl refuses control characters (core.text).
    return printable(_value(record, name))


def _value(record, name: str):
    # (`name` by keyword: also bound with functools.partial for a workbook's columns.)
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
        return EXCEL_FORMATS["sek"]
    if isinstance(field, models.DateTimeField):
        return EXCEL_FORMATS["datetime"]
    if isinstance(field, models.DateField):
        return EXCEL_FORMATS["date"]
    return None


def workbook(register: Register, records) -> Workbook:
    names = ["id", *register.fields, *register.m2m, "created_at", "archived_at"]
    columns = [
        Column(
            _("Id") if name == "id" else header(register, name),
            partial(_value, name=name),
            _number_format(register.model._meta.get_field(name), name),
        )
        for name in names
    ]
    # A record's child rows (a project's partners) in one cell each, as the import reads them.
    children = register.children
    countries = dict(reference(Country).values_list("code", "name_sv")) if children else {}
    columns += [
        Column(
            str(capfirst(child.model._meta.verbose_name_plural)),
            partial(_child_rows, child=child, countries=countries),
        )
        for child in children
    ]
    records = records.prefetch_related(*(child.accessor for child in children))
    return table_workbook(register.title, columns, records)


def _child_rows(record, *, child, countries) -> str:
    return format_rows(child, getattr(record, child.accessor).all(), lambda f, v: countries[v])


def xlsx_response(register: Register, records) -> HttpResponse:
    return workbook_response(workbook(register, records), register.key)
