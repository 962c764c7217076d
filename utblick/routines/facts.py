"""Building the engine's `Facts` from the database: a fixed number of set-based queries.

Every register the routines read is one query (its fields and derived values, as
`utblick.routines.conditions` describes them), plus one per list-valued field; nothing is
queried per record. Where every routine that looks at a register selects records by a
condition, only the records some condition selects are loaded: the conditions run in the
database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from django.apps import apps
from django.db.models import F, Q
from django.utils import timezone

from utblick.organisation.models import Municipality, Unit
from utblick.policy.models import ProfileVersion, ReportingPeriod
from utblick.policy.vocabulary import Condition, Register, registers
from utblick.routines import conditions as db
from utblick.routines.engine import facts as f
from utblick.routines.engine.registry import CHANGES, REPORTING_PERIODS
from utblick.routines.working_days import swedish_working_days


@dataclass
class Scope:
    """Which records to load: per register named, only those ids; the rest whole."""

    ids: dict[str, set[int]] = field(default_factory=dict)

    def of(self, register: str) -> set[int]:
        return self.ids.get(register, set())


def _day(value: datetime | date | None) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def load_facts(
    municipality: Municipality,
    *,
    today: date,
    needs: Iterable[str],
    scope: Scope | None = None,
    selections: Mapping[str, Condition] | None = None,
    changed_fields: Mapping[str, set[str]] | None = None,
    reporting_periods: tuple[f.ReportingPeriodFact, ...] | None = None,
    documents: tuple[f.RecordFact, ...] | None = None,
) -> f.Facts:
    """The facts the given needs call for.

    `selections`: per register, a condition selecting the only records anything will look
    at. `reporting_periods` and `documents` may be passed in (a profile being previewed)
    instead of read from the current profile.
    """
    needs = set(needs)
    context = db.ExpressionContext(municipality, today)
    records: dict[str, tuple[f.RecordFact, ...]] = {}
    for name in sorted(needs & set(registers())):
        if name == "documents" and documents is not None:
            records[name] = documents
            continue
        selection = (selections or {}).get(name)
        records[name] = load_records(
            municipality, registers()[name], context, scope=scope, selection=selection
        )
    changes: tuple[f.FieldChange, ...] = ()
    if CHANGES in needs and changed_fields:
        changes = load_changes(municipality, changed_fields, scope)
    periods = ()
    handed_in = {}
    if REPORTING_PERIODS in needs:
        periods = (
            reporting_periods
            if reporting_periods is not None
            else load_reporting_periods(municipality)
        )
        handed_in = load_handed_in_reports(municipality)
    return f.Facts(
        today=today,
        units=load_units(municipality),
        records=records,
        changes=changes,
        reporting_periods=periods,
        handed_in=handed_in,
        tracking_since=tracking_since(municipality),
        organisation_name=municipality.name,
        organisation_kind=municipality.kind,
        working_days=swedish_working_days(),
    )


def load_units(municipality) -> tuple[f.UnitFact, ...]:
    rows = Unit.objects.filter(municipality=municipality).values_list(
        "id", "kind", "name", "parent_id", "archived_at", "created_at", "key"
    )
    return tuple(
        f.UnitFact(
            id=pk,
            kind=kind,
            name=name,
            parent_id=parent,
            archived=archived is not None,
            created_on=_day(created),
            key=key,
        )
        for pk, kind, name, parent, archived, created, key in rows.order_by("id")
    )


_LABEL_FIELDS = {
    "acronym_or_title": ("acronym", "title"),
    "title_or_counterpart": ("title", "counterpart"),
    "title_with_registry_number": ("title", "registry_number"),
    "organisation": ("organisation",),
    "title": ("title",),
    "name": ("name",),
}


def _label(kind: str, row: dict) -> str:
    if kind == "title_with_registry_number":
        title, number = row["label_title"], row["label_registry_number"]
        return f"{title} ({number})" if number else title
    return next((row[f"label_{name}"] for name in _LABEL_FIELDS[kind] if row[f"label_{name}"]), "")


def _live(register: Register) -> Q:
    # Steering documents are retired when a profile no longer names them; records archived.
    return (
        Q(retired_at__isnull=True) if register.name == "documents" else Q(archived_at__isnull=True)
    )


def load_records(
    municipality,
    register: Register,
    context: db.ExpressionContext,
    *,
    scope: Scope | None = None,
    selection: Condition | None = None,
) -> tuple[f.RecordFact, ...]:
    model = db.model_of(register)
    qs = model.objects.filter(_live(register), municipality=municipality)
    if scope is not None and register.name in scope.ids:
        qs = qs.filter(pk__in=sorted(scope.of(register.name)))
    qs = qs.annotate(**db.annotations(register, context))
    if selection is not None:
        qs = qs.filter(db.condition_q(selection, register, context.today))
    plain = {name: fld.orm for name, fld in register.fields.items() if fld.orm and not fld.many}
    links = {name: f"{name}_id" for name in register.links}
    label_fields = {f"label_{name}": F(name) for name in _LABEL_FIELDS[register.record_label]}
    unit_path = _unit_path(register, model)
    columns = [path for path in ("pk", unit_path) if path]
    columns += [*plain.values(), *links.values(), *db.annotations(register, context)]
    rows = qs.order_by("pk").values(*dict.fromkeys(columns), **label_fields)
    many = (
        _many_values(register, [row["pk"] for row in rows])
        if any(fld.many for fld in register.fields.values())
        else {}
    )
    found = []
    for row in rows:
        fact_values = {}
        for name, fld in register.fields.items():
            if fld.many:
                fact_values[name] = many.get(name, {}).get(row["pk"], ())
            elif fld.expr:
                fact_values[name] = _plain(row[db.annotation_name(name)], fld.type)
            else:
                fact_values[name] = _plain(row[fld.orm], fld.type)
        found.append(
            f.RecordFact(
                register=register.name,
                id=row["pk"],
                label=_label(register.record_label, row),
                unit_id=row[unit_path] if unit_path else None,
                values=fact_values,
                links={name: row[column] for name, column in links.items()},
            )
        )
    return tuple(found)


def _unit_path(register: Register, model) -> str | None:
    """Where a record's owning unit is: the unit itself for units, none for documents."""
    if register.name == "units":
        return "pk"
    return "unit_id" if any(f.name == "unit" for f in model._meta.get_fields()) else None


