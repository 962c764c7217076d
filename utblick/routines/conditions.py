"""The profile's conditions as database filters, and the register fields as database values.

`utblick/policy/registers.toml` describes each register's fields; here each field becomes a
database expression (a model field's path, or a derived value such as an amount in kronor or
a count of linked records), the same for loading the engine's facts and for filtering with a
condition. `condition_q` compiles a parsed condition (`utblick.policy.vocabulary`) to a
Django `Q`; a test proves it selects exactly the records the engine's own evaluation does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.apps import apps
from django.db import models
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, ExtractYear, Round, TruncDate
from django.utils import timezone

from utblick.policy.vocabulary import (
    TODAY,
    AllOf,
    AnyOf,
    Compare,
    Condition,
    Not,
    Register,
    registers,
)

DECIMAL = models.DecimalField(max_digits=16, decimal_places=2)


def model_of(register: Register) -> type[models.Model]:
    return apps.get_model(register.model)


def _count(model_label: str, link: str, _where: Q | None = None, **filters) -> Coalesce:
    """How many rows of `model_label` point at this record through `link`."""
    model = apps.get_model(model_label)
    rows = (
        model.objects.filter(_where or Q(), **{link: OuterRef("pk")}, **filters)
        .order_by()
        .values(link)
        .annotate(n=Count("*"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(rows, output_field=models.IntegerField()), Value(0))


def _sek(field: str) -> Case:
    """An amount in kronor: as it is in SEK, at the kept rate in EUR (rounded to öre)."""
    return Case(
        When(currency="SEK", then=F(field)),
        When(
            currency="EUR",
            eur_to_sek_rate__isnull=False,
            then=Round(F(field) * F("eur_to_sek_rate"), 2),
        ),
        default=Value(None),
        output_field=DECIMAL,
    )


def _created_on():
    return TruncDate("created_at", tzinfo=timezone.get_current_timezone())


def _through_count(model_label: str, field: str, **filters) -> Coalesce:
    through = apps.get_model(model_label)._meta.get_field(field).remote_field.through
    source = next(
        f.name
        for f in through._meta.get_fields()
        if getattr(f, "related_model", None) is apps.get_model(model_label)
    )
    return _count(f"{through._meta.app_label}.{through._meta.model_name}", source, **filters)


def _cost_items_against_sharing(context: ExpressionContext) -> Coalesce | Value:
    """A visit's cost items paid otherwise than the profile's cost sharing says (unless the
    item says "otherwise agreed")."""
    rules = context.cost_sharing()
    if not rules:
        return Value(0)
    deviation = Q(pk__in=[])
    for category, paid_by in rules.items():
        deviation |= Q(category=category) & ~Q(paid_by=paid_by)
    return _count("registers.visitcostitem", "visit", _where=deviation & ~Q(paid_by="other_agreed"))


class ExpressionContext:
    """What a derived value may depend on: the organisation and the day."""

    def __init__(self, municipality, today: date):
        self.municipality = municipality
        self.today = today
        self._cost_sharing: dict[str, str] | None = None

    def cost_sharing(self) -> dict[str, str]:
        if self._cost_sharing is None:
            from utblick.policy.models import CostShare

            self._cost_sharing = dict(
                CostShare.objects.filter(
                    municipality=self.municipality, retired_at__isnull=True
                ).values_list("key", "paid_by")
            )
        return self._cost_sharing


def _active_contact_people(context: ExpressionContext) -> Coalesce:
    today = context.today
    active = (Q(appointed_on__isnull=True) | Q(appointed_on__lte=today)) & (
        Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    )
    return _count("organisation.contactperson", "unit", _where=active, archived_at__isnull=True)


# Each derived value of registers.toml (`expr = "…"`), as a database expression.
EXPRESSIONS: dict[str, Callable[[ExpressionContext], object]] = {
    "created_on": lambda c: _created_on(),
    "application_total_budget_sek": lambda c: _sek("total_budget"),
    "application_municipality_budget_sek": lambda c: _sek("municipality_budget"),
    "application_requested_grant_sek": lambda c: _sek("requested_grant"),
    "application_granted_amount_sek": lambda c: _sek("granted_amount"),
    "application_budget_years": lambda c: ExtractYear("ends_on") - ExtractYear("starts_on") + 1,
    "application_partner_count": lambda c: _count("registers.projectpartner", "application"),
    "application_membership_count": lambda c: _through_count(
        "registers.fundingapplication", "memberships"
    ),
    "membership_begins_on": lambda c: Coalesce("started_on", _created_on()),
    "membership_annual_fee_sek": lambda c: _sek("annual_fee"),
    "membership_representative_count": lambda c: _through_count(
        "registers.networkmembership", "representatives"
    ),
    "membership_elected_representative_count": lambda c: _through_count(
        "registers.networkmembership", "representatives", person__kind="elected"
    ),
    "partnership_begins_on": lambda c: Coalesce("started_on", "signed_on", _created_on()),
    "partnership_membership_count": lambda c: _through_count(
        "registers.partnership", "memberships"
    ),
    "visit_cost_item_count": lambda c: _count("registers.visitcostitem", "visit"),
    "visit_cost_items_against_sharing": _cost_items_against_sharing,
    "matter_begins_on": lambda c: Coalesce("initiated_on", _created_on()),
    "matter_subject": lambda c: Case(
        When(membership__isnull=False, then=Value("membership")),
        When(partnership__isnull=False, then=Value("partnership")),
        When(application__isnull=False, then=Value("application")),
        When(visit__isnull=False, then=Value("visit")),
        default=Value("none"),
        output_field=models.CharField(),
    ),
    "unit_contact_person_count": _active_contact_people,
    "document_begins_on": lambda c: Coalesce("valid_from", "adopted_on"),
    "grant_criteria_unmet_count": lambda c: F("criteria_unmet_count"),
}


def annotation_name(field_name: str) -> str:
    return f"cond_{field_name}"


def annotations(register: Register, context: ExpressionContext, names=None) -> dict[str, object]:
    """The derived values of a register (or of the named fields) as annotations."""
    found = {}
    for name, field in register.fields.items():
        if names is not None and name not in names:
            continue
        if field.expr:
            found[annotation_name(name)] = EXPRESSIONS[field.expr](context)
    return found


def lookup(register: Register, name: str) -> str:
    """The path a condition filters on: the model field's, or the derived value's annotation."""
    field = register.fields[name]
    return annotation_name(name) if field.expr else field.orm


def condition_q(condition: Condition, register: Register, today: date) -> Q:
    """The condition as a filter over a queryset carrying `annotations(register, …)`."""
    if isinstance(condition, AllOf):
        q = Q()
        for part in condition.parts:
            q &= condition_q(part, register, today)
        return q
    if isinstance(condition, AnyOf):
        if not condition.parts:
            return Q(pk__in=[])
        q = Q(pk__in=[])
        for part in condition.parts:
            q |= condition_q(part, register, today)
        return q
    if isinstance(condition, Not):
        return ~condition_q(condition.part, register, today)
    return _compare_q(condition, register, today)


def _compare_q(compare: Compare, register: Register, today: date) -> Q:
    field = register.fields[compare.field]
    path = lookup(register, compare.field)
    value = today if compare.value == TODAY else compare.value
    op = compare.op
    if op == "empty":
        empty = Q(**{f"{path}__isnull": True})
        if field.type in ("text", "choice", "country") and not field.many:
            empty |= Q(**{path: ""})
        return empty if value else ~empty
    if op == "contains":
        return Q(**{path: value})
    if op == "eq":
        return Q(**{path: value})
    if op == "ne":
        return ~Q(**{path: value})
    if op == "in":
        return Q(**{f"{path}__in": list(value)})
    if op == "not_in":
        return ~Q(**{f"{path}__in": list(value)})
    return Q(**{f"{path}__{op}": value})


def matching_ids(condition: Condition, register_name: str, municipality, today: date) -> set[int]:
    """The ids of the organisation's records that satisfy the condition (not archived)."""
    register = registers()[register_name]
    model = model_of(register)
    context = ExpressionContext(municipality, today)
    qs = model.objects.filter(municipality=municipality)
    qs = qs.annotate(**annotations(register, context)).filter(
        condition_q(condition, register, today)
    )
    return set(qs.values_list("pk", flat=True).distinct())
