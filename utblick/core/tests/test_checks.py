"""The plain check constraints are evaluated on the record itself, with the database's answer
(SQL's three-valued logic); the others are left to Django's query."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import models
from django.db.models import F, Q

from utblick.core.checks import Unsupported, holds
from utblick.core.models import TenantModel
from utblick.registers.models import FundingApplication

BUDGET = Q(total_budget__isnull=True) | Q(total_budget__gte=0)


@pytest.mark.parametrize(
    ("budget", "met"),
    [(None, True), (Decimal("-1"), False), (Decimal("0"), True), (Decimal("12.5"), True)],
)
def test_a_plain_condition_is_met_as_in_the_database(budget, met):
    assert holds(BUDGET, FundingApplication(total_budget=budget)) is met


def test_a_comparison_with_nothing_is_unknown_and_unknown_is_met():
    assert holds(Q(total_budget__gte=0), FundingApplication(total_budget=None))
    assert holds(~Q(total_budget__gte=0), FundingApplication(total_budget=None))
    assert not holds(~Q(total_budget__gte=0), FundingApplication(total_budget=Decimal(1)))


@pytest.mark.parametrize(
    "condition",
    [
        Q(granted_amount__lte=F("total_budget")),  # an expression
        Q(unit__kind="committee"),  # across a link
        Q(title__gte="M"),  # text order depends on the collation
    ],
)
def test_anything_else_is_left_to_the_database(condition):
    with pytest.raises(Unsupported):
        holds(condition, FundingApplication(total_budget=Decimal(1), title="A"))


SAMPLES = {
    models.DecimalField: [None, Decimal("-0.01"), Decimal("0"), Decimal("1"), Decimal("1e9")],
    models.IntegerField: [None, -1, 0, 1, 2000, 2100],
    models.DateField: [None, dt.date(1999, 12, 31), dt.date(2025, 6, 1)],
    models.BooleanField: [True, False],
}


def _samples(field):
    for kind, values in SAMPLES.items():
        if isinstance(field, kind):
            return values
    return None


@pytest.mark.django_db
def test_every_plain_check_constraint_agrees_with_the_database():
    compared = 0
    for model in apps.get_models():
        if not issubclass(model, TenantModel):
            continue
        for constraint in model._meta.constraints:
            if not isinstance(constraint, models.CheckConstraint):
                continue
            names = sorted({c[0].split("__")[0] for c in _leaves(constraint.condition)})
            fields = [model._meta.get_field(name) for name in names]
            values = [_samples(field) for field in fields]
            if any(v is None for v in values):
                continue
            for combination in itertools.product(*values):
                record = model(**{f.attname: v for f, v in zip(fields, combination, strict=True)})
                try:
                    here = holds(constraint.condition, record)
                except Unsupported:
                    break
                against = record._get_field_expression_map(meta=model._meta)
                assert here == Q(constraint.condition).check(against), (constraint, combination)
                compared += 1
    assert compared > 20


def _leaves(condition):
    for child in condition.children:
        if isinstance(child, tuple):
            yield child
        else:
            yield from _leaves(child)
