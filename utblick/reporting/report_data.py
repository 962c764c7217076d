"""The compiled yearly report's content: ONE function, `build_report_data`, to plain dataclasses.

Everything the three formats (DOCX, PDF, XLSX) and the public page show comes from here:
per priority area and commitment, per unit, funding, memberships, partnerships, visits,
obligations (where `utblick.routines` is installed), goals with indicator trends, lessons
learned. Reads go through `selectors` (a fixed number of queries whatever the size); the
arithmetic is `utblick.reporting.indicators`. Only approved unit reports' narratives are used.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone, translation

from utblick.core import words as organisation_words
from utblick.core.words import words
from utblick.organisation.models import Municipality, UnitKind
from utblick.planning.models import UnitReportStatus
from utblick.policy.profile_format import DERIVED_METRIC_UNITS
from utblick.registers import lifecycle
from utblick.registers.models.funding import ApplicationRole
from utblick.registers.models.memberships import MembershipScope, MembershipStatus
from utblick.registers.models.partnerships import PartnershipKind, PartnershipStatus
from utblick.registers.models.visits import VisitDirection, VisitKind
from utblick.reporting import selectors
from utblick.reporting.indicators import Assessment, assess, metrics, series
from utblick.reporting.indicators.rows import GRANTED_STATUSES, ApplicationRow, RegisterData
from utblick.reporting.indicators.trend import DIRECTIONS

YEARS_BACK = 5  # trends and funding tables show the report year and the four before it
UNIT_KINDS_IN_REPORT = (
    UnitKind.EXECUTIVE_OFFICE,
    UnitKind.COMMITTEE,
    UnitKind.ADMINISTRATION,
    UnitKind.MUNICIPAL_COMPANY,
)
REGISTER_LABELS = {
    "applications": "Ansökningar och projekt",
    "memberships": "Medlemskap",
    "partnerships": "Partnerskap och avtal",
    "visits": "Besök och evenemang",
    "activities": "Aktiviteter",
}
# Short names for the registers as column headings of the count tables.
REGISTER_SHORT = {
    "Ansökningar och projekt": "Ansökningar",
    "Medlemskap": "Medlemskap",
    "Partnerskap och avtal": "Partnerskap",
    "Besök och evenemang": "Besök",
    "Aktiviteter": "Aktiviteter",
}

Progress = Callable[[int, str], None]


# --- the dataclasses -----------------------------------------------------------------------


@dataclass
class KeyFigure:
    key: str
    label: str
    value: Decimal | None
    kind: str  # "int", "sek" or "pct"
    previous: Decimal | None = None  # the year before


@dataclass
class LinkedRecord:
    register: str
    title: str
    unit: str


@dataclass
class CommitmentWork:
    text: str
    counts: dict[str, int]
    records: list[LinkedRecord]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class AreaWork:
    name: str
    description: str
    counts: dict[str, int]
    commitments: list[CommitmentWork]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class UnitWork:
    name: str
    kind: str
    applications_submitted: int
    applications_granted: int
    granted_sek: Decimal
    projects_running: int
    visits: int
    activities: int
    activities_done: int
    children_young: int
    staff: int
    elected: int
    report_status: str
    narratives: list[tuple[str, str]] = field(default_factory=list)
    kind_key: str = ""

    @property
    def has_work(self) -> bool:
        return bool(
            self.applications_submitted
            or self.applications_granted
            or self.projects_running
            or self.visits
            or self.activities
        )


@dataclass
class FundingYear:
    year: int
    applied_count: int
    applied_sek: Decimal
    granted_count: int
    granted_sek: Decimal
    success_rate: Decimal | None


@dataclass
class FundingProgramme:
    programme: str
    granted_sek: dict[int, Decimal]
    applied_sek: dict[int, Decimal]

    @property
    def granted_total(self) -> Decimal:
        return sum(self.granted_sek.values(), start=Decimal(0))

    @property
    def applied_total(self) -> Decimal:
        return sum(self.applied_sek.values(), start=Decimal(0))


@dataclass
class ApplicationLine:
    title: str
    programme: str
    unit: str
    role: str
    status: str
    total_sek: Decimal | None
    requested_sek: Decimal | None
    granted_sek: Decimal | None
    submitted_on: dt.date | None
    decision_on: dt.date | None


@dataclass
class MembershipLine:
    organisation: str
    scope: str
    status: str
    unit: str
    country: str
    started_on: dt.date | None
    annual_fee_sek: Decimal | None
    last_reviewed_on: dt.date | None
    next_review_on: dt.date | None
    review_state: str
    reviewed_on_time: bool
    active: bool


@dataclass
class PartnershipLine:
    kind: str
    kind_key: str
    title: str
    counterpart: str
    place: str
    status: str
    active: bool
    started_on: dt.date | None
    ends_on: dt.date | None
    stated_benefit: str
    unit: str


@dataclass
class GrantSchemeYear:
    """The own fund in one year: its budget, what was applied for and granted, to whom."""

    name: str
    budget_sek: Decimal | None
    applied_sek: Decimal
    granted_sek: Decimal
    grants: list[tuple[str, str, Decimal | None]]  # (applicant, title, granted)


@dataclass
class VisitLine:
    starts_on: dt.date
    title: str
    kind: str
    direction: str
    counterpart: str
    place: str
    unit: str
    participants: int


@dataclass
class VisitKindCount:
    kind: str
    incoming: int
    outgoing: int

    @property
    def total(self) -> int:
        return self.incoming + self.outgoing


@dataclass
class ObligationSummary:
    done: int
    done_late: int
    open: int
    overdue: int
    waived: int
    overdue_items: list[tuple[str, str, dt.date | None]]

    @property
    def total(self) -> int:
        return self.done + self.open + self.waived


@dataclass
class IndicatorLine:
    id: int
    name: str
    kind: str  # "derived" or "manual"
    metric: str
    unit: str
    baseline: Decimal | None
    baseline_year: int | None
    target: Decimal | None
    target_year: int | None
    direction: str
    values: dict[int, Decimal | None]
    assessment: Assessment

    @property
    def value_kind(self) -> str:
        if self.unit == "kr":
            return "sek"
        if self.unit == "%":
            return "pct"
        return "num"


@dataclass
class GoalLine:
    name: str
    area: str
    indicators: list[IndicatorLine]


@dataclass
class LessonLine:
    title: str
    unit: str
    ends_on: dt.date | None
    lessons: str
    handover: str


@dataclass
class ProjectResult:
    title: str
    unit: str
    programme: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    granted_sek: Decimal | None
    results: str


@dataclass
class ReportData:
    municipality_name: str
    municipality_code: str
    # What the organisation calls itself and its bodies (kommunen, regionstyrelsen …).
    terms: dict[str, str]
    year: int
    years: list[int]
    generated_on: dt.date
    document_title: str
    document_description: str
    office_name: str
    key_figures: list[KeyFigure]
    funding_years: list[FundingYear]
    funding_programmes: list[FundingProgramme]
    participants_by_year: dict[int, tuple[int, int, int]]
    areas: list[AreaWork]
    units: list[UnitWork]
    applications: list[ApplicationLine]
    memberships: list[MembershipLine]
    partnerships: list[PartnershipLine]
    visits: list[VisitLine]
    visit_kinds: list[VisitKindCount]
    obligations: ObligationSummary | None
    goals: list[GoalLine]
    lessons: list[LessonLine]
    finished_projects: list[ProjectResult]
    grant_schemes: list[GrantSchemeYear] = field(default_factory=list)
    unit_reports_approved: int = 0
    unit_reports_expected: int = 0

    def figure(self, key: str) -> KeyFigure:
        return next(f for f in self.key_figures if f.key == key)


# --- the one function ----------------------------------------------------------------------


def build_report_data(
    municipality: Municipality,
    year: int,
    *,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> ReportData:
    """The compiled report's content for the municipality and year."""
    report = progress or (lambda _percent, _step: None)
    today = today or timezone.localdate()
    actor = selectors.system_actor(municipality)
    years = list(range(year - YEARS_BACK + 1, year + 1))
    # In Swedish, and in the organisation's own words (a region's units are not "kommun…").
    with translation.override("sv"), organisation_words.override(municipality.kind):
        report(10, "Hämtar uppgifter ur registren")
        snapshot = selectors.register_snapshot(actor, today=today)
        policy = selectors.policy_tree(actor)
        links = selectors.policy_links(actor)
        unit_reports = selectors.unit_reports_of_year(actor, year)
        manual = selectors.indicator_values(actor, years)
        obligations = selectors.obligation_figures(actor, year, today)
        report(25, "Beräknar indikatorer och sammanställer")
        data = snapshot.data
        unit_names = {uid: row["name"] for uid, row in snapshot.units.items()}
        office = next(
            (u["name"] for u in snapshot.units.values() if u["kind"] == UnitKind.EXECUTIVE_OFFICE),
            "",
        )
        version = policy.version
        return ReportData(
            municipality_name=_official_name(version, municipality),
            municipality_code=municipality.code,
            terms=dict(municipality.terms),
            year=year,
            years=years,
            generated_on=today,
            document_title=version.title if version else "",
            document_description=_document_description(version),
            office_name=office,
            key_figures=_key_figures(data, year, organisation_kind=municipality.kind),
            funding_years=_funding_years(data, years),
            funding_programmes=_funding_programmes(data, years),
            participants_by_year={
                y: tuple(
                    int(metrics.METRICS[m](data, y))
                    for m in (
                        "children_young_participants",
                        "staff_participants",
                        "elected_participants",
                    )
                )
                for y in years
            },
            areas=_areas(snapshot, policy, links, year, unit_names),
            units=_units(snapshot, year, unit_reports, policy, today),
            applications=_applications(snapshot, year, unit_names),
            memberships=_memberships(snapshot, year, unit_names),
            partnerships=_partnerships(snapshot, year, unit_names),
            visits=_visits(snapshot, year, unit_names),
            visit_kinds=_visit_kinds(snapshot, year),
            obligations=_obligations(obligations),
            goals=_goals(data, policy, manual, years),
            lessons=_lessons(snapshot, year, unit_names),
            finished_projects=_finished_projects(snapshot, year, unit_names),
            grant_schemes=_grant_schemes(municipality, year),
            unit_reports_approved=sum(
                1
                for r in unit_reports
                if r.status == UnitReportStatus.APPROVED and _full_year(policy, r.period)
            ),
            unit_reports_expected=_expected_unit_reports(policy, snapshot),
        )


