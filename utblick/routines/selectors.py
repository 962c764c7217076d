"""Reads for the routines' pages: obligations, notifications, the profile, each scoped to the
actor's municipality (through `utblick.core.access`) in a fixed number of queries.

Also the two hooks the web uses without knowing the routines: `record_obligations` (the open
obligations about a record, for its register page) and `with_unread_notifications` (the
header's count, joined into the access decorator's query of the user's roles).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse

from utblick.core.access import Actor, Role, get_for_actor, scoped
from utblick.core.models import page_url
from utblick.organisation.models import Person, Unit
from utblick.policy.models import ProfileVersion, Routine, SteeringDocument
from utblick.policy.vocabulary import registers
from utblick.registers.models import FundingApplication, Matter
from utblick.routines.engine import facts as f
from utblick.routines.engine import sync
from utblick.routines.models import IN_BACKLOG, Notification, NotificationPreference, Obligation

# The records obligations may be about (the engine's labels: app_label.model).
RECORD_LABELS = frozenset(register.model for register in registers().values())
# The matter's link to each kind of record an obligation may be about.
MATTER_SUBJECT = {
    f.APPLICATION: "application",
    f.MEMBERSHIP: "membership",
    f.PARTNERSHIP: "partnership",
    f.VISIT: "visit",
}
EVIDENCE_MATTER_LIMIT = 200


# --- who may do what -------------------------------------------------------------------------


def may_act(actor: Actor, obligation: Obligation) -> bool:
    """Coordinators and administrators on every obligation; unit editors on their units'."""
    if obligation.municipality_id != actor.municipality.pk or not actor.can_write_anything:
        return False
    if actor.covers_whole_municipality:
        return True
    return actor.role == Role.UNIT_EDITOR and obligation.responsible_unit_id in actor.unit_ids


def may_draft_information_matter(actor: Actor, application: FundingApplication) -> bool:
    """Those who may change the application may download the draft to the executive board."""
    return actor.can_write_anything and (
        actor.covers_whole_municipality or actor.may_edit(application)
    )


# --- links -----------------------------------------------------------------------------------


def record_url(obligation: Obligation) -> str:
    """The register page of the record the obligation is about ('' when it has none)."""
    content_type = obligation.content_type
    if content_type is None or obligation.object_id is None:
        return ""
    return page_url(content_type.model_class(), obligation.object_id)


def ref_url(model_label: str, object_id: int | None) -> str:
    """A register page from the engine's record reference (`registers.fundingapplication`, 42)."""
    from django.apps import apps

    if not object_id:
        return ""
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError):
        return ""
    return page_url(model, object_id)


def is_overdue(obligation: Obligation, today: dt.date) -> bool:
    return obligation.status == sync.OPEN and bool(obligation.due_on and obligation.due_on < today)


# --- the list --------------------------------------------------------------------------------


@dataclass
class Filters:
    status: str = sync.OPEN  # a status, or "" for every status
    kind: str = ""
    unit_ids: set[int] | None = None
    routine_id: int | None = None
    requirement: str = ""
    overdue: bool = False
    due_on: dt.date | None = None  # one day (the calendar links a day's obligations here)
    backlog: bool = False  # the backlog only; otherwise the backlog is left out
    mine: bool = False  # "Mina åtgärder": the actor's own (see `mine`)


@dataclass
class Choices:
    """The list's filter choices: two queries (units, routines)."""

    units: list[Unit]
    routines: list[Routine]

    def subtree(self, unit_id: int) -> set[int]:
        """The unit and those below it (a committee and its administration), from memory."""
        children: dict[int | None, list[int]] = {}
        for unit in self.units:
            children.setdefault(unit.parent_id, []).append(unit.pk)
        found, frontier = {unit_id}, [unit_id]
        while frontier:
            below = [c for p in frontier for c in children.get(p, ()) if c not in found]
            found.update(below)
            frontier = below
        return found

    @property
    def requirements(self) -> list[str]:
        found = {r.requirement for r in self.routines if r.requirement}
        return sorted(
            found, key=lambda code: (code[:1], int(code[1:]) if code[1:].isdigit() else 0)
        )


def filter_choices(actor: Actor) -> Choices:
    units = scoped(Unit, actor).filter(archived_at__isnull=True)
    if actor.role == Role.UNIT_EDITOR:
        units = units.filter(pk__in=actor.unit_ids)
    routines = scoped(Routine, actor).order_by(F("retired_at").asc(nulls_first=True), "order")
    return Choices(
        units=list(units.only("pk", "name", "parent_id").order_by("name")),
        routines=list(routines.only("pk", "key", "requirement", "description", "retired_at")),
    )


def obligations_visible(actor: Actor) -> models.QuerySet[Obligation]:
    """The municipality's obligations a list shows the actor: a unit editor its units' only."""
    queryset = scoped(Obligation, actor)
    if actor.role == Role.UNIT_EDITOR:
        queryset = queryset.filter(responsible_unit_id__in=actor.unit_ids)
    return queryset


