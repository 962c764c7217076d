"""The routines: evaluation on every save, the idempotent sweep, people's actions on
obligations, and the preview of a policy change.

- `routines_evaluate_record` runs inside the writing transaction (the `record_written`
  receiver): it re-evaluates only the routines that record type triggers, only for that
  record where the rule allows it, and applies the result — an exception undoes the write.
- `routines_run` sweeps a municipality: every active routine over every record, set-based
  (a fixed number of queries per rule, not per record), idempotent.
- `obligation_complete` / `obligation_waive` / `obligation_reopen` / `obligation_assign`
  are versioned writes (a stale version is refused with StaleVersion).
- `profile_diff` evaluates a new profile against today's data and writes nothing.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from utblick.core.access import Actor, Role
from utblick.core.services import batch_collect, claim_version
from utblick.core.signals import organisation_changed
from utblick.core.validation import problem
from utblick.organisation.models import Municipality
from utblick.policy import profile_format as fmt
from utblick.policy.models import ProfileVersion, Routine, SteeringDocument
from utblick.policy.vocabulary import (
    ALWAYS,
    AnyOf,
    Condition,
    fields_of,
    register_by_model,
    registers,
)
from utblick.registers.models import Matter
from utblick.routines import facts as loader
from utblick.routines.engine import facts as f
from utblick.routines.engine import sync
from utblick.routines.engine.findings import CONFLICT, OBLIGATION, Finding, RecordRef
from utblick.routines.engine.registry import (
    RoutineSpec,
    evaluate_routine,
    needs,
    routine_needs,
    triggers,
)
from utblick.routines.models import Obligation
from utblick.routines.notifications import Recipients, notify_created

log = logging.getLogger(__name__)

# Families whose findings depend on other records of the register (the number of agreements
# in force) or on the calendar: evaluated over the whole organisation even when one record
# was written.
WHOLE_ORGANISATION_FAMILIES = frozenset({"limit"})
# Writes that change what a register's records look like to the routines, besides the
# records themselves: a unit's contact people, and its period reports (they answer its
# reporting obligations).
EXTRA_TRIGGERS = {
    "organisation.contactperson": "units",
    "registers.visitcostitem": "visits",
    "planning.unitreport": "units",
}


# --- results -------------------------------------------------------------------------------


@dataclass
class SweepResult:
    municipality: str = ""
    created: int = 0
    completed: int = 0
    reopened: int = 0
    lapsed: int = 0
    updated: int = 0
    unchanged: int = 0
    per_routine: dict[str, Counter] = field(default_factory=dict)
    rules: dict[str, str] = field(default_factory=dict)  # routine key → rule
    skipped: list[str] = field(default_factory=list)
    created_obligations: list[Obligation] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return self.created + self.completed + self.reopened + self.lapsed + self.updated

    @property
    def per_rule(self) -> dict[str, Counter]:
        totals: dict[str, Counter] = defaultdict(Counter)
        for routine_key, counts in self.per_routine.items():
            totals[self.rules.get(routine_key, "?")].update(counts)
        return dict(totals)

    def add(self, plan: sync.Plan) -> None:
        counts = plan.counts()
        self.created += counts[sync.CREATE]
        self.completed += counts[sync.COMPLETE]
        self.reopened += counts[sync.REOPEN]
        self.lapsed += counts[sync.LAPSE]
        self.updated += counts[sync.UPDATE]
        self.unchanged += counts["unchanged"]
        for action in plan.actions:
            self.per_routine.setdefault(action.routine_key, Counter())[action.op] += 1
        for existing in plan.unchanged:
            self.per_routine.setdefault(existing.routine_key, Counter())["unchanged"] += 1

    def summary(self) -> str:
        return (
            f"{self.municipality}: {self.created} nya, {self.completed} klara, "
            f"{self.reopened} återöppnade, {self.lapsed} upphörda, {self.updated} ändrade, "
            f"{self.unchanged} oförändrade"
        )


# --- routines and content types ------------------------------------------------------------


def spec_of(routine: fmt.Routine) -> RoutineSpec:
    return RoutineSpec(
        key=routine.key,
        checks=routine.checks,
        requirement=routine.requirement or "",
        description=routine.description,
    )


@lru_cache(maxsize=128)
def _parsed(sha256: str, text: str, source_name: str) -> fmt.Profile:
    # Keyed by the text's digest: a profile version's text never changes.
    return fmt.parse_profile(text, path=source_name)


def current_routines(municipality: Municipality) -> list[tuple[Routine, RoutineSpec]]:
    """The routines in force: each Routine row with its checks, read from the current
    profile version's text (the one source of truth). Two queries."""
    version = (
        ProfileVersion.objects.filter(municipality=municipality, is_current=True)
        .only("source", "source_name", "sha256")
        .first()
    )
    if version is None:
        return []
    try:
        profile = _parsed(version.sha256, version.source, version.source_name)
    except fmt.ProfileInvalid as exc:  # cannot happen for a loaded version; never fail a sweep
        log.error("the current profile of %s does not parse: %s", municipality, exc)
        return []
    rows = {
        r.key: r for r in Routine.objects.filter(municipality=municipality, retired_at__isnull=True)
    }
    return [(rows[r.key], spec_of(r)) for r in profile.routines if r.key in rows]


