"""What each register is and how it is shown: one description per register, read by the JSON API
(`utblick.api`), the web interface (`utblick.web`) and the imports (`utblick.imports`), so the
three never drift apart. It sits above the apps whose models it describes.

A register's fields are written once, in its sections (the groups of its form and its detail
page): the API's schemas, the web's forms and pages, the Excel export and the import template
all take them from there. Links to many records (representatives, priority areas) are told
apart from the other fields by the model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from utblick.core.words import words
from utblick.monitoring.models import MonitoringItem
from utblick.organisation.models import ContactPerson, Person, Unit
from utblick.planning.models import Activity
from utblick.registers import lifecycle
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

POLICY_LINKS = ("priority_areas", "commitments", "goals")


@dataclass(frozen=True)
class Section:
    title: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Related:
    """Records that point at this one, shown on its detail page."""

    title: str
    accessor: str
    columns: tuple[str, ...]


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
class Register:
    path: str  # in the API's address: /api/v1/<path>/
    model: type[models.Model]
    tag: str  # the API's heading for its operations
    slug: str  # in the web's address
    title: str
    new_label: str
    columns: tuple[str, ...]  # the web list's columns
    sections: tuple[Section, ...]
    related: tuple[Related, ...] = ()
    group: str = "registers"
    # The field that names a record in its page's heading, where str() says less (an acronym).
    heading_field: str | None = None
    # A one-word name for narrow places (table headings on the dashboard).
    short_title: str = ""
    search: tuple[str, ...] = ()
    status_field: str | None = "status"
    year_field: str | None = None
    orderable: tuple[str, ...] = ()
    select_related: tuple[str, ...] = ()
    # Lookups for the country and programme filters, where the register has them.
    country_field: str | None = None
    programme_field: str | None = None
    # The steps its status moves along, where it has them (an application's).
    lifecycle: lifecycle.Lifecycle | None = None
    # Rows written with the record (a project's partners, a visit's cost items).
    children: tuple[ChildSpec, ...] = ()

    @property
    def name(self) -> str:
        return self.model.__name__

    @property
    def key(self) -> str:
        return self.path.replace("-", "_")

    @cached_property
    def form_fields(self) -> tuple[str, ...]:
        """Every field, in the order of the sections."""
        return tuple(name for section in self.sections for name in section.fields)

    @cached_property
    def fields(self) -> tuple[str, ...]:
        """The record's own fields (no links to many records)."""
        return tuple(name for name in self.form_fields if not self._many(name))

    @cached_property
    def m2m(self) -> tuple[str, ...]:
        """Its links to many records."""
        return tuple(name for name in self.form_fields if self._many(name))

    def _many(self, name: str) -> bool:
        return self.model._meta.get_field(name).many_to_many

    def has_field(self, name: str) -> bool:
        try:
            self.model._meta.get_field(name)
        except Exception:
            return False
        return True

    @property
    def coordinators_only(self) -> bool:
        """The organisation is kept by coordinators; unit editors change only their own records."""
        return not getattr(self.model, "unit_editors_may_edit", True)

    def may_create(self, actor) -> bool:
        """Readers create nothing; the organisation is created by coordinators only."""
        if self.coordinators_only:
            return actor.covers_whole_municipality
        return actor.can_write_anything

    @property
    def badge_field(self) -> str | None:
        """The field shown as a badge beside the record's heading (its status or outcome)."""
        return self.status_field if self.status_field in ("status", "outcome") else None

    def url_name(self, action: str) -> str:
        return f"web:{self.key}_{action}"

    @property
    def names(self) -> dict[str, str]:
        """URL names by action, for `{% url register.names.edit record.pk %}`."""
        actions = ("list", "export", "create", "detail", "edit", "archive", "restore")
        return {action: self.url_name(action) for action in (*actions, "transition")}

    @property
    def list_url(self) -> str:
        return reverse(self.url_name("list"))

    @property
    def create_url(self) -> str:
        return reverse(self.url_name("create"))

    @property
    def export_url(self) -> str:
        return reverse(self.url_name("export"))

    def heading(self, record) -> str:
        return str(getattr(record, self.heading_field) if self.heading_field else record)

    def label(self, name: str) -> str:
        return words(str(capfirst(self.model._meta.get_field(name).verbose_name)))

    @cached_property
    def sortable(self) -> frozenset[str]:
        return frozenset(
            name for name in self.columns if not self.model._meta.get_field(name).many_to_many
        )

    @property
    def singular(self) -> str:
        return self.model._meta.verbose_name