def goals_for(actor, year: int, *, today: dt.date | None = None) -> list[GoalLine]:
    """The goals with their indicators' values for the five years up to `year` (the web page)."""
    years = list(range(year - YEARS_BACK + 1, year + 1))
    with translation.override("sv"):
        snapshot = selectors.register_snapshot(actor, today=today or timezone.localdate())
        policy = selectors.policy_tree(actor)
        manual = selectors.indicator_values(actor, years)
        return _goals(snapshot.data, policy, manual, years)


def summary_for(
    actor, year: int, keys: tuple[str, ...], *, today: dt.date | None = None
) -> tuple[list[KeyFigure], list[GoalLine]]:
    """The key figures named by `keys` for `year` beside the year before, and the goals with
    their indicators, from one snapshot of the registers (the politician's start page)."""
    years = list(range(year - YEARS_BACK + 1, year + 1))
    labels = {key: (label, kind) for key, label, kind in KEY_FIGURES}
    kind_of_organisation = actor.municipality.kind
    with translation.override("sv"), organisation_words.override(kind_of_organisation):
        snapshot = selectors.register_snapshot(actor, today=today or timezone.localdate())
        policy = selectors.policy_tree(actor)
        manual = selectors.indicator_values(actor, years)
        data = snapshot.data
        figures = [
            KeyFigure(
                key,
                words(labels[key][0], kind_of_organisation),
                metrics.compute(key, data, year),
                labels[key][1],
                metrics.compute(key, data, year - 1),
            )
            for key in keys
        ]
        return figures, _goals(data, policy, manual, years)


