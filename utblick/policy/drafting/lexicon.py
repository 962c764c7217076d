"""The Swedish words steering documents use for bodies, records and kinds, mapped to the
profile format's vocabulary."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Longer names first: "kommunstyrelsens förvaltning" before "kommunstyrelsen".
_BODY_NAMES: tuple[tuple[str, str], ...] = (
    (r"kommunstyrelsens arbetsutskott|ksau|regionstyrelsens arbetsutskott", "working_committee"),
    (
        r"kommunstyrelsens förvaltning(?:en)?|kommunstyrelseförvaltning(?:en)?|"
        r"kommunledningsförvaltning(?:en)?|kommunledningskontor(?:et)?|stadsledningskontor(?:et)?|"
        r"regionledningskontor(?:et)?|regionstyrelsens förvaltning(?:en)?|kommunkansli(?:et)?|"
        r"ks-förvaltning(?:en)?|kommunstyrelsens kansli",
        "executive_office",
    ),
    (
        r"kommunfullmäktige|kommunfullmäktiges|regionfullmäktige|landstingsfullmäktige|"
        r"stadsfullmäktige|fullmäktige|kf",
        "council",
    ),
    (
        r"kommunstyrelsen?s?|kommunstyrelse|regionstyrelsen?s?|landstingsstyrelsen?s?|"
        r"stadsstyrelsen?s?|ks",
        "executive_board",
    ),
    (
        r"kommundirektör(?:en|ens)?|kommunchef(?:en|ens)?|regiondirektör(?:en|ens)?|"
        r"stadsdirektör(?:en|ens)?",
        "municipal_director",
    ),
    (
        r"(?:de\s+)?(?:helägda|kommunala|hel- och delägda)\s+bolag(?:en|et)?s?|bolagsstyrelse(?:n|r|rna)?s?|"
        r"bolag(?:en|et)|styrelser för helägda bolag",
        "municipal_company",
    ),
    (r"nämnd(?:en|erna|er|ens|ernas)?|facknämnd(?:en|erna|er)?", "committee"),
    (r"förvaltning(?:en|arna|ar|ens|arnas)?|förvaltningschef(?:en|erna)?", "administration"),
)
BODY_PATTERN = re.compile(
    r"\b(?:(?:respektive|berörd|berörda|samtliga|varje|alla|stadens|kommunens|regionens)\s+)?("
    + "|".join(f"(?P<{kind}_{i}>{pattern})" for i, (pattern, kind) in enumerate(_BODY_NAMES))
    + r")\b",
    re.I,
)
_OWN_BODY = re.compile(
    r"\b((?:[A-ZÅÄÖ][a-zåäö]+\s+)?(?:[a-zåäö]+\s+)?(?:internationella|internationell)\s+"
    r"(beredning(?:en)?|utskott(?:et)?|kommitté(?:n)?|råd(?:et)?|grupp(?:en)?)|"
    r"(?:[A-ZÅÄÖ][a-zåäö]+\s+)?[a-zåäö]*(beredning(?:en)|utskott(?:et)|kommittén))\b"
)
OWN_BODY_KINDS = {
    "beredning": "preparatory_committee",
    "utskott": "working_committee",
    "kommitté": "other_body",
    "råd": "other_body",
    "grupp": "other_body",
}


@dataclass(frozen=True)
class BodyMention:
    body: str  # a standard body or a declared body's key
    start: int
    end: int
    words: str


def body_mentions(text: str, own: dict[str, str] | None = None) -> list[BodyMention]:
    """The bodies a text names, in order. `own` maps a declared body's name (lowercase) to its
    key, so "internationella beredningen" is that body, not a committee."""
    found: list[BodyMention] = []
    taken: list[tuple[int, int]] = []
    for name, key in (own or {}).items():
        for match in re.finditer(re.escape(name), text, re.I):
            found.append(BodyMention(key, match.start(), match.end(), match.group(0)))
            taken.append((match.start(), match.end()))
    for match in BODY_PATTERN.finditer(text):
        if any(a <= match.start(1) < b for a, b in taken):
            continue
        kind = next(name.rsplit("_", 1)[0] for name, value in match.groupdict().items() if value)
        words = match.group(1)
        if words.lower() in ("ks", "kf") and words != words.upper():
            continue
        # "förvaltning" inside "kommunstyrelsens förvaltning" is the executive office (the
        # longer alternative is tried first); "nämnd" in "nämndspecifika" is a word boundary
        # miss handled by \b.
        found.append(BodyMention(kind, match.start(), match.end(), match.group(0)))
    return sorted(found, key=lambda m: m.start)


def own_body_names(text: str) -> list[tuple[str, str]]:
    """Names of bodies of the organisation's own (an internationell beredning, an utskott):
    [("Internationella beredningen", "preparatory_committee")]."""
    out = []
    for match in _OWN_BODY.finditer(text):
        name = match.group(1).strip()
        lowered = name.lower()
        if lowered.startswith(("kommunstyrelsens", "regionstyrelsens")) and "utskott" in lowered:
            continue  # the standard working committee
        word = next((w for w in OWN_BODY_KINDS if w in lowered.split()[-1]), None)
        if word is None:
            continue
        out.append((name[:1].upper() + name[1:], OWN_BODY_KINDS[word]))
    return out


# Bodies as representation values (who represents the organisation at a visit).
REPRESENTATION = {
    "council": "council",
    "executive_board": "executive_board",
    "committee": "committee",
    "municipal_company": "municipal_company",
}

# Partnership kinds by the words for them.
PARTNERSHIP_KINDS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"vänort", re.I), ("twin_town",)),
    (re.compile(r"partnerstad|partnerstäder|partnerstads", re.I), ("partner_city",)),
    (
        re.compile(r"samförståndsavtal|memorandum of understanding|\bmou\b", re.I),
        ("memorandum_of_understanding",),
    ),
    (re.compile(r"avsiktsförklaring", re.I), ("letter_of_intent",)),
    (re.compile(r"deklaration", re.I), ("declaration",)),
    (re.compile(r"\binitiativ\b", re.I), ("support_initiative",)),
    (re.compile(r"stödinsats|stöd till (?:ett )?annat land", re.I), ("support_initiative",)),
    (
        re.compile(
            r"samarbetsavtal|avtal om (?:internationellt )?samarbete|\bavtal(?:en|et)?\b", re.I
        ),
        (
            "cooperation_agreement",
            "partner_city",
            "memorandum_of_understanding",
            "letter_of_intent",
        ),
    ),
)
AGREEMENT_KINDS = (
    "cooperation_agreement",
    "partner_city",
    "memorandum_of_understanding",
    "letter_of_intent",
)


def partnership_kinds(text: str) -> list[str]:
    kinds: list[str] = []
    for pattern, values in PARTNERSHIP_KINDS:
        if pattern.search(text):
            kinds += [value for value in values if value not in kinds]
    return kinds


# Matter kinds by the words for them (the requests a gatekeeping body handles).
MATTER_KINDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"inbjudning|inbjudan", re.I), "invitation"),
    (
        re.compile(
            r"förfrågningar om (?:internationella )?samarbeten|förfrågan om (?:internationellt )?samarbete",
            re.I,
        ),
        "cooperation_request",
    ),
    (
        re.compile(
            r"förfrågningar om (?:deltagande|medlemskap)|förfrågan om (?:deltagande|medlemskap)",
            re.I,
        ),
        "membership_request",
    ),
    (re.compile(r"mottagning", re.I), "reception_request"),
)

# What a body decides, by the words of its duty.
DECISIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"(beslut om|beslutar om|antar|fastställer)\s+(?:denna\s+|den\s+)?(policy|program|plan|strategi|riktlinjer)",
            re.I,
        ),
        "policy_adoption",
    ),
    (
        re.compile(
            r"^(?=.*\b(beslut\w*|hanteras|ansvar\w*)\b)(?=.*(kommunövergripande|flera nämnders|spänner över))"
            r"(?=.*(organisation|nätverk|medlemskap))",
            re.I,
        ),
        "municipality_wide_memberships",
    ),
    (
        re.compile(
            r"^(?=.*\bbeslut\w*\b)(?=.*medlemskap)(?=.*(respektive verksamhetsområde|egna verksamhetsområde|"
            r"sitt verksamhetsområde|inom ramen för|nämnder och bolagsstyrelser))",
            re.I,
        ),
        "unit_memberships",
    ),
    (
        re.compile(r"ansvara[r]? för .*medlemskap i internationella nätverk", re.I),
        "municipality_wide_memberships",
    ),
    (
        re.compile(r"beslutar om vem som ska representera|politisk representation", re.I),
        "political_representation",
    ),
    (re.compile(r"(beslutar|beslut) om nya partnerstad", re.I), "new_partner_cities"),
    (
        re.compile(r"ändringar av betydande karaktär|väsentliga ändringar", re.I),
        "significant_agreement_changes",
    ),
    (
        re.compile(
            r"(beslutar|beslut) om (?:medverkan i )?.*(deklarationer|avsiktsförklaringar|initiativ)",
            re.I,
        ),
        "declarations_and_initiatives",
    ),
    (
        re.compile(
            r"relationer(?:na)? med .*vänort|vänortsrelation|(beslutar|beslut) om .*vänort", re.I
        ),
        "twin_town_relations",
    ),
    (re.compile(r"protokollära besök", re.I), "protocol_representation"),
    (
        re.compile(r"företräder .*officiella besök|officiella besök", re.I),
        "official_visit_representation",
    ),
    (
        re.compile(
            r"^(?=.*\bbeslut\b)(?=.*(projekt|ansökan|ansökningar))(?!.*(samma grunder|deltagande i))",
            re.I,
        ),
        "project_applications",
    ),
    (
        re.compile(
            r"tar (?:årligen )?del av .*redovisning|årlig(?:a)? (?:rapport|redovisning|sammanställning).*till (?:kommun|region)fullmäktige",
            re.I,
        ),
        "yearly_report",
    ),
    (re.compile(r"fördelar medel|fördelar .*kronor|beviljar .*(medel|bidrag)", re.I), "grants"),
    (re.compile(r"inbjudningar till .*representera", re.I), "invitations_abroad"),
    (re.compile(r"representationsmottagning|mottagningar", re.I), "receptions"),
)


def decisions(text: str) -> list[str]:
    out: list[str] = []
    for pattern, decision in DECISIONS:
        if pattern.search(text) and decision not in out:
            out.append(decision)
    return out


# Document kinds by the words for them (the first found in a title or a "Dokumenttyp").
DOCUMENT_KINDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"handlingsplan|aktivitetsplan", re.I), "action_plan"),
    (re.compile(r"\bpolicy", re.I), "policy"),
    (re.compile(r"\bprogram\b|\bprogrammet\b", re.I), "program"),
    (re.compile(r"riktlinje|regler\b|tillämpningsregler", re.I), "guideline"),
    (re.compile(r"strategi", re.I), "strategy"),
    (re.compile(r"\bplan\b|\bplanen\b", re.I), "plan"),
)


def document_kind(text: str) -> str | None:
    best: tuple[int, str] | None = None
    for pattern, kind in DOCUMENT_KINDS:
        match = pattern.search(text)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), kind)
    return best[1] if best else None


# Indicators the registers can measure, by words of a goal.
METRICS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (
        re.compile(
            r"extern finansiering|externa medel|eu-medel|eu:s fonder|finansiering från eu", re.I
        ),
        "external_funding_granted_sek",
        "Beviljad extern finansiering",
    ),
    (
        re.compile(r"barn och (ungdomar|unga)|ungdomar|elever", re.I),
        "children_young_participants",
        "Antal barn och unga i internationella utbyten",
    ),
    (
        re.compile(r"projekt med kommuner i andra länder|kommuner i andra länder", re.I),
        "projects_with_municipalities_abroad",
        "Antal projekt med kommuner i andra länder",
    ),
    (
        re.compile(r"alla verksamheter|samtliga verksamheter|kommunens verksamheter", re.I),
        "share_units_with_international_activity",
        "Andel verksamheter med internationellt arbete",
    ),
    (
        re.compile(r"medarbetare|anställda|personal", re.I),
        "staff_participants",
        "Antal medarbetare i internationella projekt och utbyten",
    ),
    (
        re.compile(r"förtroendevalda|politiker", re.I),
        "elected_participants",
        "Antal förtroendevalda i internationella utbyten",
    ),
    (
        re.compile(r"studiebesök", re.I),
        "study_visits_received",
        "Antal mottagna internationella studiebesök",
    ),
    (
        re.compile(r"konferens", re.I),
        "conferences_hosted",
        "Antal internationella konferenser och möten i kommunen",
    ),
    (
        re.compile(r"lärdomar|erfarenheter från .*projekt", re.I),
        "lessons_learned_count",
        "Antal dokumenterade lärdomar från avslutade projekt",
    ),
    (
        re.compile(r"medlemskap .*prövas", re.I),
        "memberships_reviewed_on_time_share",
        "Andel medlemskap som prövats i tid",
    ),
    (
        re.compile(r"ansökningar", re.I),
        "applications_count",
        "Antal ansökningar om extern finansiering",
    ),
)


def metrics(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for pattern, metric, name in METRICS:
        if pattern.search(text) and all(metric != m for m, _ in out):
            out.append((metric, name))
    return out
