"""Explicit pydantic schemas built from a register's model fields.

A foreign key travels as the linked record's id under the field's own name (`"unit": 12`),
a many-to-many link as a list of ids; required-ness, lengths, choices and bounds come from
the model, so the OpenAPI document says exactly what the services will accept.
"""

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.db import models
from ninja import Schema
from pydantic import Field, create_model, model_validator

META_OUT_FIELDS: dict[str, Any] = {
    "id": (int, ...),
    "version": (int, ...),
    "created_at": (dt.datetime, ...),
    "updated_at": (dt.datetime, ...),
    "archived_at": (dt.datetime | None, None),
    "archive_reason": (str, ""),
}


def python_type(field: models.Field) -> Any:
    if field.choices:
        values = tuple(value for value, _ in field.flatchoices)
        if field.blank and not field.null and "" not in values:
            values += ("",)  # an optional choice left empty (e.g. a visit's `represented_by`)
        return Literal[values]  # type: ignore[misc]
    if isinstance(field, models.ForeignKey):
        return python_type(field.target_field)
    if isinstance(field, models.ManyToManyField):
        return list[int]
    if isinstance(field, models.DateTimeField):
        return dt.datetime
    if isinstance(field, models.DateField):
        return dt.date
    if isinstance(field, models.DecimalField):
        return Decimal
    if isinstance(field, models.BooleanField):
        return bool
    if isinstance(field, (models.IntegerField, models.AutoField)):
        return int
    return str


def _constraints(field: models.Field) -> dict[str, Any]:
    extra: dict[str, Any] = {"description": str(field.verbose_name).capitalize()}
    if isinstance(field, (models.CharField,)) and field.max_length and not field.choices:
        extra["max_length"] = field.max_length
    if isinstance(field, models.PositiveIntegerField):
        extra["ge"] = 0
    if isinstance(field, models.DecimalField):
        extra["max_digits"] = field.max_digits
        extra["decimal_places"] = field.decimal_places
    return extra


def input_field(field: models.Field, *, all_optional: bool) -> tuple[Any, Any]:
    kind = python_type(field)
    extra = _constraints(field)
    if isinstance(field, models.ManyToManyField):
        return kind | None, Field(None, **extra)
    required = not (field.blank or field.null or field.has_default())
    if required and not all_optional:
        return kind, Field(..., **extra)
    if field.has_default() and not all_optional and not callable(field.default):
        return kind, Field(field.default, **extra)
    return kind | None, Field(None, **extra)


def output_field(field: models.Field) -> tuple[Any, Any]:
    kind = python_type(field)
    if isinstance(field, models.ManyToManyField):
        return kind, Field(default_factory=list)
    if field.null or isinstance(field, models.ForeignKey):
        return kind | None, None
    return kind, ...


class RecordOut(Schema):
    """Reads a model instance: foreign keys as ids, many-to-many links as lists of ids."""

    @model_validator(mode="before")
    @classmethod
    def _from_instance(cls, value: Any) -> Any:
        value = getattr(value, "_obj", value)  # ninja wraps ORM objects in a getter
        if not isinstance(value, models.Model):
            return value
        data: dict[str, Any] = {}
        for name in cls.model_fields:
            field = value._meta.get_field(name)
            if isinstance(field, models.ManyToManyField):
                data[name] = [related.pk for related in getattr(value, name).all()]
            else:
                data[name] = getattr(value, field.attname)
        return data


def build_schemas(model: type[models.Model], fields, m2m) -> tuple[type, type, type]:
    """(output, create input, patch input) schemas for a register."""
    name = model.__name__
    model_fields = [model._meta.get_field(f) for f in (*fields, *m2m)]
    out = create_model(
        f"{name}Out",
        __base__=RecordOut,
        **META_OUT_FIELDS,
        **{f.name: output_field(f) for f in model_fields},
    )
    create = create_model(
        f"{name}Create",
        __base__=Schema,
        **{f.name: input_field(f, all_optional=False) for f in model_fields},
    )
    patch = create_model(
        f"{name}Patch",
        __base__=Schema,
        version=(int, Field(..., ge=1, description="The version the change is based on.")),
        **{f.name: input_field(f, all_optional=True) for f in model_fields},
    )
    return out, create, patch