def _plain(value, kind: str):
    """A database value as the engine compares it: "" for missing text, dates as dates."""
    if kind in ("text", "choice", "country"):
        return value or ""
    if kind == "date":
        return _day(value)
    return value


def _many_values(register: Register, ids: list[int]) -> dict[str, dict[int, tuple]]:
    """The list-valued fields (a project's partner countries): one query per field."""
    model = db.model_of(register)
    found: dict[str, dict[int, tuple]] = {}
    for name, fld in register.fields.items():
        if not fld.many:
            continue
        values: dict[int, list] = defaultdict(list)
        rows = model.objects.filter(pk__in=ids).values_list("pk", fld.orm).order_by("pk")
        for pk, value in rows:
            if value not in (None, "") and value not in values[pk]:
                values[pk].append(value)
        found[name] = {pk: tuple(items) for pk, items in values.items()}
    return found


def load_changes(
    municipality, changed_fields: Mapping[str, set[str]], scope: Scope | None = None
) -> tuple[f.FieldChange, ...]:
    """Changes of the named fields, read from the audit trail in one query per register."""
    changes = []
    for name, fields in changed_fields.items():
        register = registers()[name]
        model = db.model_of(register)
        columns = sorted({register.fields[field].orm for field in fields})
        history = model.history.filter(municipality_id=municipality.pk)
        if scope is not None and name in scope.ids:
            history = history.filter(id__in=sorted(scope.of(name)))
        rows = history.order_by("id", "history_date", "history_id").values(
            "id", "version", "history_date", *columns
        )
        by_orm = {register.fields[field].orm: field for field in fields}
        previous = None
        for row in rows:
            if previous is not None and previous["id"] == row["id"]:
                changed = tuple(
                    by_orm[column] for column in columns if previous[column] != row[column]
                )
                if changed:
                    changes.append(
                        f.FieldChange(
                            register=name,
                            record_id=row["id"],
                            version=row["version"],
                            changed_on=_day(row["history_date"]),
                            fields=changed,
                            previous={
                                by_orm[c]: _plain(previous[c], register.fields[by_orm[c]].type)
                                for c in columns
                            },
                            previous_recorded_on=_day(previous["history_date"]),
                        )
                    )
            previous = row
    return tuple(changes)


def tracking_since(municipality) -> date | None:
    first = (
        ProfileVersion.objects.filter(municipality=municipality)
        .order_by("loaded_at")
        .values_list("loaded_at", flat=True)
        .first()
    )
    return _day(first)


def load_handed_in_reports(municipality) -> dict[tuple[int, str, int], date]:
    """The units' period reports that are handed in (submitted, or approved after that)."""
    # Read by name: the routines and the planning are neighbours that do not import each other.
    rows = (
        apps.get_model("planning", "UnitReport")
        .objects.filter(
            municipality=municipality,
            status__in=("submitted", "approved"),
            submitted_at__isnull=False,
            archived_at__isnull=True,
        )
        .values_list("unit_id", "period", "year", "submitted_at")
    )
    return {(unit, period, year): _day(at) for unit, period, year, at in rows}


def load_reporting_periods(municipality) -> tuple[f.ReportingPeriodFact, ...]:
    rows = ReportingPeriod.objects.filter(municipality=municipality, retired_at__isnull=True)
    return tuple(
        f.ReportingPeriodFact(
            key=p.key,
            name=p.name,
            period_start=p.period_start,
            period_end=p.period_end,
            due=p.due,
            reporters=tuple(p.reporters),
            recipient=p.recipient,
        )
        for p in rows.order_by("order")
    )
