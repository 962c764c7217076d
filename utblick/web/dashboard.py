"""What the start page shows, by role: reads only, each a fixed number of queries.

A coordinator sees the whole municipality; a unit editor the same limited to its units; a
reader (a politician) a summary. Obligations come from `utblick.routines` once it is installed.

The panels are rendered once and kept in the shared cache (`cached_panels`), per organisation,
role, units, language and day, under the organisation's generation (`web.choices`): every write
that can change what a panel shows moves the generation on, so a cached page is never read after
a write. The timeout only bounds what a change made outside the application would leave.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db import models
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Sum, When
from django.db.models.functions import Coalesce, ExtractYear
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from utblick.core.access import Actor, Role, scoped
from utblick.core.models import page_url
from utblick.core.money import EUR
from utblick.monitoring.models import MonitoringItem
from utblick.planning.models import Activity
from utblick.policy.models import PriorityArea
from utblick.registers import lifecycle
from utblick.registers.models import (
    FundingApplication,
    Matter,
    NetworkMembership,
    Partnership,
    Visit,
)
from utblick.registry import BY_MODEL
from utblick.routines.models import Obligation
from utblick.tenants.selectors import first_week_checklist
from utblick.web import choices
from utblick.web.charts import stacked_bars

REVIEW_HORIZON = dt.timedelta(days=90)
ENDING_HORIZON = dt.timedelta(days=183)  # six months
UPCOMING_LIMIT = 6
# Rows a panel shows; the rest are a count and a link to the full list.
PANEL_LIMIT = 10
# The registers whose records are linked to priority areas, in the brief's order.
LINKED_MODELS = (
    NetworkMembership,
    Partnership,
    FundingApplication,
    Visit,
    MonitoringItem,
    Activity,
    Matter,
)


def records(model, actor: Actor, *, own_units: bool = True) -> models.QuerySet:
    """Active (not archived) records; a unit editor's own units only."""
    queryset = scoped(model, actor).filter(archived_at__isnull=True)
    if own_units and actor.role == Role.UNIT_EDITOR:
        queryset = queryset.filter(unit_id__in=actor.unit_ids)
    return queryset


def _sek(name: str):
    return Case(
        When(currency=EUR, then=F(name) * F("eur_to_sek_rate")),
        default=F(name),
        output_field=models.DecimalField(max_digits=20, decimal_places=2),
    )


@dataclass
class Stage:
    status: str
    label: str
    count: int
    budget: Decimal
    granted: Decimal
    percent: float = 0.0


def pipeline(actor: Actor) -> list[Stage]:
    """Applications per lifecycle stage with total budget and grant in kronor (one query)."""
    rows = {
        row["status"]: row
        for row in records(FundingApplication, actor)
        .order_by()
        .values("status")
        .annotate(
            n=Count("pk"), budget=Sum(_sek("total_budget")), granted=Sum(_sek("granted_amount"))
        )
    }
    stages = [
        Stage(
            status,
            _(lifecycle.LABELS[status]),
            rows.get(status, {}).get("n", 0),
            Decimal(rows.get(status, {}).get("budget") or 0),
            Decimal(rows.get(status, {}).get("granted") or 0),
        )
        for status in lifecycle.STATUSES
    ]
    largest = max((stage.budget for stage in stages), default=0) or 1
    for stage in stages:
        stage.percent = round(float(stage.budget / largest) * 100, 1)
    return stages


def upcoming_visits(actor: Actor, today: dt.date) -> list[Visit]:
    return list(
        records(Visit, actor)
        .filter(Q(starts_on__gte=today) | Q(ends_on__gte=today))
        .select_related("unit", "country")
        .order_by("starts_on", "pk")[:UPCOMING_LIMIT]
    )


@dataclass
class Panel:
    """A bounded panel: its first rows, how many there are in all, and the full list's URL."""

    rows: list
    total: int
    url: str

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


