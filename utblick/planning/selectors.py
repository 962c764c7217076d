"""Reads for the plans: each unit's yearly plan and the common action plan (L3, M4, E3).

A fixed number of queries whatever the number of activities (pinned in the tests).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from utblick.core.access import Actor, scoped
from utblick.organisation.models import Unit
from utblick.planning.models import Activity, ActivityStatus
from utblick.policy.models import PriorityArea


@dataclass
class UnitPlan:
    unit: Unit
    activities: list[Activity] = field(default_factory=list)


@dataclass
class AreaPlan:
    area: PriorityArea | None  # None: activities linked to no priority area
    units: list[UnitPlan] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(u.activities) for u in self.units)


@dataclass
class ActionPlan:
    year: int
    areas: list[AreaPlan]
    total: int
    by_status: dict[str, int]
    units: list[Unit]

    @property
    def status_counts(self) -> list[tuple[str, str, int]]:
        return [(key, label, self.by_status.get(key, 0)) for key, label in ActivityStatus.choices]


def plan_years(actor: Actor) -> list[int]:
    return sorted(
        set(
            scoped(Activity, actor)
            .filter(archived_at__isnull=True)
            .order_by()
            .values_list("year", flat=True)
            .distinct()
        ),
        reverse=True,
    )


def action_plan(actor: Actor, year: int, *, unit_id: int | None = None) -> ActionPlan:
    """The year's activities grouped by priority area, then by unit (5 queries)."""
    activities = (
        scoped(Activity, actor)
        .filter(year=year, archived_at__isnull=True)
        .select_related("unit", "owner")
        .prefetch_related("priority_areas", "commitments", "goals")
        .order_by("unit__name", "starts_on", "title", "pk")
    )
    if unit_id:
        activities = activities.filter(unit_id=unit_id)
    activities = list(activities)
    areas = list(scoped(PriorityArea, actor).filter(retired_at__isnull=True).order_by("order"))
    grouped: dict[int | None, dict[int, UnitPlan]] = defaultdict(dict)
    by_status: dict[str, int] = defaultdict(int)
    units: dict[int, Unit] = {}
    for activity in activities:
        by_status[activity.status] += 1
        units[activity.unit_id] = activity.unit
        linked = [a.pk for a in activity.priority_areas.all()] or [None]
        for area_id in linked:
            plan = grouped[area_id].setdefault(activity.unit_id, UnitPlan(activity.unit))
            plan.activities.append(activity)
    result = [AreaPlan(area, list(grouped[area.pk].values())) for area in areas if grouped[area.pk]]
    if grouped[None]:
        result.append(AreaPlan(None, list(grouped[None].values())))
    return ActionPlan(
        year=year,
        areas=result,
        total=len(activities),
        by_status=dict(by_status),
        units=sorted(units.values(), key=lambda u: u.name),
    )
