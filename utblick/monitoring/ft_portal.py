"""The EU Funding & Tenders Portal's search response, read into plain call records. No Django.

Input is what the portal's search API returns (docs/funding-calls.md, FT_PORTAL_FORMAT.md):
a whole response (`{"results": [...], ...}`), one element of `results`, or a JSON list of
elements. `read_portal_document()` parses the text, keeps the English grant topics, dedupes
them and returns them with a reason for every result it skipped.

Three kinds of trouble are told apart, and each costs as little as it can:

* a malformed document (not JSON, not the portal's shape) raises `PortalFormatError`, located
  at the JSON line and column or at the top level, and the caller writes nothing;
* a result that cannot be read at all (not an object, no identifier or title) is skipped with
  a reason naming the result and field, and so is a well-formed result that is not wanted here
  (a Bulgarian copy, an FAQ entry, a tender, an unknown status code, a duplicate);
* an unreadable optional field (a cut-off `budgetOverview`, a date that is not a date) costs
  that field only: the call is kept without it, with a warning naming the result and field.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

STATUS_BY_CODE = {
    "31094501": "forthcoming",
    "31094502": "open",
    "31094503": "closed",
}
GRANT_TYPES = {"1": "grant topic", "2": "call for proposals"}
SKIPPED_TYPES = {
    "0": "a tender, not a grant",
    "8": "a cascade funding call (financial support to third parties), not a portal topic",
}
DEADLINE_MODELS = ("single-stage", "two-stage", "multiple cut-off")
SEDIA = "SEDIA"
LEGACY = "SEDIA_PRD_CENTRICITY"
FAQ = "SEDIA_FAQ"
TOPIC_PAGE = (
    "https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities/"
    "topic-details/{identifier}"
)
_DATA_URL = re.compile(r"/opportunities/data/topicDetails/(?P<id>[^/]+?)\.json$")
_MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        1,
    )
}


class PortalFormatError(ValueError):
    """The document cannot be read as portal output; `where` locates the problem."""

    def __init__(self, message: str, *, where: str = ""):
        self.message = message
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


@dataclass(frozen=True)
class Deadline:
    """A deadline as the portal means it: a date and, where given, the Brussels clock time."""

    date: dt.date
    time: dt.time | None = None

    def isoformat(self) -> str:
        if self.time is None:
            return self.date.isoformat()
        return f"{self.date.isoformat()}T{self.time.strftime('%H:%M')}"

    @classmethod
    def fromisoformat(cls, value: str) -> Deadline:
        day, _, clock = value.partition("T")
        return cls(dt.date.fromisoformat(day), dt.time.fromisoformat(clock) if clock else None)


@dataclass(frozen=True)
class PortalCall:
    """One topic (or call for proposals) read from the portal."""

    identifier: str
    call_identifier: str
    call_title: str
    title: str
    description: str
    status: str
    status_code: str
    type_code: str
    deadline_model: str
    deadlines: tuple[Deadline, ...]
    opening_date: dt.date | None
    programme_ref: str
    programme_period: str
    budget_eur: Decimal | None
    budget_shared: bool
    types_of_action: str
    keywords: tuple[str, ...]
    tags: tuple[str, ...]
    url: str
    language: str
    reference: str
    datasource: str
    checksum: str

    @property
    def first_deadline(self) -> Deadline | None:
        return self.deadlines[0] if self.deadlines else None

    @property
    def second_stage_deadline(self) -> Deadline | None:
        if self.deadline_model == "two-stage" and len(self.deadlines) > 1:
            return self.deadlines[1]
        return None

    @property
    def final_deadline(self) -> Deadline | None:
        return max(self.deadlines, key=_deadline_key) if self.deadlines else None


@dataclass(frozen=True)
class Skipped:
    index: int
    reference: str
    identifier: str
    reason: str

    def __str__(self) -> str:
        name = self.identifier or self.reference or "(utan id)"
        return f"results[{self.index}] {name}: {self.reason}"


@dataclass(frozen=True)
class FieldWarning:
    """An optional field of a kept result that could not be read; the call is kept without it."""

    where: str
    identifier: str
    problem: str

    def __str__(self) -> str:
        return f"{self.where} ({self.identifier}): {self.problem}; imported without it"


@dataclass
class PortalDocument:
    calls: list[PortalCall] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[FieldWarning] = field(default_factory=list)
    results: int = 0


# --- Entry points --------------------------------------------------------------------------


def read_portal_document(
    data: str | bytes, *, languages: Iterable[str] | None = ("en",)
) -> PortalDocument:
    """Parse a saved portal response; keep `languages` (None: every language) and dedupe.

    Raises PortalFormatError for a malformed document; nothing of it should be used then.
    """
    results = portal_results(load_lenient_json(data))
    wanted = {lang.lower() for lang in languages} if languages is not None else None
    document = PortalDocument(results=len(results))
    kept: dict[str, tuple[int, int, PortalCall]] = {}  # identifier -> (position, index, call)
    seen_references: dict[str, int] = {}
    for index, result in enumerate(results):
        where = f"results[{index}]"
        try:
            call = _read_result(result, where, index, wanted, document, seen_references)
        except PortalFormatError as exc:
            document.skipped.append(Skipped(index, "", "", f"unreadable: {exc}"))
            continue
        if call is None:
            continue
        reference = call.reference
        if reference:
            seen_references[reference] = index
        previous = kept.get(call.identifier)
        if previous is None:
            kept[call.identifier] = (len(document.calls), index, call)
            document.calls.append(call)
            continue
        position, old_index, old = previous
        if old.datasource != SEDIA and call.datasource == SEDIA:
            document.calls[position] = call
            kept[call.identifier] = (position, index, call)
            document.skipped.append(
                Skipped(
                    old_index,
                    old.reference,
                    old.identifier,
                    f"a {old.datasource or 'legacy'} copy; the SEDIA copy ({where}) is kept",
                )
            )
        elif call.datasource != old.datasource:
            document.skipped.append(
                Skipped(
                    index,
                    call.reference,
                    call.identifier,
                    f"a {call.datasource or 'legacy'} copy; the {old.datasource} copy "
                    f"(results[{old_index}]) is kept",
                )
            )
        else:
            document.skipped.append(
                Skipped(
                    index,
                    call.reference,
                    call.identifier,
                    f"the same identifier as results[{old_index}]",
                )
            )
    document.skipped.sort(key=lambda s: s.index)
    return document


def _read_result(
    result: Any,
    where: str,
    index: int,
    wanted: set[str] | None,
    document: PortalDocument,
    seen_references: dict[str, int],
) -> PortalCall | None:
    """One result as a call, or None when it is skipped (recorded in `document`)."""
    if not isinstance(result, dict):
        raise PortalFormatError(
            f"expected a result object, found {_json_type(result)}", where=where
        )
    metadata = _metadata(result, where)
    reference = _text(result.get("reference")) or _first(metadata, "REFERENCE", where)
    identifier = _first(metadata, "identifier", where)

    def skip(reason: str) -> None:
        document.skipped.append(Skipped(index, reference, identifier, reason))

    datasource = _first(metadata, "DATASOURCE", where) or _text(result.get("database"))
    if datasource == FAQ:
        skip("an FAQ entry (SEDIA_FAQ), not an opportunity")
        return None
    type_code = _first(metadata, "type", where)
    if type_code not in GRANT_TYPES:
        skip(SKIPPED_TYPES.get(type_code, f"type {type_code or '(none)'} is not a grant"))
        return None
    language = (_text(result.get("language")) or _first(metadata, "language", where)).lower()
    if wanted is not None and language not in wanted:
        skip(f"a copy in language {language or '(none)'}; only English copies are kept")
        return None
    if reference and reference in seen_references:
        skip(f"the same reference as results[{seen_references[reference]}]")
        return None
    warnings: list[FieldWarning] = []
    call = parse_result(result, where=where, warnings=warnings)
    if call.status_code not in STATUS_BY_CODE:
        skip(f"unknown status code {call.status_code or '(none)'}")
        return None
    document.warnings.extend(warnings)
    return call


def load_lenient_json(data: str | bytes) -> Any:
    """JSON as the portal writes it: raw control characters inside strings are accepted, a
    byte-order mark and leading blank lines are ignored. Errors carry line and column."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise PortalFormatError(f"not UTF-8 text (byte {exc.start})", where="the file") from exc
    text = data.removeprefix("\ufeff")
    if not text.strip():
        raise PortalFormatError("empty file; expected the portal's JSON", where="the file")
    try:
        return json.loads(text, strict=False)
    except json.JSONDecodeError as exc:
        raise PortalFormatError(
            f"not JSON: {exc.msg}", where=f"line {exc.lineno}, column {exc.colno}"
        ) from exc