def _panel(queryset: models.QuerySet, url: str, limit: int = PANEL_LIMIT) -> Panel:
    rows = list(queryset[: limit + 1])
    total = len(rows) if len(rows) <= limit else queryset.count()
    return Panel(rows[:limit], total, url)


def reviews_due(actor: Actor, today: dt.date) -> Panel:
    """Active memberships whose review is due within three months, overdue, or not planned."""
    return _panel(
        records(NetworkMembership, actor)
        .filter(status="active")
        .filter(Q(next_review_on__lte=today + REVIEW_HORIZON) | Q(next_review_on__isnull=True))
        .select_related("unit")
        .order_by(F("next_review_on").asc(nulls_first=True), "organisation"),
        reverse("web:memberships_list") + "?status=active&ordering=next_review_on",
    )


def agreements_ending(actor: Actor, today: dt.date) -> Panel:
    return _panel(
        records(Partnership, actor)
        .filter(status="active", ends_on__gte=today, ends_on__lte=today + ENDING_HORIZON)
        .select_related("country")
        .order_by("ends_on", "pk"),
        reverse("web:partnerships_list") + "?status=active&ordering=ends_on",
    )


def recent_decisions(actor: Actor) -> list[Matter]:
    return list(
        records(Matter, actor, own_units=False)
        .filter(decided_on__isnull=False)
        .select_related("body")
        .order_by("-decided_on", "-pk")[:UPCOMING_LIMIT]
    )


def applications_chart(actor: Actor):
    """Applications per programme and year (of submission, else deadline, else registration)."""
    name = "programme__name_en" if translation.get_language() == "en" else "programme__name_sv"
    year = Coalesce(ExtractYear("submitted_on"), ExtractYear("deadline"), ExtractYear("created_at"))
    rows = (
        records(FundingApplication, actor)
        .order_by()
        .annotate(year=year)
        .values(name, "year")
        .annotate(n=Count("pk"))
    )
    counts: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row[name] or _("Annan finansiär"), str(row["year"]))
        counts[key] = counts.get(key, 0) + row["n"]
    return stacked_bars(counts, other=_("Övriga program"))


def _linked_count(model, actor: Actor) -> Coalesce:
    linked = (
        records(model, actor)
        .filter(priority_areas=OuterRef("pk"))
        .order_by()
        .values("priority_areas")
        .annotate(c=Count("pk"))
        .values("c")
    )
    return Coalesce(Subquery(linked, output_field=models.IntegerField()), 0)


@dataclass
class AreaRow:
    area: PriorityArea
    counts: list[int]
    registers: list

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def cells(self) -> list[tuple[str, int]]:
        """(the register's list filtered on this area, count) per register."""
        return [
            (f"{register.list_url}?priority_area={self.area.pk}", count)
            for register, count in zip(self.registers, self.counts, strict=True)
        ]


def work_per_priority_area(actor: Actor) -> tuple[list, list[AreaRow]]:
    """(register titles, one row per priority area with its linked records per register)."""
    names = [f"n{index}" for index in range(len(LINKED_MODELS))]
    areas = (
        scoped(PriorityArea, actor)
        .filter(retired_at__isnull=True)
        .annotate(**{n: _linked_count(m, actor) for n, m in zip(names, LINKED_MODELS, strict=True)})
        .order_by("order", "pk")
    )
    titles = [BY_MODEL[model] for model in LINKED_MODELS]
    return titles, [AreaRow(area, [getattr(area, n) for n in names], titles) for area in areas]


@dataclass
class Figure:
    label: str
    value: object
    url: str = ""
    money: bool = False


