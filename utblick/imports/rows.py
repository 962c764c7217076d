"""A record's child rows in one spreadsheet cell, read and written the same way.

    Stadt Köln (Tyskland, Köln, kommun eller region); Tartu Ülikool (Estland, projektägare)
    Logi (Värden, 12 000); Resa till och från orten (Gästerna)

Rows are separated by semicolons or line breaks. Each row starts with its first field (a
partner's organisation, a cost's kind); the rest stand in brackets, separated by a comma and a
space, in any order: each is placed by what it is — a yes/no field by its own name, a choice by
its label, a country by its code or name, an amount as a number, and what is left as text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.db import models

from utblick.core.numbers import format_exact
from utblick.imports.cells import CellError, normalise, parse_decimal

_ROW = re.compile(r"^(?P<head>.*?)\s*\((?P<rest>[^()]*)\)\s*$", re.S)
_TOKENS = re.compile(r",\s+")


def _fields(child) -> list[models.Field]:
    return [child.model._meta.get_field(name) for name in child.fields]


def rows_format(child) -> str:
    """How a row is written, from the child's own field names: Organisation (land, ort, …)."""
    first, *rest = _fields(child)
    return f"{_label(first)} ({', '.join(str(f.verbose_name) for f in rest)})"


def _label(field: models.Field) -> str:
    name = str(field.verbose_name)
    return name[:1].upper() + name[1:]


def parse_rows(child, raw: str, countries: dict[str, str]) -> list[dict[str, Any]]:
    """The rows of a cell as mappings of the child's fields; CellError says which row is wrong."""
    pieces = [p.strip() for p in re.split(r"[;\n]", raw) if p.strip()]
    return [_parse_row(child, piece, number, countries) for number, piece in enumerate(pieces, 1)]


def _parse_row(child, piece: str, number: int, countries: dict[str, str]) -> dict[str, Any]:
    first, *rest = _fields(child)
    match = _ROW.match(piece)
    head, tokens = (match["head"], _TOKENS.split(match["rest"])) if match else (piece, [])
    where = f"rad {number} (”{piece[:60]}”)"
    values: dict[str, Any] = {}
    value = _typed(first, head.strip(), countries)
    if value is None:
        value = head.strip()
        if first.choices:
            raise CellError(f"{where}: okänd {first.verbose_name} ”{head}”. {_allowed(first)}")
    values[first.name] = value
    for token in (t.strip() for t in tokens if t.strip()):
        field = next(
            (f for f in rest if f.name not in values and _typed(f, token, countries) is not None),
            None,
        )
        if field is not None:
            values[field.name] = _typed(field, token, countries)
            continue
        text_field = next((f for f in rest if _is_text(f)), None)
        if text_field is None:
            raise CellError(f"{where}: okänt värde ”{token}”. Skriv raden som {rows_format(child)}")
        earlier = values.get(text_field.name)
        values[text_field.name] = f"{earlier}, {token}" if earlier else token
    for field in rest:
        if not (field.blank or field.null or field.has_default()) and field.name not in values:
            raise CellError(
                f"{where}: ange {field.verbose_name}. Skriv raden som {rows_format(child)}"
            )
    return values


def _is_text(field: models.Field) -> bool:
    return isinstance(field, models.CharField | models.TextField) and not field.choices


def _allowed(field: models.Field) -> str:
    return "Tillåtna värden: " + ", ".join(f"”{label}”" for _, label in field.choices or ())


def _typed(field: models.Field, token: str, countries: dict[str, str]) -> Any:
    """The token as this field's value, or None when it is not one."""
    wanted = normalise(token)
    if isinstance(field, models.BooleanField):
        return True if wanted == normalise(str(field.verbose_name)) else None
    if field.choices:
        for value, label in field.choices:
            if wanted in (normalise(str(label)), normalise(value)):
                return value
        return None
    if isinstance(field, models.ForeignKey):
        return countries.get(wanted)
    if isinstance(field, models.DecimalField):
        try:
            return parse_decimal(token)
        except CellError:
            return None
    return None


def format_rows(child, rows: Iterable[Any], name_of: Callable[[models.Field, Any], str]) -> str:
    """Rows (model instances or mappings) in the cell's form; `name_of` names a linked record."""
    first, *rest = _fields(child)
    written = []
    for row in rows:
        get = row.get if isinstance(row, dict) else lambda name, row=row: _attribute(row, name)
        parts = [_shown(field, get(field.name), name_of) for field in rest]
        head = _shown(first, get(first.name), name_of)
        shown = [p for p in parts if p]
        written.append(f"{head} ({', '.join(shown)})" if shown else head)
    return "; ".join(written)


def _attribute(row: models.Model, name: str) -> Any:
    return getattr(row, getattr(row._meta.get_field(name), "attname", name))


def _shown(field: models.Field, value: Any, name_of) -> str:
    if value in (None, "", False):
        return ""
    if isinstance(field, models.BooleanField):
        return str(field.verbose_name)
    if field.choices:
        return str(dict(field.choices).get(value, value))
    if isinstance(field, models.ForeignKey):
        return name_of(field, value)
    if isinstance(value, Decimal | int):
        return format_exact(value)
    return " ".join(str(value).replace(";", ",").split())