# --- the parts -----------------------------------------------------------------------------


def _grant_schemes(municipality: Municipality, year: int) -> list[GrantSchemeYear]:
    """The own funds' year (two queries): applications for `year`, not archived or withdrawn."""
    from utblick.policy.models import GrantScheme
    from utblick.registers.models import GrantApplication

    schemes = GrantScheme.objects.filter(municipality=municipality, retired_at__isnull=True)
    grants = GrantApplication.objects.filter(
        municipality=municipality, year=year, archived_at__isnull=True
    ).exclude(status="withdrawn")
    by_scheme: dict[str, list] = {}
    for grant in grants.order_by("applicant", "title"):
        by_scheme.setdefault(grant.scheme_key, []).append(grant)
    found = []
    for scheme in schemes.order_by("order"):
        rows = by_scheme.get(scheme.key, [])
        granted = [g for g in rows if g.status in ("granted", "reported")]
        found.append(
            GrantSchemeYear(
                name=scheme.name,
                budget_sek=scheme.yearly_budget_sek,
                applied_sek=sum((g.amount_applied or Decimal(0) for g in rows), Decimal(0)),
                granted_sek=sum((g.amount_granted or Decimal(0) for g in granted), Decimal(0)),
                grants=[(g.applicant, g.title, g.amount_granted) for g in granted],
            )
        )
    return found


