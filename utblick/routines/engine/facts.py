"""Snapshots of the records the checks look at: plain frozen dataclasses, no Django.

Every register's records are `RecordFact`s: the values of the fields that
`utblick/policy/registers.toml` describes (the fields a profile's conditions may name), the
owning unit, and the links to other records. The Django side (`utblick.routines.facts`)
fills them from the database with a fixed number of set-based queries; tests build them by
hand with `record()`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from utblick.core.words import terminology
from utblick.policy.vocabulary import registers

from .dates import WorkingDays

# Model labels used in record references (obligations point at these records).
APPLICATION = "registers.fundingapplication"
MEMBERSHIP = "registers.networkmembership"
PARTNERSHIP = "registers.partnership"
VISIT = "registers.visit"
MATTER = "registers.matter"
UNIT = "organisation.unit"
DOCUMENT = "policy.steeringdocument"
GRANT = "registers.grantapplication"


@dataclass(frozen=True)
class UnitFact:
    id: int
    kind: str
    name: str
    parent_id: int | None = None
    archived: bool = False
    created_on: date | None = None
    key: str = ""


@dataclass(frozen=True)
class RecordFact:
    """One record of a register as the checks see it."""

    register: str
    id: int
    label: str
    unit_id: int | None
    values: Mapping[str, Any] = field(default_factory=dict)
    # Links to other records by link name (a visit's "partnership", a matter's "body").
    links: Mapping[str, int | None] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.values.get(name)

    def link(self, name: str) -> int | None:
        return self.links.get(name)

    @property
    def key(self) -> str:
        return f"{registers()[self.register].key_prefix}:{self.id}"

    @property
    def model(self) -> str:
        return registers()[self.register].model


@dataclass(frozen=True)
class FieldChange:
    """A change of a record's fields, read from its audit trail: the values before it."""

    register: str
    record_id: int
    version: int
    changed_on: date
    fields: tuple[str, ...]
    previous: Mapping[str, Any]
    previous_recorded_on: date


@dataclass(frozen=True)
class ReportingPeriodFact:
    key: str
    name: str
    period_start: str
    period_end: str
    due: str
    reporters: tuple[str, ...] = ()
    recipient: str = "executive_board"


