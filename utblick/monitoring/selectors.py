"""Reads for monitoring and funding discovery. Tenant records come through core.access only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404

from utblick.core.access import Actor, get_for_actor, reference, scoped
from utblick.monitoring.call_index import call_index_current, call_text
from utblick.monitoring.matching import (
    Match,
    build_query,
    excluded,
    priority_text,
)
from utblick.monitoring.models import (
    CalendarFeed,
    CallAssessment,
    CallStatus,
    FundingCall,
    MonitoringItem,
    SharedOpportunity,
)
from utblick.organisation.models import RegionalNetwork, Unit
from utblick.policy.models import Goal, PriorityArea
from utblick.registers.models import FundingApplication

# --- Calls ---------------------------------------------------------------------------------


def calls_list(
    *,
    today: dt.date,
    status: str = "",
    programme: int | None = None,
    q: str = "",
    current_only: bool = True,
) -> QuerySet[FundingCall]:
    calls = reference(FundingCall).select_related("programme")
    if current_only and status != CallStatus.CLOSED:
        calls = calls.current(today)
    if status:
        calls = calls.filter(status=status)
    if programme:
        calls = calls.filter(programme_id=programme)
    if q:
        calls = calls.filter(
            Q(title__icontains=q) | Q(identifier__icontains=q) | Q(call_title__icontains=q)
        )
    return calls.order_by("final_deadline", "deadline", "identifier")


def call_get(pk) -> FundingCall:
    try:
        return reference(FundingCall).select_related("programme").get(pk=pk)
    except (FundingCall.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def assessment_for(actor: Actor, call: FundingCall) -> CallAssessment | None:
    return scoped(CallAssessment, actor).select_related("routed_to").filter(call=call).first()


def assessments_by_call(actor: Actor, call_ids: Iterable[int]) -> dict[int, CallAssessment]:
    found = scoped(CallAssessment, actor).filter(call_id__in=list(call_ids))
    return {a.call_id: a for a in found.select_related("routed_to")}


def applications_from_call(actor: Actor, call: FundingCall) -> QuerySet[FundingApplication]:
    return scoped(FundingApplication, actor).filter(call_identifier=call.identifier)


def units_for(actor: Actor) -> QuerySet[Unit]:
    return scoped(Unit, actor).filter(archived_at__isnull=True).order_by("name")


def units_actor_may_create_for(actor: Actor) -> QuerySet[Unit]:
    units = units_for(actor)
    return units if actor.covers_whole_municipality else units.filter(pk__in=actor.unit_ids)


# --- Matching ------------------------------------------------------------------------------

MATCH_TARGETS = ("area", "commitment", "goal", "unit")


@dataclass
class RankedCalls:
    target_kind: str
    target_id: int
    label: str
    text: str
    matches: list[tuple[FundingCall, Match]] = field(default_factory=list)


def _area_text(area: PriorityArea, goals: Iterable[Goal]) -> str:
    return priority_text(
        area.name,
        area.description,
        [c.text for c in area.commitments.all() if c.retired_at is None],
        [f"{g.name}\n{g.description}" for g in goals],
        area.tags or (),
    )


def ordered_areas(queryset):
    """Priority areas in the document's order of priority (`rank`), then as written."""
    return sorted(queryset, key=lambda a: (a.rank is None, a.rank or 0, a.order, a.pk))


def match_targets(actor: Actor) -> list[tuple[str, int, str, str]]:
    """(kind, id, label, Swedish text) for every priority area, commitment, goal and unit;
    the areas in their order of priority."""
    areas = ordered_areas(
        scoped(PriorityArea, actor).filter(retired_at__isnull=True).prefetch_related("commitments")
    )
    goals = list(scoped(Goal, actor).filter(retired_at__isnull=True).order_by("order"))
    names = {area.pk: area.name for area in areas}
    targets = [
        ("area", a.pk, a.name, _area_text(a, [g for g in goals if g.priority_area_id == a.pk]))
        for a in areas
    ]
    for area in areas:
        for commitment in area.commitments.all():
            if commitment.retired_at is None:
                targets.append(
                    (
                        "commitment",
                        commitment.pk,
                        commitment.text,
                        f"{area.name}\n{commitment.text}",
                    )
                )
    for goal in goals:
        context = names.get(goal.priority_area_id, "")
        targets.append(("goal", goal.pk, goal.name, f"{context}\n{goal.name}\n{goal.description}"))
    for unit in units_for(actor):
        targets.append(("unit", unit.pk, unit.name, f"{unit.name} {unit.short_name}"))
    return targets