class _ContentTypes:
    """The content types of the records obligations point at: one query."""

    def __init__(self):
        labels = [register.model.split(".") for register in registers().values()]
        query = Q(pk__in=[])
        for app_label, model in labels:
            query |= Q(app_label=app_label, model=model)
        self.by_label: dict[str, ContentType] = {}
        self.by_id: dict[int, str] = {}
        for ct in ContentType.objects.filter(query):
            label = f"{ct.app_label}.{ct.model}"
            self.by_label[label] = ct
            self.by_id[ct.pk] = label

    def ref(self, obligation: Obligation) -> RecordRef | None:
        if obligation.content_type_id is None or obligation.object_id is None:
            return None
        return RecordRef(
            self.by_id.get(obligation.content_type_id, "?"),
            obligation.object_id,
            obligation.record_label,
        )


def _state(obligation: Obligation, routine_key: str, cts: _ContentTypes) -> sync.ExistingObligation:
    return sync.ExistingObligation(
        id=obligation.pk,
        dedupe_key=obligation.dedupe_key,
        status=obligation.status,
        kind=obligation.kind,
        routine_key=routine_key,
        title=obligation.title,
        explanation=obligation.explanation,
        evidence_required=obligation.evidence_required,
        requirement=obligation.requirement,
        due_on=obligation.due_on,
        responsible_unit_id=obligation.responsible_unit_id,
        record=cts.ref(obligation),
        series=obligation.series,
        done_automatically=obligation.done_automatically,
        before_tracking=obligation.before_tracking,
    )


def _evaluate(specs: Iterable[RoutineSpec], facts: f.Facts, result: SweepResult) -> list[Finding]:
    findings: list[Finding] = []
    for spec in specs:
        result.rules[spec.key] = ", ".join(dict.fromkeys(c.family for c in spec.checks))
        findings.extend(evaluate_routine(spec, facts))
    return findings


def _needs(specs: Iterable[RoutineSpec]) -> set[str]:
    found: set[str] = set()
    for spec in specs:
        found |= routine_needs(spec)
    return found


def _selections_registers(specs: Iterable[RoutineSpec]) -> dict[str, list[Condition]]:
    """The registers checks are about and nothing else reads (as evidence or decisions),
    with the checks' conditions on them."""
    conditions: dict[str, list[Condition]] = defaultdict(list)
    read_otherwise: set[str] = set()
    for spec in specs:
        for check in spec.checks:
            conditions[check.register].append(check.when)
            read_otherwise |= needs(check) - {check.register}
    return {name: found for name, found in conditions.items() if name not in read_otherwise}


def _selections(specs: Iterable[RoutineSpec]) -> dict[str, Condition]:
    """Per register, the condition selecting every record a check looks at, so that the
    database, not Python, leaves the others out."""
    return {
        name: AnyOf(tuple(found))
        for name, found in _selections_registers(specs).items()
        if ALWAYS not in found
    }