def own_units(actor: Actor):
    """The actor's own units: a unit editor's units; otherwise the units of the people
    registered for the actor's account (ids, or a subquery of them)."""
    if actor.role == Role.UNIT_EDITOR:
        return actor.unit_ids
    return Person.objects.filter(
        municipality=actor.municipality, user_id=actor.user_id, unit__isnull=False
    ).values("unit_id")


def mine(actor: Actor) -> Q:
    """The actor's own obligations: those naming the actor as responsible person, and those
    of the actor's own units (`own_units`) that name nobody."""
    own = Q(responsible_person__user_id=actor.user_id)
    units = Q(responsible_unit_id__in=own_units(actor))
    return own | (units & Q(responsible_person__isnull=True))


def backlog_count(actor: Actor) -> int:
    return obligations_visible(actor).filter(IN_BACKLOG).count()


def obligations_list(actor: Actor, filters: Filters, today: dt.date) -> models.QuerySet[Obligation]:
    """Sorted by due date (undated last); the record's type joined for its link."""
    queryset = obligations_visible(actor)
    queryset = queryset.filter(IN_BACKLOG) if filters.backlog else queryset.current()
    if filters.mine:
        queryset = queryset.filter(mine(actor))
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.unit_ids is not None:
        queryset = queryset.filter(responsible_unit_id__in=filters.unit_ids)
    if filters.routine_id:
        queryset = queryset.filter(routine_id=filters.routine_id)
    if filters.requirement:
        queryset = queryset.filter(requirement=filters.requirement)
    if filters.overdue:
        queryset = queryset.filter(status=sync.OPEN, due_on__lt=today)
    if filters.due_on:
        queryset = queryset.filter(due_on=filters.due_on)
    return queryset.select_related(
        "routine", "responsible_unit", "responsible_person", "content_type"
    ).order_by(F("due_on").asc(nulls_last=True), "pk")


def document_titles(actor: Actor) -> dict[str, str]:
    """The steering documents' titles by key; '' names the first (the main document), for
    routines that name none. One query."""
    titles: dict[str, str] = {}
    rows = scoped(SteeringDocument, actor).filter(retired_at__isnull=True).order_by("order", "pk")
    for key, title in rows.values_list("key", "title"):
        titles.setdefault("", title)
        titles[key] = title
    return titles


def people_to_assign(actor: Actor) -> list[Person]:
    """The people an obligation may be given to: the municipality's current people (one
    query), those of the actor's units first for a unit editor."""
    people = scoped(Person, actor).filter(archived_at__isnull=True).select_related("unit")
    if actor.role == Role.UNIT_EDITOR:
        people = people.filter(unit_id__in=actor.unit_ids)
    # Only what the choice shows (the largest organisation has hundreds of people).
    return list(people.only("name", "unit_id", "unit__name").order_by("name", "pk"))


# --- one obligation --------------------------------------------------------------------------


def obligation_get(actor: Actor, pk) -> Obligation:
    """An obligation of the actor's municipality with what its page shows; else 404."""
    queryset = scoped(Obligation, actor).select_related(
        "routine",
        "responsible_unit",
        "responsible_person",
        "content_type",
        "evidence_matter",
        "done_by",
    )
    return get_for_actor(Obligation, actor, pk, queryset=queryset)


def obligation_for_write(actor: Actor, pk) -> Obligation:
    return get_for_actor(Obligation, actor, pk)


@dataclass
class MatterChoices:
    """The matters offered as evidence: those about the obligation's record first (one query)."""

    about: list[Matter] = field(default_factory=list)
    others: list[Matter] = field(default_factory=list)

    @property
    def by_pk(self) -> dict[int, Matter]:
        return {m.pk: m for m in (*self.about, *self.others)}


def evidence_matters(actor: Actor, obligation: Obligation) -> MatterChoices:
    queryset = scoped(Matter, actor).filter(archived_at__isnull=True)
    label = (
        f"{obligation.content_type.app_label}.{obligation.content_type.model}"
        if obligation.content_type_id
        else ""
    )
    subject = MATTER_SUBJECT.get(label)
    if subject and obligation.object_id:
        about = Case(
            When(**{f"{subject}_id": obligation.object_id}, then=Value(0)),
            default=Value(1),
            output_field=models.IntegerField(),
        )
    else:
        about = Value(1, output_field=models.IntegerField())
    rows = (
        queryset.annotate(about=about)
        .only("pk", "title", "registry_number", "decided_on", "initiated_on")
        .order_by(
            "about",
            F("decided_on").desc(nulls_last=True),
            F("initiated_on").desc(nulls_last=True),
            "-pk",
        )[:EVIDENCE_MATTER_LIMIT]
    )
    choices = MatterChoices()
    for matter in rows:
        (choices.about if matter.about == 0 else choices.others).append(matter)
    return choices


