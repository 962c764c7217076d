"""The funding application's lifecycle. No Django imports: easy to test on its own.

idea → preparing → submitted → granted / rejected / withdrawn → running → closed
An application can be withdrawn before a decision, and a grant can be declined (withdrawn)
before the project starts.
"""

from collections.abc import Mapping
from dataclasses import dataclass

IDEA = "idea"
PREPARING = "preparing"
SUBMITTED = "submitted"
GRANTED = "granted"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"
RUNNING = "running"
CLOSED = "closed"


def gettext_noop(label: str) -> str:
    """Marks a label for the translation catalogue (makemessages) without importing Django."""
    return label


STATUSES = (IDEA, PREPARING, SUBMITTED, GRANTED, REJECTED, WITHDRAWN, RUNNING, CLOSED)

LABELS = {
    IDEA: gettext_noop("Idé"),
    PREPARING: gettext_noop("Under beredning"),
    SUBMITTED: gettext_noop("Inskickad"),
    GRANTED: gettext_noop("Beviljad"),
    REJECTED: gettext_noop("Avslagen"),
    WITHDRAWN: gettext_noop("Återkallad"),
    RUNNING: gettext_noop("Pågående projekt"),
    CLOSED: gettext_noop("Avslutat projekt"),
}

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    IDEA: frozenset({PREPARING, WITHDRAWN}),
    PREPARING: frozenset({SUBMITTED, WITHDRAWN, IDEA}),
    SUBMITTED: frozenset({GRANTED, REJECTED, WITHDRAWN}),
    GRANTED: frozenset({RUNNING, WITHDRAWN}),
    REJECTED: frozenset(),
    WITHDRAWN: frozenset(),
    RUNNING: frozenset({CLOSED}),
    CLOSED: frozenset(),
}

# Statuses in which the funder has said yes: a granted amount is then required.
GRANTED_STATUSES = frozenset({GRANTED, RUNNING, CLOSED})
# Statuses at or after submission: a submission date is then required.
SUBMITTED_OR_LATER = frozenset({SUBMITTED, GRANTED, REJECTED, RUNNING, CLOSED})


def can_move(current: str, target: str) -> bool:
    return current == target or target in ALLOWED_TRANSITIONS.get(current, frozenset())


@dataclass(frozen=True)
class Lifecycle:
    """The steps a register's status moves along, as its register description carries them."""

    statuses: tuple[str, ...]
    allowed: Mapping[str, frozenset[str]]
    labels: Mapping[str, str]
    # What a step asks for: the fields the record needs at that status (the model requires them).
    asks_for: Mapping[str, tuple[str, ...]]

    def next_steps(self, current: str) -> list[str]:
        """The statuses allowed after `current`, in the lifecycle's order."""
        allowed = self.allowed.get(current, frozenset())
        return [status for status in self.statuses if status in allowed]

    def forward(self, current: str) -> str | None:
        """The step onwards: the first allowed status later in the order that leads further,
        or the last one left (a dead end such as "withdrawn" only when nothing else is ahead).
        Steps back ("idea" from "preparing") are never forward."""
        order = self.statuses.index(current) if current in self.statuses else -1
        ahead = [s for s in self.next_steps(current) if self.statuses.index(s) > order]
        onwards = [s for s in ahead if self.allowed.get(s)]
        candidates = onwards or ahead
        return candidates[0] if candidates else None

    def may_move(self, current: str, target: str) -> bool:
        return target in self.allowed.get(current, frozenset())


APPLICATION = Lifecycle(
    statuses=STATUSES,
    allowed=ALLOWED_TRANSITIONS,
    labels=LABELS,
    asks_for={
        SUBMITTED: ("submitted_on",),
        GRANTED: ("decision_on", "granted_amount"),
        REJECTED: ("decision_on",),
        RUNNING: ("starts_on",),
        CLOSED: ("ends_on",),
    },
)


def transition_problem(current: str, target: str) -> tuple[str, dict] | None:
    """(message code, params) if `current → target` is not an allowed step, else None.
    The params are the labels (msgids); the message translates them where it is shown."""
    if can_move(current, target) or target not in LABELS or current not in LABELS:
        return None  # an unknown status is the choice check's to report
    allowed = [s for s in STATUSES if s in ALLOWED_TRANSITIONS.get(current, frozenset())]
    params = {
        "current": LABELS[current],
        "target": LABELS[target],
        "allowed": tuple(LABELS[s] for s in allowed),
    }
    return ("transition_not_allowed" if allowed else "status_final"), params