def _changed_fields(specs: Iterable[RoutineSpec]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for spec in specs:
        for check in spec.checks:
            if check.param("on_change_of"):
                found[check.register] |= set(check.param("on_change_of"))
                found[check.register] |= set(fields_of(check.param("changed_while")))
    return dict(found)


def _load(municipality, specs, today, scope=None, **kwargs) -> f.Facts:
    if scope is not None:
        # Only the registers the checks are about are narrowed; what they read as evidence
        # (decisions, visits) is read whole.
        narrow = set(_selections_registers(specs))
        scope = loader.Scope({name: scope.ids.get(name, set()) for name in narrow})
    return loader.load_facts(
        municipality,
        today=today,
        needs=_needs(specs),
        scope=scope,
        selections=_selections(specs) if scope is None else None,
        changed_fields=_changed_fields(specs),
        **kwargs,
    )


# --- applying a plan -----------------------------------------------------------------------

_TRACKED_FIELDS = [
    "kind",
    "title",
    "explanation",
    "evidence_required",
    "requirement",
    "due_on",
    "responsible_unit",
    "content_type",
    "object_id",
    "record_label",
    "series",
    "before_tracking",
]
_CLOSE_FIELDS = ["evidence", "evidence_matter", "late", "done_at", "done_by", "done_automatically"]
_REASONS = {
    sync.UPDATE: "rutin: uppdaterad",
    sync.REOPEN: "rutin: återöppnad",
    sync.COMPLETE: "rutin: klar enligt registren",
    sync.LAPSE: "rutin: gäller inte längre",
}


def _set_tracked(obligation: Obligation, finding: Finding, cts: _ContentTypes) -> None:
    obligation.kind = finding.kind
    obligation.title = finding.title[:400]
    obligation.explanation = finding.explanation
    obligation.evidence_required = finding.evidence_required
    obligation.requirement = finding.requirement
    obligation.due_on = finding.due_on
    obligation.responsible_unit_id = finding.responsible_unit_id
    obligation.series = finding.series
    obligation.before_tracking = finding.before_tracking
    if finding.record is not None:
        obligation.content_type = cts.by_label.get(finding.record.model)
        obligation.object_id = finding.record.id
        obligation.record_label = finding.record.label[:300]
    else:
        obligation.content_type = None
        obligation.object_id = None
        obligation.record_label = ""


def _apply(
    municipality: Municipality,
    plan: sync.Plan,
    *,
    routine_ids: dict[str, int],
    stored: dict[str, Obligation],
    cts: _ContentTypes,
    user=None,
) -> list[Obligation]:
    """Write the plan: bulk creates and updates (with their history). Returns the created."""
    now = timezone.now()
    history_user = user if getattr(user, "pk", None) else None
    created: list[Obligation] = []
    updates: dict[str, list[Obligation]] = defaultdict(list)
    for action in plan.actions:
        finding = action.finding
        if action.op == sync.CREATE:
            obligation = Obligation(
                municipality=municipality,
                routine_id=routine_ids[finding.routine_key],
                dedupe_key=finding.dedupe_key,
                status=action.status,
                created_at=now,
                updated_at=now,
                version=1,
            )
            _set_tracked(obligation, finding, cts)
            if action.status == sync.DONE:
                # In order when first found: kept in the words of what is in order, never
                # in the words of a breach.
                obligation.kind = OBLIGATION
                obligation.title = (finding.done_title or finding.title)[:400]
                obligation.evidence = action.evidence
                obligation.evidence_matter_id = action.evidence_matter_id
                obligation.late = action.late
                obligation.done_at = now
                obligation.done_automatically = True
            created.append(obligation)
            continue
        obligation = stored[action.existing.dedupe_key]
        if action.op in (sync.UPDATE, sync.REOPEN):
            _set_tracked(obligation, finding, cts)
        if action.op == sync.REOPEN:
            obligation.status = sync.OPEN
            obligation.evidence = ""
            obligation.evidence_matter_id = None
            obligation.late = False
            obligation.done_at = None
            obligation.done_by = None
            obligation.done_automatically = False
        elif action.op == sync.COMPLETE:
            obligation.status = sync.DONE
            obligation.evidence = action.evidence
            obligation.evidence_matter_id = action.evidence_matter_id
            obligation.late = action.late
            obligation.done_at = now
            obligation.done_by = None
            obligation.done_automatically = True
        elif action.op == sync.LAPSE:
            obligation.status = sync.LAPSED
        obligation.version += 1
        obligation.updated_at = now
        updates[action.op].append(obligation)
    if created:
        created = bulk_create_with_history(
            created, Obligation, default_user=history_user, default_change_reason="rutin: ny"
        )
    fields = ["status", "version", "updated_at", *_TRACKED_FIELDS, *_CLOSE_FIELDS]
    for op, objects in updates.items():
        bulk_update_with_history(
            objects,
            Obligation,
            fields=fields,
            default_user=history_user,
            default_change_reason=_REASONS[op],
        )
    if created or any(updates.values()):
        organisation_changed.send(sender=Obligation, municipality_id=municipality.pk)
    return created


def _sync(
    municipality: Municipality,
    routines: list[Routine],
    findings: list[Finding],
    existing: Iterable[Obligation],
    result: SweepResult,
    *,
    cts: _ContentTypes,
    user=None,
) -> list[Obligation]:
    routine_keys = {o.routine_id: None for o in existing}
    stored = {o.dedupe_key: o for o in existing}
    keys_by_id = {r.pk: r.key for r in routines}
    missing = [pk for pk in routine_keys if pk not in keys_by_id]
    if missing:
        keys_by_id.update(Routine.objects.filter(pk__in=missing).values_list("pk", "key"))
    states = [_state(o, keys_by_id.get(o.routine_id, "?"), cts) for o in stored.values()]
    plan = sync.plan_sync(states, findings)
    result.add(plan)
    created = _apply(
        municipality,
        plan,
        routine_ids={r.key: r.pk for r in routines},
        stored=stored,
        cts=cts,
        user=user,
    )
    result.created_obligations.extend(created)
    return created


# --- the sweep -----------------------------------------------------------------------------


def routines_run(
    municipality: Municipality, today: date | None = None, *, user=None
) -> SweepResult:
    """Evaluate every active routine of the municipality over all its records and make the
    stored obligations follow: create, complete, reopen, update, lapse. Idempotent: a second
    run on the same day changes nothing. A fixed number of queries per rule."""
    today = today or timezone.localdate()
    result = SweepResult(municipality=municipality.name)
    with transaction.atomic():
        current = current_routines(municipality)
        routines = [row for row, _ in current]
        specs = [spec for _, spec in current]
        facts = _load(municipality, specs, today)
        findings = _evaluate(specs, facts, result)
        cts = _ContentTypes()
        existing = list(Obligation.objects.select_for_update().filter(municipality=municipality))
        created = _sync(municipality, routines, findings, existing, result, cts=cts, user=user)
        parents = {u.id: u.parent_id for u in facts.units}
        if any(o.status == sync.OPEN for o in created):
            notify_created(municipality, created, recipients=Recipients(municipality, parents))
    return result


def routines_run_all(today: date | None = None) -> list[SweepResult]:
    """The sweep for every municipality that uses Utblick and has routines."""
    municipalities = Municipality.objects.filter(
        pk__in=Routine.objects.filter(retired_at__isnull=True).values("municipality_id")
    ).order_by("code")
    return [routines_run(m, today) for m in municipalities]


# --- evaluation on save --------------------------------------------------------------------


def _affected(instance, previous=None) -> loader.Scope:
    """The records whose checks a write may change: the record itself and the records it
    links to (a matter's subject, a visit's partnership), also as they were before."""
    label = instance._meta.label_lower
    ids: dict[str, set[int]] = defaultdict(set)
    register = register_by_model(label)
    if register is None:
        name = EXTRA_TRIGGERS.get(label)
        if name:
            target = getattr(instance, "unit_id" if name == "units" else "visit_id", None)
            if target:
                ids[name].add(target)
        return loader.Scope(ids=dict(ids))
    ids[register.name].add(instance.pk)
    for record in (instance, previous):
        if record is None:
            continue
        for link, target in register.links.items():
            target_id = getattr(record, f"{link}_id", None)
            if target_id:
                ids[target].add(target_id)
    if register.name == "matters":
        ids["partnerships"] |= set(instance.decided_partnerships.values_list("pk", flat=True))
    return loader.Scope(ids=dict(ids))


def _in_scope(record: RecordRef | None, scope: loader.Scope) -> bool:
    register = register_by_model(record.model) if record is not None else None
    return register is not None and record.id in scope.ids.get(register.name, ())


def _scope_filter(scope: loader.Scope, cts: _ContentTypes) -> Q:
    condition = Q(pk__in=[])
    for name, ids in scope.ids.items():
        ct = cts.by_label.get(registers()[name].model)
        if ct is not None and ids:
            condition |= Q(content_type=ct, object_id__in=sorted(ids))
    return condition


def _trigger(instance) -> str:
    label = instance._meta.label_lower
    return registers()[EXTRA_TRIGGERS[label]].model if label in EXTRA_TRIGGERS else label


def routines_evaluate_record(
    *, actor: Actor, instance, action: str = "update", previous=None, today: date | None = None
) -> SweepResult | None:
    """Re-evaluate, in the caller's transaction, the routines this record's type triggers
    (inside a `write_batch`: once, when the batch ends, `routines_evaluate_batch`)."""
    pending = batch_collect("routines")
    if pending is not None:
        pending.append((_trigger(instance), _affected(instance, previous)))
        return None
    return _evaluate_written(actor, {_trigger(instance)}, _affected(instance, previous), today)


def routines_evaluate_batch(
    *, actor: Actor, writes: list[tuple[str, loader.Scope]], today: date | None = None
) -> SweepResult | None:
    """One evaluation for a batch's writes ((trigger, scope) each): the routines any of them
    triggers, over every record they touched."""
    ids: dict[str, set[int]] = defaultdict(set)
    for _, scope in writes:
        for name, found in scope.ids.items():
            ids[name] |= found
    triggered = {trigger for trigger, _ in writes}
    return _evaluate_written(actor, triggered, loader.Scope(ids=dict(ids)), today)


def _evaluate_written(
    actor: Actor, triggered: set[str], scope: loader.Scope, today: date | None
) -> SweepResult | None:
    """The routines any of `triggered` (model labels) triggers, over the records in `scope`
    (and, for a routine about the whole organisation, over all of it)."""
    municipality = actor.municipality
    current = [
        (row, spec) for row, spec in current_routines(municipality) if triggered & triggers(spec)
    ]
    if not current:
        return None
    today = today or timezone.localdate()
    result = SweepResult(municipality=municipality.name)
    cts = _ContentTypes()
    created: list[Obligation] = []
    whole = [
        (r, s) for r, s in current if any(c.family in WHOLE_ORGANISATION_FAMILIES for c in s.checks)
    ]
    scoped = [
        (r, s)
        for r, s in current
        if (r, s) not in whole and any(c.register in scope.ids for c in s.checks)
    ]
    units = None
    for group, group_scope in ((scoped, scope), (whole, None)):
        if not group:
            continue
        routines = [r for r, _ in group]
        specs = [s for _, s in group]
        facts = _load(municipality, specs, today, scope=group_scope)
        units = facts.units
        findings = _evaluate(specs, facts, result)
        existing = Obligation.objects.select_for_update().filter(
            municipality=municipality, routine__in=routines
        )
        if group_scope is not None:
            # The stored obligations and the findings about the same records, no others.
            existing = existing.filter(_scope_filter(group_scope, cts))
            findings = [x for x in findings if _in_scope(x.record, group_scope)]
        created += _sync(
            municipality, routines, findings, list(existing), result, cts=cts, user=actor.user
        )
    if any(o.status == sync.OPEN for o in created):
        parents = {u.id: u.parent_id for u in units} if units is not None else None
        notify_created(municipality, created, recipients=Recipients(municipality, parents))
    return result


# --- people's actions on obligations -------------------------------------------------------


def _require_may_act(actor: Actor, obligation: Obligation) -> None:
    if obligation.municipality_id != actor.municipality.pk or not actor.can_write_anything:
        raise PermissionDenied("you may not change this obligation")
    if actor.covers_whole_municipality:
        return
    if actor.role == Role.UNIT_EDITOR and obligation.responsible_unit_id in actor.unit_ids:
        return
    raise PermissionDenied("you may not change this obligation")


def _write(
    actor: Actor, obligation: Obligation, expected_version: int, changes: dict, reason: str
) -> Obligation:
    with transaction.atomic():
        _require_may_act(actor, obligation)
        fresh = claim_version(Obligation, obligation.pk, actor.municipality, expected_version)
        for name, value in changes.items():
            setattr(fresh, name, value)
        fresh.version = expected_version + 1
        fresh.full_clean()
        fresh._history_user = actor.user if getattr(actor.user, "pk", None) else None
        fresh._change_reason = reason[:100]
        fresh.save()
        return fresh


def _require_status(obligation: Obligation, *statuses: str) -> None:
    if obligation.status not in statuses:
        code = "not_open" if sync.OPEN in statuses else "not_closed"
        raise ValidationError({"status": [problem(code, status=obligation.get_status_display())]})


def obligation_complete(
    *,
    actor: Actor,
    obligation: Obligation,
    expected_version: int,
    evidence: str = "",
    evidence_matter: Matter | None = None,
    today: date | None = None,
) -> Obligation:
    """Mark an open obligation done, with evidence (text, a matter, or both)."""
    evidence = evidence.strip()
    if not evidence and evidence_matter is None:
        raise ValidationError({"evidence": [problem("evidence_required")]})
    if evidence_matter is not None and evidence_matter.municipality_id != actor.municipality.pk:
        raise ValidationError({"evidence_matter": [problem("matter_not_in_municipality")]})
    _require_status(obligation, sync.OPEN)
    today = today or timezone.localdate()
    return _write(
        actor,
        obligation,
        expected_version,
        {
            "status": sync.DONE,
            "evidence": evidence or str(evidence_matter),
            "evidence_matter": evidence_matter,
            "late": bool(obligation.due_on and today > obligation.due_on),
            "done_at": timezone.now(),
            "done_by": actor.user if getattr(actor.user, "pk", None) else None,
            "done_automatically": False,
        },
        "klarmarkerad",
    )


def _reviewed(actor: Actor, obligation: Obligation, reason: str) -> dict:
    """The fields that take an obligation out of the backlog (nothing if it is not in it)."""
    if not obligation.in_backlog:
        return {}
    return {
        "reviewed_at": timezone.now(),
        "reviewed_by": actor.user if getattr(actor.user, "pk", None) else None,
        "review_note": reason,
    }


def obligation_waive(
    *, actor: Actor, obligation: Obligation, expected_version: int, reason: str
) -> Obligation:
    """An open obligation that need not be done, with the reason why (required). One in the
    backlog is reviewed by it."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"waived_reason": [problem("waived_reason_required")]})
    _require_status(obligation, sync.OPEN)
    return _write(
        actor,
        obligation,
        expected_version,
        {"status": sync.WAIVED, "waived_reason": reason, **_reviewed(actor, obligation, reason)},
        f"behövs inte: {reason}",
    )


def obligation_acknowledge(
    *, actor: Actor, obligation: Obligation, expected_version: int, reason: str
) -> Obligation:
    """A backlog obligation reviewed and kept: it is today's work from now on (dashboards,
    calendar, digest), with the reason in its history."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"review_note": [problem("review_reason_required")]})
    if not obligation.in_backlog:
        raise ValidationError({"status": [problem("not_in_backlog")]})
    return _write(
        actor,
        obligation,
        expected_version,
        _reviewed(actor, obligation, reason),
        f"granskad, ska göras: {reason}",
    )