def _official_name(version, municipality: Municipality) -> str:
    """The name the steering document uses ("Malmö stad", "Falu kommun")."""
    if version is not None:
        try:
            data = tomllib.loads(version.source)
            name = (data.get("organisation") or data.get("municipality") or {}).get("name")
        except tomllib.TOMLDecodeError:
            name = None
        if name:
            return name
    if municipality.is_region:
        return municipality.name
    return f"{municipality.name} kommun"


def _document_description(version) -> str:
    if version is None:
        return ""
    parts = [version.title]
    if version.status == "adopted" and version.adopted_on:
        parts.append(f"antagen {version.adopted_on.isoformat()}")
    elif version.status == "proposal":
        parts.append("förslag")
    if version.registry_number:
        parts.append(f"dnr {version.registry_number}")
    return ", ".join(parts)


KEY_FIGURES = (
    ("external_funding_applied_sek", "Sökt extern finansiering", "sek"),
    ("external_funding_granted_sek", "Beviljad extern finansiering", "sek"),
    ("applications_count", "Inskickade ansökningar", "int"),
    ("applications_granted_count", "Beviljade ansökningar", "int"),
    ("application_success_rate", "Andel beviljade av avgjorda ansökningar", "pct"),
    ("projects_with_municipalities_abroad", "Projekt med kommuner i andra länder", "int"),
    ("children_young_participants", "Barn och unga i internationella utbyten", "int"),
    ("staff_participants", "Medarbetare i projekt, utbyten och utbildningar", "int"),
    ("elected_participants", "Förtroendevalda i internationella utbyten", "int"),
    ("conferences_hosted", "Internationella konferenser och möten i kommunen", "int"),
    ("study_visits_received", "Mottagna studiebesök", "int"),
    (
        "share_units_with_international_activity",
        "Andel verksamheter med internationellt arbete",
        "pct",
    ),
    ("memberships_reviewed_on_time_share", "Andel medlemskap prövade i tid", "pct"),
    ("lessons_learned_count", "Dokumenterade lärdomar från avslutade projekt", "int"),
)


