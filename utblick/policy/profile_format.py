"""The policy profile format: an organisation's steering documents as TOML.

`parse_profile` turns profile text into a `Profile` or raises `ProfileInvalid` carrying every
error found, each located by file, line and dotted key path, in plain Swedish. Pure Python on
purpose: the same checks run in the CLI, in CI on a profile pull request, in an editor (the
format is also published as a JSON Schema) and in Django. The format is documented in
docs/policy-profiles.md.

Format 2 writes routines in the general rule vocabulary (`utblick.policy.families`): each
routine one or more checks, each a rule family with conditions over register fields.
Format 1 (one rule type per seed sentence) is still read: its routines become the same
checks (`rule_types.to_checks`), so versions loaded before format 2 keep working.
"""

from __future__ import annotations

import csv
import math
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from utblick.core.words import terminology

from .families import (
    BODY_KINDS,
    STANDARD_BODIES,
    Check,
    Context,
    parse_check,
)
from .rule_types import (
    BODIES as LEGACY_BODIES,
)
from .rule_types import (
    RULE_TYPES,
    short_repr,
    to_checks,
    type_name,
    unknown_rule_message,
    validate_params,
)
from .vocabulary import vocabulary

FORMAT_VERSION = 2
FORMATS = (1, 2)
PROFILES_DIR = Path(__file__).parent / "profiles"
REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference" / "data"
# Seed profiles shipped with Utblick, by SCB municipality code.
SEED_PROFILES: dict[str, str] = {
    "0580": "linkoping.toml",
    "1280": "malmo.toml",
    "1445": "essunga.toml",
    "2080": "falun.toml",
}

DOCUMENT_KINDS: tuple[str, ...] = vocabulary("document_kinds")
DOCUMENT_STATUSES: tuple[str, ...] = vocabulary("document_statuses")
# Format 1 had no action plans (an organisation now may have one beside its policy).
DOCUMENT_KINDS_V1: tuple[str, ...] = ("policy", "program", "plan", "strategy", "guideline")
REVIEW_INTERVALS: tuple[str, ...] = ("term_of_office", "yearly", "as_needed")
RESPONSIBILITY_DECISIONS: tuple[str, ...] = (
    "policy_adoption",
    "municipality_wide_memberships",
    "unit_memberships",
    "political_representation",
    "new_partner_cities",
    "significant_agreement_changes",
    "declarations_and_initiatives",
    "twin_town_relations",
    "protocol_representation",
    "official_visit_representation",
    "project_applications",
    "yearly_report",
    "grants",
    "invitations_abroad",
    "receptions",
)
INDICATOR_KINDS: tuple[str, ...] = ("manual", "derived")
DIRECTIONS: tuple[str, ...] = ("increase", "decrease", "maintain")
REPORTER_KINDS: tuple[str, ...] = (
    "committee",
    "municipal_company",
    "administration",
    "executive_office",
    "preparatory_committee",
)
ORGANISATION_KINDS: tuple[str, ...] = ("municipality", "region")

DERIVED_METRICS: dict[str, str] = {
    "external_funding_applied_sek": "Sökt extern finansiering (kr)",
    "external_funding_granted_sek": "Beviljad extern finansiering (kr)",
    "applications_count": "Antal ansökningar om extern finansiering",
    "applications_granted_count": "Antal beviljade ansökningar",
    "application_success_rate": "Andel beviljade ansökningar (%)",
    "children_young_participants": "Antal barn och unga i internationella utbyten",
    "staff_participants": "Antal medarbetare i internationella projekt och utbildningar",
    "elected_participants": "Antal förtroendevalda i internationella utbyten",
    "projects_with_municipalities_abroad": "Antal projekt med kommuner i andra länder",
    "share_units_with_international_activity": "Andel verksamheter med internationellt arbete (%)",
    "conferences_hosted": "Antal internationella konferenser och möten i kommunen",
    "study_visits_received": "Antal mottagna internationella studiebesök",
    "memberships_reviewed_on_time_share": "Andel medlemskap som prövats i tid (%)",
    "lessons_learned_count": "Antal dokumenterade lärdomar från avslutade projekt",
}
# The unit a derived indicator gets when the profile does not name one.
DERIVED_METRIC_UNITS: dict[str, str] = {
    metric: "kr" if metric.endswith("_sek") else "%" if "%" in label else "antal"
    for metric, label in DERIVED_METRICS.items()
}

_SLUG = re.compile(r"[a-z0-9_-]+")
_REQUIREMENT = re.compile(r"[A-Z]+[0-9]+")
_ORGANISATION_CODE = re.compile(r"[0-9]{2}|[0-9]{4}")
_MMDD = re.compile(r"([0-9]{2})-([0-9]{2})")
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # 02-29 allowed: leap years

KeyPath = tuple[str | int, ...]