@dataclass(frozen=True)
class Picked:
    """An obligation chosen on a list, with the version the list showed."""

    id: int
    version: int


def obligations_bulk(
    *, actor: Actor, picked: Iterable[Picked], action, **arguments
) -> list[Obligation]:
    """One of the actions above on every picked obligation, all or nothing: one that is
    stale, not the actor's or not in a state for it, and nothing is written."""
    picked = list(dict.fromkeys(picked))
    if not picked:
        raise ValidationError({"picked": [problem("none_picked")]})
    with transaction.atomic():
        found = Obligation.objects.filter(
            municipality=actor.municipality, pk__in=[p.id for p in picked]
        ).in_bulk()
        if len(found) != len({p.id for p in picked}):
            raise PermissionDenied("an obligation picked is not in this municipality")
        return [
            action(actor=actor, obligation=found[p.id], expected_version=p.version, **arguments)
            for p in picked
        ]


def obligation_reopen(*, actor: Actor, obligation: Obligation, expected_version: int) -> Obligation:
    _require_status(obligation, sync.DONE, sync.WAIVED)
    return _write(
        actor,
        obligation,
        expected_version,
        {
            "status": sync.OPEN,
            "waived_reason": "",
            "evidence": "",
            "evidence_matter": None,
            "late": False,
            "done_at": None,
            "done_by": None,
            "done_automatically": False,
        },
        "återöppnad",
    )


