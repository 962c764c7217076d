"""Planning how the stored obligations follow the findings. Pure Python, no Django.

The same plan drives the sweep, the evaluation on save (which applies it) and the profile
preview (which only reads it), so what the preview shows is what a sweep would do.

Rules:
- a finding with no obligation: create it open; a satisfied one is created done only if
  the rule asks to record it (`record_if_satisfied`);
- an open obligation whose finding is now satisfied: done, with the finding's evidence;
- an open obligation whose finding changed (title, due date, responsible unit …): updated;
- a lapsed obligation whose finding is back: reopened; one that the system closed as done
  and whose finding is unsatisfied again: reopened; one a person marked done, or waived:
  left alone;
- an open obligation with no finding: lapsed (the routine no longer applies), unless
  another finding of its series is satisfied — then it was met, and is done.
Obligations are never deleted.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from .findings import Finding, RecordRef

OPEN = "open"
DONE = "done"
WAIVED = "waived"
LAPSED = "lapsed"
STATUSES = (OPEN, DONE, WAIVED, LAPSED)

CREATE = "create"
REOPEN = "reopen"
COMPLETE = "complete"
LAPSE = "lapse"
UPDATE = "update"
OPERATIONS = (CREATE, REOPEN, COMPLETE, LAPSE, UPDATE)


@dataclass(frozen=True)
class ExistingObligation:
    """A stored obligation as the planner sees it."""

    id: int
    dedupe_key: str
    status: str
    kind: str
    routine_key: str = ""
    title: str = ""
    explanation: str = ""
    evidence_required: str = ""
    requirement: str = ""
    due_on: date | None = None
    responsible_unit_id: int | None = None
    record: RecordRef | None = None
    series: str = ""
    done_automatically: bool = False
    before_tracking: bool = False


@dataclass(frozen=True)
class Action:
    op: str
    finding: Finding | None = None
    existing: ExistingObligation | None = None
    status: str = OPEN
    evidence: str = ""
    evidence_matter_id: int | None = None
    late: bool = False

    @property
    def key(self) -> str:
        """The stored obligation's key (for a series completion, not the successor's)."""
        return self.existing.dedupe_key if self.existing else self._finding.dedupe_key

    @property
    def routine_key(self) -> str:
        return self.existing.routine_key if self.existing else self._finding.routine_key

    @property
    def _existing(self) -> ExistingObligation:
        assert self.existing is not None, "an action has a finding, a stored obligation or both"
        return self.existing

    @property
    def _finding(self) -> Finding:
        assert self.finding is not None, "an action has a finding, a stored obligation or both"
        return self.finding


@dataclass
class Plan:
    actions: list[Action] = field(default_factory=list)
    unchanged: list[ExistingObligation] = field(default_factory=list)

    def of(self, op: str) -> list[Action]:
        return [a for a in self.actions if a.op == op]

    def counts(self) -> Counter[str]:
        counts = Counter({op: 0 for op in OPERATIONS})
        counts.update(a.op for a in self.actions)
        counts["unchanged"] = len(self.unchanged)
        return counts

    def final_state(self) -> dict[str, tuple[str, str]]:
        """key → (status, kind) after the plan is applied, for every key it touches or keeps."""
        state = {e.dedupe_key: (e.status, e.kind) for e in self.unchanged}
        for action in self.actions:
            kind = action.finding.kind if action.finding else action._existing.kind
            if action.op in (CREATE,):
                state[action.key] = (action.status, kind)
            elif action.op in (REOPEN, UPDATE):
                state[action.key] = (OPEN, kind)
            elif action.op == COMPLETE:
                state[action.key] = (DONE, action.existing.kind if action.existing else kind)
            elif action.op == LAPSE:
                state[action.key] = (LAPSED, kind)
        return state


TRACKED = (
    "kind",
    "title",
    "explanation",
    "evidence_required",
    "requirement",
    "due_on",
    "responsible_unit_id",
    "record",
    "series",
    "before_tracking",
)


def differs(existing: ExistingObligation, finding: Finding) -> bool:
    return any(getattr(existing, name) != getattr(finding, name) for name in TRACKED)


def _complete(finding: Finding, existing: ExistingObligation | None, evidence: str = "") -> Action:
    return Action(
        COMPLETE,
        finding=finding,
        existing=existing,
        status=DONE,
        evidence=evidence or finding.evidence,
        evidence_matter_id=finding.evidence_matter_id,
        late=finding.late,
    )


def plan_sync(existing: Iterable[ExistingObligation], findings: Iterable[Finding]) -> Plan:
    """What to do so that the stored obligations (in scope) follow the findings."""
    by_key: dict[str, Finding] = {}
    for finding in findings:
        by_key.setdefault(finding.dedupe_key, finding)
    by_series: dict[str, list[Finding]] = defaultdict(list)
    for finding in by_key.values():
        by_series[finding.series_key].append(finding)
    stored = {e.dedupe_key: e for e in existing}
    plan = Plan()

    for key, finding in by_key.items():
        current = stored.get(key)
        if current is None:
            if not finding.satisfied:
                plan.actions.append(Action(CREATE, finding=finding, status=OPEN))
            elif finding.record_if_satisfied:
                action = _complete(finding, None)
                plan.actions.append(
                    Action(
                        CREATE,
                        finding=finding,
                        status=DONE,
                        evidence=action.evidence,
                        evidence_matter_id=action.evidence_matter_id,
                        late=action.late,
                    )
                )
            continue
        if current.status == OPEN:
            if finding.satisfied:
                plan.actions.append(_complete(finding, current))
            elif differs(current, finding):
                plan.actions.append(Action(UPDATE, finding=finding, existing=current))
            else:
                plan.unchanged.append(current)
        elif current.status == DONE:
            if not finding.satisfied and current.done_automatically:
                plan.actions.append(Action(REOPEN, finding=finding, existing=current))
            else:
                plan.unchanged.append(current)
        elif current.status == LAPSED:
            if not finding.satisfied:
                plan.actions.append(Action(REOPEN, finding=finding, existing=current))
            elif finding.record_if_satisfied:
                plan.actions.append(_complete(finding, current))
            else:
                plan.unchanged.append(current)
        else:  # waived: a person decided; the system leaves it alone
            plan.unchanged.append(current)

    for current in stored.values():
        if current.dedupe_key in by_key:
            continue
        if current.status != OPEN:
            plan.unchanged.append(current)
            continue
        successor = next(
            (f for f in by_series.get(current.series or current.dedupe_key, []) if f.satisfied),
            None,
        )
        if successor is not None:
            plan.actions.append(_complete(successor, current))
        else:
            plan.actions.append(Action(LAPSE, existing=current))
    return plan
