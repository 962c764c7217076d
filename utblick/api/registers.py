"""One router shape for every register: list (paginated, filtered), create, read, change,
archive, restore, history. Schemas are explicit per register (the fields named in its register)
and generated from the model, so the OpenAPI document and the validation never drift apart."""

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.db import models
from ninja import Path, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import AfterValidator, Field, create_model

from utblick.api.errors import CHANGE_ERRORS, CREATE_ERRORS, READ_ERRORS, RECORD_ERRORS
from utblick.api.schemas import MAX_ID, Pages, RecordId, build_schemas
from utblick.core.access import get_for_actor, scoped
from utblick.core.audit import record_history
from utblick.core.services import record_archive, record_create, record_restore, record_update
from utblick.core.text import has_control_characters
from utblick.registry import Register, apply_filters


def _printable(value: str | None) -> str | None:
    if value is not None and has_control_characters(value):
        raise ValueError("must not contain control characters")
    return value


# Free text in a query: control characters would reach the database (PostgreSQL refuses NUL).
QueryText = Annotated[str | None, AfterValidator(_printable), Field(max_length=200)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]


class VersionIn(Schema):
    version: int = Field(..., ge=1, le=2**31 - 1, description="The version the change is based on.")


class ArchiveIn(VersionIn):
    reason: str = Field(..., min_length=1, max_length=300)


class FieldChangeOut(Schema):
    field: str
    old: Any
    new: Any


class HistoryEntryOut(Schema):
    at: datetime
    user: str
    action: Literal["+", "~", "-"]
    reason: str
    version: int | None
    changes: list[FieldChangeOut]


def _filters_schema(register: Register) -> type[Schema]:
    fields: dict[str, Any] = {
        "q": (QueryText, Field(None, description="Free text over " + ", ".join(register.search))),
        "archived": (bool, Field(False, description="true: archived records instead")),
    }
    if register.has_field("unit"):
        fields["unit"] = (RecordId | None, Field(None, description="Responsible unit id"))
    if register.status_field:
        choices = register.model._meta.get_field(register.status_field).choices
        fields["status"] = (
            Literal[tuple(value for value, _ in choices)] | None,  # type: ignore[misc]
            Field(None),
        )
    if register.year_field:
        fields["year"] = (
            int | None,
            Field(None, ge=1, le=9999, description=f"Year of {register.year_field}"),
        )
    if "priority_areas" in register.m2m:
        fields["priority_area"] = (RecordId | None, Field(None, description="Priority area id"))
    if register.country_field:
        fields["country"] = (QueryText, Field(None, description="ISO 3166-1 alpha-2 code"))
    if register.programme_field:
        fields["programme"] = (RecordId | None, Field(None, description="EU programme id"))
    if register.orderable:
        options = tuple(register.orderable) + tuple(f"-{name}" for name in register.orderable)
        fields["ordering"] = (Literal[options] | None, Field(None))  # type: ignore[valid-type]
    return create_model(f"{register.name}Filters", __base__=Schema, **fields)


def _to_model_values(model, data: dict[str, Any], m2m_names, child_names=()) -> tuple:
    fields, m2m, children = {}, {}, {}
    for name, value in data.items():
        if name in m2m_names:
            m2m[name] = value or []
            continue
        if name in child_names:
            if value is not None:
                children[name] = value
            continue
        field = model._meta.get_field(name)
        if isinstance(field, models.ForeignKey):
            fields[field.attname] = value
        elif (
            value is None
            and not field.null
            and isinstance(field, (models.CharField, models.TextField))
        ):
            fields[name] = ""
        else:
            fields[name] = value
    return fields, m2m, children


def register_router(register: Register) -> Router:
    model = register.model
    out_schema, create_in, patch_in = build_schemas(
        model, register.fields, register.m2m, register.children
    )
    child_names = tuple(child.accessor for child in register.children)
    filters_schema = _filters_schema(register)
    router = Router(tags=[register.tag])

    def base_queryset(request):
        return (
            scoped(model, request.actor)
            .select_related(*register.select_related)
            .prefetch_related(*register.m2m, *child_names)
        )

    @router.get(
        "/",
        response={200: list[out_schema], **READ_ERRORS},
        operation_id=f"list_{register.path}",
        summary=f"List {model._meta.verbose_name_plural}",
    )
    @paginate(Pages, page_size=50, max_page_size=200)
    def list_records(request, filters: Query[filters_schema]):  # type: ignore[valid-type]
        return apply_filters(base_queryset(request), register, filters)

    @router.post(
        "/", response={201: out_schema, **CREATE_ERRORS}, operation_id=f"create_{register.path}"
    )
    def create_record(request, payload: create_in):  # type: ignore[valid-type]
        fields, m2m, children = _to_model_values(model, payload.dict(), register.m2m, child_names)
        record = record_create(
            actor=request.actor,
            model=model,
            fields=fields,
            m2m=m2m,
            children=children,
            reason="skapad via API",
        )
        return Status(201, base_queryset(request).get(pk=record.pk))

    @router.get(
        "/{int:record_id}",
        response={200: out_schema, **RECORD_ERRORS},
        operation_id=f"get_{register.path}",
    )
    def get_record(request, record_id: PathId):
        return get_for_actor(model, request.actor, record_id, queryset=base_queryset(request))

    @router.patch(
        "/{int:record_id}",
        response={200: out_schema, **CHANGE_ERRORS},
        operation_id=f"update_{register.path}",
    )
    def update_record(request, record_id: PathId, payload: patch_in):  # type: ignore[valid-type]
        record = get_for_actor(model, request.actor, record_id)
        data = payload.dict(exclude_unset=True)
        version = data.pop("version")
        fields, m2m, children = _to_model_values(model, data, register.m2m, child_names)
        record_update(
            actor=request.actor,
            instance=record,
            expected_version=version,
            fields=fields,
            m2m=m2m,
            children=children,
            reason="ändrad via API",
        )
        return base_queryset(request).get(pk=record.pk)

    @router.post(
        "/{int:record_id}/archive",
        response={200: out_schema, **CHANGE_ERRORS},
        operation_id=f"archive_{register.path}",
    )
    def archive_record(request, record_id: PathId, payload: ArchiveIn):
        record = get_for_actor(model, request.actor, record_id)
        record_archive(
            actor=request.actor,
            instance=record,
            expected_version=payload.version,
            reason=payload.reason,
        )
        return base_queryset(request).get(pk=record.pk)

    @router.post(
        "/{int:record_id}/restore",
        response={200: out_schema, **CHANGE_ERRORS},
        operation_id=f"restore_{register.path}",
    )
    def restore_record(request, record_id: PathId, payload: VersionIn):
        record = get_for_actor(model, request.actor, record_id)
        record_restore(actor=request.actor, instance=record, expected_version=payload.version)
        return base_queryset(request).get(pk=record.pk)

    @router.get(
        "/{int:record_id}/history",
        response={200: list[HistoryEntryOut], **RECORD_ERRORS},
        operation_id=f"history_{register.path}",
    )
    def history(request, record_id: PathId):
        record = get_for_actor(model, request.actor, record_id)
        return [
            {
                "at": entry.at,
                "user": entry.user,
                "action": entry.action,
                "reason": entry.reason,
                "version": entry.version,
                "changes": [
                    {"field": c.field, "old": _plain(c.old), "new": _plain(c.new)}
                    for c in entry.changes
                ],
            }
            for entry in record_history(record, register.children)
        ]

    return router


def _plain(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)
