"""Reads for the register pages: every query starts from `core.access` and fetches what the page
shows in a fixed number of queries (joins for links, one prefetch per list of links)."""

from __future__ import annotations

from django.db import models
from django.db.models import Prefetch

from utblick.core.access import Actor, get_for_actor, readable, scoped
from utblick.registry import Register, apply_filters


def _foreign_keys(model: type[models.Model], names) -> list[str]:
    return [name for name in names if isinstance(model._meta.get_field(name), models.ForeignKey)]


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
    queryset = readable(model, actor).select_related(*_foreign_keys(model, related.columns))
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
