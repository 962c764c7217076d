"""Explicit pydantic schemas built from a register's model fields.

A foreign key travels as the linked record's id under the field's own name (`"unit": 12`),
a many-to-many link as a list of ids; required-ness, lengths, choices and bounds come from
the model, so the OpenAPI document says exactly what the services will accept.
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from ninja import Schema
from ninja.pagination import PageNumberPagination
from pydantic import Field, create_model, model_validator

# Ids are 64-bit; a bigger number is refused as input instead of overflowing the database.
MAX_ID = 2**63 - 1
RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]


class Pages(PageNumberPagination):
    """Page numbers bounded, so that an absurd page is a 422 and not an overflow."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=10**9)
        page_size: int | None = Field(None, ge=1, le=300)


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
        target = field.target_field
        return RecordId if isinstance(target, models.AutoField) else python_type(target)
    if isinstance(field, models.ManyToManyField):
        return list[RecordId]
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
    if isinstance(field, models.JSONField):
        # The registers' one JSON field is a checklist: criterion → met or not.
        return dict[str, bool]
    return str


def _constraints(field: models.Field) -> dict[str, Any]:
    extra: dict[str, Any] = {"description": str(field.verbose_name).capitalize()}
    if isinstance(field, (models.CharField,)) and field.max_length and not field.choices:
        extra["max_length"] = field.max_length
    if isinstance(field, models.IntegerField) and not field.choices:
        # The same bounds on every database, so the OpenAPI document does not depend on it.
        low, high = BaseDatabaseOperations.integer_field_ranges[field.get_internal_type()]
        extra["ge"], extra["le"] = low, high
    if isinstance(field, models.DecimalField):
        extra["max_digits"] = field.max_digits
        extra["decimal_places"] = field.decimal_places
        extra["allow_inf_nan"] = False
    return extra


def _without_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def _nullable(field: models.Field) -> bool:
    """May the API send null? Where the model stores null, and for optional text (stored as
    ""). A required value, a choice without an empty option or a flag can be left out of a
    change, but not set to null."""
    if field.null:
        return True
    if isinstance(field, (models.CharField, models.TextField)) and not field.choices:
        return field.blank
    return False


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
    if _nullable(field):
        return kind | None, Field(None, **extra)
    # Optional to send, not nullable: left out, the stored value (or the default) stays.
    return kind, Field(None, json_schema_extra=_without_default, **extra)


def output_field(field: models.Field) -> tuple[Any, Any]:
    kind = python_type(field)
    if isinstance(field, models.ManyToManyField):
        return kind, Field(default_factory=list)
    if field.null or isinstance(field, models.ForeignKey):
        return kind | None, None
    return kind, ...


class RecordOut(Schema):
    """Reads a model instance: foreign keys as ids, many-to-many links as lists of ids, child
    rows (a project's partners) as lists of objects."""

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
            elif field.one_to_many:
                data[name] = [_row(child) for child in getattr(value, name).all()]
            else:
                data[name] = getattr(value, field.attname)
        return data


def _row(child: models.Model) -> dict[str, Any]:
    return {f.name: getattr(child, f.attname) for f in child._meta.concrete_fields}


def _child_schemas(child) -> tuple[type, type]:
    """(output, input) schemas of one child row; `id` in the input keeps (and changes) a row."""
    name = child.model.__name__
    model_fields = [child.model._meta.get_field(f) for f in child.fields]
    out = create_model(
        f"{name}Out",
        __base__=Schema,
        id=(int, ...),
        **{f.name: output_field(f) for f in model_fields},
    )
    row_in = create_model(
        f"{name}In",
        __base__=Schema,
        id=(RecordId | None, Field(None, description="The row's id, to keep and change it")),
        **{f.name: input_field(f, all_optional=False) for f in model_fields},
    )
    return out, row_in


def build_schemas(model: type[models.Model], fields, m2m, children=()) -> tuple[type, type, type]:
    """(output, create input, patch input) schemas for a register."""
    name = model.__name__
    model_fields = [model._meta.get_field(f) for f in (*fields, *m2m)]
    rows_out, rows_in = {}, {}
    for child in children:
        out, row_in = _child_schemas(child)
        rows_out[child.accessor] = (list[out], Field(default_factory=list))
        rows_in[child.accessor] = (
            list[row_in] | None,
            Field(
                None,
                max_length=200,
                description=f"The {child.label} as a whole: rows with an id are kept, rows "
                "without one are added, rows left out are removed; leave it out to keep them.",
            ),
        )
    out = create_model(
        f"{name}Out",
        __base__=RecordOut,
        **META_OUT_FIELDS,
        **{f.name: output_field(f) for f in model_fields},
        **rows_out,
    )
    create = create_model(
        f"{name}Create",
        __base__=Schema,
        **{f.name: input_field(f, all_optional=False) for f in model_fields},
        **rows_in,
    )
    patch = create_model(
        f"{name}Patch",
        __base__=Schema,
        version=(
            int,
            Field(..., ge=1, le=2**31 - 1, description="The version the change is based on."),
        ),
        **{f.name: input_field(f, all_optional=True) for f in model_fields},
        **rows_in,
    )
    return out, create, patch
