"""The figures a unit report is pre-filled with: the unit's records of one period. No Django."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from .metrics import whole
from .periods import PeriodDates
from .rows import CONFERENCE_HOSTED, GRANTED_STATUSES, INCOMING, STUDY_VISIT, RegisterData


@dataclass(frozen=True)
class PeriodFigures:
    applications_submitted: int
    applied_sek: Decimal
    applications_granted: int
    granted_sek: Decimal
    projects_running: int
    visits: int
    conferences_hosted: int
    study_visits_received: int
    activities: int
    activities_done: int
    children_young: int
    staff: int
    elected: int

    def as_json(self) -> dict[str, Any]:
        """JSON-safe: kronor as whole-krona strings."""
        return {
            key: str(value) if isinstance(value, Decimal) else value
            for key, value in asdict(self).items()
        }


def gettext_noop(label: str) -> str:
    """Marks a label for the translation catalogue (makemessages) without importing Django."""
    return label


# Labels for the figures, in the order a report shows them: Swedish, as the documents print
# them; the unit report page translates them as it shows them.
LABELS = {
    "applications_submitted": gettext_noop("Inskickade ansökningar"),
    "applied_sek": gettext_noop("Sökt bidrag (kr)"),
    "applications_granted": gettext_noop("Beviljade ansökningar"),
    "granted_sek": gettext_noop("Beviljat bidrag (kr)"),
    "projects_running": gettext_noop("Pågående projekt"),
    "visits": gettext_noop("Besök, resor och evenemang"),
    "conferences_hosted": gettext_noop("Konferenser och möten i kommunen"),
    "study_visits_received": gettext_noop("Mottagna studiebesök"),
    "activities": gettext_noop("Aktiviteter i planen"),
    "activities_done": gettext_noop("Genomförda aktiviteter"),
    "children_young": gettext_noop("Barn och unga som deltagit"),
    "staff": gettext_noop("Medarbetare som deltagit"),
    "elected": gettext_noop("Förtroendevalda som deltagit"),
}
MONEY_FIELDS = frozenset({"applied_sek", "granted_sek"})


def period_figures(data: RegisterData, period: PeriodDates) -> PeriodFigures:
    """Count `data` (already limited to one unit's records) within the period's dates.

    Activities belong to a plan year: the period's activities are those of its year.
    """
    submitted = [a for a in data.applications if period.contains(a.submitted_on)]
    granted = [
        a
        for a in data.applications
        if a.status in GRANTED_STATUSES and period.contains(a.decision_on or a.starts_on)
    ]
    started = [
        a
        for a in data.applications
        if a.status in GRANTED_STATUSES and period.contains(a.starts_on)
    ]
    running = [
        a
        for a in data.applications
        if a.status in GRANTED_STATUSES
        and a.starts_on
        and a.starts_on <= period.end
        and (a.ends_on is None or a.ends_on >= period.start)
    ]
    visits = [v for v in data.visits if period.contains(v.starts_on)]
    activities = [a for a in data.activities if a.year == period.start.year]
    took_place = [a for a in activities if a.took_place]

    def people(attribute: str, *, with_activities: bool = True) -> int:
        total: int = sum(getattr(r, attribute) for r in started)
        total += sum(getattr(r, attribute) for r in visits)
        if with_activities:
            total += sum(getattr(r, attribute) for r in took_place)
        return total

    return PeriodFigures(
        applications_submitted=len(submitted),
        applied_sek=whole(sum((a.requested_sek or 0 for a in submitted), start=Decimal(0))),
        applications_granted=len(granted),
        granted_sek=whole(sum((a.granted_sek or 0 for a in granted), start=Decimal(0))),
        projects_running=len(running),
        visits=len(visits),
        conferences_hosted=sum(1 for v in visits if v.kind == CONFERENCE_HOSTED),
        study_visits_received=sum(
            1 for v in visits if v.kind == STUDY_VISIT and v.direction == INCOMING
        ),
        activities=len(activities),
        activities_done=sum(1 for a in activities if a.status == "done"),
        children_young=people("children_young"),
        staff=people("staff"),
        elected=people("elected", with_activities=False),
    )
