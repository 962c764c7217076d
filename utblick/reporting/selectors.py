"""Reads for follow-up and reporting: set-based, a fixed number of queries, never per record.

`register_snapshot` is what the indicators and the compiled report are computed from: the
municipality's non-archived register records as plain rows (for the arithmetic in
`utblick.reporting.indicators`) plus the few descriptive fields the report lists.
Every query starts from `core.access.scoped` (the tenant scoping's one place).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length
from django.utils import timezone

from utblick.core.access import Actor, Role, scoped
from utblick.core.money import to_sek
from utblick.organisation.models import Municipality, Unit
from utblick.planning.models import Activity, IndicatorValue, UnitReport
from utblick.policy.models import (
    Commitment,
    Goal,
    Indicator,
    PriorityArea,
    ProfileVersion,
    ReportingPeriod,
    Routine,
)
from utblick.registers.models import (
    FundingApplication,
    Matter,
    NetworkMembership,
    Partnership,
    ProjectPartner,
    Visit,
)
from utblick.reporting.indicators import (
    ActivityRow,
    ApplicationRow,
    MembershipRow,
    PartnershipRow,
    PeriodDates,
    RegisterData,
    UnitRow,
    VisitRow,
    period_dates,
)
from utblick.reporting.indicators.rows import HOME_COUNTRY
from utblick.reporting.models import PublishedReport, ReportRun
from utblick.routines.models import Obligation, ObligationKind

DEFAULT_REVIEW_INTERVAL_MONTHS = 24
# The registers whose records link to priority areas and commitments, as the report lists them.
LINKED = {
    "applications": FundingApplication,
    "memberships": NetworkMembership,
    "partnerships": Partnership,
    "visits": Visit,
    "activities": Activity,
}


def system_actor(municipality: Municipality) -> Actor:
    """The actor background work reads as: the whole municipality, no user."""
    return Actor(user=None, municipality=municipality, role=Role.COORDINATOR)


@dataclass
class RegisterSnapshot:
    """The rows the arithmetic needs, and per register the fields a report lists, by id."""

    data: RegisterData
    applications: dict[int, dict] = field(default_factory=dict)
    visits: dict[int, dict] = field(default_factory=dict)
    activities: dict[int, dict] = field(default_factory=dict)
    memberships: dict[int, dict] = field(default_factory=dict)
    partnerships: dict[int, dict] = field(default_factory=dict)
    units: dict[int, dict] = field(default_factory=dict)


def _sek(amount, currency: str, rate) -> Decimal | None:
    try:
        return to_sek(amount, currency, rate)
    except ValueError:  # an EUR amount without its rate: not counted rather than guessed
        return None


def _local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def review_interval_months(actor: Actor) -> int:
    for routine in scoped(Routine, actor).filter(
        retired_at__isnull=True,
        families__contains="recurring_duty",
        registers__contains="memberships",
    ):
        months = routine.param("recurring_duty", "memberships", "every_months")
        if months:
            return int(months)
    return DEFAULT_REVIEW_INTERVAL_MONTHS


def register_snapshot(
    actor: Actor, *, today: dt.date | None = None, unit_ids: frozenset[int] | None = None
) -> RegisterSnapshot:
    """The municipality's (or the given units') non-archived records: 9 queries, any size."""
    today = today or timezone.localdate()

    def current(model):
        queryset = scoped(model, actor).filter(archived_at__isnull=True)
        return queryset.filter(unit_id__in=unit_ids) if unit_ids is not None else queryset

    abroad = ProjectPartner.objects.filter(
        application=OuterRef("pk"), is_local_authority=True
    ).exclude(country_id=HOME_COUNTRY)
    applications = {
        row["id"]: row
        for row in current(FundingApplication)
        .annotate(abroad=Exists(abroad), lessons_length=Length("lessons_learned"))
        .order_by()
        .values(
            "id",
            "unit_id",
            "title",
            "acronym",
            "status",
            "role",
            "programme__name_sv",
            "programme__code",
            "other_funder",
            "currency",
            "eur_to_sek_rate",
            "total_budget",
            "requested_grant",
            "granted_amount",
            "created_at",
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
            "abroad",
            "lessons_length",
        )
    }
    application_rows = []
    for row in applications.values():
        rate = row["eur_to_sek_rate"]
        row["programme"] = row["programme__name_sv"] or row["other_funder"] or "Annan finansiär"
        row["requested_sek"] = _sek(row["requested_grant"], row["currency"], rate)
        row["granted_sek"] = _sek(row["granted_amount"], row["currency"], rate)
        row["total_sek"] = _sek(row["total_budget"], row["currency"], rate)
        application_rows.append(
            ApplicationRow(
                id=row["id"],
                unit_id=row["unit_id"],
                status=row["status"],
                programme=row["programme"],
                requested_sek=row["requested_sek"],
                granted_sek=row["granted_sek"],
                created_on=_local_date(row["created_at"]),
                submitted_on=row["submitted_on"],
                decision_on=row["decision_on"],
                starts_on=row["starts_on"],
                ends_on=row["ends_on"],
                children_young=row["children_young_participants"],
                staff=row["staff_participants"],
                elected=row["elected_participants"],
                has_lessons=bool(row["lessons_length"] and row["lessons_learned"].strip()),
                with_municipality_abroad=row["abroad"],
            )
        )

    visits = {
        row["id"]: row
        for row in current(Visit)
        .order_by()
        .values(
            "id",
            "unit_id",
            "title",
            "kind",
            "direction",
            "counterpart",
            "country__name_sv",
            "city",
            "starts_on",
            "ends_on",
            "children_young_participants",
            "staff_participants",
            "elected_participants",
            "other_participants",
            "partnership__kind",
        )
    }
    visit_rows = [
        VisitRow(
            id=row["id"],
            unit_id=row["unit_id"],
            kind=row["kind"],
            direction=row["direction"],
            starts_on=row["starts_on"],
            children_young=row["children_young_participants"],
            staff=row["staff_participants"],
            elected=row["elected_participants"],
        )
        for row in visits.values()
    ]

    activities = {
        row["id"]: row
        for row in current(Activity)
        .order_by()
        .values(
            "id",
            "unit_id",
            "title",
            "year",
            "status",
            "starts_on",
            "ends_on",
            "staff_participants",
            "children_young_participants",
            "owner__name",
            "outcome",
        )
    }
    activity_rows = [
        ActivityRow(
            id=row["id"],
            unit_id=row["unit_id"],
            year=row["year"],
            status=row["status"],
            staff=row["staff_participants"],
            children_young=row["children_young_participants"],
        )
        for row in activities.values()
    ]

    memberships = {
        row["id"]: row
        for row in current(NetworkMembership)
        .order_by()
        .values(
            "id",
            "unit_id",
            "organisation",
            "acronym",
            "scope",
            "status",
            "started_on",
            "ended_on",
            "annual_fee",
            "currency",
            "eur_to_sek_rate",
            "last_reviewed_on",
            "next_review_on",
            "country__name_sv",
            "website",
        )
    }
    reviews: dict[int, set[dt.date]] = defaultdict(set)
    history = scoped(NetworkMembership.history.model, actor).filter(
        last_reviewed_on__isnull=False, id__in=list(memberships)
    )
    for membership_id, reviewed_on in history.values_list("id", "last_reviewed_on").distinct():
        reviews[membership_id].add(reviewed_on)
    membership_rows = []
    for row in memberships.values():
        row["annual_fee_sek"] = _sek(row["annual_fee"], row["currency"], row["eur_to_sek_rate"])
        membership_rows.append(
            MembershipRow(
                id=row["id"],
                unit_id=row["unit_id"],
                status=row["status"],
                started_on=row["started_on"],
                ended_on=row["ended_on"],
                last_reviewed_on=row["last_reviewed_on"],
                next_review_on=row["next_review_on"],
                review_dates=tuple(sorted(reviews.get(row["id"], ()))),
            )
        )

    partnerships = {
        row["id"]: row
        for row in current(Partnership)
        .order_by()
        .values(
            "id",
            "unit_id",
            "kind",
            "title",
            "counterpart",
            "counterpart_city",
            "country__name_sv",
            "status",
            "started_on",
            "ends_on",
            "stated_benefit",
        )
    }
    partnership_rows = [
        PartnershipRow(
            id=row["id"],
            unit_id=row["unit_id"],
            status=row["status"],
            started_on=row["started_on"],
            ends_on=row["ends_on"],
        )
        for row in partnerships.values()
    ]

    units_qs = scoped(Unit, actor).filter(archived_at__isnull=True)
    if unit_ids is not None:
        units_qs = units_qs.filter(pk__in=unit_ids)
    units = {
        row["id"]: row
        for row in units_qs.order_by("kind", "name").values(
            "id", "kind", "name", "short_name", "parent_id"
        )
    }
    unit_rows = [
        UnitRow(id=row["id"], kind=row["kind"], name=row["name"]) for row in units.values()
    ]

    data = RegisterData(
        today=today,
        applications=tuple(application_rows),
        visits=tuple(visit_rows),
        activities=tuple(activity_rows),
        memberships=tuple(membership_rows),
        partnerships=tuple(partnership_rows),
        units=tuple(unit_rows),
        review_interval_months=review_interval_months(actor),
    )
    return RegisterSnapshot(
        data=data,
        applications=applications,
        visits=visits,
        activities=activities,
        memberships=memberships,
        partnerships=partnerships,
        units=units,
    )


# --- the policy profile --------------------------------------------------------------------


@dataclass
class PolicyTree:
    version: ProfileVersion | None
    areas: list[PriorityArea]
    commitments: list[Commitment]
    goals: list[Goal]
    indicators: list[Indicator]
    periods: list[ReportingPeriod]


def policy_tree(actor: Actor) -> PolicyTree:
    """The current profile's areas, commitments, goals, indicators and calendar (6 queries)."""

    def live(model):
        return scoped(model, actor).filter(retired_at__isnull=True)

    return PolicyTree(
        version=scoped(ProfileVersion, actor).filter(is_current=True).first(),
        # In the document's order of priority (`rank`), then as written.
        areas=sorted(
            live(PriorityArea), key=lambda a: (a.rank is None, a.rank or 0, a.order, a.pk)
        ),
        commitments=list(live(Commitment).order_by("priority_area__order", "order", "pk")),
        goals=list(live(Goal).select_related("priority_area").order_by("order", "pk")),
        indicators=list(live(Indicator).order_by("goal__order", "order", "pk")),
        periods=list(live(ReportingPeriod).order_by("order", "pk")),
    )