def portal_results(document: Any) -> list[dict[str, Any]]:
    """The results of a whole response, a single result object or a list of results."""
    if isinstance(document, dict):
        if "results" in document:
            results = document["results"]
            if not isinstance(results, list):
                raise PortalFormatError("expected a list of results", where="results")
        elif "metadata" in document:
            return [document]
        else:
            raise PortalFormatError(
                "expected a search response (with `results`) or one result (with `metadata`)",
                where="the top level",
            )
    elif isinstance(document, list):
        results = document
    else:
        raise PortalFormatError(
            f"expected a JSON object or list, found {_json_type(document)}", where="the top level"
        )
    return results  # a result that is not an object is skipped by the reader, with its place


def parse_result(
    result: dict[str, Any], *, where: str = "result", warnings: list[FieldWarning] | None = None
) -> PortalCall:
    """One result object; PortalFormatError (located at `where`.field) when it is malformed.

    With `warnings`, an unreadable optional field (dates, budget, actions) is left out and a
    FieldWarning added instead: one bad field costs that field, not the call."""
    metadata = _metadata(result, where)

    def first(name: str) -> str:
        return _first(metadata, name, where)

    def optional(read: Callable[[], Any], fallback: Any) -> Any:
        try:
            return read()
        except PortalFormatError as exc:
            if warnings is None:
                raise
            warnings.append(FieldWarning(exc.where or where, identifier, exc.message))
            return fallback

    identifier = first("identifier")
    if not identifier:
        raise PortalFormatError(
            "a result needs an identifier", where=f"{where}.metadata.identifier"
        )
    title = first("title") or _text(result.get("summary")) or _text(result.get("content"))
    if not title:
        raise PortalFormatError("a result needs a title", where=f"{where}.metadata.title")
    status_code = first("status")
    deadlines = optional(
        lambda: tuple(
            portal_deadline(value, where=f"{where}.metadata.deadlineDate[{i}]")
            for i, value in enumerate(_strings(metadata, "deadlineDate", where))
        ),
        (),
    )
    actions = optional(lambda: _embedded(metadata, "actions", where, default=[]), [])
    if not deadlines:
        deadlines = optional(lambda: _action_deadlines(actions, where), ())
    deadline_model = first("deadlineModel") or _action_procedure(actions)
    if deadline_model not in DEADLINE_MODELS:
        deadline_model = {0: "", 1: "single-stage"}.get(len(deadlines), "multiple cut-off")
    start = first("startDate")
    opening = (
        optional(lambda: portal_deadline(start, where=f"{where}.metadata.startDate").date, None)
        if start
        else None
    )
    budget, shared = optional(
        lambda: topic_budget(
            _embedded(metadata, "budgetOverview", where, default={}), identifier, where=where
        ),
        (None, False),
    )
    url = _text(result.get("url")) or first("url")
    return PortalCall(
        identifier=identifier,
        call_identifier=first("callIdentifier"),
        call_title=first("callTitle"),
        title=title,
        description=strip_html(first("descriptionByte")),
        status=STATUS_BY_CODE.get(status_code, ""),
        status_code=status_code,
        type_code=first("type"),
        deadline_model=deadline_model,
        deadlines=tuple(sorted(set(deadlines), key=_deadline_key)),
        opening_date=opening,
        programme_ref=first("frameworkProgramme"),
        programme_period=first("programmePeriod"),
        budget_eur=budget,
        budget_shared=shared,
        types_of_action=first("typesOfAction"),
        keywords=_keywords(metadata, where),
        tags=tuple(_strings(metadata, "tags", where)),
        url=topic_url(url, identifier),
        language=(_text(result.get("language")) or first("language")).lower(),
        reference=_text(result.get("reference")) or first("REFERENCE"),
        datasource=first("DATASOURCE") or _text(result.get("database")),
        checksum=(_text(result.get("checksum")) or first("esST_checksum")).upper(),
    )