def obligation_assign(
    *, actor: Actor, obligation: Obligation, expected_version: int, person
) -> Obligation:
    if person is not None and person.municipality_id != actor.municipality.pk:
        raise PermissionDenied("that person is not in this municipality")
    return _write(
        actor, obligation, expected_version, {"responsible_person": person}, "ansvarig person"
    )


# --- preview of a policy change ------------------------------------------------------------


@dataclass(frozen=True)
class DiffItem:
    key: str
    routine_key: str
    kind: str
    title: str
    record: RecordRef | None
    due_on: date | None
    requirement: str = ""

    @property
    def record_label(self) -> str:
        return self.record.label if self.record else ""


@dataclass(frozen=True)
class RoutineChange:
    key: str
    change: str  # added / removed / changed
    rule: str
    detail: str = ""


@dataclass
class ProfileDiff:
    municipality: Municipality
    today: date
    current_version: int | None
    routines: list[RoutineChange] = field(default_factory=list)
    created: list[DiffItem] = field(default_factory=list)
    lapsed: list[DiffItem] = field(default_factory=list)
    changed: list[DiffItem] = field(default_factory=list)
    into_conflict: list[DiffItem] = field(default_factory=list)
    out_of_conflict: list[DiffItem] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.routines
            or self.created
            or self.lapsed
            or self.changed
            or self.into_conflict
            or self.out_of_conflict
        )


