"""Format 1's catalogue of rule types, kept so that profiles written in format 1 — and the
versions of them loaded before format 2 — still read. Pure Python (no Django).

Format 1 named one rule type per seed sentence (`no_new_twin_towns`, …). Format 2 writes
the same routines in the general vocabulary (`utblick.policy.families`); `to_checks`
turns a format-1 routine into those checks, with the same obligation keys, so that a
profile's obligations carry on unchanged when it is read in the new vocabulary.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

# --- Shared vocabularies -------------------------------------------------------------------

BODY_LABELS: dict[str, str] = {
    "council": "kommunfullmäktige",
    "executive_board": "kommunstyrelsen",
    "executive_office": "kommunstyrelsens förvaltning",
    "committee": "nämnd",
    "municipal_company": "kommunalt bolag",
    "administration": "förvaltning",
    "municipal_director": "kommundirektör",
}
BODIES: tuple[str, ...] = tuple(BODY_LABELS)

PARTNERSHIP_KIND_LABELS: dict[str, str] = {
    "twin_town": "vänort",
    "partner_city": "partnerstad",
    "cooperation_agreement": "samarbetsavtal",
    "memorandum_of_understanding": "samförståndsavtal (MoU)",
    "letter_of_intent": "avsiktsförklaring",
    "declaration": "deklaration",
    "support_initiative": "stödinsats",
}
PARTNERSHIP_KINDS: tuple[str, ...] = tuple(PARTNERSHIP_KIND_LABELS)

VISIT_KIND_LABELS: dict[str, str] = {
    "official": "officiellt besök",
    "protocol": "protokollärt besök",
    "study": "studiebesök",
    "delegation": "delegation",
    "conference_hosted": "konferens i kommunen",
    "conference_attended": "konferens på annan ort",
    "other": "annat",
}
VISIT_KINDS: tuple[str, ...] = tuple(VISIT_KIND_LABELS)

# Subjects that `decision_required` can demand a recorded decision for.
DECISION_SUBJECT_LABELS: dict[str, str] = {
    "new_partner_city": "nytt partnerstadssamarbete",
    "significant_agreement_change": "ändring av betydande karaktär i samarbetsavtal",
    "declaration": "internationell deklaration",
    "letter_of_intent": "avsiktsförklaring",
    "initiative": "internationellt initiativ",
    "municipality_wide_membership": "kommunövergripande medlemskap",
    "political_representation": "politisk representation i nätverk",
}
DECISION_SUBJECTS: tuple[str, ...] = tuple(DECISION_SUBJECT_LABELS)

UNIT_KINDS: tuple[str, ...] = ("committee", "administration", "municipal_company")
REPORTER_KINDS: tuple[str, ...] = (
    "committee",
    "municipal_company",
    "administration",
    "executive_office",
)
VISIT_NOTICE_RECIPIENTS: tuple[str, ...] = (
    "elected_officials",
    "staff_concerned",
    "contact_persons",
)
APPLICATION_STATUSES_BEFORE: tuple[str, ...] = ("preparing", "submitted")
REVIEW_EVERY: tuple[str, ...] = ("term_of_office", "yearly", "none")

PARAM_TYPES: tuple[str, ...] = (
    "int",
    "bool",
    "str",
    "list[str]",
    "decimal",
    "choice",
    "list[choice]",
)


# --- Catalogue types -----------------------------------------------------------------------


@dataclass(frozen=True)
class ParamSpec:
    """One parameter of a rule type.

    `min` is the smallest value for int/decimal and the fewest items for list types.
    """

    type: str
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] | None = None
    min: int | None = None
    help: str = ""


@dataclass(frozen=True)
class RuleType:
    name: str
    title_sv: str
    description: str
    requirement_examples: tuple[str, ...]
    params: dict[str, ParamSpec] = field(default_factory=dict)


def _body(default: str, help: str) -> ParamSpec:
    return ParamSpec("choice", default=default, choices=BODIES, help=help)


RULE_TYPES: dict[str, RuleType] = {
    rule.name: rule
    for rule in (
        RuleType(
            "application_inform_office",
            "Kommunstyrelsens förvaltning informeras om ansökan",
            "När en ansökan om extern finansiering registreras ska ett organ (normalt "
            "kommunstyrelsens förvaltning) informeras, oavsett program, fond och budget.",
            ("M3",),
            {
                "notify": _body("executive_office", "Organ som ska informeras."),
                "within_days": ParamSpec(
                    "int", default=7, min=0, help="Dagar efter registrering att informera inom."
                ),
                "only_when_owner": ParamSpec(
                    "bool",
                    default=True,
                    help="Gäller bara ansökningar där kommunen är projektägare (lead).",
                ),
            },
        ),
        RuleType(
            "application_budget_information_matter",
            "Informationsärende vid stor projektbudget",
            "Vid en total projektbudget på minst tröskelvärdet ska ägande organ sända ett "
            "informationsärende till ett annat organ (normalt kommunstyrelsen).",
            ("M3",),
            {
                "threshold_sek": ParamSpec(
                    "int", required=True, min=0, help="Total budget i kronor som utlöser kravet."
                ),
                "to": _body("executive_board", "Organ som tar emot informationsärendet."),
                "from_body": _body("committee", "Organ som sänder informationsärendet."),
                "may_follow_submission": ParamSpec(
                    "bool",
                    default=True,
                    help="Informationsärendet får skickas efter att ansökan lämnats in.",
                ),
                "within_days_after_submission": ParamSpec(
                    "int",
                    default=60,
                    min=0,
                    help="Senast antal dagar efter inlämning (om det får komma efteråt).",
                ),
            },
        ),
        RuleType(
            "application_alignment_confirmation",
            "Bekräftelse att projektet ligger i linje med policy och mål",
            "Ägande nämnd bekräftar att projektet ligger i linje med policyn och "
            "fullmäktiges mål innan ansökan når en viss status.",
            ("M3",),
            {
                "confirmed_by": _body("committee", "Organ som bekräftar."),
                "before_status": ParamSpec(
                    "choice",
                    default="submitted",
                    choices=APPLICATION_STATUSES_BEFORE,
                    help="Bekräftelsen ska finnas innan ansökan får denna status.",
                ),
            },
        ),
        RuleType(
            "membership_decision_body",
            "Vem beslutar om medlemskap",
            "Anger vilket organ som beslutar om ett medlemskap i nätverk beroende på om det "
            "är kommunövergripande eller gäller en enda verksamhet.",
            ("L2", "M2", "F4"),
            {
                "municipality_wide": _body(
                    "executive_board", "Beslutar om kommunövergripande medlemskap."
                ),
                "single_unit": ParamSpec(
                    "choice",
                    default="owning_unit",
                    choices=("owning_unit", *BODIES),
                    help="Beslutar om medlemskap inom en verksamhet; owning_unit = den "
                    "ägande nämnden eller bolagsstyrelsen.",
                ),
                "allow_executive_board_for_all": ParamSpec(
                    "bool",
                    default=False,
                    help="Kommunstyrelsen får (och ska) besluta om alla medlemskap.",
                ),
            },
        ),
        RuleType(
            "membership_review_interval",
            "Medlemskap prövas med jämna mellanrum",
            "Varje medlemskap prövas mot angivna mål med ett bestämt intervall.",
            ("L2",),
            {
                "months": ParamSpec(
                    "int", required=True, min=1, help="Månader mellan prövningarna."
                ),
                "against": ParamSpec(
                    "list[str]",
                    default=("municipality_goals", "committee_goals"),
                    min=1,
                    help="Det som medlemskapet prövas mot.",
                ),
            },
        ),
        RuleType(
            "no_new_twin_towns",
            "Inga nya vänortsavtal",
            "Nya partnerskap av angivna slag är en policykonflikt som kräver ett "
            "registrerat beslut av angivet organ för att gå vidare.",
            ("U1",),
            {
                "kinds": ParamSpec(
                    "list[choice]",
                    default=("twin_town",),
                    choices=PARTNERSHIP_KINDS,
                    min=1,
                    help="Partnerskapstyper som omfattas.",
                ),
                "since": ParamSpec(
                    "str",
                    default="",
                    help="Datum (ÅÅÅÅ-MM-DD) från vilket principen gäller; tomt = alltid.",
                ),
                "decision_body": _body("council", "Organ vars beslut krävs för undantag."),
            },
        ),
        RuleType(
            "agreement_limits",
            "Samarbetsavtal begränsas i antal, verksamhet och tid",
            "Avtal av angivna slag ska ha slutdatum, omfattning och angiven nytta; fler "
            "aktiva avtal än gränsen är en policykonflikt.",
            ("F2",),
            {
                "kinds": ParamSpec(
                    "list[choice]",
                    default=(
                        "cooperation_agreement",
                        "partner_city",
                        "memorandum_of_understanding",
                        "letter_of_intent",
                    ),
                    choices=PARTNERSHIP_KINDS,
                    min=1,
                    help="Avtalstyper som omfattas.",
                ),
                "max_active": ParamSpec(
                    "int", default=0, min=0, help="Högsta antal aktiva avtal; 0 = ingen gräns."
                ),
                "require_end_date": ParamSpec("bool", default=True, help="Slutdatum krävs."),
                "require_scope": ParamSpec("bool", default=True, help="Omfattning krävs."),
                "require_benefit": ParamSpec(
                    "bool", default=True, help="Angiven nytta för kommunen krävs."
                ),
                "decision_body": _body("executive_board", "Organ som beslutar om avtal."),
            },
        ),
        RuleType(
            "decision_required",
            "Beslut krävs",
            "Angivna slags ärenden kräver ett registrerat beslut av angivet organ.",
            ("M2",),
            {
                "subjects": ParamSpec(
                    "list[choice]",
                    required=True,
                    choices=DECISION_SUBJECTS,
                    min=1,
                    help="Ärendetyper som kräver beslut.",
                ),
                "body": _body("executive_board", "Organ som beslutar."),
            },
        ),
        RuleType(
            "visit_representation",
            "Representation vid besök",
            "Vid besök av angivna slag företräds kommunen av något av de angivna organen.",
            ("M2", "F4"),
            {
                "visit_kinds": ParamSpec(
                    "list[choice]",
                    default=("official", "protocol"),
                    choices=VISIT_KINDS,
                    min=1,
                    help="Besökstyper som omfattas.",
                ),
                "bodies": ParamSpec(
                    "list[choice]",
                    default=("council", "executive_board"),
                    choices=BODIES,
                    min=1,
                    help="Organ som företräder kommunen.",
                ),
            },
        ),
        RuleType(
            "twin_town_visit_notice",
            "Information i god tid om besök från vänort",
            "Besök från en vänort aviseras till berörda senast ett antal dagar före besöket.",
            ("F4",),
            {
                "days_before": ParamSpec(
                    "int", required=True, min=0, help="Dagar före besöket att informera."
                ),
                "notify": ParamSpec(
                    "list[choice]",
                    default=("elected_officials", "staff_concerned"),
                    choices=VISIT_NOTICE_RECIPIENTS,
                    min=1,
                    help="Vilka som ska informeras.",
                ),
            },
        ),
        RuleType(
            "support_legal_ground",
            "Stöd till annat land anger laglig grund",
            "Stödinsatser till andra länder ska ange laglig grund och bör gå via "
            "kommunens medlemskap i nätverk, inte som bilaterala avtal.",
            ("U2", "U3"),
            {
                "kinds": ParamSpec(
                    "list[choice]",
                    default=("support_initiative",),
                    choices=PARTNERSHIP_KINDS,
                    min=1,
                    help="Partnerskapstyper som omfattas.",
                ),
                "default_legal_ground": ParamSpec(
                    "str",
                    default="Lag (2009:47) om vissa kommunala befogenheter, 5 kap. 4–9 §§",
                    help="Laglig grund som föreslås när ingen annan anges.",
                ),
                "via_memberships": ParamSpec(
                    "bool",
                    default=True,
                    help="Stödinsatsen ska kopplas till ett eller flera medlemskap.",
                ),
            },
        ),
        RuleType(
            "reporting_obligation",
            "Rapporteringsskyldighet",
            "Angivna rapportörer lämnar rapport för varje angiven period i rapporteringskalendern.",
            ("L3", "M4", "F5"),
            {
                "periods": ParamSpec(
                    "list[str]",
                    required=True,
                    min=1,
                    help="Nycklar till perioder i profilens [[reporting]].",
                ),
                "reporters": ParamSpec(
                    "list[choice]",
                    default=("committee",),
                    choices=REPORTER_KINDS,
                    min=1,
                    help="Vilka som rapporterar.",
                ),
            },
        ),
        RuleType(
            "document_validity",
            "Styrdokumentets giltighet och aktualitetsprövning",
            "Visar när styrdokumentet löper ut eller ska prövas, och att ett nytt behövs.",
            ("E1", "L6", "M5"),
            {
                "review_months_before": ParamSpec(
                    "int",
                    default=6,
                    min=0,
                    help="Månader före giltighetstidens slut att påbörja revidering.",
                ),
                "review_every": ParamSpec(
                    "choice",
                    default="none",
                    choices=REVIEW_EVERY,
                    help="Återkommande uppföljning av dokumentet.",
                ),
            },
        ),
        RuleType(
            "project_closure_lessons",
            "Avslutade projekt: lärdomar och implementering",
            "När ett projekt avslutas dokumenteras lärdomar och beslut om implementering i "
            "ordinarie verksamhet inom ett antal dagar.",
            ("L4", "M3"),
            {
                "require_lessons": ParamSpec("bool", default=True, help="Lärdomar krävs."),
                "require_operations_decision": ParamSpec(
                    "bool",
                    default=True,
                    help="Beslut om implementering i ordinarie verksamhet krävs.",
                ),
                "within_days": ParamSpec(
                    "int", default=90, min=0, help="Dagar efter avslut att dokumentera inom."
                ),
            },
        ),
        RuleType(
            "contact_person_per_unit",
            "Kontaktperson per verksamhet",
            "Varje enhet av angivna slag har en kontaktperson i kommunens EU-nätverk.",
            ("M2", "F5"),
            {
                "required_kinds": ParamSpec(
                    "list[choice]",
                    default=("committee",),
                    choices=UNIT_KINDS,
                    min=1,
                    help="Enhetstyper som ska ha en kontaktperson.",
                ),
                "optional_kinds": ParamSpec(
                    "list[choice]",
                    default=("municipal_company",),
                    choices=UNIT_KINDS,
                    help="Enhetstyper som får ha en kontaktperson.",
                ),
            },
        ),
    )
}

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# --- Validation ----------------------------------------------------------------------------


def unknown_rule_message(rule: object) -> str:
    return f"okänd regeltyp {_quote(rule)} — tillåtna: {', '.join(RULE_TYPES)}"


def validate_params(rule: str, params: dict) -> tuple[dict, list[tuple[str, str]]]:
    """Check a routine's params against its rule type and fill in defaults.

    Returns (params with defaults, [(param_key, Swedish message), ...]); param_key is ""
    for errors about the rule itself (unknown rule type, params not a table).
    """
    spec = RULE_TYPES.get(rule) if isinstance(rule, str) else None
    if spec is None:
        return {}, [("", unknown_rule_message(rule))]
    if not isinstance(params, dict):
        return {}, [("", f"fel typ: väntade tabell, fick {type_name(params)}")]

    errors: list[tuple[str, str]] = []
    for key in params:
        if key not in spec.params:
            allowed = ", ".join(spec.params) or "inga"
            errors.append((key, f"okänd parameter '{key}' för {rule} (tillåtna: {allowed})"))

    filled: dict[str, Any] = {}
    for name, param in spec.params.items():
        if name not in params:
            if param.required:
                errors.append((name, f"obligatorisk parameter '{name}' saknas"))
            else:
                filled[name] = _fresh(param.default)
            continue
        value, message = _coerce(param, params[name])
        if message:
            errors.append((name, message))
        else:
            filled[name] = value

    if not errors:
        errors.extend(_rule_specific_errors(rule, filled))
    return filled, errors


def _fresh(default: Any) -> Any:
    # Defaults are stored as tuples so the catalogue stays immutable; routines get lists.
    return list(default) if isinstance(default, tuple) else default


def _coerce(param: ParamSpec, value: Any) -> tuple[Any, str | None]:
    kind = param.type
    if kind == "bool":
        if isinstance(value, bool):
            return value, None
        return None, _wrong_type("sant/falskt (true/false)", value)
    if kind == "int":
        if not _is_int(value):
            return None, _wrong_type("heltal", value)
        return value, _below_min(param, value)
    if kind == "decimal":
        if not _is_number(value):
            return None, _wrong_type("tal", value)
        return value, _below_min(param, value)
    if kind == "str":
        if not isinstance(value, str):
            return None, _wrong_type("text", value)
        return value, None
    if kind == "choice":
        if not isinstance(value, str):
            return None, _wrong_type("text", value)
        return value, _not_a_choice(value, param.choices or ())
    if kind in ("list[str]", "list[choice]"):
        return _coerce_list(param, value)
    raise ValueError(f"unknown param type {kind!r}")  # a catalogue bug, not a profile error


def _coerce_list(param: ParamSpec, value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, list):
        return None, _wrong_type("lista med text", value)
    for item in value:
        if not isinstance(item, str):
            return (
                None,
                f"fel typ i listan: väntade text, fick {type_name(item)} ({short_repr(item)})",
            )
        if not item.strip():
            return None, "listan får inte innehålla tom text"
        if param.type == "list[choice]":
            message = _not_a_choice(item, param.choices or ())
            if message:
                return None, message
    duplicates = sorted({item for item in value if value.count(item) > 1})
    if duplicates:
        return None, f"värdet '{duplicates[0]}' förekommer mer än en gång i listan"
    if param.min is not None and len(value) < param.min:
        return None, f"listan måste ha minst {param.min} värde(n)"
    return list(value), None


def _rule_specific_errors(rule: str, params: dict) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    if rule == "no_new_twin_towns" and params["since"] and not _is_iso_date(params["since"]):
        errors.append(("since", f"'{params['since']}' är inget datum på formen ÅÅÅÅ-MM-DD"))
    if rule == "contact_person_per_unit":
        both = [k for k in params["optional_kinds"] if k in params["required_kinds"]]
        if both:
            errors.append(
                ("optional_kinds", f"'{both[0]}' står både i required_kinds och optional_kinds")
            )
    if rule == "support_legal_ground" and not params["default_legal_ground"].strip():
        errors.append(("default_legal_ground", "den lagliga grunden får inte vara tom"))
    return errors


def _is_iso_date(text: str) -> bool:
    if not _ISO_DATE.fullmatch(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    return _is_int(value)


def _below_min(param: ParamSpec, value: int | float) -> str | None:
    if param.min is None or value >= param.min:
        return None
    if param.min == 0:
        return f"värdet får inte vara negativt (fick {value})"
    return f"värdet måste vara minst {param.min} (fick {value})"


def _not_a_choice(value: str, choices: tuple[str, ...]) -> str | None:
    if value in choices:
        return None
    return f"okänt värde '{value}' — tillåtna: {', '.join(choices)}"


def _wrong_type(expected: str, value: Any) -> str:
    return f"fel typ: väntade {expected}, fick {type_name(value)} ({short_repr(value)})"


def type_name(value: Any) -> str:
    """The Swedish name of a TOML value's type, for error messages."""
    if isinstance(value, bool):
        return "sant/falskt"
    if isinstance(value, int):
        return "heltal"
    if isinstance(value, float):
        return "decimaltal"
    if isinstance(value, str):
        return "text"
    if isinstance(value, datetime):
        return "datum med klockslag"
    if isinstance(value, date):
        return "datum"
    if isinstance(value, time):
        return "klockslag"
    if isinstance(value, list):
        return "lista"
    if isinstance(value, dict):
        return "tabell"
    return type(value).__name__


