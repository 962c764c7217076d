"""The writes every register shares: create, update, archive, restore.

Each is one transaction: validate (full_clean plus the model's own rules), check that every
linked record belongs to the same municipality, claim the next version (a stale version is
refused and nothing is written), save with the audit trail's who and why.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models.signals import post_save
from django.utils import timezone

from utblick.core.access import Actor, require_edit
from utblick.core.errors import StaleVersion
from utblick.core.models import RegisterRecord, TenantModel
from utblick.core.signals import batch_written, record_written
from utblick.core.text import has_control_characters
from utblick.core.validation import problem

R = TypeVar("R", bound=RegisterRecord)
# A record's child rows by accessor (see `child_specs`): each row a mapping of the
# child's fields, with "id" for a row that is kept; rows left out are removed.
Children = Mapping[str, Sequence[Mapping[str, Any]]]

# What the receivers of the open `write_batch` deferred, by receiver.
_batch: ContextVar[dict[str, Any] | None] = ContextVar("write_batch", default=None)


@contextmanager
def write_batch(*, actor: Actor) -> Iterator[None]:
    """The writes inside are one batch: a receiver with work per organisation rather than per
    record (the routines, the search index, the list filters' cache) collects it with
    `batch_collect` and does it once, when the batch ends (`batch_written`). A batch that
    raises sends nothing: its writes are undone."""
    collected: dict[str, Any] = {}
    token = _batch.set(collected)
    try:
        yield
    finally:
        _batch.reset(token)
    if collected:
        batch_written.send(sender=None, actor=actor, collected=collected)


def batch_collect(name: str) -> list | None:
    """Inside `write_batch`: the list in which the receiver `name` collects its deferred work;
    outside: None (do the work now)."""
    collected = _batch.get()
    return None if collected is None else collected.setdefault(name, [])


def batch_known(name: str) -> set | None:
    """Inside `write_batch`: the set in which `name` keeps what it found to hold to the batch's
    end; outside: None (look again)."""
    collected = _batch.get()
    return None if collected is None else collected.setdefault(name, set())


def record_create(
    *,
    actor: Actor,
    model: type[R],
    fields: Mapping[str, Any],
    m2m: Mapping[str, Iterable[Any]] | None = None,
    children: Children | None = None,
    reason: str = "",
    is_demo: bool = False,
) -> R:
    with transaction.atomic():
        if not actor.can_write_anything:
            raise PermissionDenied("readers change nothing")
        instance = model(**fields)
        instance.municipality = actor.municipality
        instance.created_by = actor.user if getattr(actor.user, "pk", None) else None
        instance.is_demo = is_demo
        if not actor.covers_whole_municipality and not model.unit_editors_may_edit:
            raise PermissionDenied("only coordinators keep these records")
        if not actor.may_create_for_unit(getattr(instance, "unit_id", None)):
            raise PermissionDenied("you may not create records for that unit")
        rows = _validate(instance, m2m or {}, previous=None, children=children)
        _save(instance, actor, reason or "skapad", m2m or {}, created=True, rows=rows)
        record_written.send(
            sender=model, actor=actor, instance=instance, action="create", previous=None
        )
        return instance


def record_update(
    *,
    actor: Actor,
    instance: R,
    expected_version: int,
    fields: Mapping[str, Any],
    m2m: Mapping[str, Iterable[Any]] | None = None,
    children: Children | None = None,
    reason: str = "",
    action: str = "update",
) -> R:
    model = type(instance)
    with transaction.atomic():
        require_edit(actor, instance)
        previous = claim_version(model, instance.pk, actor.municipality, expected_version)
        fresh = copy.copy(previous)
        for name, value in fields.items():
            setattr(fresh, name, value)
        fresh.version = expected_version + 1
        if not actor.may_edit(fresh):
            # e.g. a unit editor moving a record to a unit that is not theirs
            raise PermissionDenied("you may not move this record there")
        rows = _validate(fresh, m2m or {}, previous=previous, children=children)
        _save(fresh, actor, reason or "ändrad", m2m or {}, created=False, rows=rows)
        record_written.send(
            sender=model, actor=actor, instance=fresh, action=action, previous=previous
        )
        return fresh


def record_archive(*, actor: Actor, instance: R, expected_version: int, reason: str) -> R:
    if not reason.strip():
        raise ValidationError({"archive_reason": [problem("archive_reason")]})
    return record_update(
        actor=actor,
        instance=instance,
        expected_version=expected_version,
        fields={"archived_at": timezone.now(), "archive_reason": reason.strip()},
        reason=f"arkiverad: {reason.strip()}",
        action="archive",
    )


def record_restore(*, actor: Actor, instance: R, expected_version: int) -> R:
    return record_update(
        actor=actor,
        instance=instance,
        expected_version=expected_version,
        fields={"archived_at": None, "archive_reason": ""},
        reason="återställd",
        action="restore",
    )


def changed_fields_since(model: type[models.Model], pk, version: int) -> list[str]:
    """Names of the fields changed after `version`, read from the audit trail."""
    history = model.history.filter(id=pk).order_by("history_date", "history_id")
    base = history.filter(version=version).last()
    latest = history.last()
    if base is None or latest is None or base.pk == latest.pk:
        return []
    delta = latest.diff_against(base, excluded_fields=["version", "updated_at"])
    return [change.field for change in delta.changes]


def claim_version(model, pk, municipality, expected_version: int):
    """Claim the next version of a record, inside the caller's transaction, and return the
    record as it was stored. A write based on an older version raises StaleVersion (with the
    fields changed since, from the audit trail) and nothing is written."""
    claimed = model.objects.filter(
        pk=pk, municipality=municipality, version=expected_version
    ).update(version=expected_version + 1)
    if not claimed:
        current = model.objects.filter(pk=pk).values_list("version", flat=True).first()
        if current is None:
            raise model.DoesNotExist()
        raise StaleVersion(
            model_label=model._meta.label,
            pk=pk,
            expected=expected_version,
            current=current,
            changed_fields=changed_fields_since(model, pk, expected_version),
        )
    stored = model.objects.get(pk=pk)
    stored.version = expected_version
    return stored


def _validate(
    instance: models.Model,
    m2m: Mapping[str, Iterable[Any]],
    *,
    previous,
    children: Children | None = None,
) -> list[ChildRows]:
    """Validate the record and its child rows together; the planned child rows to write."""
    # Errors are kept as ValidationError objects (not strings) so each keeps its code,
    # which the API turns into English.
    errors: dict[str, list[ValidationError]] = {}
    for field_name, error in _broken_links(instance, m2m):
        errors.setdefault(field_name, []).append(error)
    if errors:
        # The model's own rules may follow a link; with one pointing nowhere they cannot run.
        raise ValidationError(errors)
    planned = _plan_children(instance, children or {}, errors, created=previous is None)
    try:
        # Every link was checked above (exists, and in the same municipality where that
        # matters); Django's own check would look each of them up a second time.
        # `created_by` and `municipality` are set by the service itself from the actor (an
        # update cannot move a record to another organisation: `may_edit`).
        instance.full_clean(exclude=[*_set_links(instance), "created_by", "municipality"])
    except ValidationError as exc:
        for field, field_errors in exc.error_dict.items():
            errors.setdefault(field, []).extend(field_errors)
    validate_change = getattr(instance, "validate_change", None)
    if validate_change is not None:
        try:
            validate_change(previous)
        except ValidationError as exc:
            for field_name, field_errors in exc.error_dict.items():
                errors.setdefault(field_name, []).extend(field_errors)
    if errors:
        raise ValidationError(errors)
    return planned


@dataclass
class ChildRows:
    """What a write does to one kind of child row: save these (new or changed), delete those."""

    parent: str
    save: list[models.Model] = dataclass_field(default_factory=list)
    delete: list[models.Model] = dataclass_field(default_factory=list)


@dataclass(frozen=True)
class ChildKind:
    """One kind of child row as the write service sees it, read from the models."""

    accessor: str
    model: type[models.Model]
    parent: str
    fields: tuple[str, ...]


def child_specs(model: type[models.Model]) -> dict[str, ChildKind]:
    """The child rows written with a record of `model`: the reverse links it names in
    `child_rows` (a project's `partners`), each with the child's editable fields."""
    kinds = {}
    for accessor in getattr(model, "child_rows", ()):
        relation = model._meta.get_field(accessor)
        child = relation.related_model
        parent = relation.field.name
        fields = tuple(
            f.name
            for f in child._meta.concrete_fields
            if f.editable and not f.primary_key and f.name != parent
        )
        kinds[accessor] = ChildKind(accessor, child, parent, fields)
    return kinds


def _plan_children(
    instance: models.Model, children: Children, errors: dict, *, created: bool
) -> list[ChildRows]:
    """Each child row built and validated; errors are located as `partners.2.country`."""
    specs = child_specs(type(instance))
    planned = []
    for accessor, rows in children.items():
        spec = specs.get(accessor)
        if spec is None:
            errors.setdefault(accessor, []).append(problem("no_such_record"))
            continue
        existing = (
            {}
            if created
            else {
                child.pk: child
                for child in spec.model.objects.filter(**{f"{spec.parent}_id": instance.pk})
            }
        )
        kept: set = set()
        plan = ChildRows(parent=spec.parent)
        for index, row in enumerate(rows):
            where = f"{accessor}.{index}"
            child = _child_row(spec, existing, row, kept)
            if child is None:
                errors.setdefault(f"{where}.id", []).append(problem("no_such_record"))
                continue
            try:
                child.full_clean(exclude=[spec.parent])
            except ValidationError as exc:
                for name, found in exc.error_dict.items():
                    key = where if name == NON_FIELD_ERRORS else f"{where}.{name}"
                    errors.setdefault(key, []).extend(found)
                continue
            if child.pk is None or _values(child) != child._stored:
                plan.save.append(child)
        plan.delete = [child for pk, child in existing.items() if pk not in kept]
        planned.append(plan)
    return planned


def _values(child: models.Model) -> tuple:
    return tuple(getattr(child, f.attname) for f in child._meta.concrete_fields)


def _child_row(spec, existing: dict, row: Mapping[str, Any], kept: set) -> models.Model | None:
    pk = row.get("id")
    if pk in (None, ""):
        child = spec.model()
        child._stored = None
    else:
        try:
            child = existing.get(int(pk))
        except (TypeError, ValueError):
            child = None
        if child is None or child.pk in kept:
            return None
        kept.add(child.pk)
        child._stored = _values(child)
    for name in spec.fields:
        if name not in row:
            continue
        value = row[name]
        db_field = spec.model._meta.get_field(name)
        if db_field.is_relation and not isinstance(value, models.Model):
            setattr(child, db_field.attname, value)
        elif value is None and not db_field.null and isinstance(db_field, models.CharField):
            setattr(child, name, "")
        else:
            setattr(child, name, value)
    return child


def _link_fields(instance: models.Model):
    for field in instance._meta.concrete_fields:
        if field.is_relation and field.many_to_one and field.name != "municipality":
            yield field


def _set_links(instance: models.Model) -> list[str]:
    return [f.name for f in _link_fields(instance) if getattr(instance, f.attname) is not None]


def _remembered(target: type[models.Model]) -> bool:
    return issubclass(target, TenantModel) or target._meta.app_label == "reference"


def _broken_links(instance: models.Model, m2m: Mapping[str, Iterable[Any]]):
    """Links to records that do not exist, or (for tenant records) belong to another
    municipality, are refused field by field."""
    municipality_id = instance.municipality_id
    # Links found sound stay so to the batch's end: organisation records are archived, never
    # deleted, and never change organisation, and reference data is not written by imports.
    sound = batch_known("sound-links")
    for field in _link_fields(instance):
        target_id = getattr(instance, field.attname)
        if target_id is None or field.name == "created_by":
            continue
        if isinstance(target_id, str) and has_control_characters(target_id):
            yield field.name, problem("no_such_record")  # no key holds them; PostgreSQL refuses NUL
            continue
        target = field.related_model
        key = (target._meta.label, target_id, municipality_id)
        if sound is not None and key in sound:
            continue
        found = target._default_manager.filter(**{field.target_field.attname: target_id})
        if issubclass(target, TenantModel):
            owners = list(found.values_list("municipality_id", flat=True))
            if owners != [municipality_id]:
                yield field.name, problem("not_in_municipality")
                continue
        elif not found.exists():
            yield field.name, problem("no_such_record")
            continue
        if sound is not None and _remembered(target):
            sound.add(key)
    for name, values in m2m.items():
        target = instance._meta.get_field(name).related_model
        ids = {value.pk if isinstance(value, models.Model) else value for value in values}
        if not ids:
            continue
        key = (target._meta.label, frozenset(ids), municipality_id)
        if sound is not None and key in sound:
            continue
        if issubclass(target, TenantModel):
            found = target.objects.filter(pk__in=ids, municipality_id=municipality_id).count()
        else:
            found = target.objects.filter(pk__in=ids).count()
        if found != len(ids):
            yield name, problem("not_in_municipality")
        elif sound is not None and _remembered(target):
            sound.add(key)


def _save(
    instance: models.Model,
    actor: Actor,
    reason: str,
    m2m: Mapping[str, Iterable[Any]],
    *,
    created: bool,
    rows: Sequence[ChildRows] = (),
) -> None:
    """Save the record and its links, then write ONE audit entry holding both.

    django-simple-history would otherwise write an entry for the save and one more for
    every link field set afterwards; the entry is written once the links are in place.
    """
    # The audit trail's who and why; the request middleware cannot know it for API tokens.
    instance._history_user = actor.user if getattr(actor.user, "pk", None) else None
    instance._change_reason = reason[:100]
    links = {name: list(values) for name, values in m2m.items()}
    instance.skip_history_when_saving = True
    try:
        instance.save()
        for name, values in links.items():
            getattr(instance, name).set(values)
    finally:
        del instance.skip_history_when_saving
    for plan in rows:
        # Each child row keeps its own audit trail (who, why), read with the record's.
        for child in [*plan.delete, *plan.save]:
            child._history_user = instance._history_user
            child._change_reason = reason[:100]
        for child in plan.delete:
            child.delete()
        for child in plan.save:
            setattr(child, plan.parent, instance)
            child.save()
    # The history entry need not read back the links known to be empty (`LinkedHistory`).
    instance._history_links_empty = {
        field.name
        for field in instance._meta.many_to_many
        if (created and field.name not in links) or links.get(field.name) == []
    }
    try:
        post_save.send(
            sender=type(instance),
            instance=instance,
            created=created,
            raw=False,
            using=instance._state.db,
            update_fields=None,
        )
    finally:
        del instance._history_links_empty