def _key_figures(data: RegisterData, year: int, *, organisation_kind: str) -> list[KeyFigure]:
    return [
        KeyFigure(
            key,
            words(label, organisation_kind),
            metrics.compute(key, data, year),
            kind,
            metrics.compute(key, data, year - 1),
        )
        for key, label, kind in KEY_FIGURES
    ]


def _funding_years(data: RegisterData, years: list[int]) -> list[FundingYear]:
    return [
        FundingYear(
            year=y,
            applied_count=int(metrics.applications_count(data, y)),
            applied_sek=metrics.external_funding_applied_sek(data, y),
            granted_count=int(metrics.applications_granted_count(data, y)),
            granted_sek=metrics.external_funding_granted_sek(data, y),
            success_rate=metrics.application_success_rate(data, y),
        )
        for y in years
    ]


def _funding_programmes(data: RegisterData, years: list[int]) -> list[FundingProgramme]:
    granted: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    applied: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for a in data.applications:
        if a.submitted_on and a.submitted_on.year in years:
            applied[a.programme][a.submitted_on.year] += a.requested_sek or 0
        if a.status in GRANTED_STATUSES and a.decision_year in years:
            granted[a.programme][a.decision_year] += a.granted_sek or 0
    names = sorted(set(granted) | set(applied))
    rows = [
        FundingProgramme(
            programme=name,
            granted_sek={y: metrics.whole(granted[name].get(y, 0)) for y in years},
            applied_sek={y: metrics.whole(applied[name].get(y, 0)) for y in years},
        )
        for name in names
    ]
    return sorted(rows, key=lambda r: (-r.granted_total, -r.applied_total, r.programme))


def _touches_year(row: ApplicationRow, year: int) -> bool:
    return (
        row.created_on.year == year
        or (row.submitted_on is not None and row.submitted_on.year == year)
        or row.decision_year == year
        or row.active_in(year)
    )


def _in_year(snapshot: selectors.RegisterSnapshot, year: int) -> dict[str, set[int]]:
    """The ids of each register's records that belong to the year."""
    data = snapshot.data
    return {
        "applications": {a.id for a in data.applications if _touches_year(a, year)},
        "memberships": {m.id for m in data.memberships if m.active_in(year)},
        "partnerships": {p.id for p in data.partnerships if p.active_in(year)},
        "visits": {v.id for v in data.visits if v.starts_on.year == year},
        "activities": {a.id for a in data.activities if a.year == year},
    }


def _title(register: str, row: dict) -> str:
    if register == "memberships":
        return row["organisation"]
    return row["title"]


def _areas(snapshot, policy, links, year: int, unit_names) -> list[AreaWork]:
    in_year = _in_year(snapshot, year)
    per_area: dict[int, Counter] = defaultdict(Counter)
    per_commitment: dict[int, Counter] = defaultdict(Counter)
    records: dict[int, list[LinkedRecord]] = defaultdict(list)
    for register, label in REGISTER_LABELS.items():
        rows = getattr(snapshot, register)
        for record_id, area_id in links[register]["priority_areas"]:
            if record_id in in_year[register]:
                per_area[area_id][label] += 1
        for record_id, commitment_id in links[register]["commitments"]:
            if record_id in in_year[register]:
                per_commitment[commitment_id][label] += 1
                row = rows[record_id]
                records[commitment_id].append(
                    LinkedRecord(label, _title(register, row), unit_names.get(row["unit_id"], ""))
                )
    commitments_by_area: dict[int, list] = defaultdict(list)
    for commitment in policy.commitments:
        commitments_by_area[commitment.priority_area_id].append(commitment)
    areas = []
    for area in policy.areas:
        commitments = [
            CommitmentWork(
                text=c.text,
                counts={label: per_commitment[c.pk][label] for label in REGISTER_LABELS.values()},
                records=sorted(records[c.pk], key=lambda r: (r.register, r.title.casefold())),
            )
            for c in commitments_by_area[area.pk]
        ]
        areas.append(
            AreaWork(
                name=area.name,
                description=area.description,
                counts={label: per_area[area.pk][label] for label in REGISTER_LABELS.values()},
                commitments=commitments,
            )
        )
    return areas