@dataclass(frozen=True)
class Facts:
    """Everything the checks may look at for one organisation on one day."""

    today: date
    units: tuple[UnitFact, ...] = ()
    records: Mapping[str, tuple[RecordFact, ...]] = field(default_factory=dict)
    changes: tuple[FieldChange, ...] = ()
    reporting_periods: tuple[ReportingPeriodFact, ...] = ()
    # The units' reports handed in (submitted or approved): (unit id, period key, year) -> the
    # day it was handed in. A report answers the reporting obligation of its period.
    handed_in: Mapping[tuple[int, str, int], date] = field(default_factory=dict)
    # The day Utblick began tracking the organisation's routines (its first profile
    # version): what fell due before it is not raised as overdue.
    tracking_since: date | None = None
    organisation_name: str = ""
    organisation_kind: str = "municipality"
    # Due dates move to the next working day; without a calendar they stay as computed.
    working_days: WorkingDays | None = None

    # --- lookups (computed once per Facts) ---------------------------------------------

    def of(self, register: str) -> tuple[RecordFact, ...]:
        return self.records.get(register, ())

    @cached_property
    def terms(self) -> dict[str, str]:
        return terminology(self.organisation_kind)

    @cached_property
    def memo(self) -> dict[Any, Any]:
        """What the checks work out once per sweep rather than once per record."""
        return {}

    @cached_property
    def unit_by_id(self) -> dict[int, UnitFact]:
        return {unit.id: unit for unit in self.units}

    @cached_property
    def unit_by_key(self) -> dict[str, UnitFact]:
        return {unit.key: unit for unit in self.units if unit.key and not unit.archived}

    @cached_property
    def _by_id(self) -> dict[str, dict[int, RecordFact]]:
        return {name: {r.id: r for r in found} for name, found in self.records.items()}

    def record(self, register: str, record_id: int | None) -> RecordFact | None:
        if record_id is None:
            return None
        return self._by_id.get(register, {}).get(record_id)

    @cached_property
    def _linked(self) -> dict[tuple[str, str, int], list[RecordFact]]:
        index: dict[tuple[str, str, int], list[RecordFact]] = defaultdict(list)
        for name, found in self.records.items():
            for record in found:
                for link, target in record.links.items():
                    if target is not None:
                        index[(name, link, target)].append(record)
        return index

    def linked(self, register: str, link: str, target_id: int) -> list[RecordFact]:
        """Records of `register` whose `link` points at `target_id` (a partnership's visits)."""
        return self._linked.get((register, link, target_id), [])

    def matters_about(self, register: str, record_id: int) -> list[RecordFact]:
        """Matters whose subject is that record (not withdrawn ones' decisions: see callers)."""
        link = {
            "memberships": "membership",
            "partnerships": "partnership",
            "applications": "application",
            "visits": "visit",
        }.get(register)
        return self.linked("matters", link, record_id) if link else []

    def not_before(self, day: date | None) -> date | None:
        """A defect's due date: when it arose, but not before tracking began (a membership
        decided without a record in 1995 is due since Utblick found it, not since 1995)."""
        if day is None or self.tracking_since is None:
            return day
        return max(day, self.tracking_since)

    def due(self, day: date | None) -> date | None:
        """A due date on a working day: the day itself, or the next working day."""
        if day is None or self.working_days is None:
            return day
        return self.working_days.on_or_after(day)

    def occurred_before_tracking(self, record: RecordFact | None) -> bool:
        """Whether the record happened in the world before tracking began (submitted, made,
        decided; the register's `occurred_on` dates): its problems are then the backlog."""
        if record is None or self.tracking_since is None:
            return False
        register = registers()[record.register]
        return any(
            isinstance(record[name], date) and record[name] < self.tracking_since
            for name in register.occurred_on
        )

    def units_of_kind(self, kind: str) -> list[UnitFact]:
        return [u for u in self.units if u.kind == kind and not u.archived]

    @cached_property
    def office_unit_id(self) -> int | None:
        """The executive office, if the organisation has one."""
        offices = self.units_of_kind("executive_office")
        return offices[0].id if offices else None

    def unit_kind(self, unit_id: int | None) -> str | None:
        unit = self.unit_by_id.get(unit_id) if unit_id is not None else None
        return unit.kind if unit else None

    def unit_name(self, unit_id: int | None) -> str:
        unit = self.unit_by_id.get(unit_id) if unit_id is not None else None
        return unit.name if unit else "–"

    def ancestry(self, unit_id: int | None) -> list[UnitFact]:
        """The unit and the units above it, nearest first."""
        chain: list[UnitFact] = []
        seen: set[int] = set()
        while unit_id is not None and unit_id not in seen:
            seen.add(unit_id)
            unit = self.unit_by_id.get(unit_id)
            if unit is None:
                break
            chain.append(unit)
            unit_id = unit.parent_id
        return chain

    def nearest_of_kind(self, unit_id: int | None, kinds: Container[str]) -> UnitFact | None:
        for unit in self.ancestry(unit_id):
            if unit.kind in kinds:
                return unit
        return None


def record(
    register: str,
    id: int,
    *,
    label: str = "",
    unit_id: int | None = None,
    links: Mapping[str, int | None] | None = None,
    **values: Any,
) -> RecordFact:
    """A record for tests and previews: every field of the register, the given values set."""
    described = registers()[register].fields
    unknown = set(values) - set(described)
    if unknown:
        raise KeyError(f"{register} has no field {sorted(unknown)}")
    full = {
        name: (
            ""
            if f.type in ("text", "choice", "country") and not f.many
            else ()
            if f.many
            else 0
            if f.type == "int"
            else None
        )
        for name, f in described.items()
    }
    full.update(values)
    return RecordFact(register, id, label or f"{register} {id}", unit_id, full, dict(links or {}))
