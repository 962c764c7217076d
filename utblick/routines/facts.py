"""Building the engine's `Facts` from the database: a fixed number of set-based queries.

Each kind of fact is one query over the municipality (or over the records in scope when a
single record was written), plus one per many-to-many link; nothing is queried per record.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from utblick.core.money import to_sek
from utblick.organisation.models import ContactPerson, Municipality, Unit
from utblick.policy.models import ProfileVersion, ReportingPeriod
from utblick.registers.models import (
    FundingApplication,
    Matter,
    NetworkMembership,
    Partnership,
    Visit,
)
from utblick.routines.engine import facts as f
from utblick.routines.engine.rules.partnerships import SIGNIFICANT_FIELDS


@dataclass
class Scope:
    """Which records to load: None = the whole municipality; else ids per model label."""

    ids: dict[str, set[int]] = field(default_factory=dict)

    def of(self, model: str) -> set[int]:
        return self.ids.get(model, set())


def _day(value: datetime | date | None) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def load_facts(
    municipality: Municipality,
    *,
    today: date,
    needs: Iterable[str],
    scope: Scope | None = None,
    document: f.DocumentFact | None = None,
    reporting_periods: tuple[f.ReportingPeriodFact, ...] | None = None,
) -> f.Facts:
    """The facts the given needs call for; `document` and `reporting_periods` may be passed in
    (a profile being previewed) instead of read from the current profile."""
    needs = set(needs)
    values: dict = {"today": today, "municipality_name": municipality.name}
    values["units"] = load_units(municipality)
    if f.APPLICATIONS in needs:
        values["applications"] = load_applications(municipality, scope)
    if f.MEMBERSHIPS in needs:
        values["memberships"] = load_memberships(municipality, scope)
    if f.PARTNERSHIPS in needs:
        values["partnerships"] = load_partnerships(municipality, scope)
    if f.VISITS in needs:
        values["visits"] = load_visits(municipality, scope)
    if f.MATTERS in needs:
        values["matters"] = load_matters(municipality, scope)
    if f.CONTACT_PERSONS in needs:
        values["contact_persons"] = load_contact_persons(municipality)
    if f.AGREEMENT_CHANGES in needs:
        values["agreement_changes"] = load_agreement_changes(municipality, scope)
    values["tracking_since"] = tracking_since(municipality)
    if f.DOCUMENT_FACTS in needs:
        values["document"] = document if document is not None else load_document(municipality)
    if f.REPORTING_PERIODS in needs:
        values["reporting_periods"] = (
            reporting_periods
            if reporting_periods is not None
            else load_reporting_periods(municipality)
        )
    return f.Facts(**values)


def load_units(municipality) -> tuple[f.UnitFact, ...]:
    rows = Unit.objects.filter(municipality=municipality).values_list(
        "id", "kind", "name", "parent_id", "archived_at", "created_at"
    )
    return tuple(
        f.UnitFact(
            id=pk,
            kind=kind,
            name=name,
            parent_id=parent,
            archived=archived is not None,
            created_on=_day(created),
        )
        for pk, kind, name, parent, archived, created in rows.order_by("id")
    )


def _scoped(qs, scope: Scope | None, model: str, field_name: str = "pk"):
    if scope is None:
        return qs
    return qs.filter(**{f"{field_name}__in": sorted(scope.of(model))})


def _sek(amount, currency, rate):
    try:
        return to_sek(amount, currency, rate)
    except ValueError:
        return None


def load_applications(municipality, scope=None) -> tuple[f.ApplicationFact, ...]:
    qs = _scoped(FundingApplication.objects.filter(municipality=municipality), scope, f.APPLICATION)
    rows = qs.order_by("id").values(
        "id",
        "title",
        "acronym",
        "unit_id",
        "role",
        "status",
        "total_budget",
        "currency",
        "eur_to_sek_rate",
        "created_at",
        "deadline",
        "submitted_on",
        "starts_on",
        "ends_on",
        "lessons_learned",
        "operations_decision_on",
        "archived_at",
    )
    return tuple(
        f.ApplicationFact(
            id=r["id"],
            title=r["acronym"] or r["title"],
            unit_id=r["unit_id"],
            role=r["role"],
            status=r["status"],
            total_budget_sek=_sek(r["total_budget"], r["currency"], r["eur_to_sek_rate"]),
            created_on=_day(r["created_at"]),
            deadline=r["deadline"],
            submitted_on=r["submitted_on"],
            starts_on=r["starts_on"],
            ends_on=r["ends_on"],
            lessons_learned=r["lessons_learned"],
            operations_decision_on=r["operations_decision_on"],
            archived=r["archived_at"] is not None,
        )
        for r in rows
    )


def load_memberships(municipality, scope=None) -> tuple[f.MembershipFact, ...]:
    qs = _scoped(NetworkMembership.objects.filter(municipality=municipality), scope, f.MEMBERSHIP)
    through = NetworkMembership.representatives.through
    elected: dict[int, list[int]] = defaultdict(list)
    links = through.objects.filter(
        networkmembership__municipality=municipality, person__kind="elected"
    )
    if scope is not None:
        links = links.filter(networkmembership_id__in=sorted(scope.of(f.MEMBERSHIP)))
    for membership_id, person_id in links.values_list("networkmembership_id", "person_id"):
        elected[membership_id].append(person_id)
    rows = qs.order_by("id").values(
        "id",
        "organisation",
        "unit_id",
        "scope",
        "status",
        "decided_by_id",
        "decided_on",
        "started_on",
        "ended_on",
        "last_reviewed_on",
        "next_review_on",
        "created_at",
        "archived_at",
    )
    return tuple(
        f.MembershipFact(
            id=r["id"],
            organisation=r["organisation"],
            unit_id=r["unit_id"],
            scope=r["scope"],
            status=r["status"],
            decided_by_id=r["decided_by_id"],
            decided_on=r["decided_on"],
            started_on=r["started_on"],
            ended_on=r["ended_on"],
            last_reviewed_on=r["last_reviewed_on"],
            next_review_on=r["next_review_on"],
            created_on=_day(r["created_at"]),
            elected_representative_ids=tuple(sorted(elected.get(r["id"], ()))),
            archived=r["archived_at"] is not None,
        )
        for r in rows
    )


def load_partnerships(municipality, scope=None) -> tuple[f.PartnershipFact, ...]:
    qs = Partnership.objects.filter(municipality=municipality)
    if scope is not None:
        # Partnerships in scope, and those the visits in scope belong to (twin towns).
        ids = set(scope.of(f.PARTNERSHIP))
        visit_ids = scope.of(f.VISIT)
        if visit_ids:
            ids |= set(
                Visit.objects.filter(
                    pk__in=sorted(visit_ids), partnership__isnull=False
                ).values_list("partnership_id", flat=True)
            )
        qs = qs.filter(pk__in=sorted(ids))
    through = Partnership.memberships.through
    linked: dict[int, list[int]] = defaultdict(list)
    links = through.objects.filter(partnership__municipality=municipality)
    if scope is not None:
        links = links.filter(partnership_id__in=sorted(scope.of(f.PARTNERSHIP)))
    for partnership_id, membership_id in links.values_list(
        "partnership_id", "networkmembership_id"
    ):
        linked[partnership_id].append(membership_id)
    rows = qs.order_by("id").values(
        "id",
        "title",
        "kind",
        "unit_id",
        "counterpart",
        "status",
        "scope",
        "stated_benefit",
        "started_on",
        "ends_on",
        "signed_on",
        "created_at",
        "decision_id",
        "legal_ground",
        "archived_at",
    )
    return tuple(
        f.PartnershipFact(
            id=r["id"],
            title=r["title"],
            kind=r["kind"],
            unit_id=r["unit_id"],
            counterpart=r["counterpart"],
            status=r["status"],
            scope=r["scope"],
            stated_benefit=r["stated_benefit"],
            started_on=r["started_on"],
            ends_on=r["ends_on"],
            signed_on=r["signed_on"],
            created_on=_day(r["created_at"]),
            decision_id=r["decision_id"],
            legal_ground=r["legal_ground"],
            membership_ids=tuple(sorted(linked.get(r["id"], ()))),
            archived=r["archived_at"] is not None,
        )
        for r in rows
    )


def load_visits(municipality, scope=None) -> tuple[f.VisitFact, ...]:
    qs = Visit.objects.filter(municipality=municipality)
    if scope is not None:
        qs = qs.filter(pk__in=sorted(scope.of(f.VISIT)))
    rows = qs.order_by("id").values(
        "id",
        "title",
        "unit_id",
        "starts_on",
        "direction",
        "kind",
        "counterpart",
        "represented_by",
        "announced_on",
        "partnership_id",
        "archived_at",
    )
    return tuple(
        f.VisitFact(
            id=r["id"],
            title=r["title"],
            unit_id=r["unit_id"],
            starts_on=r["starts_on"],
            direction=r["direction"],
            kind=r["kind"],
            counterpart=r["counterpart"],
            represented_by=r["represented_by"],
            announced_on=r["announced_on"],
            partnership_id=r["partnership_id"],
            archived=r["archived_at"] is not None,
        )
        for r in rows
    )


def load_matters(municipality, scope=None) -> tuple[f.MatterFact, ...]:
    qs = Matter.objects.filter(municipality=municipality)
    if scope is not None:
        from django.db.models import Q

        condition = Q(pk__in=[])
        for model, name in (
            (f.APPLICATION, "application"),
            (f.MEMBERSHIP, "membership"),
            (f.PARTNERSHIP, "partnership"),
            (f.VISIT, "visit"),
        ):
            ids = scope.of(model)
            if ids:
                condition |= Q(**{f"{name}_id__in": sorted(ids)})
        if scope.of(f.PARTNERSHIP):
            condition |= Q(decided_partnerships__in=sorted(scope.of(f.PARTNERSHIP)))
        qs = qs.filter(condition).distinct()
    rows = qs.order_by("id").values(
        "id",
        "kind",
        "title",
        "unit_id",
        "body_id",
        "registry_number",
        "decided_on",
        "outcome",
        "membership_id",
        "partnership_id",
        "application_id",
        "visit_id",
        "archived_at",
    )
    return tuple(
        f.MatterFact(
            id=r["id"],
            kind=r["kind"],
            title=r["title"],
            unit_id=r["unit_id"],
            body_id=r["body_id"],
            registry_number=r["registry_number"],
            decided_on=r["decided_on"],
            outcome=r["outcome"],
            membership_id=r["membership_id"],
            partnership_id=r["partnership_id"],
            application_id=r["application_id"],
            visit_id=r["visit_id"],
            archived=r["archived_at"] is not None,
        )
        for r in rows
    )


def load_contact_persons(municipality) -> tuple[f.ContactPersonFact, ...]:
    rows = ContactPerson.objects.filter(municipality=municipality).values_list(
        "id", "unit_id", "person__name", "appointed_on", "ended_on", "archived_at"
    )
    return tuple(
        f.ContactPersonFact(
            id=pk,
            unit_id=unit_id,
            person_name=name,
            appointed_on=appointed,
            ended_on=ended,
            archived=archived is not None,
        )
        for pk, unit_id, name, appointed, ended, archived in rows.order_by("id")
    )


def load_agreement_changes(municipality, scope=None) -> tuple[f.AgreementChangeFact, ...]:
    """Changes of an agreement's significant fields, read from the audit trail in one query."""
    history = Partnership.history.filter(municipality_id=municipality.pk)
    if scope is not None:
        history = history.filter(id__in=sorted(scope.of(f.PARTNERSHIP)))
    rows = history.order_by("id", "history_date", "history_id").values(
        "id", "version", "history_date", "status", *SIGNIFICANT_FIELDS
    )
    changes = []
    previous = None
    for row in rows:
        if previous is not None and previous["id"] == row["id"]:
            changed = tuple(name for name in SIGNIFICANT_FIELDS if previous[name] != row[name])
            if changed:
                changes.append(
                    f.AgreementChangeFact(
                        partnership_id=row["id"],
                        version=row["version"],
                        changed_on=_day(row["history_date"]),
                        fields=changed,
                        previous_status=previous["status"],
                        previous_recorded_on=_day(previous["history_date"]),
                    )
                )
        previous = row
    return tuple(changes)


