"""Importing a register from a spreadsheet: read → plan → write, all or nothing.

    read_table (tables.py)   the file → headers and numbered rows
    plan_import              each row → create / update / unchanged, with its parsed values,
                             the changes old → new and every problem located at row and column
    _write                   every planned row through record_create / record_update — the
                             services the web and the API use — inside ONE transaction

A preview runs all three and rolls back, so it reports the services' own validation errors
too. The confirmation runs them again on the very same file (its SHA-256 is checked) and
commits only if the plan is the one that was previewed and no row has a problem. Each
created or changed record's history entry has the reason "import: <file name>".

Matching a row to a record: a row with an ID updates that record of the municipality, and
its Version must be the record's current one (an older one is stale: refused). A row
without an ID is matched on the register's natural key (memberships: organisation; partner-
ships: type + counterpart; applications: title + call id; visits: title + start date),
compared without regard to case or spacing, among records that are not archived; a key
column that the file leaves out is not compared. A match is updated instead of duplicated.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import logging
import os
import secrets
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from utblick.core import runs
from utblick.core.access import Actor, reference, scoped
from utblick.core.errors import StaleVersion
from utblick.core.numbers import format_exact
from utblick.core.services import (
    changed_fields_since,
    record_create,
    record_update,
    write_batch,
)
from utblick.imports.cells import (
    CellError,
    is_empty,
    normalise,
    parse_date,
    parse_decimal,
    parse_integer,
    split_list,
    text,
)
from utblick.imports.models import ImportRun, ImportStatus
from utblick.imports.registers import (
    ID_HEADER,
    VERSION_HEADER,
    Column,
    ImportRegister,
    find_register,
)
from utblick.imports.rows import format_rows, parse_rows
from utblick.imports.tables import FileProblem, Table, column_letter, read_sheets, read_table
from utblick.organisation.models import Person, Unit
from utblick.organisation.roles import actor_for
from utblick.policy.models import PriorityArea
from utblick.reference.models import Country, EUProgramme

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
PREVIEW, CONFIRM = "preview", "confirm"
# Lazy: the preview shows them in the reader's language, the import command in the site's.
ACTIONS = {CREATE: _("Skapas"), UPDATE: _("Uppdateras"), UNCHANGED: _("Oförändrad")}
REASON_PREFIX = "import: "
MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 10_000
# Rows written between two evaluations of the routines.
WRITE_BATCH = 500
# A web request runs every row through the services (about 240 rows a second on SQLite, 100 on
# PostgreSQL, on a loaded machine):
# larger files would meet the server's 30-second timeout, so they go through the command.
WEB_MAX_ROWS = 3_000
PREVIEW_TTL = timedelta(hours=24)
log = logging.getLogger(__name__)
_ID, _VERSION = "id", "version"


Progress = Callable[[int, str], None]


def _no_progress(_percent: int, _step: str) -> None:
    pass


class ImportRefused(Exception):
    """The confirmation cannot go ahead (expired, already done, another file); Swedish text."""


# --- what a plan is made of ------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str | None
    message: str
    letter: str = ""
    sheet: str = ""  # in a workbook of several registers: the sheet

    def __str__(self) -> str:
        if self.sheet:
            return f"Blad ”{self.sheet}”: {replace(self, sheet='')}"
        if self.row and self.column:
            return f"Rad {self.row}, kolumn ”{self.column}”: {self.message}"
        if self.row:
            return f"Rad {self.row}: {self.message}"
        if self.column:
            return f"Kolumn ”{self.column}”: {self.message}"
        return self.message


@dataclass
class Change:
    column: str
    old: str
    new: str


@dataclass
class RowPlan:
    number: int
    action: str = CREATE
    label: str = ""
    record_id: int | None = None
    version: int | None = None
    values: list[tuple[str, str]] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    has_problems: bool = False
    sheet: str = ""
    # For the write only; not part of the previewed plan.
    fields: dict[str, Any] = field(default_factory=dict, repr=False)
    m2m: dict[str, list[int]] = field(default_factory=dict, repr=False)
    children: dict[str, list[dict]] = field(default_factory=dict, repr=False)
    extra: dict[str, Any] = field(default_factory=dict, repr=False)  # the extra columns
    record: Any = field(default=None, repr=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "number": self.number,
            "action": self.action,
            "label": self.label,
            "record_id": self.record_id,
            "version": self.version,
            "values": [list(pair) for pair in self.values],
            "changes": [asdict(change) for change in self.changes],
            "has_problems": self.has_problems,
        }


@dataclass
class ImportPlan:
    register: ImportRegister
    file_name: str
    sha256: str
    rows: list[RowPlan] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    digest: str = ""
    changed_since_preview: bool = False
    letters: dict[str, str] = field(default_factory=dict, repr=False)  # column → A, B, …

    @property
    def valid(self) -> bool:
        return not self.problems

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    def fingerprint(self) -> str:
        """What the plan would do, as a hash: the confirmation must do exactly this."""
        payload = json.dumps([row.as_dict() for row in self.rows], sort_keys=True, default=str)
        return hashlib.sha256(payload.encode()).hexdigest()

    def as_dict(self) -> dict[str, Any]:
        return {
            "register": self.register.key,
            "file_name": self.file_name,
            "sha256": self.sha256,
            "counts": {action: self.count(action) for action in (CREATE, UPDATE, UNCHANGED)},
            "problems": [{**asdict(p), "text": str(p)} for p in self.problems],
            "rows": [row.as_dict() for row in self.rows],
        }


# --- looking names up ------------------------------------------------------------------------


def _suggestion(word: str, candidates: dict[str, str]) -> str:
    close = difflib.get_close_matches(normalise(word), list(candidates), n=1, cutoff=0.75)
    return f" Menade du ”{candidates[close[0]]}”?" if close else ""


def _some(names: list[str], limit: int = 12) -> str:
    shown = ", ".join(names[:limit])
    return shown + (" …" if len(names) > limit else "")


@dataclass(frozen=True)
class Pending:
    """A record the same sheet creates further up (a unit's parent): found when written."""

    name: str

    def __str__(self) -> str:
        return self.name


# The link kinds whose records a sheet of that register creates itself.
OWN_KINDS = {Unit: "unit", Person: "person"}


class Lookups:
    """Everything a row may name, loaded once per file: a fixed number of queries."""

    def __init__(self, actor: Actor, kinds: set[str]):
        self.actor = actor
        # Names of records the sheet itself creates, by link kind (see Pending).
        self.own_names: dict[str, set[str]] = {}
        self.people: dict[str, set[int]] = {}
        self.person_names: dict[int, str] = {}
        if "person" in kinds:
            people = scoped(Person, actor).filter(archived_at__isnull=True)
            for person in people.only("pk", "name", "email"):
                self.person_names[person.pk] = person.name
                for name in filter(None, (person.name, person.email)):
                    self.people.setdefault(normalise(name), set()).add(person.pk)
        units = list(scoped(Unit, actor).only("pk", "name", "short_name", "archived_at"))
        self.unit_names = {unit.pk: unit.name for unit in units}
        self.units: dict[str, set[int]] = {}
        for unit in units:
            if unit.archived_at is None:
                for name in filter(None, (unit.name, unit.short_name)):
                    self.units.setdefault(normalise(name), set()).add(unit.pk)
        self.countries: dict[str, str] = {}
        self.country_names: dict[str, str] = {}
        if "country" in kinds or "rows" in kinds:
            for country in reference(Country).only("code", "alpha3", "name_sv", "name_en"):
                self.country_names[country.code] = country.name_sv
                for name in (country.code, country.alpha3, country.name_sv, country.name_en):
                    self.countries[normalise(name)] = country.code
        self.programmes: dict[str, set[int]] = {}
        self.programme_names: dict[int, str] = {}
        if "programme" in kinds:
            for programme in reference(EUProgramme).only("pk", "code", "name_sv", "name_en"):
                self.programme_names[programme.pk] = programme.name_sv
                for name in (programme.code, programme.name_sv, programme.name_en):
                    self.programmes.setdefault(normalise(name), set()).add(programme.pk)
        self.areas: dict[str, int] = {}
        self.area_names: dict[int, str] = {}
        if "priority_areas" in kinds:
            for area in scoped(PriorityArea, actor).filter(retired_at__isnull=True):
                self.area_names[area.pk] = area.name
                self.areas[normalise(area.key)] = area.pk
                self.areas[normalise(area.name)] = area.pk

    def parse(self, column: Column, raw: object) -> Any:
        kind = column.kind
        if kind == "text":
            return text(raw)
        if kind == "date":
            return parse_date(raw)
        if kind == "decimal":
            return parse_decimal(raw)
        if kind == "integer":
            return parse_integer(raw)
        if is_empty(raw):
            return {"choice": "", "priority_areas": [], "rows": []}.get(kind)
        return getattr(self, f"_{kind}")(column, text(raw))

    def _rows(self, column: Column, word: str) -> list[dict[str, Any]]:
        return parse_rows(column.child, word, self.countries)

    def _choice(self, column: Column, word: str) -> str:
        wanted = normalise(word)
        for value, label in column.choices:
            if wanted in (normalise(label), normalise(value)):
                return value
        labels = {normalise(label): label for _, label in column.choices}
        allowed = ", ".join(f"”{label}”" for _, label in column.choices)
        raise CellError(
            f"okänt värde ”{word}”.{_suggestion(word, labels)} Tillåtna värden: {allowed}"
        )

    def _unit(self, column: Column, word: str) -> int | Pending:
        found = self.units.get(normalise(word), set())
        if len(found) == 1:
            return next(iter(found))
        if found:
            raise CellError(f"flera enheter heter eller förkortas ”{word}”; skriv hela namnet")
        if normalise(word) in self.own_names.get("unit", ()):
            return Pending(word)
        names = sorted(set(self.unit_names.values()))
        raise CellError(
            f"okänd enhet ”{word}”.{_suggestion(word, {normalise(n): n for n in names})} "
            f"Enheter i kommunen: {_some(names)}"
        )

    def _person(self, column: Column, word: str) -> int | Pending:
        found = self.people.get(normalise(word), set())
        if len(found) == 1:
            return next(iter(found))
        if found:
            raise CellError(f"flera personer heter ”{word}”; ange personens e-postadress")
        if normalise(word) in self.own_names.get("person", ()):
            return Pending(word)
        names = sorted(set(self.person_names.values()))
        raise CellError(
            f"okänd person ”{word}”.{_suggestion(word, {normalise(n): n for n in names})} "
            "Ange personens namn eller e-postadress som i bladet Personer"
        )

    def _country(self, column: Column, word: str) -> str:
        code = self.countries.get(normalise(word))
        if code:
            return code
        names = {normalise(n): n for n in self.country_names.values()}
        raise CellError(
            f"okänt land ”{word}”.{_suggestion(word, names)} Ange landskod (t.ex. DE) "
            "eller svenskt namn (t.ex. Tyskland)"
        )

    def _programme(self, column: Column, word: str) -> int:
        found = self.programmes.get(normalise(word), set())
        if len(found) == 1:
            return next(iter(found))
        if found:
            raise CellError(f"flera program heter ”{word}”; ange programmets kod")
        names = {normalise(n): n for n in self.programme_names.values()}
        raise CellError(
            f"okänt EU-program ”{word}”.{_suggestion(word, names)} Ange programmets kod "
            "(t.ex. HORIZON) eller svenska namn; listan finns i mallen"
        )

    def _priority_areas(self, column: Column, word: str) -> list[int]:
        ids, unknown = set(), []
        for name in split_list(word):
            area = self.areas.get(normalise(name))
            if area is None:
                unknown.append(name)
            else:
                ids.add(area)
        if unknown:
            names = sorted(self.area_names.values())
            listed = ", ".join(f"”{n}”" for n in unknown)
            raise CellError(
                f"okänt prioriterat område {listed}. Kommunens områden: {_some(names)} "
                "(flera åtskilda med semikolon)"
            )
        return sorted(ids)

    def display(self, column: Column, value: Any) -> str:
        if value is None or value == "" or value == []:
            return ""
        if isinstance(value, Pending):
            return f"{value.name} (skapas ovan i bladet)"
        kind = column.kind
        if kind == "choice":
            return dict(column.choices).get(value, str(value))
        if kind == "unit":
            return self.unit_names.get(value, f"id {value}")
        if kind == "person":
            return self.person_names.get(value, f"id {value}")
        if kind == "country":
            return self.country_names.get(value, str(value))
        if kind == "programme":
            return self.programme_names.get(value, f"id {value}")
        if kind == "priority_areas":
            return "; ".join(self.area_names.get(pk, f"id {pk}") for pk in value)
        if kind == "rows":
            return format_rows(column.child, value, self._name_of)
        if kind == "decimal":
            return format_exact(value)
        if kind == "date":
            return value.isoformat()
        return str(value)

    def _name_of(self, field, value) -> str:
        return self.country_names.get(value, str(value))

    def own_units(self) -> str:
        names = sorted(self.unit_names.get(pk, f"id {pk}") for pk in self.actor.unit_ids)
        return ", ".join(names) or "inga enheter"


# --- planning --------------------------------------------------------------------------------


@dataclass
class _Row:
    number: int
    values: dict[str, Any]  # column name → parsed value (only the cells that set something)
    record_id: int | None = None
    version: int | None = None
    problems: bool = False


class _Planner:
    def __init__(self, actor: Actor, register: ImportRegister, table: Table, plan: ImportPlan):
        self.actor = actor
        self.register = register
        self.table = table
        self.plan = plan
        self.columns: dict[int, Column | str] = {}
        self.letters: dict[str, str] = {}
        self.present: list[Column] = []

    def problem(self, row: int | None, column: Column | str | None, message: str) -> None:
        if isinstance(column, Column):
            header = column.header
        elif column == _ID:
            header = ID_HEADER
        elif column == _VERSION:
            header = VERSION_HEADER
        else:
            header = column
        key = column.name if isinstance(column, Column) else column
        letter = self.letters.get(key, "") if isinstance(key, str) else ""
        self.plan.problems.append(Problem(row, header, message, letter))

    # headers

    def map_headers(self) -> bool:
        known: dict[str, Column | str] = {"id": _ID, "version": _VERSION}
        for column in self.register.columns:
            known[normalise(column.header)] = column
            known[normalise(column.name)] = column
        titles = {normalise(c.header): c.title for c in self.register.columns}
        seen: dict[str, str] = {}
        has_data = self._columns_with_data()
        for index, raw in enumerate(self.table.headers):
            letter = column_letter(index)
            if is_empty(raw):
                if index in has_data:
                    self.plan.problems.append(
                        Problem(1, letter, "kolumnen har värden men ingen rubrik", letter)
                    )
                continue
            header = text(raw).rstrip("*").strip()
            column = known.get(normalise(header))
            if column is None:
                self.plan.problems.append(
                    Problem(
                        1,
                        header,
                        f"okänd kolumn.{_suggestion(header, titles)} Kolumnerna och vad de "
                        "ska innehålla står i bladet Instruktioner i mallen",
                        letter,
                    )
                )
                continue
            key = column.name if isinstance(column, Column) else column
            if key in seen:
                self.plan.problems.append(
                    Problem(1, header, f"kolumnen finns två gånger (även i {seen[key]})", letter)
                )
                continue
            seen[key] = letter
            self.letters[key] = letter
            self.columns[index] = column
        self.present = [c for c in self.columns.values() if isinstance(c, Column)]
        return not self.plan.problems

    def _columns_with_data(self) -> set[int]:
        return {
            index
            for _, values in self.table.rows
            for index, value in enumerate(values)
            if not is_empty(value)
        }

    # cells

    def parse_rows(self, lookups: Lookups) -> list[_Row]:
        rows = []
        for number, values in self.table.rows:
            row = _Row(number=number, values={})
            for index, column in self.columns.items():
                raw = values[index]
                if column in (_ID, _VERSION):
                    self._parse_id(row, column, raw)
                    continue
                try:
                    value = lookups.parse(column, raw)
                except CellError as exc:
                    self.problem(number, column, exc.message)
                    row.problems = True
                    continue
                if value in (None, "", []):
                    if column.required:
                        self.problem(number, column, "ange ett värde; kolumnen är obligatorisk")
                        row.problems = True
                        continue
                    if column.keeps_value_when_empty:
                        continue
                row.values[column.name] = value
            rows.append(row)
        return rows

    def _parse_id(self, row: _Row, column: str, raw: object) -> None:
        try:
            value = parse_integer(raw)
        except CellError:
            hint = "postens id i Utblick" if column == _ID else "postens versionsnummer"
            self.problem(row.number, column, f"ange ett heltal ({hint})")
            row.problems = True
            return
        if value is not None and value < 1:
            self.problem(row.number, column, "ange ett heltal större än 0")
            row.problems = True
            return
        setattr(row, "record_id" if column == _ID else "version", value)

    # matching

    def key_of(self, values: dict[str, Any]) -> tuple | None:
        """The natural key over the key columns in the file; None if a required part is empty."""
        parts = []
        for name in self.register.natural_key:
            column = self.register.column(name)
            if column not in self.present:
                continue
            value = values.get(name)
            if value in (None, "") and column.required:
                return None
            parts.append(normalise(value) if isinstance(value, str) else value)
        return tuple(parts) if parts else None

    def load_records(self, rows: list[_Row]) -> tuple[dict[int, Any], dict[tuple, list[int]]]:
        model = self.register.model
        key_names = [
            n for n in self.register.natural_key if self.register.column(n) in self.present
        ]
        index: dict[tuple, list[int]] = {}
        wanted = {row.record_id for row in rows if row.record_id}
        if key_names:
            active = scoped(model, self.actor).filter(archived_at__isnull=True)
            for pk, *parts in active.values_list("pk", *key_names):
                key = tuple(normalise(p) if isinstance(p, str) else p for p in parts)
                index.setdefault(key, []).append(pk)
            for row in rows:
                wanted.update(index.get(self.key_of(row.values), ()))
        records = scoped(model, self.actor).filter(pk__in=wanted)
        if any(c.kind == "priority_areas" for c in self.present):
            records = records.prefetch_related("priority_areas")
        records = records.prefetch_related(*(c.name for c in self.present if c.kind == "rows"))
        return {record.pk: record for record in records}, index


def plan_import(*, actor: Actor, register: ImportRegister, table: Table, plan: ImportPlan) -> None:
    """Fill `plan` with one RowPlan per row and every problem found; writes nothing."""
    planner = _Planner(actor, register, table, plan)
    plan.letters = planner.letters
    if not any(not is_empty(h) for h in table.headers):
        plan.problems.append(Problem(1, None, "rad 1 ska ha kolumnrubrikerna; den är tom"))
        return
    if not planner.map_headers():
        return
    if not table.rows:
        plan.problems.append(Problem(None, None, "Filen har inga rader med poster."))
        return
    lookups = Lookups(actor, {c.kind for c in planner.present})
    own_kind = OWN_KINDS.get(register.model)
    if own_kind:
        lookups.own_names[own_kind] = _names_in_sheet(planner)
    rows = planner.parse_rows(lookups)
    records, index = planner.load_records(rows)
    seen_records: dict[int, int] = {}
    seen_keys: dict[tuple, int] = {}
    for row in rows:
        plan.rows.append(_plan_row(planner, lookups, row, records, index, seen_records, seen_keys))
    _missing_required_columns(planner, plan)


def _names_in_sheet(planner: _Planner) -> set[str]:
    """The names of the records the sheet itself holds (its natural key, when one column)."""
    key = planner.register.natural_key
    if len(key) != 1:
        return set()
    index = next(
        (i for i, c in planner.columns.items() if isinstance(c, Column) and c.name == key[0]),
        None,
    )
    if index is None:
        return set()
    return {
        normalise(text(values[index]))
        for _, values in planner.table.rows
        if not is_empty(values[index])
    }


def _plan_row(planner, lookups, row, records, index, seen_records, seen_keys) -> RowPlan:
    register = planner.register
    key_column = register.column(register.natural_key[0])
    where = _ID if row.record_id else key_column
    result = RowPlan(number=row.number, has_problems=row.problems)

    def problem(column, message):
        planner.problem(row.number, column, message)
        result.has_problems = True

    record = None
    key = planner.key_of(row.values)
    if row.record_id:
        record = _record_by_id(planner, row, records, problem)
        result.record_id, result.version = row.record_id, row.version
        if record is None:
            result.action = UPDATE
            return result
    elif key is not None:
        matches = index.get(key, [])
        if len(matches) > 1:
            ids = ", ".join(str(pk) for pk in sorted(matches))
            problem(
                key_column,
                f"flera poster i Utblick har samma {register.natural_key_sv} (id {ids}); "
                "ange ID för att välja vilken som ska uppdateras",
            )
        elif matches:
            record = records[matches[0]]
            result.record_id, result.version = record.pk, record.version

    if record is not None:
        first = seen_records.setdefault(record.pk, row.number)
        if first != row.number:
            problem(where, f"samma post (id {record.pk}) som rad {first}")
    elif key is not None:
        first = seen_keys.setdefault(key, row.number)
        if first != row.number:
            problem(key_column, f"samma {register.natural_key_sv} som rad {first}")

    if record is None:
        _plan_create(planner, lookups, row, result, problem)
    else:
        _plan_update(planner, lookups, row, record, result, problem, where)
    return result


def _record_by_id(planner, row, records, problem):
    label = planner.register.label.lower()
    record = records.get(row.record_id)
    if record is None:
        problem(_ID, f"posten med id {row.record_id} finns inte bland kommunens {label}")
        return None
    if record.archived_at is not None:
        problem(_ID, "posten är arkiverad; återställ den i Utblick innan du ändrar den")
    elif row.version is None:
        problem(
            _VERSION,
            "ange postens version när raden har ett ID (den står i mallen med befintliga poster)",
        )
    elif row.version < record.version:
        changed = changed_fields_since(type(record), record.pk, row.version)
        headers = [c.header for name in changed if (c := planner.register.column(name))]
        what = f"; ändrat sedan dess: {', '.join(headers)}" if headers else ""
        problem(
            _VERSION,
            f"posten har ändrats i Utblick sedan filen togs fram (filen har version "
            f"{row.version}, Utblick version {record.version}{what}). Hämta en ny mall med "
            "befintliga poster och för in dina ändringar där",
        )
    elif row.version > record.version:
        problem(_VERSION, f"version {row.version} finns inte; posten är i version {record.version}")
    return record


def _plan_create(planner, lookups, row, result, problem) -> None:
    result.action = CREATE
    for column in planner.present:
        if column.name not in row.values:
            continue
        value = row.values[column.name]
        if column.kind == "priority_areas":
            if value:
                result.m2m[column.name] = value
        elif column.kind == "rows":
            result.children[column.name] = value
        elif column.read is not None:
            result.extra[column.name] = value
        else:
            result.fields[column.attname] = value
        shown = lookups.display(column, value)
        if shown:
            result.values.append((column.header, shown))
    # A link (a contact person's unit) is labelled by its name, not its id.
    label_column = planner.register.column(planner.register.label_field)
    label = row.values.get(planner.register.label_field, "")
    if label_column is not None and label not in ("", None):
        label = lookups.display(label_column, label) or label
    result.label = text(label)
    unit_id = result.fields.get("unit_id")
    if unit_id and not planner.actor.may_create_for_unit(unit_id):
        problem(
            planner.register.column("unit"),
            f"du får bara importera poster för dina enheter ({lookups.own_units()})",
        )


def _plan_update(planner, lookups, row, record, result, problem, where) -> None:
    result.label = str(record)
    for column in planner.present:
        if column.name not in row.values:
            continue
        new = row.values[column.name]
        if column.kind == "priority_areas":
            old = sorted(area.pk for area in record.priority_areas.all())
            if old == new:
                continue
            result.m2m[column.name] = new
        elif column.kind == "rows":
            old = list(getattr(record, column.name).all())
            if lookups.display(column, old) == lookups.display(column, new):
                continue
            result.children[column.name] = _keep_ids(column.child, old, new)
        elif column.read is not None:
            old = column.read(record)
            if _same(old, new):
                continue
            result.extra[column.name] = new
        else:
            old = getattr(record, column.attname)
            if _same(old, new):
                continue
            result.fields[column.attname] = new
        result.changes.append(
            Change(column.header, lookups.display(column, old), lookups.display(column, new))
        )
    result.record = record
    result.action = UPDATE if result.changes else UNCHANGED
    if result.action == UNCHANGED:
        return
    actor = planner.actor
    if not actor.may_edit(record):
        owner = lookups.unit_names.get(getattr(record, "unit_id", None), "en annan enhet")
        problem(
            where,
            f"posten hör till {owner}; du får bara ändra poster för dina enheter "
            f"({lookups.own_units()})",
        )
    elif "unit_id" in result.fields and not actor.may_create_for_unit(result.fields["unit_id"]):
        problem(
            planner.register.column("unit"),
            f"du får bara flytta poster till dina enheter ({lookups.own_units()})",
        )


def _keep_ids(child, old: list, new: list[dict]) -> list[dict]:
    """Rows of the file matched to the record's rows by their first field (a partner's name),
    so a changed row keeps its history; unmatched rows are added, rows not in the file removed."""
    first = child.fields[0]
    free = {}
    for row in old:
        free.setdefault(normalise(str(getattr(row, first))), []).append(row.pk)
    kept = []
    for values in new:
        ids = free.get(normalise(str(values.get(first, ""))))
        kept.append({**values, "id": ids.pop(0)} if ids else values)
    return kept


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, str) and isinstance(new, str):
        return text(old) == text(new)
    return old == new


