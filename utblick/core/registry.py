"""What each register is: its model, the fields it exposes, how it is searched and filtered.

One description per register, shared by the JSON API (`utblick.api`) and the web interface
(`utblick.web`), so the two never drift apart: a field added here is a field in the API's
schemas and in the web's forms, detail pages and Excel exports alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models

from utblick.monitoring.models import MonitoringItem
from utblick.organisation.models import ContactPerson, Person, Unit
from utblick.planning.models import Activity
from utblick.registers.models import (
    FundingApplication,
    GrantApplication,
    Matter,
    NetworkMembership,
    Partnership,
    ProjectPartner,
    Visit,
    VisitCostItem,
)


@dataclass(frozen=True)
class ChildSpec:
    """Rows that belong to one record and are written with it, e.g. a project's partners.

    They are no register of their own: the record's form, import, API and history carry them,
    and the record's write service replaces them as a whole (rows kept, changed, added, removed).
    """

    accessor: str  # the related name on the record: partners
    model: type[models.Model]
    parent: str  # the child's link to its record: application
    fields: tuple[str, ...]

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name_plural)


@dataclass(frozen=True)
class RegisterSpec:
    path: str
    model: type[models.Model]
    tag: str
    fields: tuple[str, ...]
    m2m: tuple[str, ...] = ()
    search: tuple[str, ...] = ()
    status_field: str | None = "status"
    year_field: str | None = None
    orderable: tuple[str, ...] = ()
    select_related: tuple[str, ...] = ()
    # Lookups for the country and programme filters, where the register has them.
    country_field: str | None = None
    programme_field: str | None = None
    children: tuple[ChildSpec, ...] = ()

    @property
    def name(self) -> str:
        return self.model.__name__

    def has_field(self, name: str) -> bool:
        try:
            self.model._meta.get_field(name)
        except Exception:
            return False
        return True


POLICY_LINKS = ("priority_areas", "commitments", "goals")

REGISTERS = (
    RegisterSpec(
        path="memberships",
        model=NetworkMembership,
        tag="Network memberships",
        fields=(
            "organisation",
            "acronym",
            "website",
            "country",
            "purpose",
            "scope",
            "unit",
            "status",
            "decided_by",
            "decided_on",
            "registry_number",
            "started_on",
            "ended_on",
            "annual_fee",
            "currency",
            "eur_to_sek_rate",
            "last_reviewed_on",
            "next_review_on",
            "review_notes",
        ),
        m2m=("representatives", *POLICY_LINKS),
        search=("organisation", "acronym", "purpose"),
        year_field="started_on",
        orderable=("organisation", "next_review_on", "started_on"),
        country_field="country",
    ),
    RegisterSpec(
        path="partnerships",
        model=Partnership,
        tag="Partnerships and agreements",
        fields=(
            "kind",
            "title",
            "counterpart",
            "country",
            "counterpart_city",
            "status",
            "unit",
            "scope",
            "stated_benefit",
            "started_on",
            "ends_on",
            "signed_on",
            "decision",
            "legal_ground",
            "description",
        ),
        m2m=("memberships", *POLICY_LINKS),
        search=("title", "counterpart", "counterpart_city", "description"),
        year_field="started_on",
        orderable=("title", "counterpart", "started_on", "ends_on"),
        country_field="country",
    ),
    RegisterSpec(
        path="applications",
        model=FundingApplication,
        tag="Funding applications and projects",
        fields=(
            "title",
            "acronym",
            "description",
            "programme",
            "other_funder",
            "call_identifier",
            "call_title",
            "role",
            "unit",
            "contact",
            "status",
            "currency",
            "eur_to_sek_rate",
            "total_budget",
            "municipality_budget",
            "requested_grant",
            "granted_amount",
            "co_financing",
            "deadline",
            "submitted_on",
            "decision_on",
            "starts_on",
            "ends_on",
            "children_young_participants",
            "staff_participants",
            "elected_participants",
            "results",
            "lessons_learned",
            "operations_handover",
            "operations_decision_on",
        ),
        m2m=("memberships", *POLICY_LINKS),
        search=("title", "acronym", "description", "call_identifier"),
        year_field="created_at",
        orderable=("title", "total_budget", "deadline", "created_at"),
        country_field="partners__country",
        programme_field="programme",
        children=(
            ChildSpec(
                accessor="partners",
                model=ProjectPartner,
                parent="application",
                fields=("name", "country", "city", "is_local_authority", "is_lead"),
            ),
        ),
    ),
    RegisterSpec(
        path="visits",
        model=Visit,
        tag="Visits, trips and events",
        fields=(
            "title",
            "direction",
            "kind",
            "unit",
            "counterpart",
            "country",
            "city",
            "starts_on",
            "ends_on",
            "purpose",
            "outcome",
            "represented_by",
            "announced_on",
            "partnership",
            "application",
            "elected_participants",
            "staff_participants",
            "children_young_participants",
            "other_participants",
            "cost_sek",
        ),
        m2m=POLICY_LINKS,
        search=("title", "counterpart", "city", "purpose"),
        status_field=None,
        year_field="starts_on",
        orderable=("title", "starts_on"),
        country_field="country",
        children=(
            ChildSpec(
                accessor="cost_items",
                model=VisitCostItem,
                parent="visit",
                fields=("category", "paid_by", "amount_sek", "note"),
            ),
        ),
    ),
    RegisterSpec(
        path="grants",
        model=GrantApplication,
        tag="Own fund: grant applications",
        fields=(
            "scheme_key",
            "title",
            "applicant_kind",
            "applicant",
            "unit",
            "year",
            "status",
            "purpose",
            "amount_applied",
            "amount_granted",
            "submitted_on",
            "decided_on",
            "decided_by",
            "criteria",
            "report",
            "reported_on",
        ),
        m2m=POLICY_LINKS,
        search=("title", "applicant", "purpose"),
        year_field="submitted_on",
        orderable=("title", "year", "amount_granted", "submitted_on"),
    ),
    RegisterSpec(
        path="monitoring-items",
        model=MonitoringItem,
        tag="Monitoring items",
        fields=(
            "kind",
            "title",
            "reference",
            "source_url",
            "summary",
            "unit",
            "assessed_impact",
            "impact_assessment",
            "response",
            "due_on",
            "status",
        ),
        m2m=("units_concerned", *POLICY_LINKS),
        search=("title", "reference", "summary"),
        year_field="due_on",
        orderable=("title", "due_on"),
    ),
    RegisterSpec(
        path="activities",
        model=Activity,
        tag="Activities",
        fields=(
            "title",
            "description",
            "unit",
            "year",
            "owner",
            "starts_on",
            "ends_on",
            "status",
            "staff_participants",
            "children_young_participants",
            "outcome",
        ),
        m2m=POLICY_LINKS,
        search=("title", "description"),
        orderable=("title", "year", "starts_on"),
    ),
    RegisterSpec(
        path="matters",
        model=Matter,
        tag="Matters and decisions",
        fields=(
            "kind",
            "title",
            "registry_number",
            "unit",
            "body",
            "initiated_on",
            "decided_on",
            "decision_paragraph",
            "proposed_decision",
            "outcome",
            "decision_text",
            "initiator",
            "background",
            "assessment",
            "legal_consequences",
            "economic_consequences",
            "goal_consequences",
            "gender_equality",
            "consultation",
            "codetermination",
            "legal_ground",
            "membership",
            "partnership",
            "application",
            "visit",
        ),
        m2m=POLICY_LINKS,
        search=("title", "registry_number", "background", "assessment"),
        status_field="outcome",
        year_field="decided_on",
        orderable=("title", "decided_on", "registry_number"),
    ),
    RegisterSpec(
        path="units",
        model=Unit,
        tag="Organisation",
        fields=("kind", "name", "short_name", "parent", "email"),
        search=("name", "short_name"),
        status_field="kind",
        orderable=("name", "kind"),
    ),
    RegisterSpec(
        path="people",
        model=Person,
        tag="Organisation",
        fields=("name", "kind", "title", "email", "unit", "party"),
        search=("name", "title", "email"),
        status_field="kind",
        orderable=("name",),
    ),
    RegisterSpec(
        path="contact-people",
        model=ContactPerson,
        tag="Organisation",
        fields=("unit", "person", "appointed_on", "ended_on"),
        search=("person__name", "unit__name"),
        status_field=None,
        select_related=("unit", "person"),
    ),
)


REGISTERS_BY_PATH = {spec.path: spec for spec in REGISTERS}


def apply_filters(queryset: models.QuerySet, spec: RegisterSpec, filters: Any) -> models.QuerySet:
    """The register's filters on an already scoped queryset.

    `filters` is any object with the attributes `q` and `archived` and, where the register has
    them, `unit`, `status`, `year`, `priority_area`, `country`, `programme` and `ordering`
    (missing or empty ones are ignored): the API's query schema and the web's filter form alike.
    """

    def value(name: str) -> Any:
        return getattr(filters, name, None)

    queryset = queryset.filter(archived_at__isnull=not value("archived"))
    joined_many = False
    if value("unit"):
        queryset = queryset.filter(unit_id=value("unit"))
    if value("status") and spec.status_field:
        queryset = queryset.filter(**{spec.status_field: value("status")})
    if value("year") and spec.year_field:
        queryset = queryset.filter(**{f"{spec.year_field}__year": value("year")})
    if value("priority_area"):
        queryset = queryset.filter(priority_areas=value("priority_area"))
        joined_many = True
    if value("country") and spec.country_field:
        queryset = queryset.filter(**{spec.country_field: value("country")})
        joined_many = joined_many or "__" in spec.country_field
    if value("programme") and spec.programme_field:
        queryset = queryset.filter(**{spec.programme_field: value("programme")})
    if value("q") and spec.search:
        condition = models.Q()
        for name in spec.search:
            condition |= models.Q(**{f"{name}__icontains": value("q")})
        queryset = queryset.filter(condition)
    if value("ordering"):
        queryset = queryset.order_by(value("ordering"), "pk")
    else:
        queryset = queryset.order_by(*(spec.model._meta.ordering or ["pk"]), "pk")
    return queryset.distinct() if joined_many else queryset