def policy_links(actor: Actor) -> dict[str, dict[str, list[tuple[int, int]]]]:
    """(record id, area or commitment id) pairs per register and link: 10 queries."""
    links: dict[str, dict[str, list[tuple[int, int]]]] = {}
    for key, model in LINKED.items():
        links[key] = {}
        for name in ("priority_areas", "commitments"):
            through = model._meta.get_field(name).remote_field.through
            source = f"{model._meta.model_name}_id"
            target = "priorityarea_id" if name == "priority_areas" else "commitment_id"
            rows = through.objects.filter(
                **{f"{model._meta.model_name}__municipality": actor.municipality}
            ).values_list(source, target)
            links[key][name] = list(rows)
    return links


def indicator_values(actor: Actor, years: list[int]) -> dict[tuple[int, int], IndicatorValue]:
    """Manual values for whole years, by (indicator id, year)."""
    rows = scoped(IndicatorValue, actor).filter(
        year__in=years, period="year", archived_at__isnull=True
    )
    return {(value.indicator_id, value.year): value for value in rows}


def unit_reports_of_year(actor: Actor, year: int) -> list[UnitReport]:
    return list(
        scoped(UnitReport, actor)
        .filter(year=year, archived_at__isnull=True)
        .select_related("unit")
        .order_by("unit__name", "period")
    )