@cache
def organisation_codes() -> dict[str, tuple[str, str]]:
    """Every organisation that can be a tenant: code → (name, kind), from the reference data."""
    codes: dict[str, tuple[str, str]] = {}
    with (REFERENCE_DIR / "municipalities.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            codes[row["code"]] = (row["name"], "municipality")
    with (REFERENCE_DIR / "regions.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            codes[row["county_code"]] = (row["region_name"], "region")
    return codes


# --- Errors --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileError:
    path: str
    line: int | None
    column: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class ProfileInvalid(Exception):
    def __init__(self, errors: Sequence[ProfileError]):
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


# --- The parsed profile --------------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationRef:
    code: str
    name: str
    kind: str = "municipality"


# The name format 1 used for the organisation.
MunicipalityRef = OrganisationRef
# Bodies the format knows without a declaration (a profile may declare more in [[bodies]]).
BODIES: tuple[str, ...] = STANDARD_BODIES


@dataclass(frozen=True)
class ReplacedDocument:
    title: str
    adopted_by: str | None
    adopted_year: int | None
    revised_year: int | None


@dataclass(frozen=True)
class DocumentMeta:
    key: str
    title: str
    kind: str
    status: str
    adopted_by: str | None
    adopted_on: date | None
    adopted_paragraph: str | None
    valid_from: date | None
    valid_to: date | None
    registry_number: str | None
    owner: str | None
    addressed_to: str | None
    review_date: date | None
    review_interval: str | None
    keywords: tuple[str, ...]
    replaces: tuple[ReplacedDocument, ...]
    summary: str
    conditional_on: str | None = None


@dataclass(frozen=True)
class Body:
    """A body the document names beyond the standard ones (an internationell beredning, an
    utskott, a regional board), or a standard one by the organisation's own name."""

    key: str
    name: str
    kind: str
    parent: str | None = None
    chair: str = ""
    members: tuple[str, ...] = ()
    meets_per_year: int | None = None
    handles: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Commitment:
    key: str
    text: str


@dataclass(frozen=True)
class PriorityArea:
    key: str
    name: str
    description: str
    commitments: tuple[Commitment, ...]
    tags: tuple[str, ...]
    rank: int | None = None
    exclude_terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Indicator:
    key: str
    name: str
    kind: str
    metric: str | None
    unit: str
    baseline: float | None
    baseline_year: int | None
    target: float | None
    target_year: int | None
    direction: str


@dataclass(frozen=True)
class Goal:
    key: str
    name: str
    description: str
    priority_area: str | None
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class Responsibility:
    body: str
    duties: tuple[str, ...]
    decides: tuple[str, ...]


@dataclass(frozen=True)
class ReportingPeriod:
    key: str
    name: str
    period_start: str
    period_end: str
    due: str
    reporters: tuple[str, ...]
    recipient: str


@dataclass(frozen=True)
class Criterion:
    key: str
    text: str


@dataclass(frozen=True)
class GrantScheme:
    """The organisation's own fund for international work."""

    key: str
    name: str
    description: str
    eligible: tuple[str, ...]
    criteria: tuple[Criterion, ...]
    yearly_budget_sek: int | None
    deadline: str | None
    for_next_year: bool
    allocated_by: str | None


@dataclass(frozen=True)
class CostShare:
    """Who pays a kind of cost at a visit."""

    cost: str
    paid_by: str
    note: str = ""


@dataclass(frozen=True)
class Routine:
    key: str
    requirement: str | None
    description: str
    checks: tuple[Check, ...]
    document: str | None = None
    # Format 1 only: the rule type and its parameters, as written.
    legacy_rule: str | None = None
    legacy_params: dict[str, Any] = field(default_factory=dict[str, Any])

    @property
    def rule(self) -> str | None:
        return self.legacy_rule

    @property
    def params(self) -> dict[str, Any]:
        """Format 1: the rule type's parameters, defaults filled in."""
        return self.legacy_params

    @property
    def families(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(check.family for check in self.checks))

    @property
    def registers(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(check.register for check in self.checks))


@dataclass(frozen=True)
class Profile:
    format: int
    organisation: OrganisationRef
    documents: tuple[DocumentMeta, ...]
    bodies: tuple[Body, ...]
    priority_areas: tuple[PriorityArea, ...]
    goals: tuple[Goal, ...]
    responsibilities: tuple[Responsibility, ...]
    reporting: tuple[ReportingPeriod, ...]
    routines: tuple[Routine, ...]
    grant_schemes: tuple[GrantScheme, ...] = ()
    cost_sharing: tuple[CostShare, ...] = ()

    @property
    def municipality(self) -> OrganisationRef:
        """The organisation (a municipality or a region)."""
        return self.organisation

    @property
    def document(self) -> DocumentMeta:
        """The main steering document: the first one the profile lists."""
        return self.documents[0]


# --- Public entry points -------------------------------------------------------------------


def parse_profile(text: str, *, path: str = "<profile>") -> Profile:
    """Parse and validate profile text; raise ProfileInvalid with every error found."""
    profile, errors = _parse(text, path)
    if errors or profile is None:
        raise ProfileInvalid(errors)
    return profile


def check_profile(text: str, *, path: str = "<profile>") -> list[ProfileError]:
    """All errors in the profile text, sorted by line; [] when it is valid."""
    return _parse(text, path)[1]


def load_profile_file(file: str | Path) -> Profile:
    """Parse a profile file; errors name the file as given."""
    file = Path(file)
    return parse_profile(file.read_text(encoding="utf-8"), path=file.name)


def seed_profile_path(municipality_code: str) -> Path:
    return PROFILES_DIR / SEED_PROFILES[municipality_code]


def format_key_path(path: Iterable[str | int]) -> str:
    """("routines", 3, "params", "x") -> "routines[3].params.x" (indexes count from 0)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def _parse(text: str, path: str) -> tuple[Profile | None, list[ProfileError]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return None, [_syntax_error(str(exc), text, path)]
    except RecursionError:
        message = "ogiltig TOML: värdena är för djupt nästlade"
        return None, [ProfileError(path, 1, 1, "", message)]
    checker = _Checker(text, path)
    profile = checker.profile(data)
    return profile, checker.sorted_errors()


# --- TOML syntax errors --------------------------------------------------------------------

_TOML_POSITION = re.compile(
    r"^(?P<detail>.*) \(at (?:line (?P<line>\d+), column (?P<col>\d+)|end of document)\)$",
    re.S,
)
_SYNTAX_SV: tuple[tuple[str, str], ...] = (
    ("Expected '=' after a key", "förväntade '=' efter nyckeln"),
    ("Expected newline or end of document", "förväntade radslut efter värdet"),
    ("Invalid value", "ogiltigt värde"),
    ("Invalid statement", "ogiltig rad"),
    ("Invalid initial character for a key part", "ogiltigt tecken i nyckeln"),
    ("Invalid key", "ogiltig nyckel"),
    ("Cannot declare", "tabellen är redan deklarerad"),
    ("Cannot overwrite a value", "nyckeln har redan ett värde"),
    ("Cannot mutate immutable namespace", "nyckeln har redan ett värde"),
    ("Unterminated string", "texten avslutas aldrig med citattecken"),
    ("Illegal character '\\n'", "texten avslutas inte med citattecken på samma rad"),
    ("Illegal character", "otillåtet tecken i texten"),
    ("Unescaped", "otillåtet omaskerat tecken i texten"),
    ("Unclosed array", "listan stängs aldrig med ']'"),
    ("Unclosed inline table", "tabellen stängs aldrig med '}'"),
    ("Expected ']' at the end of a table declaration", "förväntade ']' efter tabellnamnet"),
    ("Expected ']]' at the end of an array declaration", "förväntade ']]' efter tabellnamnet"),
    ("Invalid date", "ogiltigt datum"),
)


def _syntax_error(message: str, text: str, path: str) -> ProfileError:
    match = _TOML_POSITION.match(message)
    detail = match.group("detail") if match else message
    if match and match.group("line"):
        line, column = int(match.group("line")), int(match.group("col"))
    else:  # "at end of document": point at the last line that has content
        lines = text.rstrip("\n").split("\n")
        line, column = len(lines), len(lines[-1]) + 1
    swedish = next((sv for en, sv in _SYNTAX_SV if detail.startswith(en)), "syntaxfel")
    return ProfileError(path, line, column, "", f"ogiltig TOML: {swedish} ({detail})")


# --- Locating key paths in the source ------------------------------------------------------

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


class SourceLocator:
    """Maps key paths to (line, column) by scanning TOML source text.

    tomllib reports no positions for valid documents, so this tracks `[table]` and
    `[[array]]` headers (counting array elements per parent element), `key =` lines, keys
    inside inline tables and the elements of arrays. `locate` falls back to the nearest
    enclosing key or header, and to line 1 for the document itself. Never raises.
    """

    def __init__(self, text: str):
        self._positions: dict[KeyPath, tuple[int, int]] = {(): (1, 1)}
        self._array_counts: dict[KeyPath, int] = {}
        self._scan(text)

    def locate(self, path: Iterable[str | int]) -> tuple[int, int]:
        key = tuple(path)
        while key not in self._positions:
            key = key[:-1]
        return self._positions[key]

    def line_of(self, path: Iterable[str | int]) -> int:
        return self.locate(path)[0]

    def _scan(self, text: str) -> None:
        table: KeyPath = ()
        value = _ValueScanner(self._positions)
        for lineno, line in enumerate(text.split("\n"), start=1):
            if value.is_open:
                value.feed(line, lineno, 0)
                continue
            stripped = line.lstrip(" \t")
            indent = len(line) - len(stripped)
            if stripped.startswith("[["):
                table = self._array_header(stripped, lineno, indent + 1, table)
            elif stripped.startswith("["):
                table = self._table_header(stripped, lineno, indent + 1, table)
            elif stripped and not stripped.startswith("#"):
                self._key_value(stripped, lineno, indent, table, value)

    def _array_header(self, line: str, lineno: int, column: int, table: KeyPath) -> KeyPath:
        parts, _ = _parse_dotted_key(line, 2)
        if not parts:
            return table
        array = (*self._resolve(parts[:-1]), parts[-1])
        index = self._array_counts.get(array, 0)
        self._array_counts[array] = index + 1
        self._positions.setdefault(array, (lineno, column))
        self._positions[(*array, index)] = (lineno, column)
        return (*array, index)

    def _table_header(self, line: str, lineno: int, column: int, table: KeyPath) -> KeyPath:
        parts, _ = _parse_dotted_key(line, 1)
        if not parts:
            return table
        resolved = self._resolve(parts)
        self._positions.setdefault(resolved, (lineno, column))
        return resolved

    def _key_value(
        self, line: str, lineno: int, indent: int, table: KeyPath, value: _ValueScanner
    ) -> None:
        parts, end = _parse_dotted_key(line, 0)
        equals = _skip_blanks(line, end)
        if not parts or not line.startswith("=", equals):
            return
        for depth in range(1, len(parts) + 1):
            self._positions.setdefault((*table, *parts[:depth]), (lineno, indent + 1))
        value.start((*table, *parts), line[equals + 1 :], lineno, indent + equals + 1)

    def _resolve(self, parts: Sequence[str]) -> KeyPath:
        # A name that is an array of tables means its latest element.
        path: KeyPath = ()
        for part in parts:
            path = (*path, part)
            count = self._array_counts.get(path)
            if count:
                path = (*path, count - 1)
        return path


def _parse_dotted_key(line: str, pos: int) -> tuple[list[str], int]:
    """Parse `a."b c".d` at pos; ([], pos) when there is no key there."""
    parts: list[str] = []
    i = pos
    while True:
        i = _skip_blanks(line, i)
        if i >= len(line):
            return [], pos
        if line[i] in "\"'":
            end = _string_end(line, i)
            if end is None:
                return [], pos
            try:
                parts.append(tomllib.loads(f"k = {line[i:end]}")["k"])
            except tomllib.TOMLDecodeError:
                return [], pos
            i = end
        else:
            match = _BARE_KEY.match(line, i)
            if not match:
                return [], pos
            parts.append(match.group())
            i = match.end()
        i = _skip_blanks(line, i)
        if i < len(line) and line[i] == ".":
            i += 1
            continue
        return parts, i


def _skip_blanks(line: str, i: int) -> int:
    while i < len(line) and line[i] in " \t\r":
        i += 1
    return i


def _string_end(line: str, start: int) -> int | None:
    """Index after the single-line string starting at `start`, or None if unterminated."""
    quote = line[start]
    i = start + 1
    while i < len(line):
        if quote == '"' and line[i] == "\\":
            i += 2
            continue
        if line[i] == quote:
            return i + 1
        i += 1
    return None


@dataclass
class _Container:
    """An open array or inline table while scanning a value; path None = not indexed."""

    path: KeyPath | None
    is_table: bool
    index: int = 0
    expecting: bool = True  # an element (array) or a key (inline table) comes next


_TRIPLE_QUOTES = ('"""', "'''")


class _ValueScanner:
    """Scans a value, possibly over several lines, indexing array elements and inline keys."""

    def __init__(self, positions: dict[KeyPath, tuple[int, int]]):
        self._positions = positions
        self._stack: list[_Container] = []
        self._multiline: str | None = None
        self._pending: KeyPath | None = None  # path of the value that starts next

    @property
    def is_open(self) -> bool:
        return bool(self._stack) or self._multiline is not None

    def start(self, path: KeyPath, text: str, lineno: int, offset: int) -> None:
        self._stack.clear()
        self._multiline = None
        self._pending = path
        self.feed(text, lineno, offset)

    def feed(self, text: str, lineno: int, offset: int) -> None:
        """Scan `text`, whose first character is at column offset + 1 of line `lineno`."""
        i = 0
        while i < len(text):
            if self._multiline:
                i = self._in_multiline(text, i)
                continue
            char = text[i]
            top = self._stack[-1] if self._stack else None
            if char in " \t\r":
                i += 1
            elif char == "#":
                return
            elif char in "]}":
                if self._stack:
                    self._stack.pop()
                i += 1
            elif char == ",":
                if top is not None:
                    top.index += 1
                    top.expecting = True
                i += 1
            elif top is not None and top.is_table and top.expecting:
                i = self._inline_key(top, text, i, lineno, offset)
            else:
                i = self._value(text, i, self._value_path(top, lineno, offset + i + 1))

    def _value(self, text: str, i: int, path: KeyPath | None) -> int:
        char = text[i]
        if char in "[{":
            self._stack.append(_Container(path, is_table=char == "{"))
            return i + 1
        if text.startswith(_TRIPLE_QUOTES, i):
            self._multiline = text[i : i + 3]
            return i + 3
        if char in "\"'":
            return _string_end(text, i) or len(text)
        return i + 1  # a bare value (number, boolean, date), one character at a time

    def _value_path(self, top: _Container | None, lineno: int, column: int) -> KeyPath | None:
        if top is not None and not top.is_table:
            if not top.expecting:
                return None
            top.expecting = False
            if top.path is None:
                return None
            path = (*top.path, top.index)
            self._positions.setdefault(path, (lineno, column))
            return path
        pending, self._pending = self._pending, None
        return pending

    def _inline_key(self, top: _Container, text: str, i: int, lineno: int, offset: int) -> int:
        parts, end = _parse_dotted_key(text, i)
        equals = _skip_blanks(text, end)
        if not parts or not text.startswith("=", equals):
            return i + 1
        top.expecting = False
        self._pending = None
        if top.path is not None:
            for depth in range(1, len(parts) + 1):
                self._positions.setdefault((*top.path, *parts[:depth]), (lineno, offset + i + 1))
            self._pending = (*top.path, *parts)
        return equals + 1

    def _in_multiline(self, text: str, i: int) -> int:
        assert self._multiline is not None
        if self._multiline == '"""' and text[i] == "\\":
            return i + 2
        if text.startswith(self._multiline, i):
            # Up to two quotes may directly precede the closing delimiter.
            run = len(text[i:]) - len(text[i:].lstrip(self._multiline[0]))
            self._multiline = None
            return i + run
        return i + 1


# --- Semantic validation -------------------------------------------------------------------

_MISSING = object()
_TOP_LEVEL = {
    1: (
        "format",
        "municipality",
        "document",
        "priority_areas",
        "goals",
        "responsibilities",
        "reporting",
        "routines",
    ),
    2: (
        "format",
        "organisation",
        "documents",
        "bodies",
        "priority_areas",
        "goals",
        "responsibilities",
        "reporting",
        "grant_schemes",
        "cost_sharing",
        "routines",
    ),
}
_DOCUMENT_KEYS = (
    "title",
    "kind",
    "status",
    "adopted_by",
    "adopted_on",
    "adopted_paragraph",
    "valid_from",
    "valid_to",
    "registry_number",
    "owner",
    "addressed_to",
    "review_date",
    "review_interval",
    "keywords",
    "replaces",
    "summary",
)
_ALLOWED_KEYS: dict[str, tuple[str, ...]] = {
    "municipality": ("code", "name"),
    "organisation": ("code", "name", "kind"),
    "document": _DOCUMENT_KEYS,
    "documents": ("key", *_DOCUMENT_KEYS, "conditional_on"),
    "bodies": (
        "key",
        "name",
        "kind",
        "parent",
        "chair",
        "members",
        "meets_per_year",
        "handles",
        "description",
    ),
    "replaces": ("title", "adopted_by", "adopted_year", "revised_year"),
    "priority_areas": (
        "key",
        "name",
        "description",
        "tags",
        "commitments",
        "rank",
        "exclude_terms",
    ),
    "goals": ("key", "name", "description", "priority_area", "indicators"),
    "indicators": (
        "key",
        "name",
        "kind",
        "metric",
        "unit",
        "baseline",
        "baseline_year",
        "target",
        "target_year",
        "direction",
    ),
    "responsibilities": ("body", "duties", "decides"),
    "reporting": ("key", "name", "period_start", "period_end", "due", "reporters", "recipient"),
    "grant_schemes": (
        "key",
        "name",
        "description",
        "eligible",
        "criteria",
        "yearly_budget_sek",
        "deadline",
        "for_next_year",
        "allocated_by",
    ),
    "criteria": ("key", "text"),
    "cost_sharing": ("cost", "paid_by", "note"),
    "routines_v1": ("key", "rule", "requirement", "description", "params"),
    # Format 2: the routine's own keys; a routine with one check writes the check's keys
    # beside them, one with several writes [[routines.checks]].
    "routines": ("key", "document", "requirement", "description", "checks"),
}


class _Checker:
    """Walks the parsed TOML, building the Profile and collecting located errors."""

    def __init__(self, text: str, path: str):
        self.path = path
        self.locator = SourceLocator(text)
        self.errors: list[ProfileError] = []
        self.format = FORMAT_VERSION
        self.bodies: set[str] = set(STANDARD_BODIES)
        self.periods: set[str] = set()
        self.documents: list[str] = []

    def error(self, key: KeyPath, message: str, *, at: KeyPath | None = None) -> None:
        line, column = self.locator.locate(key if at is None else at)
        self.errors.append(ProfileError(self.path, line, column, format_key_path(key), message))

    def sorted_errors(self) -> list[ProfileError]:
        unique = dict.fromkeys(self.errors)
        return sorted(unique, key=lambda e: (e.line or 0, e.column or 0, e.key, e.message))

    # The document, section by section.

    def profile(self, data: dict[str, Any]) -> Profile:
        version = data.get("format")
        if isinstance(version, int) and not isinstance(version, bool) and version in FORMATS:
            self.format = version
        elif "municipality" in data or "document" in data:
            self.format = 1  # an unreadable format key: read it as what it looks like
        root = _Table(self, data, (), _TOP_LEVEL[self.format])
        version = root.integer("format", required=True)
        if version is not None and version not in FORMATS:
            self.error(
                ("format",),
                f"formatversion {version} stöds inte — den här versionen läser format = 2 "
                "(och det äldre format = 1)",
            )
        if self.format == 1:
            organisation = self.organisation(
                root.table("municipality", required=True), "municipality"
            )
            document = self.document(root.table("document", required=True), legacy=True)
            documents: tuple[DocumentMeta, ...] = (document,)
            bodies: tuple[Body, ...] = ()
        else:
            organisation = self.organisation(
                root.table("organisation", required=True), "organisation"
            )
            documents = tuple(self.document(t) for t in root.tables("documents"))
            if not documents and "documents" not in data:
                self.error(("documents",), "minst ett [[documents]] krävs", at=())
            bodies = tuple(self.body(t) for t in root.tables("bodies"))
        self.documents = [d.key for d in documents]
        if self.format == 1:
            self.bodies = set(LEGACY_BODIES)
        self.bodies |= {b.key for b in bodies if b.key}
        reporting = tuple(self.reporting_period(t) for t in root.tables("reporting"))
        self.periods = {p.key for p in reporting if p.key}
        areas = tuple(self.priority_area(t) for t in root.tables("priority_areas"))
        goals = tuple(self.goal(t) for t in root.tables("goals"))
        responsibilities = tuple(self.responsibility(t) for t in root.tables("responsibilities"))
        grant_schemes = tuple(self.grant_scheme(t) for t in root.tables("grant_schemes"))
        cost_sharing = tuple(self.cost_share(t) for t in root.tables("cost_sharing"))
        allowed = _ALLOWED_KEYS["routines_v1"] if self.format == 1 else _ANYTHING
        routines = tuple(self.routine(t) for t in root.tables("routines", allowed=allowed))
        profile = Profile(
            self.format,
            organisation,
            documents,
            bodies,
            areas,
            goals,
            responsibilities,
            reporting,
            routines,
            grant_schemes,
            cost_sharing,
        )
        _CrossChecks(self, profile).run()
        return profile

    def organisation(self, table: _Table | None, name: str) -> OrganisationRef:
        if table is None:
            return OrganisationRef("", "")
        code = table.text("code", required=True)
        kind = table.choice("kind", ORGANISATION_KINDS) if name == "organisation" else None
        known = organisation_codes()
        if code is not None and name == "municipality" and not re.fullmatch(r"[0-9]{4}", code):
            table.error(
                "code", f"kommunkoden ska vara fyra siffror (t.ex. \"0580\"), fick '{code}'"
            )
        elif code is not None and not _ORGANISATION_CODE.fullmatch(code):
            table.error(
                "code",
                f'koden ska vara fyra siffror för en kommun (t.ex. "0580") eller två för en '
                f"region (t.ex. \"14\"), fick '{code}'",
            )
        elif code is not None and code not in known:
            what = "kommunkod" if len(code) == 4 else "regionkod (länskod)"
            table.error("code", f"'{code}' är ingen {what} som finns")
        elif code is not None:
            actual = known[code][1]
            if name == "municipality" and actual != "municipality":
                table.error("code", f"'{code}' är en region: skriv format = 2 och [organisation]")
            if kind is not None and kind != actual:
                table.error(
                    "kind",
                    f"koden '{code}' hör till en {terminology(actual)['organisation']}, inte '{kind}'",
                )
            kind = actual
        return OrganisationRef(
            code or "", table.text("name", required=True) or "", kind or "municipality"
        )

    def document(self, table: _Table | None, *, legacy: bool = False) -> DocumentMeta:
        if table is None:
            nothing = (None,) * 10  # adopted_by … review_interval
            return DocumentMeta("", "", "", "", *nothing, (), (), "")
        kinds = DOCUMENT_KINDS_V1 if legacy else DOCUMENT_KINDS
        kind = table.choice("kind", kinds, required=True) or ""
        meta = DocumentMeta(
            # Format 1 has one document; it is keyed by its kind (policy, program, plan …).
            key=kind if legacy else table.slug("key"),
            title=table.text("title", required=True) or "",
            kind=kind,
            status=table.choice("status", DOCUMENT_STATUSES, required=True) or "",
            adopted_by=self.body_ref(table, "adopted_by"),
            adopted_on=table.date("adopted_on"),
            adopted_paragraph=table.text("adopted_paragraph"),
            valid_from=table.date("valid_from"),
            valid_to=table.date("valid_to"),
            registry_number=table.text("registry_number"),
            owner=table.text("owner"),
            addressed_to=table.text("addressed_to"),
            review_date=table.date("review_date"),
            review_interval=table.choice("review_interval", REVIEW_INTERVALS),
            keywords=table.text_list("keywords"),
            replaces=tuple(self.replaced_document(t) for t in table.tables("replaces")),
            summary=table.text("summary", allow_empty=True) or "",
            conditional_on=None if legacy else table.text("conditional_on"),
        )
        self.check_document_dates(table, meta)
        return meta

    def body_ref(self, table: _Table, key: str, *, required: bool = False) -> str | None:
        """A body: a standard one (council, executive_board …) or one [[bodies]] declares.
        Bodies are declared before anything refers to them, so this is checked in order;
        references from [[bodies]] themselves are checked across the profile."""
        value = table.text(key, required=required)
        if value is not None and value not in self.bodies:
            allowed = LEGACY_BODIES if self.format == 1 else sorted(self.bodies)
            table.error(key, f"okänt värde '{value}' — tillåtna: {', '.join(allowed)}")
            return None
        return value

    def check_document_dates(self, table: _Table, meta: DocumentMeta) -> None:
        if meta.valid_from and meta.valid_to and meta.valid_from > meta.valid_to:
            table.error(
                "valid_to",
                f"valid_to ({meta.valid_to}) ligger före valid_from ({meta.valid_from})",
            )
        if meta.status == "proposal":
            for key in ("adopted_on", "adopted_paragraph"):
                if getattr(meta, key) is not None:
                    table.error(key, f"{key} kan bara anges när status är 'adopted'")

    def replaced_document(self, table: _Table) -> ReplacedDocument:
        replaced = ReplacedDocument(
            title=table.text("title", required=True) or "",
            adopted_by=self.body_ref(table, "adopted_by"),
            adopted_year=table.year("adopted_year"),
            revised_year=table.year("revised_year"),
        )
        adopted, revised = replaced.adopted_year, replaced.revised_year
        if adopted and revised and revised < adopted:
            table.error("revised_year", "revised_year ligger före adopted_year")
        return replaced

    def body(self, table: _Table) -> Body:
        meets = table.integer("meets_per_year")
        if meets is not None and not 1 <= meets <= 366:
            table.error("meets_per_year", f"{meets} sammanträden per år är inte rimligt (1–366)")
            meets = None
        return Body(
            key=table.slug("key"),
            name=table.text("name", required=True) or "",
            kind=table.choice("kind", BODY_KINDS, required=True) or "",
            parent=table.text("parent"),
            chair=table.text("chair") or "",
            members=table.text_list("members"),
            meets_per_year=meets,
            handles=table.text_list("handles", choices=vocabulary("matter_kinds")),
            description=table.text("description", allow_empty=True) or "",
        )

    def priority_area(self, table: _Table) -> PriorityArea:
        rank = table.integer("rank")
        if rank is not None and rank < 1:
            table.error("rank", "prioritetsordningen börjar på 1")
            rank = None
        return PriorityArea(
            key=table.slug("key"),
            name=table.text("name", required=True) or "",
            description=table.text("description", allow_empty=True) or "",
            commitments=tuple(
                Commitment(key=t.slug("key"), text=t.text("text", required=True) or "")
                for t in table.tables("commitments", allowed=("key", "text"))
            ),
            tags=table.text_list("tags", slug=True),
            rank=rank,
            exclude_terms=table.text_list("exclude_terms"),
        )

    def goal(self, table: _Table) -> Goal:
        return Goal(
            key=table.slug("key"),
            name=table.text("name", required=True) or "",
            description=table.text("description", allow_empty=True) or "",
            priority_area=table.text("priority_area"),
            indicators=tuple(self.indicator(t) for t in table.tables("indicators")),
        )

    def indicator(self, table: _Table) -> Indicator:
        kind = table.choice("kind", INDICATOR_KINDS, required=True)
        metric = table.text("metric")
        if kind == "derived" and metric is None and "metric" not in table.data:
            table.error(
                "metric",
                'en beräknad indikator (kind = "derived") måste ange metric',
                at=table.path,
            )
        elif kind == "manual" and metric is not None:
            table.error("metric", 'metric får bara anges för kind = "derived"')
        elif kind == "derived" and metric is not None and metric not in DERIVED_METRICS:
            table.error("metric", f"okänt mått '{metric}' — tillåtna: {', '.join(DERIVED_METRICS)}")
        unit = table.text("unit", required=kind == "manual")
        if unit is None and kind == "derived" and metric in DERIVED_METRICS:
            unit = DERIVED_METRIC_UNITS[metric]
        indicator = Indicator(
            key=table.slug("key"),
            name=table.text("name", required=True) or "",
            kind=kind or "",
            metric=metric,
            unit=unit or "",
            baseline=table.number("baseline"),
            baseline_year=table.year("baseline_year"),
            target=table.number("target"),
            target_year=table.year("target_year"),
            direction=table.choice("direction", DIRECTIONS, required=True) or "",
        )
        baseline_year, target_year = indicator.baseline_year, indicator.target_year
        if baseline_year and target_year and target_year < baseline_year:
            table.error("target_year", "target_year ligger före baseline_year")
        return indicator

    def responsibility(self, table: _Table) -> Responsibility:
        return Responsibility(
            body=self.body_ref(table, "body", required=True) or "",
            duties=table.text_list("duties"),
            decides=table.text_list("decides", choices=RESPONSIBILITY_DECISIONS),
        )

    def reporting_period(self, table: _Table) -> ReportingPeriod:
        return ReportingPeriod(
            key=table.slug("key"),
            name=table.text("name", required=True) or "",
            period_start=table.month_day("period_start"),
            period_end=table.month_day("period_end"),
            due=table.month_day("due"),
            reporters=table.text_list("reporters", choices=REPORTER_KINDS, required=True),
            recipient=self.body_ref(table, "recipient", required=True) or "",
        )

    def grant_scheme(self, table: _Table) -> GrantScheme:
        criteria = []
        for index, item in enumerate(
            table.data.get("criteria", []) if isinstance(table.data.get("criteria"), list) else []
        ):
            if isinstance(item, str):
                criteria.append(Criterion(f"k{index + 1}", item))
        if "criteria" in table.data and not isinstance(table.data["criteria"], list):
            table.error("criteria", "väntade en lista med kriterier (text)")
        else:
            for index, item in enumerate(table.data.get("criteria", [])):
                if not isinstance(item, str) or not item.strip():
                    self.error((*table.path, "criteria", index), "ett kriterium är en text")
        budget = table.integer("yearly_budget_sek")
        if budget is not None and budget < 0:
            table.error("yearly_budget_sek", "budgeten kan inte vara negativ")
        deadline = table.month_day("deadline") if "deadline" in table.data else None
        for_next_year = table.data.get("for_next_year", False)
        if not isinstance(for_next_year, bool):
            table.error("for_next_year", "väntade true eller false")
            for_next_year = False
        return GrantScheme(
            key=table.slug("key"),
            name=table.text("name", required=True) or "",
            description=table.text("description", allow_empty=True) or "",
            eligible=table.text_list("eligible", choices=vocabulary("grant_applicant_kinds")),
            criteria=tuple(criteria),
            yearly_budget_sek=budget,
            deadline=deadline or None,
            for_next_year=for_next_year,
            allocated_by=self.body_ref(table, "allocated_by"),
        )

    def cost_share(self, table: _Table) -> CostShare:
        return CostShare(
            cost=table.choice("cost", vocabulary("cost_categories"), required=True) or "",
            paid_by=table.choice("paid_by", vocabulary("cost_payers"), required=True) or "",
            note=table.text("note") or "",
        )

    def routine(self, table: _Table) -> Routine:
        key = table.slug("key")
        requirement = table.text("requirement")
        if requirement is not None and not _REQUIREMENT.fullmatch(requirement):
            table.error("requirement", f"kravet ska vara en kod som \"M3\", fick '{requirement}'")
        description = table.text("description", allow_empty=True) or ""
        if self.format == 1:
            return self.legacy_routine(table, key, requirement, description)
        document = table.text("document")
        if document is not None and document not in self.documents:
            table.error(
                "document", f"okänt styrdokument '{document}' — finns: {', '.join(self.documents)}"
            )
        own = {
            k: v
            for k, v in table.data.items()
            if k not in ("key", "document", "requirement", "description", "checks")
        }
        raws: list[tuple[KeyPath, dict[str, Any]]] = []
        if "checks" in table.data:
            if own:
                table.error(
                    sorted(own)[0],
                    "en rutin med [[routines.checks]] skriver kontrollernas nycklar i dem, inte i rutinen",
                )
            value = table.data["checks"]
            if not isinstance(value, list) or not value:
                table.error("checks", "väntade minst en [[routines.checks]]")
            else:
                for index, item in enumerate(value):
                    if isinstance(item, dict):
                        raws.append(((*table.path, "checks", index), item))
                    else:
                        self.error((*table.path, "checks", index), "fel typ: väntade tabell")
        elif own:
            raws.append((table.path, own))
        else:
            table.error(
                "family",
                "rutinen saknar kontroll: ange family (och dess nycklar) eller [[routines.checks]]",
                at=table.path,
            )
        checks = []
        context = Context(bodies=frozenset(self.bodies), periods=frozenset(self.periods))
        for where, raw in raws:
            check, problems = parse_check(raw, context)
            for sub, message in problems:
                self.error((*where, *sub), message)
            if check is not None:
                checks.append(check)
        return Routine(
            key,
            requirement,
            description,
            tuple(checks),
            document or (self.documents[0] if self.documents else None),
        )

    def legacy_routine(
        self, table: _Table, key: str, requirement: str | None, description: str
    ) -> Routine:
        rule = table.text("rule", required=True)
        raw_params = table.raw_table("params")
        params: dict[str, Any] = {}
        checks: tuple[Check, ...] = ()
        if rule is not None and rule not in RULE_TYPES:
            table.error("rule", unknown_rule_message(rule))
        elif rule is not None and raw_params is not None:
            params, problems = validate_params(rule, raw_params)
            for param, message in problems:
                where = (*table.path, "params", param) if param else (*table.path, "params")
                self.error(where, message)
            if not problems:
                context = Context(bodies=frozenset(self.bodies), periods=frozenset(self.periods))
                found = []
                for raw in to_checks(rule, params):
                    # What could go wrong here (a reporting period) the format-1 checks of
                    # the whole profile report, in format 1's words and places.
                    check, _ = parse_check(raw, context)
                    if check is not None:
                        found.append(check)
                checks = tuple(found)
        return Routine(
            key,
            requirement,
            description,
            checks,
            self.documents[0] if self.documents else None,
            legacy_rule=rule,
            legacy_params=params,
        )


# A format-2 routine table holds its own keys and its check's: the family checks those.
_ANYTHING: tuple[str, ...] = ("*",)


class _CrossChecks:
    """Checks that span sections: unique keys and references between entries."""

    def __init__(self, checker: _Checker, profile: Profile):
        self.checker = checker
        self.profile = profile

    def run(self) -> None:
        p = self.profile
        self.unique(
            ("documents", i, d.key) for i, d in enumerate(p.documents)
        ) if p.format == 2 else None
        self.unique(("bodies", i, b.key) for i, b in enumerate(p.bodies))
        self.unique(("priority_areas", i, a.key) for i, a in enumerate(p.priority_areas))
        # Commitment and indicator keys are unique across the whole profile, not per parent.
        self.unique(
            ("priority_areas", i, "commitments", j, c.key)
            for i, a in enumerate(p.priority_areas)
            for j, c in enumerate(a.commitments)
        )
        self.unique(("goals", i, g.key) for i, g in enumerate(p.goals))
        self.unique(
            ("goals", i, "indicators", j, x.key)
            for i, g in enumerate(p.goals)
            for j, x in enumerate(g.indicators)
        )
        self.unique(
            (("responsibilities", i, r.body) for i, r in enumerate(p.responsibilities)),
            field="body",
        )
        self.unique(("reporting", i, r.key) for i, r in enumerate(p.reporting))
        self.unique(("grant_schemes", i, g.key) for i, g in enumerate(p.grant_schemes))
        self.unique(
            (("cost_sharing", i, c.cost) for i, c in enumerate(p.cost_sharing)), field="cost"
        )
        self.unique(("routines", i, r.key) for i, r in enumerate(p.routines))
        self.goal_areas()
        self.bodies()
        self.documents()
        self.legacy_reporting_routines()

    def unique(self, entries: Iterable[tuple[Any, ...]], field: str = "key") -> None:
        """Report repeated values; each entry is (*path to the element, value)."""
        first_seen: dict[str, KeyPath] = {}
        for *where_list, value in entries:
            where: KeyPath = tuple(where_list)
            if not value:
                continue  # missing or invalid, already reported
            if value in first_seen:
                first = first_seen[value]
                line = self.checker.locator.line_of((*first, field))
                self.checker.error(
                    (*where, field),
                    f"dubblett: '{value}' finns redan i {format_key_path(first)} (rad {line})",
                )
            else:
                first_seen[value] = where

    def goal_areas(self) -> None:
        areas = [a.key for a in self.profile.priority_areas]
        for i, goal in enumerate(self.profile.goals):
            if goal.priority_area is not None and goal.priority_area not in areas:
                known = ", ".join(areas) or "inga"
                self.checker.error(
                    ("goals", i, "priority_area"),
                    f"okänt prioriterat område '{goal.priority_area}' — finns: {known}",
                )

    def bodies(self) -> None:
        known = self.checker.bodies
        for i, body in enumerate(self.profile.bodies):
            if body.key in BODY_KINDS and body.kind != body.key:
                self.checker.error(
                    ("bodies", i, "key"),
                    f"nyckeln '{body.key}' är namnet på en typ av organ; välj en egen nyckel",
                )
            if body.parent is not None and (body.parent not in known or body.parent == body.key):
                self.checker.error(
                    ("bodies", i, "parent"),
                    f"okänt överordnat organ '{body.parent}' — finns: {', '.join(sorted(known - {body.key}))}",
                )

    def legacy_reporting_routines(self) -> None:
        """Format 1: a reporting_obligation names periods of [[reporting]] and reporters of them."""
        periods = {r.key: r for r in self.profile.reporting}
        for i, routine in enumerate(self.profile.routines):
            if (
                routine.legacy_rule != "reporting_obligation"
                or "periods" not in routine.legacy_params
            ):
                continue
            params = ("routines", i, "params")
            for p_index, key in enumerate(routine.legacy_params["periods"]):
                period = periods.get(key)
                if period is None:
                    known = ", ".join(periods) or "inga [[reporting]] finns"
                    self.checker.error(
                        (*params, "periods", p_index),
                        f"okänd rapporteringsperiod '{key}' — finns: {known}",
                    )
                    continue
                for r_index, reporter in enumerate(routine.legacy_params.get("reporters", ())):
                    if reporter not in period.reporters:
                        self.checker.error(
                            (*params, "reporters", r_index),
                            f"'{reporter}' rapporterar inte för perioden '{key}' "
                            f"(periodens reporters: {', '.join(period.reporters)})",
                        )

    def documents(self) -> None:
        keys = [d.key for d in self.profile.documents]
        for i, document in enumerate(self.profile.documents):
            if document.conditional_on is not None and (
                document.conditional_on not in keys or document.conditional_on == document.key
            ):
                self.checker.error(
                    ("documents", i, "conditional_on"),
                    f"okänt styrdokument '{document.conditional_on}' — finns: "
                    f"{', '.join(k for k in keys if k != document.key) or 'inga andra'}",
                )


class _Table:
    """One TOML table under validation: typed getters that report located errors."""

    def __init__(
        self, checker: _Checker, data: dict[str, Any], path: KeyPath, allowed: Sequence[str]
    ):
        self.checker = checker
        self.data = data
        self.path = path
        if allowed != _ANYTHING:
            for key in data:
                if key not in allowed:
                    self.error(key, f"okänd nyckel '{key}' (tillåtna: {', '.join(allowed)})")

    def error(self, key: str, message: str, *, at: KeyPath | None = None) -> None:
        self.checker.error((*self.path, key), message, at=at)

    def _get(self, key: str, required: bool) -> Any:
        if key in self.data:
            return self.data[key]
        if required:
            self.error(key, f"obligatorisk nyckel '{key}' saknas", at=self.path)
        return _MISSING

    def _wrong_type(self, key: str, expected: str, value: Any) -> None:
        got = f"{type_name(value)} ({short_repr(value)})"
        self.error(key, f"fel typ: väntade {expected}, fick {got}")

    # Scalars.

    def text(self, key: str, *, required: bool = False, allow_empty: bool = False) -> str | None:
        value = self._get(key, required)
        if value is _MISSING:
            return None
        if not isinstance(value, str):
            self._wrong_type(key, "text", value)
            return None
        if not allow_empty and not value.strip():
            self.error(key, "får inte vara tom")
            return None
        return value

    def slug(self, key: str) -> str:
        value = self.text(key, required=True)
        if value is None:
            return ""
        if not _SLUG.fullmatch(value):
            self.error(key, f"'{value}' är ingen giltig nyckel: använd bara a–z, 0–9, _ och -")
            return ""
        return value

    def choice(self, key: str, choices: Sequence[str], *, required: bool = False) -> str | None:
        value = self.text(key, required=required)
        if value is None:
            return None
        if value not in choices:
            self.error(key, f"okänt värde '{value}' — tillåtna: {', '.join(choices)}")
            return None
        return value

    def integer(self, key: str, *, required: bool = False) -> int | None:
        value = self._get(key, required)
        if value is _MISSING:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            self._wrong_type(key, "heltal", value)
            return None
        return value

    def year(self, key: str) -> int | None:
        value = self.integer(key)
        if value is not None and not 1900 <= value <= 2200:
            self.error(key, f"årtalet {value} är inte rimligt (1900–2200)")
            return None
        return value

    def number(self, key: str) -> float | None:
        value = self._get(key, False)
        if value is _MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self._wrong_type(key, "tal", value)
            return None
        if not math.isfinite(value):
            self.error(key, "talet måste vara ändligt (inte inf eller nan)")
            return None
        return float(value)

    def date(self, key: str) -> date | None:
        value = self._get(key, False)
        if value is _MISSING:
            return None
        if isinstance(value, datetime) or not isinstance(value, date):
            self.error(key, _date_problem(value))
            return None
        return value

    def month_day(self, key: str) -> str:
        value = self.text(key, required=True)
        if value is None:
            return ""
        match = _MMDD.fullmatch(value)
        month, day = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
        if not match:
            self.error(key, f"'{value}' ska skrivas MM-DD, t.ex. \"05-31\"")
        elif not 1 <= month <= 12:
            self.error(key, f"'{value}': månaden ska vara 01–12")
        elif not 1 <= day <= _DAYS_IN_MONTH[month - 1]:
            self.error(key, f"'{value}': dagen finns inte i månad {month:02d}")
        else:
            return value
        return ""

    # Lists.

    def text_list(
        self,
        key: str,
        *,
        choices: Sequence[str] | None = None,
        slug: bool = False,
        required: bool = False,
    ) -> tuple[str, ...]:
        value = self._get(key, required)
        if value is _MISSING:
            return ()
        if not isinstance(value, list):
            self._wrong_type(key, "lista med text", value)
            return ()
        items: list[str] = []
        for index, item in enumerate(value):
            problem = _list_item_problem(item, choices, slug, seen=items)
            if problem:
                self.checker.error((*self.path, key, index), problem)
            else:
                items.append(item)
        if required and not value:
            self.error(key, "listan får inte vara tom")
        return tuple(items)

    # Nested tables.

    def raw_table(self, key: str, *, required: bool = False) -> dict[str, Any] | None:
        value = self._get(key, required)
        if value is _MISSING:
            return None if required else {}
        if not isinstance(value, dict):
            self._wrong_type(key, "tabell", value)
            return None
        return value

    def table(self, key: str, *, required: bool = False) -> _Table | None:
        value = self.raw_table(key, required=required)
        if value is None:
            return None
        return _Table(self.checker, value, (*self.path, key), _ALLOWED_KEYS[key])

    def tables(self, key: str, *, allowed: Sequence[str] | None = None) -> list[_Table]:
        """The elements of an array of tables ([[key]]); [] if absent."""
        value = self._get(key, False)
        if value is _MISSING:
            return []
        if not isinstance(value, list):
            self._wrong_type(key, f"lista av tabeller ([[{key}]])", value)
            return []
        allowed = allowed if allowed is not None else _ALLOWED_KEYS[key]
        out = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                out.append(_Table(self.checker, item, (*self.path, key, index), allowed))
            else:
                got = f"{type_name(item)} ({short_repr(item)})"
                self.checker.error((*self.path, key, index), f"fel typ: väntade tabell, fick {got}")
        return out


def _date_problem(value: Any) -> str:
    if isinstance(value, datetime):
        return f"väntade ett datum utan klockslag, fick {value.isoformat()}"
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            date.fromisoformat(value)
        except ValueError:
            return (
                f"'{value}' är inget giltigt datum; skriv datum utan citattecken, t.ex. 2017-02-20"
            )
        return f'skriv datum utan citattecken: {value}, inte "{value}"'
    return (
        f"fel typ: väntade datum (t.ex. 2017-02-20), fick {type_name(value)} ({short_repr(value)})"
    )


def _list_item_problem(
    item: Any, choices: Sequence[str] | None, slug: bool, seen: list[str]
) -> str | None:
    if not isinstance(item, str):
        return f"fel typ: väntade text, fick {type_name(item)} ({short_repr(item)})"
    if not item.strip():
        return "får inte vara tom"
    if choices is not None and item not in choices:
        return f"okänt värde '{item}' — tillåtna: {', '.join(choices)}"
    if slug and not _SLUG.fullmatch(item):
        return f"'{item}' är ingen giltig tagg: använd bara a–z, 0–9, _ och -"
    if item in seen:
        return f"värdet '{item}' förekommer mer än en gång i listan"
    return None


# --- Writing a profile back to TOML ---------------------------------------------------------


def dump_profile(profile: Profile) -> str:
    """The profile as format-2 TOML text that parses back to an equal Profile (comments are
    not kept; a format-1 profile comes out in the general vocabulary)."""
    org = profile.organisation
    out: list[str] = [f"format = {FORMAT_VERSION}", ""]
    out += ["[organisation]", *_pairs({"code": org.code, "name": org.name, "kind": org.kind}), ""]
    for document in profile.documents:
        fields = {k: v for k, v in document.__dict__.items() if k != "replaces"}
        out += ["[[documents]]", *_pairs(fields), ""]
        for replaced in document.replaces:
            out += ["[[documents.replaces]]", *_pairs(replaced.__dict__), ""]
    for body in profile.bodies:
        out += ["[[bodies]]", *_pairs(body.__dict__), ""]
    for area in profile.priority_areas:
        fields = {k: v for k, v in area.__dict__.items() if k != "commitments"}
        out += ["[[priority_areas]]", *_pairs(fields), ""]
        for commitment in area.commitments:
            out += ["[[priority_areas.commitments]]", *_pairs(commitment.__dict__), ""]
    for goal in profile.goals:
        fields = {k: v for k, v in goal.__dict__.items() if k != "indicators"}
        out += ["[[goals]]", *_pairs(fields), ""]
        for indicator in goal.indicators:
            out += ["[[goals.indicators]]", *_pairs(indicator.__dict__), ""]
    for responsibility in profile.responsibilities:
        out += ["[[responsibilities]]", *_pairs(responsibility.__dict__), ""]
    for period in profile.reporting:
        out += ["[[reporting]]", *_pairs(period.__dict__), ""]
    for scheme in profile.grant_schemes:
        fields = {k: v for k, v in scheme.__dict__.items() if k != "criteria"}
        fields["criteria"] = [c.text for c in scheme.criteria]
        out += ["[[grant_schemes]]", *_pairs(fields), ""]
    for share in profile.cost_sharing:
        out += ["[[cost_sharing]]", *_pairs(share.__dict__), ""]
    for routine in profile.routines:
        head = {
            "key": routine.key,
            "document": routine.document,
            "requirement": routine.requirement,
            "description": routine.description,
        }
        out += ["[[routines]]", *_pairs(head)]
        if len(routine.checks) == 1 and not routine.checks[0].key:
            out += [*_pairs(check_to_toml(routine.checks[0])), ""]
        else:
            out.append("")
            for check in routine.checks:
                out += ["[[routines.checks]]", *_pairs(check_to_toml(check)), ""]
    return "\n".join(out)


def check_to_toml(check: Check) -> dict[str, Any]:
    """A check as the TOML table it is written as."""
    return dict(check.raw)


def _pairs(fields: dict[str, Any]) -> list[str]:
    return [
        f"{_toml_key(key)} = {_toml_value(value)}"
        for key, value in fields.items()
        if value is not None and value != () and value != ""
    ]


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_string(key)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, Decimal):
        return str(int(value)) if value == value.to_integral_value() else str(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return (
            "{ " + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()) + " }"
        )
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _toml_string(text: str) -> str:
    escaped = []
    for char in text:
        if char in '"\\':
            escaped.append("\\" + char)
        elif char == "\n":
            escaped.append("\\n")
        elif char == "\t":
            escaped.append("\\t")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\u{ord(char):04x}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def body_label(body: str, kind: str = "municipality") -> str:
    """Swedish name of a standard body, e.g. 'executive_board' -> 'kommunstyrelsen'."""
    return terminology(kind).get(body, body)