# --- Dates ---------------------------------------------------------------------------------


_DATETIME = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,6}))?)?\s*(Z|[+-]\d\d:?\d\d)$"
)


def parse_portal_datetime(value: str) -> dt.datetime:
    """`2024-04-18T19:00:00.000+0200` (offset without colon; seconds and milliseconds optional)."""
    match = _DATETIME.match(value.strip())
    if match is None:
        raise ValueError(f"not a portal date-time: {value!r}")
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    if offset == "Z":
        zone = dt.UTC
    else:
        digits = offset[1:].replace(":", "")
        delta = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        zone = dt.timezone(-delta if offset[0] == "-" else delta)
    return dt.datetime(
        int(year),
        int(month),
        int(day),
        int(hour),
        int(minute),
        int(second or 0),
        int((fraction or "0").ljust(6, "0")),
        tzinfo=zone,
    )


def portal_deadline(value: str, *, where: str = "") -> Deadline:
    """A portal date-time read the way the portal means it, without time-zone conversion.

    The UTC reading is the Brussels wall-clock deadline (`…T17:00:00.000+0000` and
    `…T19:00:00.000+0200` both mean 17:00 in Brussels). Midnight is a date without a time,
    whether midnight UTC (`2023-05-11T02:00:00.000+0200`) or midnight as written
    (`2025-03-06T00:00:00.000+0100`, the portal's own date-only form).
    Plain `YYYY-MM-DD` and `DD Month YYYY` (inside `actions`) are accepted too.
    """
    text = value.strip() if isinstance(value, str) else ""
    try:
        if "T" not in text:
            return Deadline(portal_date(text))
        moment = parse_portal_datetime(text)
    except ValueError as exc:
        raise PortalFormatError(f"not a date: {value!r}", where=where) from exc
    utc = moment.astimezone(dt.UTC)
    if utc.time() == dt.time(0, 0):
        return Deadline(utc.date())
    if moment.time() == dt.time(0, 0):
        return Deadline(moment.date())
    return Deadline(utc.date(), utc.time().replace(second=0, microsecond=0))


