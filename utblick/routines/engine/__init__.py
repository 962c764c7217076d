"""The routines' evaluation core: facts in, findings out. Pure Python — no Django anywhere
in this package (a test imports it with Django blocked).

- `facts`: frozen snapshots of the records (every register's records, the units, "today");
- `findings`: `Finding`, an obligation or policy conflict that should exist;
- `families`: one evaluator per rule family of the general vocabulary;
- `registry`: a routine's checks evaluated, keyed and explained for the routine;
- `sync`: how stored obligations follow the findings (create, complete, lapse …).
"""

from .facts import Facts, RecordFact, record
from .findings import CONFLICT, OBLIGATION, Finding, RecordRef
from .registry import RoutineSpec, evaluate_routine, routine_needs, triggers
from .sync import ExistingObligation, Plan, plan_sync

__all__ = [
    "CONFLICT",
    "OBLIGATION",
    "ExistingObligation",
    "Facts",
    "Finding",
    "Plan",
    "RecordFact",
    "RecordRef",
    "RoutineSpec",
    "evaluate_routine",
    "plan_sync",
    "record",
    "routine_needs",
    "triggers",
]
