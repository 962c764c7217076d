"""A model's check constraints evaluated on the record in Python, where they are plain
comparisons of its own fields with constants (`total_budget >= 0 OR total_budget IS NULL`).

Django asks the database for each check constraint on every `full_clean`: a query and a
savepoint around it, with every field of the record as a parameter. For the plain ones the
answer is the same here, with SQL's three-valued logic (a comparison with NULL is unknown,
and a constraint that comes out unknown holds). Anything else (expressions, links, text
ordering, which depends on the collation) is left to Django.
"""

from __future__ import annotations

import operator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

UNKNOWN = None


class Unsupported(Exception):
    """The condition is not a plain one: Django's own check decides."""


ORDERED = (int, float, Decimal, date, datetime)
COMPARE = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


def holds(condition: object, instance: models.Model) -> bool:
    """Whether the record meets the condition (unknown counts as met, as in the database);
    raises Unsupported where the condition is not a plain one."""
    return _evaluate(condition, instance) is not False


def _evaluate(node: Any, instance: models.Model) -> bool | None:
    if isinstance(node, models.Q):
        results = [_evaluate(child, instance) for child in node.children]
        if node.connector == models.Q.AND:
            value = False if False in results else (UNKNOWN if UNKNOWN in results else True)
        elif node.connector == models.Q.OR:
            value = True if True in results else (UNKNOWN if UNKNOWN in results else False)
        else:
            raise Unsupported(node.connector)
        return (None if value is None else not value) if node.negated else value
    if not isinstance(node, tuple) or len(node) != 2:
        raise Unsupported(node)
    lookup, wanted = node
    name, _, kind = lookup.partition("__")
    field = instance._meta.get_field(name)
    if field.is_relation or not field.concrete or "__" in kind:
        raise Unsupported(lookup)
    value = getattr(instance, field.attname)
    if kind == "isnull":
        if not isinstance(wanted, bool):
            raise Unsupported(lookup)
        return (value is None) == wanted
    compare = COMPARE.get(kind or "exact")
    if compare is None or hasattr(wanted, "resolve_expression") or wanted is None:
        raise Unsupported(lookup)
    if value is None:
        return UNKNOWN
    plain = isinstance(value, ORDERED) and isinstance(wanted, ORDERED)
    if not plain and not (compare is operator.eq and type(value) is type(wanted)):
        raise Unsupported(lookup)
    try:
        return bool(compare(value, wanted))
    except TypeError as exc:
        raise Unsupported(lookup) from exc


class PlainCheck:
    """A check constraint as `Model.validate_constraints` sees it: evaluated here where it is
    a plain one, by Django (a query) where it is not."""

    def __init__(self, constraint: models.CheckConstraint):
        self.constraint = constraint

    @classmethod
    def of(cls, constraint):
        return cls(constraint) if isinstance(constraint, models.CheckConstraint) else constraint

    def validate(self, model, instance, exclude=None, using=None) -> None:
        constraint = self.constraint
        if exclude and _field_names(constraint.condition) & set(exclude):
            return  # a field already refused: Django skips the constraint too
        try:
            met = holds(constraint.condition, instance)
        except Unsupported:
            constraint.validate(model, instance, exclude=exclude, using=using)
            return
        if not met:
            raise ValidationError(
                constraint.get_violation_error_message(), code=constraint.violation_error_code
            )


def _field_names(condition) -> set[str]:
    names = set()
    for child in getattr(condition, "children", ()):
        if isinstance(child, tuple):
            names.add(child[0].split("__")[0])
        else:
            names |= _field_names(child)
    return names