def ranked_calls(
    actor: Actor,
    *,
    today: dt.date,
    kinds: Iterable[str] = ("area",),
    only: tuple[str, int] | None = None,
    limit: int = 5,
    targets: list[tuple[str, int, str, str]] | None = None,
) -> list[RankedCalls]:
    """The current calls ranked for each target (by default each priority area); `targets`
    are `match_targets(actor)` where the caller has them already."""
    index = call_index_current(today)  # built once per import, shared
    wanted = set(kinds)
    exclusions = dict(
        scoped(PriorityArea, actor).exclude(exclude_terms=[]).values_list("pk", "exclude_terms")
    )
    found = []
    for kind, pk, label, text in match_targets(actor) if targets is None else targets:
        if only is not None and (kind, pk) != only:
            continue
        if only is None and kind not in wanted:
            continue
        terms = exclusions.get(pk, ()) if kind == "area" else ()
        # A few more than asked for, so that excluded calls do not shorten the list.
        query = build_query(text, own_names=(actor.municipality.name,))
        matches = index.rank(query, limit=limit + 10 if terms else limit)
        found.append((RankedCalls(kind, pk, label, text), terms, matches))
    if only is not None and not found:
        raise Http404("no such target")
    # Only the calls some target matched are read, all at once.
    calls = (
        reference(FundingCall)
        .select_related("programme")
        .in_bulk({match.key for _ranked, _terms, matches in found for match in matches})
    )
    out = []
    for ranked, terms, matches in found:
        for match in matches:
            call = calls.get(match.key)
            if call is None or (terms and excluded(call_text(call), terms)):
                continue
            if len(ranked.matches) < limit:
                ranked.matches.append((call, match))
        out.append(ranked)
    return out


# --- Monitoring items ----------------------------------------------------------------------


def monitoring_items(actor: Actor, *, kind: str = "", status: str = "", archived: bool = False):
    items = scoped(MonitoringItem, actor).filter(archived_at__isnull=not archived)
    if kind:
        items = items.filter(kind=kind)
    if status:
        items = items.filter(status=status)
    return (
        items.select_related("unit")
        .prefetch_related("units_concerned")
        .order_by("due_on", "title", "pk")
    )


def monitoring_item(actor: Actor, pk) -> MonitoringItem:
    queryset = (
        scoped(MonitoringItem, actor)
        .select_related("unit", "created_by")
        .prefetch_related("units_concerned", "priority_areas", "commitments", "goals")
    )
    return get_for_actor(MonitoringItem, actor, pk, queryset=queryset)


# --- Regional networks ---------------------------------------------------------------------


def networks_of(actor: Actor) -> QuerySet[RegionalNetwork]:
    """The regional networks the actor's municipality belongs to."""
    return actor.municipality.regional_networks.order_by("name")


def shared_with(actor: Actor) -> QuerySet[SharedOpportunity]:
    """What was shared in the networks the actor's municipality belongs to (its own included)."""
    return (
        SharedOpportunity.objects.filter(network__members=actor.municipality)
        .select_related("network", "shared_by", "call", "created_by")
        .distinct()
        .order_by("-created_at", "-id")
    )


def has_calendar_feed(actor: Actor) -> bool:
    return CalendarFeed.objects.filter(
        user_id=actor.user_id, municipality=actor.municipality, revoked_at__isnull=True
    ).exists()


def scoped_area_key(actor: Actor, pk: int) -> str:
    return scoped(PriorityArea, actor).values_list("key", flat=True).get(pk=pk)