def key_figures(actor: Actor, stages: list[Stage], today: dt.date) -> list[Figure]:
    by_status = {stage.status: stage for stage in stages}
    granted = sum((by_status[s].granted for s in lifecycle.GRANTED_STATUSES), start=Decimal(0))
    return [
        Figure(
            _("Aktiva medlemskap"),
            records(NetworkMembership, actor).filter(status="active").count(),
            BY_MODEL[NetworkMembership].list_url + "?status=active",
        ),
        Figure(
            _("Aktiva partnerskap och avtal"),
            records(Partnership, actor).filter(status="active").count(),
            BY_MODEL[Partnership].list_url + "?status=active",
        ),
        Figure(
            _("Projekt som pågår"),
            by_status[lifecycle.RUNNING].count,
            BY_MODEL[FundingApplication].list_url + "?status=running",
        ),
        Figure(_("Beviljat, alla projekt"), granted, money=True),
        Figure(
            _("Besök och resor i år"),
            records(Visit, actor).filter(starts_on__year=today.year).count(),
            BY_MODEL[Visit].list_url + f"?year={today.year}",
        ),
        Figure(
            _("Öppna bevakningsärenden"),
            records(MonitoringItem, actor).exclude(status="closed").count(),
            BY_MODEL[MonitoringItem].list_url,
        ),
    ]


# --- The slot for obligations (filled by utblick.routines once it is installed) --------------

OBLIGATION_HORIZON = dt.timedelta(days=14)
OBLIGATION_LIMIT = 10
CLOSED_OBLIGATION_STATUSES = ("done", "waived", "lapsed", "cancelled", "closed")


@dataclass
class ObligationRow:
    obligation: models.Model
    due_on: dt.date | None
    overdue: bool
    conflict: bool
    record_label: str
    record_url: str
    url: str = ""


def routines_url(name: str, *args) -> str:
    """A page of utblick.routines ('' while its URLs are not wired in)."""
    try:
        return reverse(f"routines:{name}", args=args)
    except NoReverseMatch:
        return ""


def obligations_url() -> str:
    return routines_url("obligation_list")


def open_obligations(actor: Actor, today: dt.date) -> list[ObligationRow]:
    """Open obligations due within two weeks or overdue, and undecided policy conflicts."""
    queryset = (
        scoped(Obligation, actor)
        .current()  # type: ignore[attr-defined]
        .exclude(status__in=CLOSED_OBLIGATION_STATUSES)
    )  # the backlog (from before tracking) stays off it
    if actor.role == Role.UNIT_EDITOR:
        queryset = queryset.filter(responsible_unit_id__in=actor.unit_ids)
    due = Q(due_on__lte=today + OBLIGATION_HORIZON) | Q(due_on__isnull=True)
    queryset = queryset.filter(due).select_related(
        "content_type", "responsible_unit", "responsible_person"
    )
    found = queryset.order_by(F("due_on").asc(nulls_last=True), "pk")[: OBLIGATION_LIMIT + 1]
    return [_obligation_row(o, today) for o in found]


def obligations_to_review(actor: Actor) -> int:
    """How many problems about records from before tracking wait for review (0 for readers,
    who review nothing)."""
    if actor.role == Role.READER:
        return 0
    from utblick.routines.selectors import backlog_count

    return backlog_count(actor)


def _obligation_row(obligation, today: dt.date) -> ObligationRow:
    content_type = getattr(obligation, "content_type", None)
    object_id = getattr(obligation, "object_id", None)
    return ObligationRow(
        obligation=obligation,
        due_on=obligation.due_on,
        overdue=bool(obligation.due_on and obligation.due_on < today),
        conflict=getattr(obligation, "kind", "") == "conflict",
        record_label=getattr(obligation, "record_label", ""),
        record_url=page_url(content_type.model_class(), object_id) if content_type else "",
        url=routines_url("obligation_detail", obligation.pk),
    )


# --- The politician's summary: the year against the last, the goals, at a glance ----------

# A few of the yearly report's key figures (reporting.report_data.KEY_FIGURES).
SUMMARY_FIGURES = (
    "applications_count",
    "applications_granted_count",
    "external_funding_granted_sek",
    "projects_with_municipalities_abroad",
    "children_young_participants",
    "study_visits_received",
)
# An indicator's assessment as a badge a reader grasps at once (reporting.indicators.trend).
ASSESSMENT_BADGES = {True: "badge-granted", False: "badge-overdue", None: ""}


