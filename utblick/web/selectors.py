"""Reads for the register pages: every query starts from `core.access` and fetches what the page
shows in a fixed number of queries (joins for links, one prefetch per list of links)."""

from __future__ import annotations

from collections import defaultdict

from django.db import models
from django.db.models import Prefetch

from utblick.core.access import Actor, get_for_actor, reference, scoped
from utblick.core.audit import AuditEntry, record_history
from utblick.core.models import TenantModel
from utblick.registry import Register, apply_filters
from utblick.web.display import change_value


def _foreign_keys(model: type[models.Model], names) -> list[str]:
    return [name for name in names if isinstance(model._meta.get_field(name), models.ForeignKey)]


def _base(model: type[models.Model], actor: Actor) -> models.QuerySet:
    if issubclass(model, TenantModel):
        return scoped(model, actor)
    return reference(model)  # e.g. a project's partners, reached through the scoped project


def list_queryset(register: Register, actor: Actor, filters) -> models.QuerySet:
    model = register.model
    many = [name for name in register.columns if model._meta.get_field(name).many_to_many]
    queryset = (
        scoped(model, actor)
        .select_related(*_foreign_keys(model, register.columns), *register.select_related)
        .prefetch_related(*many)
    )
    return apply_filters(queryset, register, filters)


def export_queryset(register: Register, actor: Actor, filters) -> models.QuerySet:
    model = register.model
    queryset = (
        scoped(model, actor)
        .select_related(*_foreign_keys(model, register.fields))
        .prefetch_related(*register.m2m)
    )
    return apply_filters(queryset, register, filters)


def _related_prefetch(register: Register, actor: Actor, related) -> Prefetch:
    model = register.model._meta.get_field(related.accessor).related_model
    queryset = _base(model, actor).select_related(*_foreign_keys(model, related.columns))
    return Prefetch(related.accessor, queryset=queryset)


def detail_record(register: Register, actor: Actor, pk) -> models.Model:
    """The record with its links and the records pointing at it; 404 outside the municipality."""
    model = register.model
    queryset = (
        scoped(model, actor)
        .select_related(*_foreign_keys(model, register.fields))
        .prefetch_related(
            *register.m2m,
            *(_related_prefetch(register, actor, related) for related in register.related),
        )
    )
    return get_for_actor(model, actor, pk, queryset=queryset)


def editable_record(register: Register, actor: Actor, pk) -> models.Model:
    return get_for_actor(register.model, actor, pk)


def history(record, actor: Actor) -> list[AuditEntry]:
    """The audit trail with each change's values as text; linked records looked up in one go."""
    entries = record_history(record)
    model = type(record)
    wanted: dict[type[models.Model], set] = defaultdict(set)
    for entry in entries:
        for change in entry.changes:
            field = model._meta.get_field(change.field)
            if isinstance(field, models.ForeignKey):
                wanted[field.related_model].update(v for v in (change.old, change.new) if v)
    linked = {
        (target, pk): obj
        for target, pks in wanted.items()
        for pk, obj in _base(target, actor).in_bulk(pks).items()
    }
    for entry in entries:
        for change in entry.changes:
            field = model._meta.get_field(change.field)
            change.old_text = change_value(field, change.old, linked)
            change.new_text = change_value(field, change.new, linked)
    return entries
