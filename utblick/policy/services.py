"""Loading a policy profile: parse, then upsert everything it names in one transaction.

Entities are matched by their profile key, so records in the registers keep their links
when a new version is loaded; what the new version no longer names is retired (never
deleted), and the old version's text stays as a ProfileVersion row. Loading the same text
again changes nothing.
"""

import hashlib
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from utblick.core.text import has_control_characters
from utblick.organisation.models import Municipality, Unit
from utblick.policy import profile_format as fmt
from utblick.policy.models import (
    Commitment,
    CostShare,
    Goal,
    GrantScheme,
    Indicator,
    PriorityArea,
    ProfileVersion,
    ReportingPeriod,
    Responsibility,
    Routine,
    SteeringDocument,
)


class ProfileForOtherMunicipality(Exception):
    pass


class ProfileVersionConflict(Exception):
    """Another version was loaded since the one the change was based on: nothing is loaded."""

    def __init__(self, current: int | None):
        super().__init__(f"the current version is {current}")
        self.current = current


# `expected_version` when the caller does not base its text on a version (the command).
ANY_VERSION = object()


def _code_name(code: str) -> str:
    return "kommunkod" if len(code) == 4 else "regionkod"


@dataclass
class ProfileLoadResult:
    version: ProfileVersion
    changed: bool
    counts: dict[str, Counter] = field(default_factory=dict)

    def summary(self) -> str:
        if not self.changed:
            return f"Oförändrad: version {self.version.number} gäller redan."
        parts = []
        for name, counter in self.counts.items():
            done = ", ".join(f"{n} {what}" for what, n in counter.items() if n)
            if done:
                parts.append(f"{name}: {done}")
        return f"Version {self.version.number} inläst. " + "; ".join(parts)


def profile_load(
    *,
    municipality: Municipality,
    text: str,
    source_name: str,
    user=None,
    reason: str = "",
    expected_version: int | object | None = ANY_VERSION,
) -> ProfileLoadResult:
    """Load `text` as the organisation's next profile version. With `expected_version` (the
    number previewed, None for none yet), a version loaded meanwhile refuses the load: the
    check runs under a lock on the organisation, so two loads never both pass it."""
    profile = profile_check(municipality=municipality, text=text, source_name=source_name)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with transaction.atomic():
        Municipality.objects.select_for_update().filter(pk=municipality.pk).exists()
        current = ProfileVersion.objects.filter(municipality=municipality, is_current=True).first()
        current_number = current.number if current else None
        if expected_version is not ANY_VERSION and expected_version != current_number:
            raise ProfileVersionConflict(current_number)
        if current is not None and current.sha256 == digest:
            return ProfileLoadResult(version=current, changed=False)
        number = (current.number + 1) if current else 1
        sync = _Sync(municipality=municipality, user=user, reason=f"profilversion {number}")
        counts = _apply(profile, sync)
        if current is not None:
            current.is_current = False
            current.save(update_fields=["is_current"])
        version = ProfileVersion.objects.create(
            municipality=municipality,
            number=number,
            is_current=True,
            source=text,
            source_name=source_name,
            sha256=digest,
            loaded_by=user if getattr(user, "pk", None) else None,
            reason=reason.strip()[:300],
            **{
                k: v for k, v in _document_fields(profile.document).items() if k != "conditional_on"
            },
        )
        return ProfileLoadResult(version=version, changed=True, counts=counts)


def profile_check(*, municipality: Municipality, text: str, source_name: str) -> fmt.Profile:
    """The profile parsed and checked for this organisation, or ProfileInvalid (located
    errors) or ProfileForOtherMunicipality. Writes nothing; fast enough to run as one types."""
    profile = fmt.parse_profile(text, path=source_name)
    _refuse_control_characters(text, source_name)
    if profile.organisation.code != municipality.code:
        raise ProfileForOtherMunicipality(
            f"{source_name} gäller {_code_name(profile.organisation.code)} {profile.organisation.code}, "
            f"inte {municipality.code} ({municipality.name})."
        )
    return profile