# --- obligations (only where utblick.routines is installed) --------------------------------


@dataclass
class ObligationFigures:
    done: int
    done_late: int
    open: int
    overdue: int
    waived: int
    overdue_items: list[dict]


def obligation_figures(actor: Actor, year: int, today: dt.date) -> ObligationFigures:
    """Obligations due in the year, done and overdue."""
    day = min(dt.date(year, 12, 31), today)
    due = scoped(Obligation, actor).filter(due_on__year=year).exclude(kind=ObligationKind.CONFLICT)
    counts = {"done": 0, "done_late": 0, "open": 0, "overdue": 0, "waived": 0}
    for status, due_on, late in due.values_list("status", "due_on", "late").order_by():
        if status == "done":
            counts["done"] += 1
            counts["done_late"] += 1 if late is True else 0
        elif status == "open":
            counts["open"] += 1
            counts["overdue"] += 1 if due_on < day else 0
        elif status == "waived":
            counts["waived"] += 1
    fields = ["title", "due_on", "responsible_unit__name"]
    overdue = list(
        due.filter(status="open", due_on__lt=day).order_by("due_on", "pk").values(*fields)[:100]
    )
    return ObligationFigures(overdue_items=overdue, **counts)


# --- reporting periods and unit reports ----------------------------------------------------