def portal_date(value: str) -> dt.date:
    """`2027-04-08` or `09 March 2023`."""
    text = value.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    parts = text.split()
    if len(parts) == 3 and parts[1].lower() in _MONTHS:
        return dt.date(int(parts[2]), _MONTHS[parts[1].lower()], int(parts[0]))
    raise ValueError(f"not a date: {value!r}")


def next_deadline(deadlines: Sequence[Deadline], today: dt.date) -> Deadline | None:
    """The first deadline on or after `today` (a multiple cut-off topic's next cut-off)."""
    coming = [d for d in deadlines if d.date >= today]
    return min(coming, key=_deadline_key) if coming else None


def _deadline_key(deadline: Deadline) -> tuple[dt.date, dt.time]:
    return (deadline.date, deadline.time or dt.time(0, 0))


def _action_deadlines(actions: Any, where: str) -> tuple[Deadline, ...]:
    found = []
    for a, action in enumerate(actions if isinstance(actions, list) else []):
        values = action.get("deadlineDates") if isinstance(action, dict) else None
        for d, value in enumerate(values if isinstance(values, list) else []):
            found.append(
                portal_deadline(value, where=f"{where}.metadata.actions[{a}].deadlineDates[{d}]")
            )
    return tuple(found)


def _action_procedure(actions: Any) -> str:
    for action in actions if isinstance(actions, list) else []:
        procedure = action.get("submissionProcedure") if isinstance(action, dict) else None
        if isinstance(procedure, dict) and procedure.get("abbreviation") in DEADLINE_MODELS:
            return str(procedure["abbreviation"])
    return ""


# --- Budget --------------------------------------------------------------------------------


def topic_budget(overview: Any, identifier: str, *, where: str = "") -> tuple[Decimal | None, bool]:
    """This topic's budget in EUR from `budgetOverview`, and whether that line is shared.

    The map covers the whole call: only entries whose `action` names this identifier count
    (`"<identifier> - <type of action>"`). A budget line whose entries name other topics too
    is shared between them: its amount is the line's, not this topic's alone, so it is taken
    once and flagged rather than summed with its siblings.
    """
    if not isinstance(overview, dict):
        raise PortalFormatError("expected a JSON object", where=f"{where}.metadata.budgetOverview")
    lines = overview.get("budgetTopicActionMap") or {}
    if not isinstance(lines, dict):
        raise PortalFormatError(
            "expected an object of budget lines",
            where=f"{where}.metadata.budgetOverview.budgetTopicActionMap",
        )
    total: Decimal | None = None
    shared = False
    for line_id, entries in lines.items():
        if not isinstance(entries, list):
            continue
        mine = [
            e
            for e in entries
            if isinstance(e, dict) and _action_topic(e.get("action")) == identifier
        ]
        if not mine:
            continue
        others = {_action_topic(e.get("action")) for e in entries if isinstance(e, dict)}
        shared = shared or len(others - {identifier}) > 0
        amounts = [
            _entry_amount(e, f"{where}.metadata.budgetOverview.budgetTopicActionMap.{line_id}")
            for e in mine
        ]
        # Several entries of the same topic in one line repeat the line's amount.
        line_amount = max((a for a in amounts if a is not None), default=None)
        if line_amount is not None:
            total = line_amount if total is None else total + line_amount
    return total, shared