def _refuse_control_characters(text: str, path: str) -> None:
    """TOML escapes can spell control characters (\\u0000); like every other input, a profile
    holding them is refused, located at its key (core.text)."""
    problems: list[fmt.ProfileError] = []

    def walk(value, key: str) -> None:
        if isinstance(value, str):
            if has_control_characters(value):
                message = "texten innehåller styrtecken (t.ex. \\u0000); ta bort dem"
                problems.append(fmt.ProfileError(path, None, None, key or "(dokumentet)", message))
        elif isinstance(value, dict):
            for name, item in value.items():
                walk(name, key)
                walk(item, f"{key}.{name}" if key else name)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{key}[{index}]")

    walk(tomllib.loads(text), "")
    if problems:
        raise fmt.ProfileInvalid(problems)


def _document_fields(document: fmt.DocumentMeta) -> dict:
    return {
        "title": document.title,
        "kind": document.kind,
        "status": document.status,
        "adopted_by": document.adopted_by or "",
        "adopted_on": document.adopted_on,
        "adopted_paragraph": document.adopted_paragraph or "",
        "valid_from": document.valid_from,
        "valid_to": document.valid_to,
        "registry_number": document.registry_number or "",
        "owner": document.owner or "",
        "addressed_to": document.addressed_to or "",
        "review_date": document.review_date,
        "review_interval": document.review_interval or "",
        "keywords": list(document.keywords),
        "replaces": [
            {
                "title": r.title,
                "adopted_by": r.adopted_by,
                "adopted_year": r.adopted_year,
                "revised_year": r.revised_year,
            }
            for r in document.replaces
        ],
        "summary": document.summary,
        "conditional_on": document.conditional_on or "",
    }


@dataclass
class _Sync:
    municipality: Municipality
    user: object
    reason: str

    def __post_init__(self):
        self.now = timezone.now()

    def upsert(self, model, rows: list[tuple[str, dict]]) -> tuple[dict[str, object], Counter]:
        """Create or update rows by key, retire the rest; returns key → instance and counts."""
        counts: Counter = Counter(skapade=0, ändrade=0, utgångna=0)
        existing = {obj.key: obj for obj in model.objects.filter(municipality=self.municipality)}
        kept: dict[str, object] = {}
        for order, (key, values) in enumerate(rows):
            values = {**values, "order": order, "retired_at": None}
            obj = existing.get(key)
            if obj is None:
                obj = model(municipality=self.municipality, key=key, **values)
                counts["skapade"] += 1
                self._save(obj)
            elif any(_differs(getattr(obj, name), value) for name, value in values.items()):
                for name, value in values.items():
                    setattr(obj, name, value)
                counts["ändrade"] += 1
                self._save(obj)
            kept[key] = obj
        for key, obj in existing.items():
            if key not in kept and obj.retired_at is None:
                obj.retired_at = self.now
                counts["utgångna"] += 1
                self._save(obj)
        return kept, counts

    def _save(self, obj) -> None:
        obj._history_user = self.user if getattr(self.user, "pk", None) else None
        obj._change_reason = self.reason
        obj.full_clean(exclude=["municipality"])
        obj.save()


def _differs(current, new) -> bool:
    if isinstance(current, Decimal) and new is not None:
        return current != Decimal(str(new))
    if hasattr(current, "pk") and hasattr(new, "pk"):
        return current.pk != new.pk
    return current != new


def _json_safe(value):
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _bodies(profile: fmt.Profile, sync: _Sync) -> Counter:
    """The bodies the profile declares, as units of the organisation keyed by their profile
    key: an existing unit of the same name is adopted, otherwise one is created. Units are
    register records: a body a later version no longer declares keeps its unit."""
    counts: Counter = Counter(skapade=0, ändrade=0)
    units = list(Unit.objects.filter(municipality=sync.municipality))
    by_key = {u.key: u for u in units if u.key}
    by_name = {u.name: u for u in units}
    for body in profile.bodies:
        unit = by_key.get(body.key) or by_name.get(body.name)
        parent = None
        if body.parent:
            parent = by_key.get(body.parent) or next(
                (u for u in units if u.kind == body.parent and u.archived_at is None), None
            )
        values = {
            "key": body.key,
            "name": body.name,
            "kind": body.kind,
            "parent": parent,
            "chair": body.chair,
            "members": "\n".join(body.members),
            "meets_per_year": body.meets_per_year,
            "handles": list(body.handles),
            "description": body.description,
        }
        if unit is None:
            unit = Unit(municipality=sync.municipality, **values)
            counts["skapade"] += 1
        elif any(_differs(getattr(unit, name), value) for name, value in values.items()):
            for name, value in values.items():
                setattr(unit, name, value)
            counts["ändrade"] += 1
        else:
            by_key[body.key] = unit
            continue
        sync._save(unit)
        by_key[body.key] = unit
        if unit not in units:
            units.append(unit)
    return counts