def reporting_periods(actor: Actor) -> list[ReportingPeriod]:
    return list(scoped(ReportingPeriod, actor).filter(retired_at__isnull=True).order_by("order"))


def period_of(period: ReportingPeriod, year: int) -> PeriodDates:
    return period_dates(period.period_start, period.period_end, period.due, year)


REPORTER_KINDS = {
    "committee": "committee",
    "administration": "administration",
    "municipal_company": "municipal_company",
    "executive_office": "executive_office",
}


def reporting_units(actor: Actor, period: ReportingPeriod) -> list[Unit]:
    """The units that report for the period: every non-archived unit of its reporter kinds."""
    kinds = [REPORTER_KINDS[k] for k in period.reporters if k in REPORTER_KINDS]
    return list(
        scoped(Unit, actor)
        .filter(kind__in=kinds, archived_at__isnull=True)
        .order_by("kind", "name")
    )


def unit_reports_for(actor: Actor, year: int, period_key: str) -> dict[int, UnitReport]:
    rows = scoped(UnitReport, actor).filter(year=year, period=period_key)
    return {report.unit_id: report for report in rows}


# --- report runs and publications ----------------------------------------------------------


def recent_runs(actor: Actor, year: int, limit: int = 20) -> list[ReportRun]:
    return list(
        scoped(ReportRun, actor)
        .filter(year=year)
        .select_related("requested_by")
        .defer("public_data")
        .order_by("-created_at", "-pk")[:limit]
    )


def publication(actor: Actor, year: int) -> PublishedReport | None:
    return (
        scoped(PublishedReport, actor)
        .filter(year=year)
        .select_related("run", "published_by")
        .defer("run__public_data")
        .first()
    )


def approving_decisions(actor: Actor):
    """Decided matters with a deciding body: what a report's approval can point at."""
    return (
        scoped(Matter, actor)
        .filter(archived_at__isnull=True, body__isnull=False, decided_on__isnull=False)
        .exclude(outcome__in=("pending", "rejected", "withdrawn"))
        .select_related("body")
        .order_by("-decided_on", "-pk")
    )


def published_years(municipality: Municipality) -> list[PublishedReport]:
    """The years whose report is published (not withdrawn), newest first."""
    actor = system_actor(municipality)
    return list(
        scoped(PublishedReport, actor)
        .filter(archived_at__isnull=True, run__status="done")
        .select_related("run", "decision__body")
        .defer("run__public_data")
        .order_by("-year")
    )


def public_edition(municipality: Municipality, publication: PublishedReport) -> dict | None:
    """The published run's public edition (kept as JSON with the run)."""
    runs = scoped(ReportRun, system_actor(municipality)).filter(pk=publication.run_id)
    return runs.values_list("public_data", flat=True).first()


def tenant_by_code(code: str) -> Municipality | None:
    """A municipality or region that runs its work in Utblick (the public page's address)."""
    if not (len(code) in (2, 4) and code.isdigit()):
        return None
    return Municipality.objects.filter(
        code=code, is_tenant=True
    ).first()  # unscoped: the tenant itself
