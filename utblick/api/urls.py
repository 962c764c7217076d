"""The JSON API, version 1: every register, the policy profile and the reference data.

django-ninja rather than DRF: each endpoint's input and output is an explicit pydantic
schema, the OpenAPI document is generated from those same schemas, and endpoints call the
same services as the web interface with no serializer layer in between.
"""

from ninja import NinjaAPI

from utblick.api.auth import TokenAuth
from utblick.api.errors import register_handlers
from utblick.api.reference import router as reference_router
from utblick.api.registers import RegisterSpec, register_router
from utblick.monitoring.models import MonitoringItem
from utblick.organisation.models import ContactPerson, Person, Unit
from utblick.planning.models import Activity
from utblick.registers.models import (
    FundingApplication,
    Matter,
    NetworkMembership,
    Partnership,
    Visit,
)

POLICY_LINKS = ("priority_areas", "commitments", "goals")

REGISTERS = (
    RegisterSpec(
        path="memberships",
        model=NetworkMembership,
        tag="Network memberships",
        fields=(
            "organisation", "acronym", "website", "country", "purpose", "scope", "unit",
            "status", "decided_by", "decided_on", "registry_number", "started_on", "ended_on",
            "annual_fee", "currency", "eur_to_sek_rate", "last_reviewed_on", "next_review_on",
            "review_notes",
        ),
        m2m=("representatives", *POLICY_LINKS),
        search=("organisation", "acronym", "purpose"),
        year_field="started_on",
        orderable=("organisation", "next_review_on", "started_on"),
    ),
    RegisterSpec(
        path="partnerships",
        model=Partnership,
        tag="Partnerships and agreements",
        fields=(
            "kind", "title", "counterpart", "country", "counterpart_city", "status", "unit",
            "scope", "stated_benefit", "started_on", "ends_on", "signed_on", "decision",
            "legal_ground", "description",
        ),
        m2m=("memberships", *POLICY_LINKS),
        search=("title", "counterpart", "counterpart_city", "description"),
        year_field="started_on",
        orderable=("title", "counterpart", "started_on", "ends_on"),
    ),
    RegisterSpec(
        path="applications",
        model=FundingApplication,
        tag="Funding applications and projects",
        fields=(
            "title", "acronym", "description", "programme", "other_funder", "call_identifier",
            "call_title", "role", "unit", "contact", "status", "currency", "eur_to_sek_rate",
            "total_budget", "municipality_budget", "requested_grant", "granted_amount",
            "co_financing", "deadline", "submitted_on", "decision_on", "starts_on", "ends_on",
            "children_young_participants", "staff_participants", "elected_participants",
            "results", "lessons_learned", "operations_handover", "operations_decision_on",
        ),
        m2m=("memberships", *POLICY_LINKS),
        search=("title", "acronym", "description", "call_identifier"),
        year_field="created_at",
        orderable=("title", "total_budget", "deadline", "created_at"),
    ),
    RegisterSpec(
        path="visits",
        model=Visit,
        tag="Visits, trips and events",
        fields=(
            "title", "direction", "kind", "unit", "counterpart", "country", "city",
            "starts_on", "ends_on", "purpose", "outcome", "represented_by", "announced_on",
            "partnership", "application", "elected_participants", "staff_participants",
            "children_young_participants", "other_participants", "cost_sek",
        ),
        m2m=POLICY_LINKS,
        search=("title", "counterpart", "city", "purpose"),
        status_field=None,
        year_field="starts_on",
        orderable=("title", "starts_on"),
    ),
    RegisterSpec(
        path="monitoring-items",
        model=MonitoringItem,
        tag="Monitoring items",
        fields=(
            "kind", "title", "reference", "source_url", "summary", "unit", "assessed_impact",
            "impact_assessment", "response", "due_on", "status",
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
            "title", "description", "unit", "year", "owner", "starts_on", "ends_on", "status",
            "staff_participants", "children_young_participants", "outcome",
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
            "kind", "title", "registry_number", "unit", "body", "initiated_on", "decided_on",
            "decision_paragraph", "proposed_decision", "outcome", "decision_text", "initiator",
            "background", "assessment", "legal_consequences", "economic_consequences",
            "goal_consequences", "gender_equality", "consultation", "codetermination",
            "legal_ground", "membership", "partnership", "application", "visit",
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
        status_field=None,
        select_related=("unit", "person"),
    ),
)

api = NinjaAPI(
    title="Utblick API",
    version="1",
    description=(
        "The registers of a municipality's international and EU work. Authenticate with "
        "`Authorization: Bearer <token>` (create one with `utblick token create --user NAME`). "
        "A token acts for one user in one municipality and sees only that municipality. "
        "Changes name the `version` they are based on; a stale version gets 409 and nothing "
        "is written. Errors are JSON: `{\"detail\": [{\"loc\", \"msg\", \"type\"}]}`."
    ),
    urls_namespace="api-v1",
    auth=TokenAuth(),
    docs_url="/docs",
)
register_handlers(api)
api.add_router("/", reference_router)
for spec in REGISTERS:
    api.add_router(f"/{spec.path}/", register_router(spec))