def _apply(profile: fmt.Profile, sync: _Sync) -> dict[str, Counter]:
    body_counts = _bodies(profile, sync)
    _, document_counts = sync.upsert(
        SteeringDocument,
        [(d.key, _document_fields(d)) for d in profile.documents],
    )
    areas, area_counts = sync.upsert(
        PriorityArea,
        [
            (
                a.key,
                {
                    "name": a.name,
                    "description": a.description,
                    "tags": list(a.tags),
                    "rank": a.rank,
                    "exclude_terms": list(a.exclude_terms),
                },
            )
            for a in profile.priority_areas
        ],
    )
    _, commitment_counts = sync.upsert(
        Commitment,
        [
            (c.key, {"text": c.text, "priority_area": areas[a.key]})
            for a in profile.priority_areas
            for c in a.commitments
        ],
    )
    goals, goal_counts = sync.upsert(
        Goal,
        [
            (
                g.key,
                {
                    "name": g.name,
                    "description": g.description,
                    "priority_area": areas[g.priority_area] if g.priority_area else None,
                },
            )
            for g in profile.goals
        ],
    )
    _, indicator_counts = sync.upsert(
        Indicator,
        [
            (
                i.key,
                {
                    "goal": goals[g.key],
                    "name": i.name,
                    "kind": i.kind,
                    "metric": i.metric or "",
                    "unit": i.unit,
                    "baseline": _decimal(i.baseline),
                    "baseline_year": i.baseline_year,
                    "target": _decimal(i.target),
                    "target_year": i.target_year,
                    "direction": i.direction,
                },
            )
            for g in profile.goals
            for i in g.indicators
        ],
    )
    _, responsibility_counts = sync.upsert(
        Responsibility,
        [
            (key, {"body": r.body, "duties": list(r.duties), "decides": list(r.decides)})
            for key, r in _responsibility_keys(profile.responsibilities)
        ],
    )
    _, reporting_counts = sync.upsert(
        ReportingPeriod,
        [
            (
                p.key,
                {
                    "name": p.name,
                    "period_start": p.period_start,
                    "period_end": p.period_end,
                    "due": p.due,
                    "reporters": list(p.reporters),
                    "recipient": p.recipient,
                },
            )
            for p in profile.reporting
        ],
    )
    _, scheme_counts = sync.upsert(
        GrantScheme,
        [
            (
                g.key,
                {
                    "name": g.name,
                    "description": g.description,
                    "eligible": list(g.eligible),
                    "criteria": [{"key": c.key, "text": c.text} for c in g.criteria],
                    "yearly_budget_sek": _decimal(g.yearly_budget_sek),
                    "deadline": g.deadline or "",
                    "deadline_for_next_year": g.for_next_year,
                    "allocated_by": g.allocated_by or "",
                },
            )
            for g in profile.grant_schemes
        ],
    )
    _, cost_counts = sync.upsert(
        CostShare,
        [(c.cost, {"paid_by": c.paid_by, "note": c.note}) for c in profile.cost_sharing],
    )
    _, routine_counts = sync.upsert(
        Routine,
        [
            (
                r.key,
                {
                    "document_key": r.document or "",
                    "requirement": r.requirement or "",
                    "description": r.description,
                    "families": ",".join(r.families),
                    "registers": ",".join(r.registers),
                    "checks": _json_safe([fmt.check_to_toml(c) for c in r.checks]),
                },
            )
            for r in profile.routines
        ],
    )
    return {
        "organ": body_counts,
        "styrdokument": document_counts,
        "egna fonder": scheme_counts,
        "kostnadsfördelning": cost_counts,
        "prioriterade områden": area_counts,
        "åtaganden": commitment_counts,
        "mål": goal_counts,
        "indikatorer": indicator_counts,
        "ansvarsfördelning": responsibility_counts,
        "rapporteringskalender": reporting_counts,
        "rutiner": routine_counts,
    }


def _responsibility_keys(responsibilities):
    """Responsibilities are keyed by body; a body named twice gets -2, -3 …"""
    seen: Counter = Counter()
    for responsibility in responsibilities:
        seen[responsibility.body] += 1
        n = seen[responsibility.body]
        yield (responsibility.body if n == 1 else f"{responsibility.body}-{n}"), responsibility