def document_fact(version: ProfileVersion | None) -> f.DocumentFact | None:
    if version is None:
        return None
    return f.DocumentFact(
        title=version.title,
        kind=version.kind,
        status=version.status,
        adopted_on=version.adopted_on,
        valid_from=version.valid_from,
        valid_to=version.valid_to,
        review_date=version.review_date,
        review_interval=version.review_interval,
        record_id=version.pk,
    )


def load_document(municipality) -> f.DocumentFact | None:
    return document_fact(
        ProfileVersion.objects.filter(municipality=municipality, is_current=True).first()
    )


def tracking_since(municipality) -> date | None:
    first = (
        ProfileVersion.objects.filter(municipality=municipality)
        .order_by("loaded_at")
        .values_list("loaded_at", flat=True)
        .first()
    )
    return _day(first)


def load_reporting_periods(municipality) -> tuple[f.ReportingPeriodFact, ...]:
    rows = ReportingPeriod.objects.filter(municipality=municipality, retired_at__isnull=True)
    return tuple(
        f.ReportingPeriodFact(
            key=p.key,
            name=p.name,
            period_start=p.period_start,
            period_end=p.period_end,
            due=p.due,
            reporters=tuple(p.reporters),
            recipient=p.recipient,
        )
        for p in rows.order_by("order")
    )