def _item(finding: Finding) -> DiffItem:
    return DiffItem(
        key=finding.dedupe_key,
        routine_key=finding.routine_key,
        kind=finding.kind,
        title=finding.title,
        record=finding.record,
        due_on=finding.due_on,
        requirement=finding.requirement,
    )


def _routine_changes(
    current: list[tuple[RoutineSpec, Routine | None]], proposed: list[fmt.Routine]
) -> list[RoutineChange]:
    """What a new profile version changes in the routines: added, removed, changed checks."""
    before = {spec.key: spec for spec, _ in current}
    after = {r.key: r for r in proposed}
    changes = []

    def families(checks) -> str:
        return ", ".join(dict.fromkeys(c.family for c in checks))

    for key, routine in after.items():
        old = before.get(key)
        if old is None:
            changes.append(RoutineChange(key, "added", families(routine.checks)))
            continue
        details = []
        old_raw = [fmt.check_to_toml(c) for c in old.checks]
        new_raw = [fmt.check_to_toml(c) for c in routine.checks]
        if old_raw != new_raw:
            for index in range(max(len(old_raw), len(new_raw))):
                a = _flat(old_raw[index]) if index < len(old_raw) else {}
                b = _flat(new_raw[index]) if index < len(new_raw) else {}
                details += [
                    f"{name}: {_shown(a.get(name))} → {_shown(b.get(name))}"
                    for name in sorted(set(a) | set(b))
                    if a.get(name) != b.get(name)
                ]
        if old.requirement != (routine.requirement or ""):
            details.append(f"krav: {old.requirement or '–'} → {routine.requirement or '–'}")
        if details:
            changes.append(
                RoutineChange(key, "changed", families(routine.checks), "; ".join(details))
            )
    for key, spec in before.items():
        if key not in after:
            changes.append(RoutineChange(key, "removed", families(spec.checks)))
    return changes