def _action_topic(action: Any) -> str:
    return action.split(" - ", 1)[0].strip() if isinstance(action, str) else ""


def _entry_amount(entry: dict[str, Any], where: str) -> Decimal | None:
    years = entry.get("budgetYearMap") or {}
    if not isinstance(years, dict):
        raise PortalFormatError("expected an object of years", where=f"{where}.budgetYearMap")
    amount: Decimal | None = None
    for year, value in years.items():
        if value in (None, ""):
            continue
        try:
            number = Decimal(str(value))
        except InvalidOperation as exc:
            raise PortalFormatError(
                f"not an amount: {value!r}", where=f"{where}.budgetYearMap.{year}"
            ) from exc
        amount = number if amount is None else amount + number
    return amount


# --- Text ----------------------------------------------------------------------------------


_DROPPED = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)
_ATTRIBUTES = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""  # quoted values may hold ">"
_BLOCK = re.compile(rf"</?(?:p|div|br|li|ul|ol|h[1-6]|tr|table|section)\b{_ATTRIBUTES}>", re.I)
_TAG = re.compile(rf"</?[a-zA-Z!]{_ATTRIBUTES}>")
_SPACES = re.compile(r"[ \t\r\f\v\xa0]+")


def strip_html(markup: str) -> str:
    """Plain text of the portal's HTML: block elements become line breaks, other tags go,
    entities are resolved. (A regular expression, not a parser: the portal's HTML is not always
    well formed — `<div class="eui-u-mt-l>` occurs — and this is fast.)"""
    if not markup:
        return ""
    text = _TAG.sub("", _BLOCK.sub("\n", _DROPPED.sub(" ", markup)))
    text = html.unescape(text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def topic_url(url: str, identifier: str) -> str:
    """The topic's page on the portal (legacy JSON data URLs are turned into the page)."""
    if not url or _DATA_URL.search(url):
        return TOPIC_PAGE.format(identifier=identifier)
    return url


# --- Shapes --------------------------------------------------------------------------------


def _metadata(result: dict[str, Any], where: str) -> dict[str, Any]:
    metadata = result.get("metadata")
    if not isinstance(metadata, dict):
        raise PortalFormatError(
            f"expected a metadata object, found {_json_type(metadata)}", where=f"{where}.metadata"
        )
    return metadata


def _strings(metadata: dict[str, Any], name: str, where: str) -> list[str]:
    """A metadata field: every value is a list (of strings)."""
    value = metadata.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        raise PortalFormatError(
            f"expected a list, found {_json_type(value)}", where=f"{where}.metadata.{name}"
        )
    if all(type(item) is str for item in value):
        return value
    out = []
    for i, item in enumerate(value):
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            item = str(item)
        if not isinstance(item, str):
            raise PortalFormatError(
                f"expected a string, found {_json_type(item)}",
                where=f"{where}.metadata.{name}[{i}]",
            )
        out.append(item)
    return out


def _first(metadata: dict[str, Any], name: str, where: str) -> str:
    values = _strings(metadata, name, where)
    return values[0].strip() if values else ""


def _embedded(metadata: dict[str, Any], name: str, where: str, *, default: Any) -> Any:
    """A metadata value that is JSON inside a string (`actions`, `budgetOverview`)."""
    text = _first(metadata, name, where)
    if not text:
        return default
    try:
        return json.loads(text, strict=False)
    except json.JSONDecodeError as exc:
        raise PortalFormatError(
            f"not JSON inside the string: {exc.msg} (character {exc.pos + 1})",
            where=f"{where}.metadata.{name}",
        ) from exc


def _keywords(metadata: dict[str, Any], where: str) -> tuple[str, ...]:
    values = _strings(metadata, "keywords", where)
    if len(values) == 1 and values[0].lstrip().startswith("["):
        try:
            parsed = json.loads(values[0], strict=False)
        except json.JSONDecodeError:
            parsed = None
        if isinstance(parsed, list):
            values = [str(v) for v in parsed if isinstance(v, (str, int, float))]
    return tuple(v.strip() for v in values if v.strip())


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"