def _full_year(policy, period_key: str) -> bool:
    for period in policy.periods:
        if period.key == period_key:
            return period.period_start == "01-01" and period.period_end == "12-31"
    return False


def _expected_unit_reports(policy, snapshot) -> int:
    kinds = set()
    for period in policy.periods:
        if period.period_start == "01-01" and period.period_end == "12-31":
            kinds.update(period.reporters)
    return sum(1 for u in snapshot.units.values() if u["kind"] in kinds)


def _units(snapshot, year: int, unit_reports, policy, today: dt.date) -> list[UnitWork]:
    data = snapshot.data
    area_names = {a.key: a.name for a in policy.areas}
    annual = {
        r.unit_id: r for r in unit_reports if _full_year(policy, r.period)
    }  # the year's (last) full-year report per unit
    by_unit: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for a in data.applications:
        by_unit[a.unit_id]["applications"].append(a)
    for v in data.visits:
        if v.starts_on.year == year:
            by_unit[v.unit_id]["visits"].append(v)
    for a in data.activities:
        if a.year == year:
            by_unit[a.unit_id]["activities"].append(a)
    units = []
    for unit_id, row in snapshot.units.items():
        mine = by_unit.get(unit_id, {})
        if row["kind"] not in UNIT_KINDS_IN_REPORT and not mine:
            continue
        applications = mine.get("applications", [])
        visits = mine.get("visits", [])
        activities = mine.get("activities", [])
        took_place = [a for a in activities if a.took_place]
        granted = [
            a for a in applications if a.status in GRANTED_STATUSES and a.decision_year == year
        ]
        started = [
            a
            for a in applications
            if a.status in GRANTED_STATUSES and a.starts_on and a.starts_on.year == year
        ]
        report = annual.get(unit_id)
        narratives = []
        if report is not None and report.status == UnitReportStatus.APPROVED:
            for key, text in (report.narratives or {}).items():
                if text and text.strip():
                    narratives.append((area_names.get(key, "Övrigt"), text.strip()))
        units.append(
            UnitWork(
                name=row["name"],
                kind=words(str(UnitKind(row["kind"]).label)),
                applications_submitted=sum(
                    1 for a in applications if a.submitted_on and a.submitted_on.year == year
                ),
                applications_granted=len(granted),
                granted_sek=metrics.whole(sum((a.granted_sek or 0 for a in granted), Decimal(0))),
                projects_running=sum(1 for a in applications if a.active_in(year)),
                visits=len(visits),
                activities=len(activities),
                activities_done=sum(1 for a in activities if a.status == "done"),
                children_young=sum(r.children_young for r in (*started, *visits, *took_place)),
                staff=sum(r.staff for r in (*started, *visits, *took_place)),
                elected=sum(r.elected for r in (*started, *visits)),
                report_status=str(UnitReportStatus(report.status).label) if report else "–",
                narratives=narratives,
                kind_key=row["kind"],
            )
        )
    order = {kind: index for index, kind in enumerate(UNIT_KINDS_IN_REPORT)}
    return sorted(units, key=lambda u: (order.get(u.kind_key, 9), u.name))


