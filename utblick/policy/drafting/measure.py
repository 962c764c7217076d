"""How well a draft recovers a hand-written profile: recall and precision per element kind.

Matching, one to one (each gold element matched at most once, best pairs first):

- metadata: each field of the first document (title, kind, status, adopted by and on, paragraph,
  validity, registry number, owner, addressed to, review date and interval, keywords) and each
  document it replaces. Equal after normalising case, spaces and punctuation; the title and a
  replaced document's title when their text similarity is at least 0.85.
- areas, commitments, goals: text similarity of the name (commitment: the text) at least 0.6.
- bodies and duties: each declared body (same kind, similar name), each duty as (body, text)
  with the same body and similarity at least 0.5, each decision as (body, what it decides).
  Bodies are compared by kind where a profile declares a standard body by its own name.
- routines: each check. Same family and register, and the same key condition: the fields the
  check's `when` (and a required fact's `require`) names, without the housekeeping fields
  status and submitted_on, must share a field (or both name none); a decision route's bodies
  and a notification's recipients must overlap.
- calendar: each reporting period, by recipient, period end and overlapping reporters.

`similarity` is `text.similarity`: difflib's ratio over the words, or the share of the shorter
text's words found in the longer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from utblick.policy.families import BODY_KINDS
from utblick.policy.profile_format import Profile
from utblick.policy.vocabulary import AllOf, AnyOf, Compare, Condition, Not

from .text import similarity

ELEMENT_KINDS = (
    "metadata",
    "areas",
    "commitments",
    "goals",
    "bodies_and_duties",
    "routines",
    "calendar",
)
ELEMENT_LABELS = {
    "metadata": "metadata",
    "areas": "areas",
    "commitments": "commitments",
    "goals": "goals",
    "bodies_and_duties": "bodies and duties",
    "routines": "routines (checks)",
    "calendar": "reporting calendar",
}
_METADATA_FIELDS = (
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
)
_HOUSEKEEPING = {"status", "submitted_on"}


@dataclass(frozen=True)
class Score:
    kind: str
    gold: int
    draft: int
    matched: int

    @property
    def recall(self) -> float | None:
        return self.matched / self.gold if self.gold else None

    @property
    def precision(self) -> float | None:
        return self.matched / self.draft if self.draft else None


def compare(draft: Profile, gold: Profile) -> dict[str, Score]:
    out = {}
    for kind in ELEMENT_KINDS:
        extract, match = _KINDS[kind]
        a, b = extract(draft), extract(gold)
        out[kind] = Score(kind, len(b), len(a), _matched(a, b, match))
    return out


def total(scores: list[dict[str, Score]]) -> dict[str, Score]:
    return {
        kind: Score(
            kind,
            sum(s[kind].gold for s in scores),
            sum(s[kind].draft for s in scores),
            sum(s[kind].matched for s in scores),
        )
        for kind in ELEMENT_KINDS
    }


def table(rows: dict[str, dict[str, Score]]) -> str:
    """A Markdown table: one row per document and element kind."""
    lines = [
        "| document | element | gold | draft | matched | recall | precision |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, scores in rows.items():
        for kind in ELEMENT_KINDS:
            s = scores[kind]
            recall = "–" if s.recall is None else f"{s.recall:.2f}"
            precision = "–" if s.precision is None else f"{s.precision:.2f}"
            lines.append(
                f"| {name} | {ELEMENT_LABELS[kind]} | {s.gold} | {s.draft} | {s.matched} | {recall} | {precision} |"
            )
    return "\n".join(lines)


def _matched(draft: list[Any], gold: list[Any], match: Callable[[Any, Any], float]) -> int:
    pairs = []
    for i, a in enumerate(draft):
        for j, b in enumerate(gold):
            score = match(a, b)
            if score > 0:
                pairs.append((score, i, j))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    used_a, used_b, count = set(), set(), 0
    for _, i, j in pairs:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        count += 1
    return count


def _norm(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "|".join(sorted(_norm(v) for v in value))
    return re.sub(r"[^0-9a-zåäöéü]+", " ", str(value).lower()).strip()


# --- metadata ---------------------------------------------------------------------------------------


def _metadata(profile: Profile) -> list[tuple[str, Any]]:
    document = profile.documents[0]
    out = []
    for name in _METADATA_FIELDS:
        value = getattr(document, name)
        if value not in (None, "", ()):
            out.append((name, value))
    out += [("replaces", replaced.title) for replaced in document.replaces]
    return out


def _match_metadata(a: tuple[Any, ...], b: tuple[Any, ...]) -> float:
    if a[0] != b[0]:
        return 0
    if a[0] in ("title", "replaces"):
        return 1 if similarity(str(a[1]), str(b[1])) >= 0.85 else 0
    return 1 if _norm(a[1]) == _norm(b[1]) else 0


# --- areas, commitments, goals ----------------------------------------------------------------------


def _texts(getter: Callable[[Profile], list[str]]) -> Callable[[Profile], list[str]]:
    def extract(profile: Profile) -> list[str]:
        return getter(profile)

    return extract


def _similar(threshold: float) -> Callable[[str, str], float]:
    def match(a: str, b: str) -> float:
        score = similarity(a, b)
        return score if score >= threshold else 0

    return match


# --- bodies and duties ------------------------------------------------------------------------------


def _body_kinds(profile: Profile) -> dict[str, str]:
    """A declared body of a standard kind (regionstyrelsen) counts as that kind."""
    return {
        body.key: body.kind
        for body in profile.bodies
        if body.kind in ("council", "executive_board", "executive_office")
    }


def _normal_body(profile: Profile, key: str) -> str:
    kinds = _body_kinds(profile)
    if key in kinds:
        return kinds[key]
    named = {body.key: body.name for body in profile.bodies}
    return "own:" + _norm(named[key]) if key in named else key


def _bodies_and_duties(profile: Profile) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    for body in profile.bodies:
        if (
            body.kind in ("council", "executive_board", "executive_office")
            and body.kind in BODY_KINDS
        ):
            continue  # a standard body by its own name: nothing the drafter must declare
        out.append(("body", body.kind, body.name))
    for responsibility in profile.responsibilities:
        who = _normal_body(profile, responsibility.body)
        out += [("duty", who, duty) for duty in responsibility.duties]
        out += [("decides", who, decision) for decision in responsibility.decides]
    return out


def _match_duty(a: tuple[Any, ...], b: tuple[Any, ...]) -> float:
    if a[0] != b[0] or a[1] != b[1]:
        return 0
    if a[0] == "decides":
        return 1 if a[2] == b[2] else 0
    score = similarity(a[2], b[2])
    return score if score >= (0.6 if a[0] == "body" else 0.5) else 0


# --- routines ---------------------------------------------------------------------------------------


def _fields(condition: Condition | None) -> set[str]:
    if condition is None or isinstance(condition, bool):
        return set()
    if isinstance(condition, Compare):
        return {condition.field}
    if isinstance(condition, AllOf | AnyOf):
        return (
            set().union(*(_fields(part) for part in condition.parts)) if condition.parts else set()
        )
    if isinstance(condition, Not):
        return _fields(condition.part)
    return set()


def _routines(profile: Profile) -> list[tuple[Any, ...]]:
    out = []
    for routine in profile.routines:
        for check in routine.checks:
            fields = _fields(check.when)
            if check.family == "required_fact":
                fields |= _fields(check.param("require"))
            fields -= _HOUSEKEEPING
            bodies: set[str] = set()
            if check.family == "decision_route":
                bodies = set(check.param("decided_by") or ())
                for step in check.param("steps") or ():
                    bodies |= set(step)
            elif check.family == "notification":
                bodies = set(check.param("notify") or ())
            bodies = {_normal_body(profile, b) for b in bodies}
            out.append((check.family, check.register, frozenset(fields), frozenset(bodies)))
    return out


def _match_routine(a: tuple[Any, ...], b: tuple[Any, ...]) -> float:
    if a[0] != b[0] or a[1] != b[1]:
        return 0
    if (a[2] or b[2]) and not (a[2] & b[2]):
        return 0
    if (a[3] or b[3]) and not (a[3] & b[3]):
        return 0
    return 1 + len(a[2] & b[2]) / (len(a[2] | b[2]) or 1)


# --- calendar ---------------------------------------------------------------------------------------


def _calendar(profile: Profile) -> list[tuple[Any, ...]]:
    return [
        (_normal_body(profile, period.recipient), period.period_end, frozenset(period.reporters))
        for period in profile.reporting
    ]


def _match_period(a: tuple[Any, ...], b: tuple[Any, ...]) -> float:
    return 1 if a[0] == b[0] and a[1] == b[1] and a[2] & b[2] else 0


_KINDS: dict[str, tuple[Callable[[Profile], list[Any]], Callable[[Any, Any], float]]] = {
    "metadata": (_metadata, _match_metadata),
    "areas": (_texts(lambda p: [a.name for a in p.priority_areas]), _similar(0.6)),
    "commitments": (
        _texts(lambda p: [c.text for a in p.priority_areas for c in a.commitments]),
        _similar(0.6),
    ),
    "goals": (_texts(lambda p: [g.name for g in p.goals]), _similar(0.6)),
    "bodies_and_duties": (_bodies_and_duties, _match_duty),
    "routines": (_routines, _match_routine),
    "calendar": (_calendar, _match_period),
}