def information_matter_application(actor: Actor, obligation: Obligation):
    """The application whose information matter the obligation asks for (one query, only for
    that rule's obligations), or None."""
    content_type = obligation.content_type
    if not obligation.routine.asks_for_information_matter or content_type is None:
        return None
    if f"{content_type.app_label}.{content_type.model}" != f.APPLICATION:
        return None
    if not actor.can_write_anything:
        return None  # readers are offered no draft: no need to look
    return scoped(FundingApplication, actor).filter(pk=obligation.object_id).first()


def application_get(actor: Actor, pk) -> FundingApplication:
    queryset = scoped(FundingApplication, actor).select_related("unit", "municipality")
    return get_for_actor(FundingApplication, actor, pk, queryset=queryset)


# --- obligations on a record's page ----------------------------------------------------------


@dataclass
class RecordObligationRow:
    obligation: Obligation
    url: str
    overdue: bool
    conflict: bool


@dataclass
class RecordObligations:
    """What a register page shows about its record's obligations (the web renders it)."""

    rows: list[RecordObligationRow]
    closed: int
    list_url: str
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, url)

    def __bool__(self) -> bool:
        return bool(self.rows or self.links)


def record_obligations(actor: Actor, record, today: dt.date) -> RecordObligations | None:
    """The record's open obligations and policy conflicts (one query); None for a record no
    routine is about (matters, people …), which then costs nothing."""
    label = record._meta.label_lower
    if label not in RECORD_LABELS or record.pk is None:
        return None
    app_label, model = label.split(".")
    found = list(
        scoped(Obligation, actor)
        .filter(content_type__app_label=app_label, content_type__model=model, object_id=record.pk)
        .select_related("routine", "responsible_unit")
        .order_by(F("due_on").asc(nulls_last=True), "pk")
    )
    rows = [
        RecordObligationRow(
            obligation=o,
            url=reverse("routines:obligation_detail", args=[o.pk]),
            overdue=is_overdue(o, today),
            conflict=o.is_conflict,
        )
        for o in found
        if o.status == sync.OPEN
    ]
    links = []
    if (
        label == f.APPLICATION
        and any(o.routine.asks_for_information_matter and o.status != sync.LAPSED for o in found)
        and may_draft_information_matter(actor, record)
    ):
        from django.utils.translation import gettext

        links.append(
            (
                gettext("Ladda ner utkast till informationsärende (Word)"),
                reverse("routines:information_matter", args=[record.pk]),
            )
        )
    return RecordObligations(
        rows=rows,
        closed=len(found) - len(rows),
        list_url=reverse("routines:obligation_list"),
        links=links,
    )


# --- notifications ---------------------------------------------------------------------------


def with_unread_notifications(assignments: models.QuerySet) -> models.QuerySet:
    """The user's role assignments, each with its municipality's unread notifications as
    `unread_notifications` — a subquery in the same statement, not another query."""
    unread = (
        Notification.objects.filter(
            recipient_id=OuterRef("user_id"),
            municipality_id=OuterRef("municipality_id"),
            read_at__isnull=True,
        )
        .order_by()
        .values("recipient_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return assignments.annotate(
        unread_notifications=Coalesce(Subquery(unread, output_field=models.IntegerField()), 0)
    )


def notifications_for(actor: Actor) -> models.QuerySet[Notification]:
    """The actor's notifications in the current municipality, newest first."""
    return Notification.objects.filter(
        recipient_id=actor.user_id, municipality=actor.municipality
    ).order_by("-created_at", "-pk")


def notification_get(actor: Actor, pk) -> Notification:
    try:
        return notifications_for(actor).get(pk=pk)
    except (Notification.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def unread_notifications(actor: Actor) -> list[Notification]:
    return list(notifications_for(actor).filter(read_at__isnull=True))


def daily_digest_chosen(actor: Actor) -> bool:
    return NotificationPreference.objects.filter(
        user_id=actor.user_id, municipality=actor.municipality, daily_digest=True
    ).exists()


# --- the policy profile ----------------------------------------------------------------------


def current_profile_version(actor: Actor) -> ProfileVersion | None:
    return (
        scoped(ProfileVersion, actor)
        .filter(is_current=True)
        .select_related("loaded_by")
        .defer("source")
        .first()
    )


def profile_versions(actor: Actor) -> list[ProfileVersion]:
    """Every version the organisation has loaded, newest first, with who loaded it."""
    return list(
        scoped(ProfileVersion, actor)
        .select_related("loaded_by")
        .defer("source", "summary", "keywords", "replaces")
        .order_by("-number")
    )


def profile_version(actor: Actor, number: int) -> ProfileVersion:
    """One version of the organisation's profile, its text included, or 404."""
    found = scoped(ProfileVersion, actor).filter(number=number).select_related("loaded_by").first()
    if found is None:
        raise Http404("no such profile version")
    return found


def current_profile_source(actor: Actor) -> ProfileVersion | None:
    return (
        scoped(ProfileVersion, actor)
        .filter(is_current=True)
        .only("pk", "number", "source", "source_name", "municipality")
        .first()
    )