def _applications(snapshot, year: int, unit_names) -> list[ApplicationLine]:
    rows = [
        snapshot.applications[a.id]
        for a in snapshot.data.applications
        if (a.submitted_on and a.submitted_on.year == year)
        or a.decision_year == year
        or a.active_in(year)
    ]
    lines = [
        ApplicationLine(
            title=row["title"],
            programme=row["programme"],
            unit=unit_names.get(row["unit_id"], ""),
            role=str(ApplicationRole(row["role"]).label) if row["role"] else "",
            status=lifecycle.LABELS.get(row["status"], row["status"]),
            total_sek=row["total_sek"],
            requested_sek=row["requested_sek"],
            granted_sek=row["granted_sek"],
            submitted_on=row["submitted_on"],
            decision_on=row["decision_on"],
        )
        for row in rows
    ]
    return sorted(lines, key=lambda a: (a.submitted_on or dt.date.min, a.title), reverse=True)


def _memberships(snapshot, year: int, unit_names) -> list[MembershipLine]:
    data = snapshot.data
    day = metrics.reference_day(data, year)
    lines = []
    for m in data.memberships:
        if not (m.active_in(year) or m.status == MembershipStatus.PROPOSED):
            continue
        row = snapshot.memberships[m.id]
        active = m.active_on(day)
        on_time = active and metrics.reviewed_on_time(m, day, data.review_interval_months)
        due = metrics.review_due(m, day, data.review_interval_months)
        if m.status == MembershipStatus.PROPOSED:
            state = "Föreslaget, ej beslutat"
        elif not active:
            state = "Avslutat"
        elif on_time:
            state = "Prövat i tid"
        elif due is None:
            state = "Prövning ej planerad"
        else:
            state = f"Prövning försenad (skulle ske senast {due.isoformat()})"
        lines.append(
            MembershipLine(
                organisation=row["organisation"],
                scope=str(MembershipScope(row["scope"]).label),
                status=str(MembershipStatus(row["status"]).label),
                unit=unit_names.get(row["unit_id"], ""),
                country=row["country__name_sv"] or "",
                started_on=row["started_on"],
                annual_fee_sek=row["annual_fee_sek"],
                last_reviewed_on=row["last_reviewed_on"],
                next_review_on=row["next_review_on"],
                review_state=state,
                reviewed_on_time=on_time,
                active=active,
            )
        )
    return sorted(lines, key=lambda m: m.organisation.casefold())


def _partnerships(snapshot, year: int, unit_names) -> list[PartnershipLine]:
    kinds = [k for k, _ in PartnershipKind.choices]
    lines = []
    for p in snapshot.data.partnerships:
        if not (p.active_in(year) or p.status == PartnershipStatus.PROPOSED):
            continue
        row = snapshot.partnerships[p.id]
        place = ", ".join(x for x in (row["counterpart_city"], row["country__name_sv"]) if x)
        lines.append(
            PartnershipLine(
                kind=str(PartnershipKind(row["kind"]).label),
                kind_key=row["kind"],
                title=row["title"],
                counterpart=row["counterpart"],
                place=place,
                status=str(PartnershipStatus(row["status"]).label),
                active=row["status"] == PartnershipStatus.ACTIVE,
                started_on=row["started_on"],
                ends_on=row["ends_on"],
                stated_benefit=row["stated_benefit"],
                unit=unit_names.get(row["unit_id"], ""),
            )
        )
    return sorted(lines, key=lambda p: (kinds.index(p.kind_key), p.counterpart.casefold()))


def _visits(snapshot, year: int, unit_names) -> list[VisitLine]:
    lines = []
    for row in snapshot.visits.values():
        if row["starts_on"].year != year:
            continue
        place = ", ".join(x for x in (row["city"], row["country__name_sv"]) if x)
        lines.append(
            VisitLine(
                starts_on=row["starts_on"],
                title=row["title"],
                kind=str(VisitKind(row["kind"]).label),
                direction=str(VisitDirection(row["direction"]).label),
                counterpart=row["counterpart"],
                place=place,
                unit=unit_names.get(row["unit_id"], ""),
                participants=row["children_young_participants"]
                + row["staff_participants"]
                + row["elected_participants"]
                + row["other_participants"],
            )
        )
    return sorted(lines, key=lambda v: (v.starts_on, v.title))