def short_repr(value: Any, limit: int = 40) -> str:
    """A value as quoted in error messages, cut to `limit` characters."""
    text = f"'{value}'" if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quote(value: object) -> str:
    return f"'{value}'" if isinstance(value, str) else short_repr(value)


# --- Format 1 → the general vocabulary -----------------------------------------------------

_NOT_WITHDRAWN_BEFORE_SUBMISSION = {"not": {"status": "withdrawn", "submitted_on__empty": True}}
_STILL_VALID = {"any": [{"valid_to__empty": True}, {"valid_to__gte": "today"}]}
# decision_required: the partnership kinds each subject covers ("initiative" also covers
# support initiatives); agreements whose significant changes need a decision.
_SUBJECT_KINDS: dict[str, tuple[str, ...]] = {
    "new_partner_city": ("partner_city",),
    "declaration": ("declaration",),
    "letter_of_intent": ("letter_of_intent",),
    "initiative": ("declaration", "support_initiative"),
}
_AGREEMENT_KINDS = [
    "twin_town",
    "partner_city",
    "cooperation_agreement",
    "memorandum_of_understanding",
    "letter_of_intent",
]


def _literal(text: str) -> str:
    """Text written into a title or explanation template as it is (braces escaped)."""
    return text.replace("{", "{{").replace("}", "}}")


