"""The web's view of each register: its address, names, list columns, form sections, related records.

What a register *is* (model, fields, search, filters) comes from `utblick.core.registry`, shared
with the API; this module adds only how the web presents it. A test checks that the sections
name every field of the shared spec exactly once, so a field added there cannot go missing here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from utblick.core.registry import REGISTERS_BY_PATH, RegisterSpec
from utblick.organisation.words import words

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
class WebRegister:
    spec: RegisterSpec
    slug: str
    title: str
    new_label: str
    columns: tuple[str, ...]
    sections: tuple[Section, ...]
    related: tuple[Related, ...] = ()
    group: str = "registers"
    # The field that names a record in its page's heading, where str() says less (an acronym).
    heading_field: str | None = None
    # A one-word name for narrow places (table headings on the dashboard).
    short_title: str = ""

    @property
    def key(self) -> str:
        return self.spec.path.replace("-", "_")

    @property
    def model(self) -> type[models.Model]:
        return self.spec.model

    @property
    def form_fields(self) -> tuple[str, ...]:
        return (*self.spec.fields, *self.spec.m2m)

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
        return self.spec.status_field if self.spec.status_field in ("status", "outcome") else None

    @property
    def has_lifecycle(self) -> bool:
        return self.spec.path == "applications"

    def url_name(self, action: str) -> str:
        return f"web:{self.key}_{action}"

    @property
    def names(self) -> dict[str, str]:
        """URL names by action, for `{% url register.names.detail record.pk %}`."""
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

    def detail_url(self, pk) -> str:
        return reverse(self.url_name("detail"), args=[pk])

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


def _register(path: str, **kwargs) -> WebRegister:
    return WebRegister(spec=REGISTERS_BY_PATH[path], **kwargs)


# The registers in the brief's order; the organisation's three come last, under one heading.
WEB_REGISTERS: tuple[WebRegister, ...] = (
    _register(
        "memberships",
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
    ),
    _register(
        "partnerships",
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
    ),
    _register(
        "applications",
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
    ),
    _register(
        "visits",
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
    ),
    _register(
        "grants",
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
    ),
    _register(
        "monitoring-items",
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
    ),
    _register(
        "activities",
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
    ),
    _register(
        "matters",
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
    ),
    _register(
        "units",
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
    ),
    _register(
        "people",
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
    ),
    _register(
        "contact-people",
        slug="organisation/kontaktpersoner",
        title=_("Kontaktpersoner"),
        new_label=_("Ny kontaktperson"),
        columns=("unit", "person", "appointed_on", "ended_on"),
        sections=(Section(_("Uppdraget"), ("unit", "person", "appointed_on", "ended_on")),),
        group="organisation",
    ),
)

BY_KEY = {register.key: register for register in WEB_REGISTERS}
BY_MODEL = {register.model: register for register in WEB_REGISTERS}


def register_for(record_or_model) -> WebRegister | None:
    model = record_or_model if isinstance(record_or_model, type) else type(record_or_model)
    return BY_MODEL.get(model)