@dataclass
class YearFigure:
    label: str
    kind: str  # "int", "sek" or "pct" (reporting's value kinds)
    value: Decimal | None
    previous: Decimal | None

    @property
    def trend(self) -> str:
        """ "up", "down", "same", or "" when a year has no value."""
        if self.value is None or self.previous is None:
            return ""
        if self.value == self.previous:
            return "same"
        return "up" if self.value > self.previous else "down"


@dataclass
class GoalStatus:
    goal: str
    indicator: str
    kind: str
    target: Decimal | None
    target_year: int | None
    latest: Decimal | None
    latest_year: int | None
    change: Decimal | None
    status: str
    badge: str

    @property
    def trend(self) -> str:
        if self.change is None:
            return ""
        return "same" if self.change == 0 else ("up" if self.change > 0 else "down")


def year_summary(actor: Actor, today: dt.date) -> tuple[list[YearFigure], list[GoalStatus]]:
    """This year so far against last year, and every goal's indicators with target, latest
    value, trend and status (one snapshot of the registers: reporting.report_data)."""
    from utblick.reporting.report_data import summary_for

    figures, goals = summary_for(actor, today.year, SUMMARY_FIGURES, today=today)
    years = [YearFigure(f.label, f.kind, f.value, f.previous) for f in figures]
    statuses = [
        GoalStatus(
            goal=goal.name,
            indicator=line.name,
            kind=line.value_kind,
            target=line.target,
            target_year=line.target_year,
            latest=line.assessment.latest,
            latest_year=line.assessment.latest_year,
            change=line.assessment.change,
            status=translation.gettext(line.assessment.label),
            badge=ASSESSMENT_BADGES[line.assessment.favourable],
        )
        for goal in goals
        for line in goal.indicators
    ]
    return years, statuses


# --- The page: its panels rendered once per organisation's generation ---------------------

CACHE_SECONDS = 15 * 60


def panels_context(actor: Actor, today: dt.date) -> dict:
    stages = pipeline(actor)
    titles, areas = work_per_priority_area(actor)
    is_reader = actor.role == Role.READER
    context = {
        "figures": key_figures(actor, stages, today),
        "visits": upcoming_visits(actor, today),
        "chart": applications_chart(actor),
        "area_titles": titles,
        "area_rows": areas,
        # Readers get a summary, not rows of work (below).
        "obligations": None if is_reader else open_obligations(actor, today),
        "obligations_url": obligations_url(),
        "to_review": obligations_to_review(actor),
        "to_review_url": routines_url("obligation_backlog"),
        "is_reader": is_reader,
        "today": today,
        "first_week": first_week_checklist(actor),
    }
    if is_reader:
        # The year against the last, the goals at a glance, the decisions.
        context["year_figures"], context["goal_statuses"] = year_summary(actor, today)
        context["decisions"] = recent_decisions(actor)
    else:
        context["pipeline"] = stages
        context["reviews"] = reviews_due(actor, today)
        context["ending"] = agreements_ending(actor, today)
    return context


def panels_cache_key(actor: Actor, today: dt.date) -> str:
    """What the panels depend on besides the data: a unit editor's units, a reader's summary
    (the role), the language and the day (overdue, this year, the next two weeks)."""
    municipality_id = actor.municipality.pk
    units = ",".join(map(str, sorted(actor.unit_ids))) if actor.role == Role.UNIT_EDITOR else "-"
    return (
        f"dashboard:{municipality_id}:{choices.generation(municipality_id)}:"
        f"{today.isoformat()}:{translation.get_language()}:{actor.role}:{units}"
    )


def cached_panels(request, actor: Actor, today: dt.date) -> SafeString:
    # The key is read before the panels are: a write committing meanwhile moves the
    # generation past it, so what is rendered from older data is never read again.
    key = panels_cache_key(actor, today)
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            "web/dashboard/_panels.html", panels_context(actor, today), request=request
        )
        cache.set(key, str(html), timeout=CACHE_SECONDS)
    # Only what the template engine rendered (and escaped) is ever stored under this key.
    return mark_safe(html)  # noqa: S308
