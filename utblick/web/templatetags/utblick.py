"""Template filters for Swedish formats and register records."""

import datetime as dt

from django import template
from django.utils.translation import gettext as _

from utblick.core import display
from utblick.core.numbers import format_integer, format_money, format_percent
from utblick.registers import lifecycle
from utblick.registry import register_for

register = template.Library()

MAIN_PATH = ("idea", "preparing", "submitted", "granted", "running", "closed")


def lifecycle_steps(status: str) -> list[tuple[str, str]]:
    """(label, state) along the application's path; a rejection ends after submission."""
    if status in MAIN_PATH:
        path, reached = MAIN_PATH, MAIN_PATH.index(status)
    elif status == lifecycle.REJECTED:
        path, reached = (*MAIN_PATH[:3], status), 3
    else:  # withdrawn: from wherever it was
        path, reached = (status,), 0
    return [
        (_(lifecycle.LABELS[step]), "done" if i < reached else "current" if i == reached else "")
        for i, step in enumerate(path)
    ]


@register.filter
def money(amount, currency: str = "SEK") -> str:
    """1 234 567 kr; `|money:"EUR"` → 1 234 567 euro"""
    return format_money(amount, currency)


@register.filter
def integer(value) -> str:
    """1 234 567"""
    return format_integer(value)


@register.filter
def percent(value) -> str:
    """62,5 %"""
    return format_percent(value)


@register.filter
def week(value) -> int | str:
    """The ISO week of a date (48), for "v. 48" beside planned dates."""
    return display.week_of(value) if isinstance(value, dt.date) else ""


@register.filter
def shown(record, name: str) -> display.Shown:
    return display.shown(record, name)


@register.filter
def cell(record, name: str) -> display.Shown:
    return display.cell(record, name)


@register.filter
def label(register_or_record, name: str) -> str:
    found = register_or_record if hasattr(register_or_record, "label") else None
    found = found or register_for(register_or_record)
    return found.label(name)


@register.filter
def bound(form, name: str):
    """A form's bound field by name: `form|bound:name`."""
    return form[name]


@register.filter
def steps(status: str) -> list[tuple[str, str]]:
    return lifecycle_steps(status)


@register.filter
def heading(record, register) -> str:
    """The record's name for its page heading: `record|heading:register`."""
    return register.heading(record)


@register.filter
def row_errors(formsets) -> list[tuple]:
    """(title, row number, bound field or None, message) for each error in a record's child rows."""
    found = []
    for formset in formsets or ():
        if not formset.is_bound:
            continue
        for number, row in enumerate(formset.forms, start=1):
            for error in row.non_field_errors():
                found.append((formset.title, number, None, error))
            for field in row:
                found.extend((formset.title, number, field, error) for error in field.errors)
    return found