def _missing_required_columns(planner: _Planner, plan: ImportPlan) -> None:
    creating = [row for row in plan.rows if row.action == CREATE]
    if not creating:
        return
    present = set(planner.present)
    for column in planner.register.columns:
        if column.required and column not in present:
            numbers = [row.number for row in creating]
            listed = ", ".join(str(n) for n in numbers[:10]) + (" …" if len(numbers) > 10 else "")
            plan.problems.append(
                Problem(
                    None,
                    column.header,
                    f"kolumnen saknas i filen men behövs för nya poster (rad {listed})",
                )
            )
            for row in creating:
                row.has_problems = True


# --- writing ---------------------------------------------------------------------------------


def _write(actor: Actor, plan: ImportPlan, reason: str, progress: Progress) -> None:
    """Every row through the services; problems are collected, nothing is raised.

    Each service call is its own savepoint, so a refused row leaves the transaction usable
    and the rows after it are still checked: the preview lists every problem at once.
    """
    total = max(len(plan.rows), 1)
    for start in range(0, len(plan.rows), WRITE_BATCH):
        # The routines are evaluated once per batch of rows, not once per row.
        with write_batch(actor=actor):
            for index in range(start, min(start + WRITE_BATCH, len(plan.rows))):
                if index % 25 == 0:
                    progress(20 + 75 * index // total, f"Rad {index + 1} av {total}")
                _write_row(actor, plan, plan.rows[index], reason)


def _write_row(actor: Actor, plan: ImportPlan, row: RowPlan, reason: str) -> None:
    register = plan.register
    if row.has_problems or row.action == UNCHANGED:
        return
    # The service's own transaction is the row's savepoint; a register whose `prepare` writes
    # too (a person's user account) puts both in one more.
    own_savepoint = transaction.atomic() if register.prepare is not None else nullcontext()
    try:
        with own_savepoint:
            fields = _resolved(actor, register, row.fields)
            if register.prepare is not None:
                register.prepare(
                    actor=actor, fields=fields, extra=row.extra, record=row.record, reason=reason
                )
            if row.action == CREATE:
                record = record_create(
                    actor=actor,
                    model=register.model,
                    fields=fields,
                    m2m=row.m2m,
                    children=row.children,
                    reason=reason,
                )
                row.record_id = record.pk
            else:
                record_update(
                    actor=actor,
                    instance=row.record,
                    expected_version=row.version,
                    fields=fields,
                    m2m=row.m2m,
                    children=row.children,
                    reason=reason,
                )
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
        for name, messages in errors.items():
            for message in messages:
                plan.problems.append(_model_problem(plan, row.number, name, message))
    except StaleVersion as exc:
        plan.problems.append(
            Problem(
                row.number,
                VERSION_HEADER,
                f"posten ändrades i Utblick under importen (nu version {exc.current}); "
                "förhandsgranska filen igen",
            )
        )
    except PermissionDenied:
        plan.problems.append(
            Problem(row.number, None, "du har inte behörighet att spara den här posten")
        )
    except IntegrityError:
        plan.problems.append(
            Problem(row.number, None, "posten kunde inte sparas (databasen avvisade den)")
        )


def _resolved(actor: Actor, register: ImportRegister, fields: dict[str, Any]) -> dict[str, Any]:
    """The row's fields with each record the sheet created further up (Pending) found."""
    resolved = dict(fields)
    for attname, value in fields.items():
        if not isinstance(value, Pending):
            continue
        name = attname.removesuffix("_id")
        model = register.model._meta.get_field(name).related_model
        found = list(
            scoped(model, actor)
            .filter(name__iexact=value.name, archived_at__isnull=True)
            .values_list("pk", flat=True)[:2]
        )
        if len(found) != 1:
            raise ValidationError(
                {
                    name: f"”{value.name}” står längre ned i bladet; flytta dess rad ovanför "
                    "raderna som hänvisar till den"
                }
            )
        resolved[attname] = found[0]
    return resolved


def _model_problem(plan: ImportPlan, number: int, name: str | None, message: str) -> Problem:
    """A validation error of the services, at the column of its field (even if not in the file)."""
    if name in (None, NON_FIELD_ERRORS):
        return Problem(number, None, message)
    if "." in name:  # a child row's field: partners.1.country
        accessor, index, *rest = name.split(".")
        column = plan.register.column(accessor)
        child = column.child.model._meta
        what = f"{child.verbose_name} {int(index) + 1}"
        if rest and rest[0] in {f.name for f in child.get_fields()}:
            what += f", {child.get_field(rest[0]).verbose_name}"
        return Problem(number, column.header, f"{what}: {message}", plan.letters.get(accessor, ""))
    column = plan.register.column(name)
    if column is None:
        with translation.override("sv"):
            verbose = str(plan.register.model._meta.get_field(name).verbose_name)
        return Problem(number, verbose[:1].upper() + verbose[1:], message)
    return Problem(number, column.header, message, plan.letters.get(name, ""))


def _execute(
    *,
    actor: Actor,
    register: ImportRegister,
    data: bytes,
    file_name: str,
    commit: bool,
    expected_digest: str | None = None,
    max_rows: int = MAX_ROWS,
    progress: Progress | None = None,
) -> ImportPlan:
    """Read, plan and write in one transaction; roll back unless committing a valid plan."""
    progress = progress or _no_progress
    if not actor.can_write_anything:
        raise PermissionDenied("readers import nothing")
    plan = ImportPlan(
        register=register, file_name=file_name, sha256=hashlib.sha256(data).hexdigest()
    )
    if len(data) > MAX_BYTES:
        plan.problems.append(Problem(None, None, "Filen är större än 10 MB. Dela upp den."))
        return plan
    with translation.override("sv"), transaction.atomic():
        progress(5, "Läser filen")
        try:
            tables = _tables(register, data, file_name, max_rows)
        except FileProblem as exc:
            plan.problems.append(Problem(None, None, exc.message))
            return plan
        digests = []
        for number, (part, table) in enumerate(tables):
            progress(10 + 85 * number // len(tables), f"Kontrollerar {part.label.lower()}")
            sub = plan if part is register else ImportPlan(part, plan.file_name, plan.sha256)
            plan_import(actor=actor, register=part, table=table, plan=sub)
            _formula_problems(table, sub)
            digests.append(sub.fingerprint())
            _write(actor, sub, reason=f"{REASON_PREFIX}{file_name}", progress=progress)
            if sub is not plan:
                _add_sheet(plan, sub, table.sheet)
        plan.digest = digests[0] if len(digests) == 1 else _digest_of(digests)
        if expected_digest is not None and plan.digest != expected_digest:
            plan.changed_since_preview = True
        if len(tables) == 1 and tables[0][0] is register:
            plan.problems.sort(key=lambda problem: problem.row or 0)
        if plan.problems or plan.changed_since_preview or not commit:
            transaction.set_rollback(True)
            for row in plan.rows:
                if row.action == CREATE:
                    row.record_id = None  # rolled back: the ids were never kept
    return plan


def _tables(register, data: bytes, file_name: str, max_rows: int) -> list[tuple[Any, Table]]:
    """The file's tables, each with the register it holds: a register's file has one (its
    first sheet, or the CSV), a workbook one per register whose sheet it has, in order."""
    if isinstance(register, ImportRegister):
        return [(register, read_table(data, file_name, max_rows=max_rows))]
    sheets = read_sheets(data, file_name, max_rows=max_rows)
    found = [
        (part, sheets[part.sheet_title.casefold()])
        for part in register.registers
        if part.sheet_title.casefold() in sheets and sheets[part.sheet_title.casefold()].rows
    ]
    if not found:
        titles = ", ".join(f"”{part.sheet_title}”" for part in register.registers)
        raise FileProblem(f"Arbetsboken har inget av bladen {titles} med rader i.")
    return found


def _add_sheet(plan: ImportPlan, sub: ImportPlan, sheet: str) -> None:
    for row in sub.rows:
        row.sheet = sheet
        plan.rows.append(row)
    ordered = sorted(sub.problems, key=lambda problem: problem.row or 0)
    plan.problems.extend(replace(problem, sheet=sheet) for problem in ordered)


def _digest_of(digests: list[str]) -> str:
    return hashlib.sha256("".join(digests).encode()).hexdigest()


def _formula_problems(table: Table, plan: ImportPlan) -> None:
    """A formula whose value Excel did not save would read as empty: say so at its cell."""
    for number, index, formula in table.formulas:
        header = table.headers[index] if index < len(table.headers) else None
        column = text(header).rstrip("*").strip() if not is_empty(header) else column_letter(index)
        shown = formula if len(formula) <= 40 else f"{formula[:40]}…"
        plan.problems.append(
            Problem(
                number,
                column,
                f"cellen innehåller formeln {shown} men inget sparat värde (filen har inte "
                "räknats om och sparats i Excel); öppna och spara filen i Excel, eller skriv "
                "in värdet",
                column_letter(index),
            )
        )


def clean_file_name(name: str) -> str:
    base = Path(name.replace("\\", "/")).name
    return "".join(ch for ch in base if ch.isprintable())[:200] or "fil"


# --- the web flow: upload (preview), confirm ---------------------------------------------------


def upload_dir() -> Path:
    configured = getattr(settings, "IMPORT_UPLOAD_DIR", None)
    return Path(configured) if configured else Path(settings.VAR_DIR) / "imports"


def _stored(run: ImportRun, suffix: str) -> Path:
    return upload_dir() / f"{run.token}.{suffix}"


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def _store_plan(run: ImportRun, plan: ImportPlan, notice: str = "") -> None:
    content = {**plan.as_dict(), "notice": notice}
    _write_private(_stored(run, "json"), json.dumps(content, ensure_ascii=False).encode())


def stored_plan(run: ImportRun) -> dict[str, Any] | None:
    """The plan shown at preview, or None once the files are gone."""
    try:
        return json.loads(_stored(run, "json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _forget_files(run: ImportRun) -> None:
    for suffix in ("upload", "json"):
        _stored(run, suffix).unlink(missing_ok=True)


def _remove_expired_files() -> None:
    limit = (timezone.now() - PREVIEW_TTL).timestamp()
    directory = upload_dir()
    if not directory.is_dir():
        return
    for path in directory.iterdir():
        if path.suffix in (".upload", ".json") and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


def _save_run(run: ImportRun, actor: Actor, plan: ImportPlan, status: str, reason: str) -> None:
    run.status = status
    run.finished_at = timezone.now()
    run.progress = 100
    run.step = ""
    run.plan_digest = plan.digest
    run.row_count = len(plan.rows)
    # Counts of what was (applied) or would be (previewed) done; nothing for a refused file.
    done = status in (ImportStatus.APPLIED, ImportStatus.PREVIEWED)
    run.created_count = plan.count(CREATE) if done else 0
    run.updated_count = plan.count(UPDATE) if done else 0
    run.unchanged_count = plan.count(UNCHANGED) if done else 0
    run.error_count = len(plan.problems)
    if status == ImportStatus.APPLIED:
        run.applied_at = timezone.now()
        run.created_ids = [r.record_id for r in plan.rows if r.action == CREATE and r.record_id]
        run.updated_ids = [r.record_id for r in plan.rows if r.action == UPDATE and r.record_id]
    run._history_user = actor.user if getattr(actor.user, "pk", None) else None
    run._change_reason = reason
    run.save()


def _new_run(actor: Actor, register: ImportRegister, plan: ImportPlan) -> ImportRun:
    return ImportRun(
        municipality=actor.municipality,
        user=actor.user if getattr(actor.user, "pk", None) else None,
        register=register.key,
        file_name=plan.file_name,
        sha256=plan.sha256,
        token=secrets.token_hex(16),
    )


def import_upload(
    *, actor: Actor, register: ImportRegister, data: bytes, file_name: str
) -> ImportRun:
    """Keep an uploaded file and queue its preview for the background worker (the request
    returns at once; the preview page follows the run's progress)."""
    if not actor.can_write_anything:
        raise PermissionDenied("readers import nothing")
    _remove_expired_files()
    run = ImportRun(
        municipality=actor.municipality,
        user=actor.user if getattr(actor.user, "pk", None) else None,
        register=register.key,
        file_name=clean_file_name(file_name),
        sha256=hashlib.sha256(data).hexdigest(),
        token=secrets.token_hex(16),
        status=ImportStatus.PREVIEWING,
        phase=PREVIEW,
        step="Väntar på att starta",
    )
    _write_private(_stored(run, "upload"), data)
    run._history_user = run.user
    run._change_reason = "uppladdad"
    run.save()
    _enqueue(run)
    return run


def import_confirm(*, actor: Actor, run: ImportRun, sha256: str) -> ImportRun:
    """Queue the import of exactly the previewed file; ImportRefused if it cannot go ahead."""
    if run.status != ImportStatus.PREVIEWED:
        raise ImportRefused("Den här importen kan inte bekräftas (den är redan avslutad).")
    if run.user_id != actor.user_id:
        raise PermissionDenied("only the one who uploaded confirms")
    if timezone.now() - run.created_at > PREVIEW_TTL:
        raise ImportRefused("Förhandsgranskningen är äldre än ett dygn. Ladda upp filen igen.")
    data = _kept_file(run)
    if not secrets.compare_digest(sha256, run.sha256) or (
        hashlib.sha256(data).hexdigest() != run.sha256
    ):
        raise ImportRefused("Filen stämmer inte med den som förhandsgranskades.")
    claimed = (
        scoped(ImportRun, actor)
        .filter(pk=run.pk, status=ImportStatus.PREVIEWED)
        .update(
            status=ImportStatus.APPLYING,
            phase=CONFIRM,
            progress=0,
            step="Väntar på att starta",
            started_at=None,
            heartbeat_at=timezone.now(),  # queued now (core.runs)
            finished_at=None,
            error="",
        )
    )
    if not claimed:
        raise ImportRefused("Importen är redan bekräftad.")
    run.refresh_from_db()
    _enqueue(run)
    return run


def import_retry(*, actor: Actor, run: ImportRun) -> ImportRun:
    """Run a preview or import whose worker died (or that ran too long) again, as a new
    attempt. Nothing of the failed attempt was kept (one transaction), so the retry starts
    from the same file; asking twice queues it once."""
    if run.user_id != actor.user_id:
        raise PermissionDenied("only the one who uploaded retries")
    if run.status != ImportStatus.FAILED or not run.error:
        raise ImportRefused("Den här importen kan inte köras igen.")
    _kept_file(run)
    working = ImportStatus.PREVIEWING if run.phase == PREVIEW else ImportStatus.APPLYING
    queued = (
        scoped(ImportRun, actor)
        .filter(pk=run.pk, status=ImportStatus.FAILED, attempt=run.attempt)
        .update(
            status=working,
            attempt=run.attempt + 1,
            progress=0,
            step="Väntar på att starta",
            started_at=None,
            heartbeat_at=timezone.now(),  # queued now (core.runs)
            finished_at=None,
            error="",
        )
    )
    run.refresh_from_db()
    if queued:
        _enqueue(run)
    return run


def import_runs_reap(queryset=None) -> int:
    """Fail the previews and imports whose worker died or that ran too long (core.runs)."""
    return runs.reap(
        queryset if queryset is not None else ImportRun.objects.all(),
        working=(ImportStatus.PREVIEWING, ImportStatus.APPLYING),
        waiting=(ImportStatus.PREVIEWING, ImportStatus.APPLYING),
        failed=ImportStatus.FAILED,
        extra={"step": "Avbruten"},
    )


def import_run_execute(run_id: int) -> ImportRun:
    """The worker's side: preview or import the run's file, with progress and a heartbeat.
    Never raises for a failure of the work itself: it is recorded on the run."""
    import_runs_reap()  # a worker that died before this one left its runs behind
    now = timezone.now()
    claimed = ImportRun.objects.filter(
        pk=run_id,
        status__in=(ImportStatus.PREVIEWING, ImportStatus.APPLYING),
        started_at__isnull=True,
    ).update(started_at=now, heartbeat_at=now, progress=1, step="Startar")
    run = ImportRun.objects.select_related("municipality", "user").get(pk=run_id)
    if not claimed:
        return run  # already taken (a task delivered twice) or reaped
    state: dict = {}
    try:
        actor = actor_for(run.user, run.municipality)
        working = (ImportStatus.PREVIEWING, ImportStatus.APPLYING)
        with runs.heartbeat(ImportRun, run.pk, run.attempt, working=working, state=state):
            if run.phase == PREVIEW:
                _preview(actor, run, state)
            else:
                _apply(actor, run, state)
    except Exception as exc:
        log.exception("import run %s failed", run.pk)
        reason = str(exc) if isinstance(exc, runs.RunTimedOut) else f"{type(exc).__name__}: {exc}"
        _mine(run).update(
            status=ImportStatus.FAILED,
            error=reason[:2000],
            step="Avbruten",
            finished_at=timezone.now(),
        )
    run.refresh_from_db()
    return run


def _mine(run: ImportRun):
    """The run as long as this attempt still owns it (not reaped and retried meanwhile)."""
    working = (ImportStatus.PREVIEWING, ImportStatus.APPLYING)
    return ImportRun.objects.filter(pk=run.pk, attempt=run.attempt, status__in=working)


def _progress_of(run: ImportRun, state: dict) -> Progress:
    """Progress goes out with the heartbeat: the work runs in one transaction, whose own
    writes nobody else sees until it ends."""

    def progress(percent: int, step: str) -> None:
        runs.check_time(run.started_at)
        state.update(progress=max(1, min(99, percent)), step=step[:200])

    return progress


def _preview(actor: Actor, run: ImportRun, state: dict) -> None:
    register = find_register(run.register)
    plan = _execute(
        actor=actor,
        register=register,
        data=_kept_file(run),
        file_name=run.file_name,
        commit=False,
        max_rows=WEB_MAX_ROWS,
        progress=_progress_of(run, state),
    )
    status = ImportStatus.PREVIEWED if plan.valid else ImportStatus.INVALID
    with transaction.atomic():
        if not _mine(run).select_for_update().exists():
            return  # reaped meanwhile: the retry previews again
        _store_plan(run, plan)
        _save_run(run, actor, plan, status, "förhandsgranskad")
    if not plan.valid:
        _stored(run, "upload").unlink(missing_ok=True)


def _apply(actor: Actor, run: ImportRun, state: dict) -> None:
    register = find_register(run.register)
    with transaction.atomic():
        plan = _execute(
            actor=actor,
            register=register,
            data=_kept_file(run),
            file_name=run.file_name,
            commit=True,
            expected_digest=run.plan_digest,
            max_rows=WEB_MAX_ROWS,
            progress=_progress_of(run, state),
        )
        owned = _mine(run).select_for_update().exists()
        if owned and plan.valid and not plan.changed_since_preview:
            _save_run(run, actor, plan, ImportStatus.APPLIED, "bekräftad och inläst")
        else:
            transaction.set_rollback(True)
    if not owned:
        return  # reaped meanwhile: nothing of this attempt was kept
    if plan.changed_since_preview:
        status = ImportStatus.PREVIEWED if plan.valid else ImportStatus.INVALID
        _save_run(run, actor, plan, status, "förhandsgranskad på nytt: registret hade ändrats")
        _store_plan(
            run,
            plan,
            notice="Registret har ändrats sedan du förhandsgranskade filen. Här är den nya "
            "förhandsgranskningen – kontrollera den och bekräfta igen.",
        )
    elif not plan.valid:
        _save_run(run, actor, plan, ImportStatus.FAILED, "avbruten: fel vid bekräftelsen")
        _store_plan(run, plan)
    else:
        _forget_files(run)


def _kept_file(run: ImportRun) -> bytes:
    try:
        return _stored(run, "upload").read_bytes()
    except OSError as exc:
        raise ImportRefused("Den uppladdade filen finns inte kvar. Ladda upp den igen.") from exc


def _enqueue(run: ImportRun) -> None:
    from utblick.imports.tasks import import_run_task

    import_run_task.enqueue(run.pk)


def import_file(
    *, actor: Actor, register: ImportRegister, data: bytes, file_name: str, dry_run: bool
) -> tuple[ImportPlan, ImportRun | None]:
    """Preview and import in one go (the command): a dry run writes nothing at all."""
    file_name = clean_file_name(file_name)
    if dry_run:
        plan = _execute(
            actor=actor, register=register, data=data, file_name=file_name, commit=False
        )
        return plan, None
    with transaction.atomic():
        plan = _execute(actor=actor, register=register, data=data, file_name=file_name, commit=True)
        run = _new_run(actor, register, plan)
        if plan.valid:
            _save_run(run, actor, plan, ImportStatus.APPLIED, "inläst med kommandot import")
    if not plan.valid:
        _save_run(run, actor, plan, ImportStatus.INVALID, "fel i filen: inget sparades")
    return plan, run


def recent_runs(actor: Actor, limit: int = 20):
    """Coordinators see every import of the municipality; others their own."""
    runs = scoped(ImportRun, actor).select_related("user")
    if not actor.covers_whole_municipality:
        runs = runs.filter(user_id=actor.user_id)
    return runs[:limit]
