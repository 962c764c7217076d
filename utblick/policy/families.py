"""The general rule vocabulary: five rule families whose conditions are written over register
fields in the profile. Pure Python, no Django.

A routine of a profile carries one or more checks; each check is one family with its
parameters, checked here when the profile is read:

- `decision_route` — records matching a condition need an approved decision by one of the
  named bodies (or by several, in order), before they go ahead;
- `required_fact` — records matching a condition must state something (an end date, a
  stated benefit, a representative, a legal ground …), within a time;
- `recurring_duty` — something falls due again and again for each matching record (every N
  months, each year, each term of office, each reporting period, or on a date of the record),
  done when the record shows it or linked records (visits, matters) happened;
- `limit` — at most N matching records (or a sum) in force, or per year; the ones beyond it
  are policy conflicts, unless a named body decides otherwise;
- `notification` — someone is told about a record within a number of days (or a number of
  days before it starts); also coordination between units working on the same thing.

The engine (`utblick.routines.engine`) evaluates the checks; docs/policy-profiles.md teaches
the vocabulary with one worked example per family.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .vocabulary import (
    ALWAYS,
    Condition,
    Register,
    parse_condition,
    registers,
    vocabulary,
)

FAMILIES = ("decision_route", "required_fact", "recurring_duty", "limit", "notification")
FAMILY_LABELS = {
    "decision_route": "Beslutsväg",
    "required_fact": "Obligatorisk uppgift",
    "recurring_duty": "Återkommande uppgift",
    "limit": "Begränsning",
    "notification": "Information och samordning",
}

# Bodies every organisation has, by kind (its own names come from the terminology and from
# the units registered). Relative bodies are found from the record's own unit upwards.
BODY_KINDS = tuple(vocabulary("unit_kinds"))
RELATIVE_BODIES = ("owning_unit", "committee", "administration", "municipal_company")
STANDARD_BODIES = (*BODY_KINDS, "owning_unit", "municipal_director")
# Who can be told, besides bodies.
NOTIFY_GROUPS = ("elected_officials", "staff_concerned", "contact_persons")
CADENCES = ("term_of_office", "year")
LIMIT_PERIODS = ("in_force", "year")
SEVERITIES = ("obligation", "conflict")

ORGANISATION_KINDS = ("municipality", "region")


@dataclass(frozen=True)
class Evidence:
    """Records in another register that show a duty done: `link` on them points at the
    record (a visit's partnership, a matter's body), `when` says which count, `count` how
    many are needed in one cycle."""

    register: str
    link: str
    when: Condition = ALWAYS
    count: int = 1


@dataclass(frozen=True)
class MatterEvidence:
    """A matter about the record, of one of `kinds`, decided by (or sent to) one of `to`."""

    kinds: tuple[str, ...] = ()
    to: tuple[str, ...] = ()


@dataclass(frozen=True)
class Check:
    """One family applied by a routine. `params` holds the family's own parameters, checked
    and with defaults filled in; conditions are parsed."""

    family: str
    register: str
    key: str = ""
    when: Condition = ALWAYS
    params: Mapping[str, Any] = field(default_factory=dict)
    title: str = ""
    conflict_title: str = ""
    done_title: str = ""
    responsible: str = ""
    evidence_text: str = ""
    explanation: str = ""
    record_done_choice: bool | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def param(self, name: str) -> Any:
        return self.params.get(name)

    @property
    def record_done(self) -> bool:
        if self.record_done_choice is not None:
            return self.record_done_choice
        if self.family == "decision_route" and registers()[self.register].own_decision.get(
            "body_link"
        ):
            # A decision recorded in the record's own fields is simply in order.
            return False
        return RECORD_DONE_DEFAULTS[self.family]


# --- Parameter specifications --------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    """One parameter of a family.

    kind: int, bool, text, choice, condition, field (a field of the check's register, of
    `field_type` if given), fields, bodies, body, recipients, periods, evidence,
    matter_evidence, template.
    """

    kind: str
    help: str
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()
    min: int | None = None
    field_type: str | None = None


COMMON: dict[str, Param] = {
    "key": Param("slug", "Tillägg till åtgärdernas nyckel när rutinen har flera kontroller."),
    "family": Param("choice", "Regelfamiljen.", required=True, choices=FAMILIES),
    "register": Param("choice", "Registret vars poster kontrolleras.", required=True, choices=()),
    "when": Param("condition", "Vilka poster kontrollen gäller (tomt = alla)."),
    "title": Param("template", "Åtgärdens rubrik, med {record} och registrets fält."),
    "conflict_title": Param("template", "Rubrik när det är en policykonflikt."),
    "done_title": Param("template", "Rubrik när det redan är i ordning när det upptäcks."),
    "responsible": Param("body", "Organ som ska agera (standard: den ägande enheten)."),
    "evidence_text": Param("text", "Vad som visar att åtgärden är gjord."),
    "explanation": Param(
        "template", "Varför, med dokumentets ord (står först i åtgärdens förklaring)."
    ),
    "record_done": Param(
        "bool",
        "Spara en klar åtgärd när det redan är i ordning när det upptäcks (standard: för "
        "beslut i ärenden, begränsningar och information; inte för ifyllda fält).",
    ),
}
# Whether a finding that is already satisfied when first found is kept as a done obligation.
RECORD_DONE_DEFAULTS = {
    "decision_route": True,
    "required_fact": False,
    "recurring_duty": False,
    "limit": True,
    "notification": True,
}

FAMILY_PARAMS: dict[str, dict[str, Param]] = {
    "decision_route": {
        "decided_by": Param("bodies", "Organ vars beslut räcker (något av dem)."),
        "steps": Param(
            "steps", "Organ som ska besluta i tur och ordning, t.ex. nämnden före styrelsen."
        ),
        "or_parent": Param(
            "bool", "Ett beslut av det överordnade organet räcker också.", default=False
        ),
        "matter_kinds": Param("matter_kinds", "Ärendetyper som räknas som beslutet (tomt = alla)."),
        "pending": Param(
            "condition",
            "Poster där beslutet ännu är en åtgärd, inte en konflikt (standard: registrets "
            "föreslagna poster).",
        ),
        "in_force": Param("condition", "Vilka poster som gäller (standard: registrets)."),
        "due_field": Param("field", "Datum då beslutet senast ska finnas.", field_type="date"),
        "on_change_of": Param(
            "fields", "Ändringar i dessa fält kräver ett nytt beslut (efter ändringen)."
        ),
        "changed_while": Param(
            "condition", "Ändringen räknas när posten före ändringen uppfyllde detta."
        ),
    },
    "required_fact": {
        "require": Param("condition", "Det posten ska uppfylla.", required=True),
        "within_days": Param("int", "Dagar att komplettera inom.", default=30, min=0),
        "after_field": Param(
            "field", "Datum som fristen räknas från.", default="created_on", field_type="date"
        ),
        "before_field": Param("field", "Uppgiften ska finnas före detta datum.", field_type="date"),
        "days_before": Param("int", "Dagar före before_field.", default=0, min=0),
        "missing_is": Param(
            "choice", "Om uppgiften saknas.", default="obligation", choices=SEVERITIES
        ),
        "wrong_is": Param("choice", "Om uppgiften är fel.", default="conflict", choices=SEVERITIES),
        "conflict_after_due": Param(
            "bool", "Saknad uppgift blir en konflikt när fristen gått ut.", default=False
        ),
    },
    "recurring_duty": {
        "every_months": Param("int", "Månader mellan gångerna.", min=1),
        "every": Param("choice", "Varje år eller varje mandatperiod.", choices=CADENCES),
        "periods": Param("periods", "Perioder i rapporteringskalendern ([[reporting]])."),
        "due_field": Param(
            "field", "Ett datum i posten då uppgiften förfaller.", field_type="date"
        ),
        "lead_days": Param(
            "int", "Dagar före förfallodagen som uppgiften visas.", default=60, min=0
        ),
        "lead_months": Param("int", "Månader före förfallodagen som uppgiften visas.", min=0),
        "done_field": Param(
            "field", "Datum i posten då uppgiften senast gjordes.", field_type="date"
        ),
        "next_field": Param("field", "Datum i posten för nästa gång.", field_type="date"),
        "base_field": Param(
            "field", "Datum som första intervallet räknas från.", field_type="date"
        ),
        "evidence": Param("evidence", "Poster i ett annat register som visar att den är gjord."),
    },
    "limit": {
        "max_count": Param("int", "Högsta antal poster.", min=0),
        "max_sum": Param("int", "Högsta summa.", min=0),
        "sum_field": Param("field", "Fältet som summeras.", field_type="decimal"),
        "per": Param(
            "choice", "Gäller samtidigt eller per år.", default="in_force", choices=LIMIT_PERIODS
        ),
        "year_field": Param("field", "Fältet som avgör året (datum eller år)."),
        "in_force": Param("condition", "Vilka poster som räknas (standard: registrets gällande)."),
        "override_by": Param("bodies", "Organ vars beslut låter en post över gränsen gå vidare."),
        "order_field": Param("field", "Ordning: de första ryms inom gränsen.", field_type="date"),
    },
    "notification": {
        "notify": Param("recipients", "Vilka som ska informeras.", required=True),
        "within_days": Param(
            "int", "Dagar efter after_field att informera inom.", default=7, min=0
        ),
        "after_field": Param(
            "field", "Datum som fristen räknas från.", default="created_on", field_type="date"
        ),
        "before_field": Param("field", "Informera före detta datum.", field_type="date"),
        "days_before": Param("int", "Dagar före before_field.", default=0, min=0),
        "done_field": Param(
            "field", "Datum i posten då informationen lämnades.", field_type="date"
        ),
        "done_by_matter": Param("matter_evidence", "Ett ärende som visar att det är gjort."),
        "coordinate_on": Param(
            "field", "Samordning: gäller bara poster där ett annat organ har samma värde i fältet."
        ),
    },
}


# --- Parsing one check ---------------------------------------------------------------------

Problem = tuple[tuple[str | int, ...], str]


@dataclass(frozen=True)
class Context:
    """What a check may refer to in the rest of the profile."""

    bodies: frozenset[str] = frozenset(STANDARD_BODIES)
    periods: frozenset[str] = frozenset()


def parse_check(raw: Mapping[str, Any], context: Context) -> tuple[Check | None, list[Problem]]:
    """A check from its TOML table, with every problem found (located below the table)."""
    problems: list[Problem] = []
    family = raw.get("family")
    if family is None:
        problems.append(((), "obligatorisk nyckel 'family' saknas"))
        return None, problems
    if family not in FAMILIES:
        problems.append(
            (("family",), f"okänd regelfamilj '{family}' — tillåtna: {', '.join(FAMILIES)}")
        )
        return None, problems
    register_name = raw.get("register")
    register = registers().get(register_name) if isinstance(register_name, str) else None
    if register is None:
        shown = f"'{register_name}'" if register_name is not None else "saknas"
        problems.append(
            (("register",), f"okänt register {shown} — tillåtna: {', '.join(registers())}")
        )
        return None, problems
    specs = {**COMMON, **FAMILY_PARAMS[family]}
    for key in raw:
        if key not in specs:
            problems.append(
                ((key,), f"okänd nyckel '{key}' för {family} (tillåtna: {', '.join(specs)})")
            )
    values: dict[str, Any] = {}
    for name, spec in specs.items():
        if name in ("family", "register"):
            continue
        if name not in raw:
            if spec.required:
                problems.append(((), f"obligatorisk nyckel '{name}' saknas för {family}"))
            values[name] = spec.default
            continue
        checked, found = _param(spec, raw[name], register, context, (name,))
        problems += found
        values[name] = checked
    problems += _family_rules(family, values, register, raw)
    when = values.pop("when") or ALWAYS
    common = {
        name: values.pop(name) or ""
        for name in (
            "key",
            "title",
            "conflict_title",
            "done_title",
            "responsible",
            "evidence_text",
            "explanation",
        )
    }
    record_done = values.pop("record_done")
    check = Check(
        family=family,
        register=register.name,
        when=when,
        params=values,
        raw=dict(raw),
        record_done_choice=record_done,
        **common,
    )
    for name in ("title", "conflict_title", "done_title", "explanation"):
        template = common[name]
        if template:
            problems += [((name,), p) for p in template_problems(template, register)]
    return check, problems


def _param(
    spec: Param, value: Any, register: Register, context: Context, at: tuple[Any, ...]
) -> tuple[Any, list[Problem]]:
    kind = spec.kind
    if kind == "condition":
        condition, found = parse_condition(value, register)
        return condition, [((*at, *where), message) for where, message in found]
    if kind in ("int",):
        if isinstance(value, bool) or not isinstance(value, int):
            return None, [(at, f"fel typ: väntade heltal, fick {_shown(value)}")]
        if spec.min is not None and value < spec.min:
            return None, [(at, f"värdet {value} är mindre än minsta tillåtna {spec.min}")]
        return value, []
    if kind == "bool":
        if not isinstance(value, bool):
            return None, [(at, f"fel typ: väntade true eller false, fick {_shown(value)}")]
        return value, []
    if kind in ("text", "template", "slug"):
        if not isinstance(value, str) or not value.strip():
            return None, [(at, f"fel typ: väntade text, fick {_shown(value)}")]
        if kind == "slug" and not re.fullmatch(r"[a-z0-9_-]+", value):
            return None, [(at, f"'{value}' är ingen giltig nyckel: använd bara a–z, 0–9, _ och -")]
        return value, []
    if kind == "choice":
        if value not in spec.choices:
            return None, [
                (at, f"okänt värde {_shown(value)} — tillåtna: {', '.join(spec.choices)}")
            ]
        return value, []
    if kind == "field":
        return _field(value, register, spec.field_type, at)
    if kind == "fields":
        if not isinstance(value, list) or not value:
            return None, [(at, "väntade en lista med fältnamn")]
        names, problems = [], []
        for i, item in enumerate(value):
            name, found = _field(item, register, None, (*at, i))
            problems += found
            if name:
                names.append(name)
        return tuple(names), problems
    if kind in ("bodies", "recipients"):
        allowed = set(context.bodies) | (set(NOTIFY_GROUPS) if kind == "recipients" else set())
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value:
            return None, [(at, "väntade en lista med minst ett organ")]
        problems = [
            ((*at, i), _unknown_body(item, allowed))
            for i, item in enumerate(value)
            if item not in allowed
        ]
        return tuple(value), problems
    if kind == "body":
        if value not in context.bodies:
            return None, [(at, _unknown_body(value, context.bodies))]
        return value, []
    if kind == "steps":
        if not isinstance(value, list) or len(value) < 2:
            return None, [
                (
                    at,
                    'väntade en lista med minst två steg, t.ex. [["committee"], ["executive_board"]]',
                )
            ]
        steps, problems = [], []
        for i, step in enumerate(value):
            checked, found = _param(Param("bodies", ""), step, register, context, (*at, i))
            problems += found
            steps.append(checked or ())
        return tuple(steps), problems
    if kind == "matter_kinds":
        kinds = vocabulary("matter_kinds")
        if not isinstance(value, list):
            return None, [(at, "väntade en lista med ärendetyper")]
        problems = [
            ((*at, i), f"okänd ärendetyp {_shown(item)} — tillåtna: {', '.join(kinds)}")
            for i, item in enumerate(value)
            if item not in kinds
        ]
        return tuple(value), problems
    if kind == "periods":
        if not isinstance(value, list) or not value:
            return None, [(at, "väntade en lista med perioder ur [[reporting]]")]
        known = ", ".join(sorted(context.periods)) or "inga [[reporting]] finns"
        problems = [
            ((*at, i), f"okänd rapporteringsperiod {_shown(item)} — finns: {known}")
            for i, item in enumerate(value)
            if item not in context.periods
        ]
        return tuple(value), problems
    if kind == "evidence":
        return _evidence(value, register, at)
    if kind == "matter_evidence":
        if not isinstance(value, dict):
            return None, [(at, "väntade en tabell { kinds = [...], to = [...] }")]
        problems = []
        unknown = set(value) - {"kinds", "to"}
        problems += [((*at, key), f"okänd nyckel '{key}' (tillåtna: kinds, to)") for key in unknown]
        kinds, found = _param(
            Param("matter_kinds", ""), value.get("kinds", []), register, context, (*at, "kinds")
        )
        problems += found
        to: tuple[Any, ...] = ()
        if "to" in value:
            to, found = _param(Param("bodies", ""), value["to"], register, context, (*at, "to"))
            problems += found
        return MatterEvidence(tuple(kinds or ()), tuple(to or ())), problems
    raise ValueError(f"unknown parameter kind {kind}")


def _field(
    value: Any, register: Register, field_type: str | None, at: tuple[Any, ...]
) -> tuple[str | None, list[Problem]]:
    if not isinstance(value, str) or register.field(value) is None:
        known = ", ".join(
            name
            for name, f in register.fields.items()
            if field_type is None or f.type == field_type
        )
        return None, [(at, f"okänt fält {_shown(value)} i {register.label} — finns: {known}")]
    if field_type is not None and register.fields[value].type != field_type:
        return None, [(at, f"fältet '{value}' är inte av typen {field_type}")]
    return value, []


def _evidence(
    value: Any, register: Register, at: tuple[Any, ...]
) -> tuple[Evidence | None, list[Problem]]:
    if not isinstance(value, dict):
        return None, [
            (at, "väntade en tabell { register = ..., link = ..., when = {...}, count = 1 }")
        ]
    problems: list[Problem] = []
    unknown = set(value) - {"register", "link", "when", "count"}
    problems += [
        ((*at, key), f"okänd nyckel '{key}' (tillåtna: register, link, when, count)")
        for key in unknown
    ]
    target = registers().get(value.get("register", ""))
    if target is None:
        return None, [
            *problems,
            (
                (*at, "register"),
                f"okänt register {_shown(value.get('register'))} — tillåtna: {', '.join(registers())}",
            ),
        ]
    link = value.get("link")
    if target.links.get(link or "") != register.name and not (
        link == "unit" and register.name == "units"
    ):
        known = [name for name, reg in target.links.items() if reg == register.name]
        if register.name == "units":
            known.append("unit")
        problems.append(
            (
                (*at, "link"),
                f"{target.label} har ingen länk {_shown(link)} till {register.label} — finns: {', '.join(known) or 'ingen'}",
            )
        )
    when, found = parse_condition(value.get("when", {}), target)
    problems += [((*at, "when", *where), message) for where, message in found]
    count = value.get("count", 1)
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        problems.append(((*at, "count"), f"väntade ett heltal, minst 1, fick {_shown(count)}"))
        count = 1
    return Evidence(target.name, str(link), when, count), problems


def _family_rules(
    family: str, values: dict[str, Any], register: Register, raw: Mapping[str, Any]
) -> list[Problem]:
    """What a family needs beyond single parameters (one cadence, one bound …)."""
    problems: list[Problem] = []
    if family == "decision_route":
        if not values["decided_by"] and not values["steps"]:
            problems.append(
                ((), "ange decided_by (något av organen) eller steps (i tur och ordning)")
            )
        if values["decided_by"] and values["steps"]:
            problems.append((("steps",), "ange antingen decided_by eller steps, inte båda"))
        if values["on_change_of"] and values["changed_while"] is None:
            problems.append(
                (
                    ("changed_while",),
                    'on_change_of behöver changed_while (t.ex. { status = "active" })',
                )
            )
    elif family == "recurring_duty":
        cadences = [
            name for name in ("every_months", "every", "periods", "due_field") if values[name]
        ]
        if len(cadences) != 1:
            problems.append(((), "ange precis en av every_months, every, periods och due_field"))
        if values["periods"] and register.name != "units":
            problems.append(
                (("periods",), "rapporteringsperioder gäller registret units (de som rapporterar)")
            )
        if values["lead_months"] is not None and "lead_days" in raw:
            problems.append((("lead_months",), "ange antingen lead_days eller lead_months"))
    elif family == "limit":
        if (values["max_count"] is None) == (values["max_sum"] is None):
            problems.append(((), "ange antingen max_count eller max_sum"))
        if values["max_sum"] is not None and not values["sum_field"]:
            problems.append((("sum_field",), "max_sum behöver sum_field"))
        if values["per"] == "year" and not values["year_field"]:
            problems.append((("year_field",), 'per = "year" behöver year_field'))
        year_field = values["year_field"]
        if year_field and register.fields[year_field].type not in ("date", "int"):
            problems.append(
                (("year_field",), f"fältet '{year_field}' är varken ett datum eller ett år")
            )
    elif (
        family in ("notification", "required_fact")
        and "before_field" in raw
        and "within_days" in raw
    ):
        problems.append(
            (("within_days",), "ange antingen within_days (efter) eller before_field (före)")
        )
    return problems


def _unknown_body(value: Any, allowed: Iterable[str]) -> str:
    return f"okänt organ {_shown(value)} — tillåtna: {', '.join(sorted(allowed))}"


def _shown(value: Any) -> str:
    return f"'{value}'" if isinstance(value, str) else repr(value)


# --- Templates -----------------------------------------------------------------------------

# Names every template may use besides the register's own fields.
TEMPLATE_NAMES = (
    "record",
    "body",
    "bodies",
    "notify",
    "due",
    "period",
    "year",
    "unit",
    "missing",
    "term",
    "organisation",
    "org",
    "org_genitive",
)


def template_problems(template: str, register: Register) -> list[str]:
    problems = []
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    except ValueError as exc:
        return [f"ogiltig mall ({exc}); skriv {{record}} för postens namn"]
    for name in names:
        name = _uncapitalised(name)
        if name not in TEMPLATE_NAMES and register.field(name) is None:
            problems.append(
                f"okänt namn {{{name}}} i mallen — finns: {', '.join(TEMPLATE_NAMES)} och "
                f"registrets fält"
            )
    return problems


def _uncapitalised(name: str) -> str:
    return name[:1].lower() + name[1:]


class _Filled(dict[str, Any]):
    """The values a template names, read from `values` only when named (the routines' sweep
    fills tens of thousands of titles, each naming two or three of a record's fields)."""

    def __init__(self, values: Mapping[str, Any]):
        super().__init__()
        self.source = values

    def __missing__(self, key: str) -> Any:
        try:  # one lookup: a lazy mapping computes the value on each
            value = self.source[key]
        except KeyError:
            pass
        else:
            return "–" if value is None else value
        value = self.source.get(_uncapitalised(key))
        if value is None:
            return "–"
        text = str(value)
        return text[:1].upper() + text[1:]


def fill(template: str, values: Mapping[str, Any]) -> str:
    """The template with the values filled in (a missing value is shown as –). A name
    written with a capital ({Bodies}, {Record}) starts a sentence: its value is capitalised."""
    return template.format_map(_Filled(values))


def families_summary() -> Sequence[tuple[str, str]]:
    return tuple((name, FAMILY_LABELS[name]) for name in FAMILIES)