def _flat(table: dict, prefix: str = "") -> dict:
    """{"when": {"x__gte": 1}} → {"when.x__gte": 1}: changes named by their full key."""
    flat = {}
    for key, value in table.items():
        if isinstance(value, dict):
            flat.update(_flat(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _shown(value) -> str:
    return "–" if value is None else str(value)


def _document_facts(profile: fmt.Profile, municipality: Municipality) -> tuple[f.RecordFact, ...]:
    """The proposed profile's documents as the engine sees them, with the ids of the stored
    documents of the same key (so that their obligations are recognised)."""
    ids = dict(SteeringDocument.objects.filter(municipality=municipality).values_list("key", "pk"))
    found = []
    for index, document in enumerate(profile.documents, start=1):
        found.append(
            f.record(
                "documents",
                ids.get(document.key, -index),
                label=document.title,
                key=document.key,
                title=document.title,
                kind=document.kind,
                status=document.status,
                adopted_on=document.adopted_on,
                valid_from=document.valid_from,
                valid_to=document.valid_to,
                review_date=document.review_date,
                begins_on=document.valid_from or document.adopted_on,
            )
        )
    return tuple(found)


def profile_diff(
    *,
    municipality: Municipality,
    text: str,
    source_name: str = "<profil>",
    today: date | None = None,
) -> ProfileDiff:
    """What loading `text` as the organisation's profile would do to its obligations today.

    Parses the profile (ProfileInvalid with located errors) and evaluates its routines
    against today's data, and the current profile's routines likewise; both results are
    planned against the stored obligations exactly as a sweep would. Nothing is written.
    """
    from utblick.policy.services import ProfileForOtherMunicipality, _code_name

    profile = fmt.parse_profile(text, path=source_name)
    if profile.organisation.code != municipality.code:
        raise ProfileForOtherMunicipality(
            f"{source_name} gäller {_code_name(profile.organisation.code)} {profile.organisation.code}, "
            f"inte {municipality.code} ({municipality.name})."
        )
    today = today or timezone.localdate()
    version = ProfileVersion.objects.filter(municipality=municipality, is_current=True).first()
    current = [spec for _, spec in current_routines(municipality)]
    proposed = [spec_of(r) for r in profile.routines]
    facts = _load(municipality, [*current, *proposed], today)
    proposed_facts = replace(
        facts,
        records={**facts.records, "documents": _document_facts(profile, municipality)},
        reporting_periods=tuple(
            f.ReportingPeriodFact(
                key=p.key,
                name=p.name,
                period_start=p.period_start,
                period_end=p.period_end,
                due=p.due,
                reporters=tuple(p.reporters),
                recipient=p.recipient,
            )
            for p in profile.reporting
        ),
    )

    def findings(specs, facts_):
        out = []
        for spec in specs:
            out.extend(evaluate_routine(spec, facts_))
        return out

    before_findings = findings(current, facts)
    after_findings = findings(proposed, proposed_facts)
    cts = _ContentTypes()
    stored = list(Obligation.objects.filter(municipality=municipality).select_related("routine"))
    states = [_state(o, o.routine.key, cts) for o in stored]
    before = sync.plan_sync(states, before_findings).final_state()
    after = sync.plan_sync(states, after_findings).final_state()
    after_by_key = {x.dedupe_key: x for x in after_findings}
    before_by_key = {x.dedupe_key: x for x in before_findings}
    stored_by_key = {o.dedupe_key: o for o in stored}

    def describe(key: str) -> DiffItem:
        if key in after_by_key:
            return _item(after_by_key[key])
        if key in before_by_key:
            return _item(before_by_key[key])
        o = stored_by_key[key]
        return DiffItem(
            key=key,
            routine_key=o.routine.key,
            kind=o.kind,
            title=o.title,
            record=cts.ref(o),
            due_on=o.due_on,
            requirement=o.requirement,
        )

    result = ProfileDiff(
        municipality=municipality,
        today=today,
        current_version=version.number if version else None,
        routines=_routine_changes([(spec, None) for spec in current], list(profile.routines)),
    )
    for key in sorted(set(before) | set(after)):
        was, will = before.get(key, (None, None)), after.get(key, (None, None))
        open_before, open_after = was[0] == sync.OPEN, will[0] == sync.OPEN
        if open_after and not open_before:
            result.created.append(describe(key))
        elif open_before and not open_after:
            result.lapsed.append(describe(key))
        elif open_before and open_after:
            a, b = before_by_key.get(key), after_by_key.get(key)
            if a and b and (a.title, a.due_on, a.kind) != (b.title, b.due_on, b.kind):
                result.changed.append(describe(key))

    def conflicted(state: dict) -> dict:
        records = {}
        for key, (status, kind) in state.items():
            if status == sync.OPEN and kind == "conflict":
                item = describe(key)
                records.setdefault(
                    (item.record.model, item.record.id) if item.record else key, item
                )
        return records

    in_before, in_after = conflicted(before), conflicted(after)
    result.into_conflict = [in_after[k] for k in in_after if k not in in_before]
    result.out_of_conflict = [in_before[k] for k in in_before if k not in in_after]
    return result


# --- a write's obligations before it is saved ------------------------------------------------


@dataclass(frozen=True)
class Flagged:
    """What a routine would flag about a record if it were saved as the form stands."""

    kind: str
    title: str
    explanation: str
    due_on: date | None

    @property
    def is_conflict(self) -> bool:
        return self.kind == CONFLICT


def routines_preview_write(write) -> list[Flagged]:
    """The open obligations and policy conflicts the routines would raise about a record if
    `write()` (a register service call that returns the record) were saved.

    The same engine as on save: the write is made, evaluated on its `record_written` signal,
    read and rolled back in one transaction; nothing is kept and nobody is notified (the
    notifications and their e-mails go with the rollback). A write the services refuse raises
    its ValidationError as on save."""
    with transaction.atomic():
        record = write()
        found = [
            Flagged(o.kind, o.title, o.explanation, o.due_on)
            for o in Obligation.objects.filter(
                municipality_id=record.municipality_id,
                content_type=ContentType.objects.get_for_model(record),
                object_id=record.pk,
                status=sync.OPEN,
            ).order_by("kind", "due_on", "pk")
        ]
        transaction.set_rollback(True)
    return found