def _label(body: str) -> str:
    return BODY_LABELS.get(body, body)


def _join(items: list[str], last: str = "och") -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {last} " + items[-1]


def to_checks(rule: str, params: dict) -> list[dict]:
    """The format-2 checks (as TOML tables) a validated format-1 routine stands for."""
    p = params
    if rule == "application_inform_office":
        when: dict = {**_NOT_WITHDRAWN_BEFORE_SUBMISSION}
        if p["only_when_owner"]:
            when["role"] = "lead"
        return [
            {
                "family": "notification",
                "register": "applications",
                "when": when,
                "notify": [p["notify"]],
                "within_days": p["within_days"],
                "title": "Informera {notify} om ansökan {record}",
            }
        ]
    if rule == "application_budget_information_matter":
        check = {
            "family": "notification",
            "register": "applications",
            "when": {
                "role": "lead",
                "total_budget_sek__gte": p["threshold_sek"],
                **_NOT_WITHDRAWN_BEFORE_SUBMISSION,
            },
            "notify": [p["to"]],
            "done_by_matter": {"kinds": ["information_matter"], "to": [p["to"]]},
            "responsible": p["from_body"],
            "title": "Skicka informationsärende till {notify} om ansökan {record}",
        }
        if p["may_follow_submission"]:
            check.update(after_field="submitted_on", within_days=p["within_days_after_submission"])
        else:
            check.update(before_field="deadline")
        return [check]
    if rule == "application_alignment_confirmation":
        before = p["before_status"]
        status_label = {"submitted": "inskickad", "preparing": "under beredning"}[before]
        if before == "submitted":
            when = {"role": "lead", "status__ne": "idea", **_NOT_WITHDRAWN_BEFORE_SUBMISSION}
            pending = {"status": "preparing"}
        else:
            when = {
                "role": "lead",
                "any": [{"status__ne": "withdrawn"}, {"submitted_on__empty": False}],
            }
            pending = {"status": "idea"}
        return [
            {
                "family": "decision_route",
                "register": "applications",
                "when": when,
                "decided_by": [p["confirmed_by"]],
                "matter_kinds": ["application_decision"],
                "pending": pending,
                "due_field": "deadline",
                "responsible": p["confirmed_by"],
                "title": "Bekräfta att ansökan {record} ligger i linje med policyn och fullmäktiges mål",
                "conflict_title": (
                    f"Ansökan {{record}} har nått status {status_label} utan bekräftelse att den "
                    "ligger i linje med policyn"
                ),
            }
        ]
    if rule == "membership_decision_body":
        extra = ["executive_board"] if p["allow_executive_board_for_all"] else []
        checks = []
        for scope, body, responsible in (
            ("municipality_wide", p["municipality_wide"], "executive_office"),
            ("unit", p["single_unit"], ""),
        ):
            check = {
                "family": "decision_route",
                "register": "memberships",
                "when": {"scope": scope},
                "decided_by": list(dict.fromkeys([body, *extra])),
                "title": "Medlemskapet i {record} ska beslutas av {bodies}",
                "conflict_title": "Medlemskapet i {record} saknar beslut av rätt organ",
            }
            if responsible:
                check["responsible"] = responsible
            checks.append(check)
        return checks
    if rule == "membership_review_interval":
        return [
            {
                "family": "recurring_duty",
                "register": "memberships",
                "when": {"status": "active"},
                "every_months": p["months"],
                "done_field": "last_reviewed_on",
                "next_field": "next_review_on",
                "title": "Pröva medlemskapet i {record} mot målen",
            }
        ]
    if rule == "no_new_twin_towns":
        when = {"kind__in": list(p["kinds"])}
        if p["since"]:
            when["begins_on__gte"] = date.fromisoformat(p["since"])
        return [
            {
                "family": "decision_route",
                "register": "partnerships",
                "when": when,
                "decided_by": [p["decision_body"]],
                "pending": False,
                "title": "Ny {kind} ({record}) strider mot principen – kräver beslut av {bodies}",
            }
        ]
    if rule == "agreement_limits":
        checks = []
        require = {}
        if p["require_end_date"]:
            require["ends_on__empty"] = False
        if p["require_scope"]:
            require["scope__empty"] = False
        if p["require_benefit"]:
            require["stated_benefit__empty"] = False
        if require:
            checks.append(
                {
                    "key": "complete",
                    "family": "required_fact",
                    "register": "partnerships",
                    "when": {"kind__in": list(p["kinds"]), "status__ne": "ended"},
                    "require": require,
                    "within_days": 30,
                    "title": "Komplettera avtalet {record}",
                }
            )
        if p["max_active"] > 0:
            checks.append(
                {
                    "key": "limit",
                    "family": "limit",
                    "register": "partnerships",
                    "when": {"kind__in": list(p["kinds"])},
                    "in_force": {
                        "status__ne": "ended",
                        "any": [{"ends_on__empty": True}, {"ends_on__gte": "today"}],
                    },
                    "max_count": p["max_active"],
                    "override_by": [p["decision_body"]],
                    "conflict_title": "Fler samarbetsavtal än policyn tillåter: {record}",
                }
            )
        return checks
    if rule == "decision_required":
        subjects, body = p["subjects"], p["body"]
        checks = []
        kinds = list(dict.fromkeys(k for s in subjects for k in _SUBJECT_KINDS.get(s, ())))
        if kinds:
            checks.append(
                {
                    "family": "decision_route",
                    "register": "partnerships",
                    "when": {"kind__in": kinds},
                    "decided_by": [body],
                    "title": "{Bodies} ska besluta om {record}",
                    "conflict_title": "{Record} saknar beslut av {bodies}",
                }
            )
        if "municipality_wide_membership" in subjects:
            checks.append(
                {
                    "family": "decision_route",
                    "register": "memberships",
                    "when": {"scope": "municipality_wide"},
                    "decided_by": [body],
                    "responsible": "executive_office",
                    "title": "{Bodies} ska besluta om medlemskapet i {record}",
                    "conflict_title": "Medlemskapet i {record} saknar beslut av {bodies}",
                }
            )
        if "political_representation" in subjects:
            checks.append(
                {
                    "key": "representation",
                    "family": "decision_route",
                    "register": "memberships",
                    "when": {"scope": "municipality_wide", "elected_representative_count__gt": 0},
                    "decided_by": [body],
                    "matter_kinds": ["representation_decision"],
                    "pending": True,
                    "responsible": "executive_office",
                    "title": "{Bodies} ska besluta vem som representerar {org} i {record}",
                }
            )
        if "significant_agreement_change" in subjects:
            checks.append(
                {
                    "family": "decision_route",
                    "register": "partnerships",
                    "when": {"kind__in": _AGREEMENT_KINDS},
                    "decided_by": [body],
                    "on_change_of": ["scope", "ends_on"],
                    "changed_while": {"status": "active"},
                    "conflict_title": "Ändring av betydande karaktär i {record} kräver beslut av {bodies}",
                }
            )
        return checks
    if rule == "visit_representation":
        should = _join([_label(b) for b in p["bodies"]], "eller")
        # The visit register records bodies or "staff": the office and the administrations
        # are staff there.
        represented = list(
            dict.fromkeys(
                b
                if b in ("council", "executive_board", "committee", "municipal_company")
                else "staff"
                for b in p["bodies"]
            )
        )
        return [
            {
                "family": "required_fact",
                "register": "visits",
                "when": {"kind__in": list(p["visit_kinds"])},
                "require": {"represented_by__in": represented},
                "before_field": "starts_on",
                "conflict_after_due": True,
                "title": "Bestäm vem som företräder {org} vid {record}",
                "conflict_title": f"{{Org}} företräds inte av {should} vid {{record}}",
            }
        ]
    if rule == "twin_town_visit_notice":
        return [
            {
                "family": "notification",
                "register": "visits",
                "when": {"direction": "incoming", "partnership_kind": "twin_town"},
                "notify": list(p["notify"]),
                "before_field": "starts_on",
                "days_before": p["days_before"],
                "done_field": "announced_on",
                "title": "Informera berörda {notify} om besöket från vänorten {partnership_counterpart}",
            }
        ]
    if rule == "support_legal_ground":
        when = {"kind__in": list(p["kinds"]), "status__ne": "ended"}
        checks = [
            {
                "key": "legal-ground",
                "family": "required_fact",
                "register": "partnerships",
                "when": when,
                "require": {"legal_ground__empty": False},
                "within_days": 30,
                "title": "Ange laglig grund för stödinsatsen {record}",
                "evidence_text": f"Laglig grund ifylld i partnerskapet, normalt {p['default_legal_ground']}.",
                "explanation": (
                    "Kommunallagen begränsar kommunernas bistånd till andra länder; stöd ska "
                    f"ange sin lagliga grund, normalt {_literal(p['default_legal_ground'])}."
                ),
            }
        ]
        if p["via_memberships"]:
            checks.append(
                {
                    "key": "memberships",
                    "family": "required_fact",
                    "register": "partnerships",
                    "when": when,
                    "require": {"membership_count__gte": 1},
                    "within_days": 30,
                    "title": "Koppla stödinsatsen till nätverk (U2): {record}",
                }
            )
        return checks
    if rule == "reporting_obligation":
        return [
            {
                "family": "recurring_duty",
                "register": "units",
                "when": {"kind__in": list(p["reporters"])},
                "periods": list(p["periods"]),
                "title": "Rapportera {period} {year}",
            }
        ]
    if rule == "document_validity":
        months = p["review_months_before"]
        checks = [
            {
                "key": "expired",
                "family": "required_fact",
                "register": "documents",
                "require": _STILL_VALID,
                "after_field": "valid_to",
                "within_days": 1,
                "responsible": "executive_office",
                "title": "Styrdokumentet har upphört att gälla – ett nytt behöver antas",
                "done_title": "Styrdokumentet gäller till {valid_to}",
            },
            {
                "key": "renew",
                "family": "recurring_duty",
                "register": "documents",
                "when": {"valid_to__gte": "today"},
                "due_field": "valid_to",
                "lead_months": months,
                "responsible": "executive_office",
                "title": "Ta fram ett nytt styrdokument innan det nuvarande upphör att gälla",
            },
            {
                "key": "review-date",
                "family": "recurring_duty",
                "register": "documents",
                "when": _STILL_VALID,
                "due_field": "review_date",
                "lead_months": months,
                "responsible": "executive_office",
                "title": "Aktualitetspröva styrdokumentet",
            },
        ]
        if p["review_every"] != "none":
            checks.append(
                {
                    "family": "recurring_duty",
                    "register": "documents",
                    "when": _STILL_VALID,
                    "every": "year" if p["review_every"] == "yearly" else "term_of_office",
                    "lead_months": months,
                    "responsible": "executive_office",
                    "title": "Följ upp styrdokumentet {term}",
                }
            )
        return checks
    if rule == "project_closure_lessons":
        require = {}
        if p["require_lessons"]:
            require["lessons_learned__empty"] = False
        if p["require_operations_decision"]:
            require["operations_decision_on__empty"] = False
        if not require:
            return []
        verb = {
            ("lessons_learned__empty",): "Dokumentera lärdomar från projektet",
            (
                "operations_decision_on__empty",
            ): "Besluta om implementering i ordinarie verksamhet för projektet",
        }.get(tuple(require), "Dokumentera lärdomar och besluta om implementering för projektet")
        return [
            {
                "family": "required_fact",
                "register": "applications",
                "when": {"status": "closed"},
                "require": require,
                "after_field": "ends_on",
                "within_days": p["within_days"],
                "record_done": True,
                "title": f"{verb} {{record}}",
            }
        ]
    if rule == "contact_person_per_unit":
        return [
            {
                "family": "required_fact",
                "register": "units",
                "when": {"kind__in": list(p["required_kinds"])},
                "require": {"contact_person_count__gte": 1},
                "within_days": 30,
                "responsible": "executive_office",
                "title": "Utse en kontaktperson i EU-nätverket för {record}",
            }
        ]
    raise ValueError(f"no conversion for rule type {rule!r}")
