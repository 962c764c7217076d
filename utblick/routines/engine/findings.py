"""What a rule returns: findings, each an obligation (or a policy conflict) that should exist.

Pure Python, no Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

OBLIGATION = "obligation"
CONFLICT = "conflict"
KINDS = (OBLIGATION, CONFLICT)


@dataclass(frozen=True)
class RecordRef:
    """The record an obligation is about: model label ("registers.fundingapplication"), id."""

    model: str
    id: int
    label: str = ""


@dataclass(frozen=True)
class Finding:
    """An obligation that should exist, as a rule sees it today.

    `dedupe_key` is stable: the same situation gives the same key on every evaluation, so
    an obligation is never duplicated. A rule returns keys relative to its routine
    ("application:42"); `evaluate_routine` prefixes the routine's key
    ("ansokan-informera-ksf:application:42").

    `satisfied` findings say the obligation is met (an information matter exists, the visit
    was announced); the evidence says by what. A satisfied finding closes an open
    obligation as done; it creates a (done) obligation only if `record_if_satisfied`, which
    rules set for duties worth showing as done (the information matter was sent) and clear
    for defects that simply are not there (a unit that has its contact person).

    `series` groups the findings that succeed each other for one record (a membership's
    review every 24 months: one key per cycle). When an open obligation's key disappears
    and another finding of its series exists, the open one is closed as done with that
    finding's evidence instead of lapsing.
    """

    dedupe_key: str
    kind: str
    title: str
    explanation: str
    evidence_required: str
    record: RecordRef | None
    responsible_unit_id: int | None
    due_on: date | None
    satisfied: bool = False
    evidence: str = ""
    evidence_matter_id: int | None = None
    record_if_satisfied: bool = True
    late: bool = False
    series: str = ""
    requirement: str = ""
    routine_key: str = ""
    # The wording when the finding is already satisfied when first found (a conflict that a
    # decision has already resolved is not stored in breach words).
    done_title: str = ""
    # About a record that happened before tracking began: reviewed once in the backlog
    # instead of shown on dashboards as today's work.
    before_tracking: bool = False

    @property
    def series_key(self) -> str:
        return self.series or self.dedupe_key

    @property
    def is_conflict(self) -> bool:
        return self.kind == CONFLICT