def _policy_section() -> Section:
    return Section(_("Koppling till styrdokumentet"), POLICY_LINKS)


def _matters() -> Related:
    return Related(_("Ärenden och beslut"), "matters", ("title", "kind", "decided_on", "outcome"))


# The registers in the brief's order; the organisation's three come last, under one heading.
REGISTERS: tuple[Register, ...] = (
    Register(
        path="memberships",
        model=NetworkMembership,
        tag="Network memberships",
        slug="medlemskap",
        short_title=_("Medlemskap"),
        title=_("Medlemskap i nätverk"),
        new_label=_("Nytt medlemskap"),
        columns=("organisation", "unit", "scope", "status", "annual_fee", "next_review_on"),
        sections=(
            Section(_("Nätverket"), ("organisation", "acronym", "website", "country", "purpose")),
            Section(_("Omfattning och ansvar"), ("scope", "unit", "status", "representatives")),
            Section(
                _("Beslut"),
                ("decided_by", "decided_on", "registry_number", "started_on", "ended_on"),
            ),
            Section(_("Avgift"), ("annual_fee", "currency", "eur_to_sek_rate")),
            Section(_("Prövning"), ("last_reviewed_on", "next_review_on", "review_notes")),
            _policy_section(),
        ),
        related=(
            Related(_("Ansökningar och projekt"), "applications", ("title", "status", "unit")),
            Related(_("Partnerskap och avtal"), "partnerships", ("title", "kind", "status")),
            _matters(),
        ),
        search=("organisation", "acronym", "purpose"),
        year_field="started_on",
        orderable=("organisation", "next_review_on", "started_on"),
        country_field="country",
    ),
    Register(
        path="partnerships",
        model=Partnership,
        tag="Partnerships and agreements",
        slug="partnerskap",
        short_title=_("Partnerskap"),
        title=_("Partnerskap och avtal"),
        new_label=_("Nytt partnerskap eller avtal"),
        columns=("title", "kind", "counterpart", "country", "status", "ends_on"),
        sections=(
            Section(
                _("Partnerskapet"),
                ("kind", "title", "counterpart", "country", "counterpart_city", "status", "unit"),
            ),
            Section(_("Innehåll"), ("scope", "stated_benefit", "description", "legal_ground")),
            Section(_("Tid och beslut"), ("started_on", "ends_on", "signed_on", "decision")),
            Section(_("Genom nätverk"), ("memberships",)),
            _policy_section(),
        ),
        related=(
            Related(_("Besök och resor"), "visits", ("title", "direction", "starts_on")),
            _matters(),
        ),
        search=("title", "counterpart", "counterpart_city", "description"),
        year_field="started_on",
        orderable=("title", "counterpart", "started_on", "ends_on"),
        country_field="country",
    ),
    Register(
        path="applications",
        lifecycle=lifecycle.APPLICATION,
        model=FundingApplication,
        tag="Funding applications and projects",
        slug="ansokningar",
        short_title=_("Ansökningar"),
        title=_("Ansökningar och projekt"),
        new_label=_("Ny ansökan"),
        heading_field="title",
        columns=("title", "programme", "unit", "status", "total_budget", "deadline"),
        sections=(
            Section(
                _("Ansökan"),
                ("title", "acronym", "description", "role", "unit", "contact", "status"),
            ),
            Section(
                _("Program och utlysning"),
                ("programme", "other_funder", "call_identifier", "call_title", "deadline"),
            ),
            Section(
                _("Budget"),
                (
                    "currency",
                    "eur_to_sek_rate",
                    "total_budget",
                    "municipality_budget",
                    "requested_grant",
                    "granted_amount",
                    "co_financing",
                ),
            ),
            Section(_("Tidplan"), ("submitted_on", "decision_on", "starts_on", "ends_on")),
            Section(
                _("Deltagare"),
                ("children_young_participants", "staff_participants", "elected_participants"),
            ),
            Section(
                _("Resultat och lärdomar"),
                ("results", "lessons_learned", "operations_handover", "operations_decision_on"),
            ),
            Section(_("Genom nätverk"), ("memberships",)),
            _policy_section(),
        ),
        related=(
            Related(_("Partner"), "partners", ("name", "country", "city", "is_lead")),
            _matters(),
            Related(_("Besök och resor"), "visits", ("title", "direction", "starts_on")),
        ),
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
    Register(
        path="visits",
        model=Visit,
        tag="Visits, trips and events",
        slug="besok",
        short_title=_("Besök"),
        title=_("Besök och resor"),
        new_label=_("Nytt besök eller ny resa"),
        columns=("title", "direction", "kind", "country", "starts_on", "unit"),
        sections=(
            Section(
                _("Besöket"),
                (
                    "title",
                    "direction",
                    "kind",
                    "unit",
                    "counterpart",
                    "country",
                    "city",
                    "starts_on",
                    "ends_on",
                ),
            ),
            Section(
                _("Syfte och resultat"), ("purpose", "outcome", "represented_by", "announced_on")
            ),
            Section(_("Kopplingar"), ("partnership", "application")),
            Section(
                _("Deltagare och kostnad"),
                (
                    "elected_participants",
                    "staff_participants",
                    "children_young_participants",
                    "other_participants",
                    "cost_sek",
                ),
            ),
            _policy_section(),
        ),
        related=(
            Related(
                _("Kostnadsposter"), "cost_items", ("category", "paid_by", "amount_sek", "note")
            ),
            _matters(),
        ),
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
    Register(
        path="grants",
        model=GrantApplication,
        tag="Own fund: grant applications",
        slug="egen-fond",
        short_title=_("Egen fond"),
        title=_("Ansökningar ur egen fond"),
        new_label=_("Ny ansökan ur fonden"),
        heading_field="title",
        columns=("title", "scheme_key", "applicant", "year", "status", "amount_granted"),
        sections=(
            Section(
                _("Ansökan"),
                (
                    "scheme_key",
                    "title",
                    "applicant_kind",
                    "applicant",
                    "unit",
                    "year",
                    "status",
                    "purpose",
                ),
            ),
            Section(
                _("Belopp och beslut"),
                ("amount_applied", "amount_granted", "submitted_on", "decided_on", "decided_by"),
            ),
            Section(_("Kriterier"), ("criteria",)),
            Section(_("Återrapport"), ("report", "reported_on")),
            _policy_section(),
        ),
        search=("title", "applicant", "purpose"),
        year_field="submitted_on",
        orderable=("title", "year", "amount_granted", "submitted_on"),
    ),
    Register(
        path="monitoring-items",
        model=MonitoringItem,
        tag="Monitoring items",
        slug="bevakning",
        short_title=_("Bevakning"),
        title=_("Omvärldsbevakning"),
        new_label=_("Nytt bevakningsärende"),
        columns=("title", "kind", "unit", "assessed_impact", "status", "due_on"),
        sections=(
            Section(_("Ärendet"), ("kind", "title", "reference", "source_url", "summary")),
            Section(_("Ansvar"), ("unit", "units_concerned", "status", "due_on")),
            Section(_("Bedömning"), ("assessed_impact", "impact_assessment", "response")),
            _policy_section(),
        ),
        search=("title", "reference", "summary"),
        year_field="due_on",
        orderable=("title", "due_on"),
    ),
    Register(
        path="activities",
        model=Activity,
        tag="Activities",
        slug="aktiviteter",
        short_title=_("Aktiviteter"),
        title=_("Aktiviteter"),
        new_label=_("Ny aktivitet"),
        columns=("title", "unit", "year", "status", "owner"),
        sections=(
            Section(_("Aktiviteten"), ("title", "description", "unit", "year", "owner", "status")),
            Section(
                _("Tid och deltagare"),
                ("starts_on", "ends_on", "staff_participants", "children_young_participants"),
            ),
            Section(_("Utfall"), ("outcome",)),
            _policy_section(),
        ),
        search=("title", "description"),
        orderable=("title", "year", "starts_on"),
    ),
    Register(
        path="matters",
        model=Matter,
        tag="Matters and decisions",
        slug="arenden",
        short_title=_("Ärenden"),
        title=_("Ärenden och beslut"),
        new_label=_("Nytt ärende"),
        heading_field="title",
        columns=("title", "kind", "registry_number", "body", "decided_on", "outcome"),
        sections=(
            Section(
                _("Ärendet"),
                ("kind", "title", "registry_number", "unit", "initiator", "initiated_on"),
            ),
            Section(_("Gäller"), ("membership", "partnership", "application", "visit")),
            Section(
                _("Beslut"),
                (
                    "body",
                    "decided_on",
                    "decision_paragraph",
                    "proposed_decision",
                    "outcome",
                    "decision_text",
                    "legal_ground",
                ),
            ),
            Section(
                _("Tjänsteskrivelse"),
                (
                    "background",
                    "assessment",
                    "legal_consequences",
                    "economic_consequences",
                    "goal_consequences",
                    "gender_equality",
                    "consultation",
                    "codetermination",
                ),
            ),
            _policy_section(),
        ),
        related=(
            Related(
                _("Partnerskap som beslutet gäller"),
                "decided_partnerships",
                ("title", "kind", "status"),
            ),
        ),
        search=("title", "registry_number", "background", "assessment"),
        status_field="outcome",
        year_field="decided_on",
        orderable=("title", "decided_on", "registry_number"),
    ),
    Register(
        path="units",
        model=Unit,
        tag="Organisation",
        slug="organisation/enheter",
        title=_("Enheter"),
        new_label=_("Ny enhet"),
        columns=("name", "kind", "short_name", "parent", "email"),
        sections=(Section(_("Enheten"), ("kind", "name", "short_name", "parent", "email")),),
        related=(
            Related(_("Underordnade enheter"), "children", ("name", "kind")),
            Related(_("Personer"), "people", ("name", "title", "kind")),
            Related(_("Kontaktpersoner"), "contact_people", ("person", "appointed_on", "ended_on")),
        ),
        group="organisation",
        search=("name", "short_name"),
        status_field="kind",
        orderable=("name", "kind"),
    ),
    Register(
        path="people",
        model=Person,
        tag="Organisation",
        slug="organisation/personer",
        title=_("Personer"),
        new_label=_("Ny person"),
        columns=("name", "kind", "title", "unit", "email"),
        sections=(Section(_("Personen"), ("name", "kind", "title", "email", "unit", "party")),),
        related=(
            Related(_("Kontaktperson för"), "contact_roles", ("unit", "appointed_on", "ended_on")),
            Related(_("Företräder i nätverk"), "memberships", ("organisation", "status")),
            Related(_("Kontaktperson för ansökningar"), "applications", ("title", "status")),
            Related(_("Ansvarig för aktiviteter"), "activities", ("title", "year", "status")),
        ),
        group="organisation",
        search=("name", "title", "email"),
        status_field="kind",
        orderable=("name",),
    ),
    Register(
        path="contact-people",
        model=ContactPerson,
        tag="Organisation",
        slug="organisation/kontaktpersoner",
        title=_("Kontaktpersoner"),
        new_label=_("Ny kontaktperson"),
        columns=("unit", "person", "appointed_on", "ended_on"),
        sections=(Section(_("Uppdraget"), ("unit", "person", "appointed_on", "ended_on")),),
        group="organisation",
        search=("person__name", "unit__name"),
        status_field=None,
        select_related=("unit", "person"),
    ),
)

BY_PATH = {register.path: register for register in REGISTERS}
BY_KEY = {register.key: register for register in REGISTERS}
BY_MODEL = {register.model: register for register in REGISTERS}


def register_for(record_or_model) -> Register | None:
    model = record_or_model if isinstance(record_or_model, type) else type(record_or_model)
    return BY_MODEL.get(model)


def apply_filters(queryset: models.QuerySet, register: Register, filters: Any) -> models.QuerySet:
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
    if value("status") and register.status_field:
        queryset = queryset.filter(**{register.status_field: value("status")})
    if value("year") and register.year_field:
        queryset = queryset.filter(**{f"{register.year_field}__year": value("year")})
    if value("priority_area"):
        queryset = queryset.filter(priority_areas=value("priority_area"))
        joined_many = True
    if value("country") and register.country_field:
        queryset = queryset.filter(**{register.country_field: value("country")})
        joined_many = joined_many or "__" in register.country_field
    if value("programme") and register.programme_field:
        queryset = queryset.filter(**{register.programme_field: value("programme")})
    if value("q") and register.search:
        condition = models.Q()
        for name in register.search:
            condition |= models.Q(**{f"{name}__icontains": value("q")})
        queryset = queryset.filter(condition)
    if value("ordering"):
        queryset = queryset.order_by(value("ordering"), "pk")
    else:
        queryset = queryset.order_by(*(register.model._meta.ordering or ["pk"]), "pk")
    return queryset.distinct() if joined_many else queryset