def _visit_kinds(snapshot, year: int) -> list[VisitKindCount]:
    counts: dict[str, Counter] = defaultdict(Counter)
    for v in snapshot.data.visits:
        if v.starts_on.year == year:
            counts[v.kind][v.direction] += 1
    return [
        VisitKindCount(str(label), counts[kind]["incoming"], counts[kind]["outgoing"])
        for kind, label in VisitKind.choices
        if counts[kind]
    ]


def _obligations(figures: selectors.ObligationFigures | None) -> ObligationSummary | None:
    if figures is None:
        return None
    return ObligationSummary(
        done=figures.done,
        done_late=figures.done_late,
        open=figures.open,
        overdue=figures.overdue,
        waived=figures.waived,
        overdue_items=[
            (item["title"], item.get("responsible_unit__name") or "", item["due_on"])
            for item in figures.overdue_items
        ],
    )


def _goals(data: RegisterData, policy, manual, years: list[int]) -> list[GoalLine]:
    indicators_by_goal: dict[int, list] = defaultdict(list)
    for indicator in policy.indicators:
        indicators_by_goal[indicator.goal_id].append(indicator)
    goals = []
    for goal in policy.goals:
        lines = []
        for indicator in indicators_by_goal[goal.pk]:
            if indicator.kind == "derived" and indicator.metric in metrics.METRICS:
                values = series(indicator.metric, data, years)
                unit = indicator.unit or DERIVED_METRIC_UNITS.get(indicator.metric, "")
            else:
                values = {
                    y: manual[(indicator.pk, y)].value if (indicator.pk, y) in manual else None
                    for y in years
                }
                unit = indicator.unit
            lines.append(
                IndicatorLine(
                    id=indicator.pk,
                    name=indicator.name,
                    kind=indicator.kind,
                    metric=indicator.metric,
                    unit=unit,
                    baseline=indicator.baseline,
                    baseline_year=indicator.baseline_year,
                    target=indicator.target,
                    target_year=indicator.target_year,
                    direction=DIRECTIONS.get(indicator.direction, indicator.direction),
                    values=values,
                    assessment=assess(
                        values,
                        baseline=indicator.baseline,
                        target=indicator.target,
                        direction=indicator.direction,
                    ),
                )
            )
        goals.append(
            GoalLine(
                name=goal.name,
                area=goal.priority_area.name if goal.priority_area else "",
                indicators=lines,
            )
        )
    return goals


def _lessons(snapshot, year: int, unit_names) -> list[LessonLine]:
    lines = []
    for a in snapshot.data.applications:
        if not (a.status == "closed" and a.has_lessons and a.ends_on):
            continue
        if a.ends_on.year > year or a.ends_on.year <= year - YEARS_BACK:
            continue
        row = snapshot.applications[a.id]
        lines.append(
            LessonLine(
                title=row["title"],
                unit=unit_names.get(row["unit_id"], ""),
                ends_on=a.ends_on,
                lessons=row["lessons_learned"].strip(),
                handover=row["operations_handover"].strip(),
            )
        )
    return sorted(lines, key=lambda line: (line.ends_on, line.title), reverse=True)


def _finished_projects(snapshot, year: int, unit_names) -> list[ProjectResult]:
    lines = []
    for a in snapshot.data.applications:
        if a.status != "closed" or not a.ends_on or a.ends_on.year > year:
            continue
        if a.ends_on.year <= year - YEARS_BACK:
            continue
        row = snapshot.applications[a.id]
        lines.append(
            ProjectResult(
                title=row["title"],
                unit=unit_names.get(row["unit_id"], ""),
                programme=row["programme"],
                starts_on=a.starts_on,
                ends_on=a.ends_on,
                granted_sek=a.granted_sek,
                results=row["results"].strip(),
            )
        )
    return sorted(lines, key=lambda p: (p.ends_on, p.title), reverse=True)
