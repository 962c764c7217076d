"""The routines' evaluation core: facts in, findings out. Pure Python — no Django anywhere
in this package (a test imports it with Django blocked).

- `facts`: frozen snapshots of the records (applications, memberships, …, "today");
- `findings`: `Finding`, an obligation or policy conflict that should exist;
- `rules`: one evaluator per rule type, `evaluate(params, facts) -> list[Finding]`;
- `registry`: rule name → evaluator, the facts it needs, the records that trigger it;
- `sync`: how stored obligations follow the findings (create, complete, lapse …).
"""

from .facts import Facts
from .findings import CONFLICT, OBLIGATION, Finding, RecordRef
from .registry import RULES, RoutineSpec, evaluate_routine
from .sync import ExistingObligation, Plan, plan_sync

__all__ = [
    "CONFLICT",
    "OBLIGATION",
    "RULES",
    "ExistingObligation",
    "Facts",
    "Finding",
    "Plan",
    "RecordRef",
    "RoutineSpec",
    "evaluate_routine",
    "plan_sync",
]
