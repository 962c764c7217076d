"""One module per rule family; `EVALUATORS` maps a family's name to its evaluation."""

from collections.abc import Callable

from utblick.policy.families import FAMILIES, Check

from ..facts import Facts
from ..findings import Finding
from . import decision_route, limit, notification, recurring_duty, required_fact

EVALUATORS: dict[str, Callable[[Check, Facts], list[Finding]]] = {
    "decision_route": decision_route.evaluate,
    "required_fact": required_fact.evaluate,
    "recurring_duty": recurring_duty.evaluate,
    "limit": limit.evaluate,
    "notification": notification.evaluate,
}
assert set(EVALUATORS) == set(FAMILIES)
