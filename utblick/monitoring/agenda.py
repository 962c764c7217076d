"""The municipality's calendar: deadlines of calls it follows, application deadlines, visits,
obligations, monitoring items' response dates and the
reporting calendar's due dates. Read for one actor and a range of days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import groupby
from zoneinfo import ZoneInfo

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from utblick.core.access import Actor, scoped
from utblick.monitoring import ical
from utblick.monitoring.models import CallAssessment, MonitoringItem, Verdict
from utblick.policy.models import ReportingPeriod
from utblick.registers import lifecycle
from utblick.registers.models import FundingApplication, Visit
from utblick.routines.models import Obligation
from utblick.routines.selectors import mine, own_units

BRUSSELS = ZoneInfo("Europe/Brussels")
# A day with more open obligations than this shows their number, linked to the day's list.
OBLIGATIONS_PER_DAY = 5

KIND_LABELS = {
    "call": gettext_lazy("Utlysning"),
    "application": gettext_lazy("Ansökan"),
    "visit": gettext_lazy("Besök"),
    "obligation": gettext_lazy("Åtgärd"),
    "monitoring": gettext_lazy("Bevakning"),
    "report": gettext_lazy("Rapportering"),
}


@dataclass(frozen=True)
class Entry:
    kind: str
    uid: str
    date: dt.date
    title: str
    url: str = ""
    detail: str = ""
    end_date: dt.date | None = None  # last day, for events over several days
    time: dt.time | None = None  # Brussels time (call deadlines)

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def iso_week(self) -> int:
        return self.date.isocalendar().week

    def ical_event(self, site_url: str) -> ical.Event:
        if self.time is not None:
            start = dt.datetime.combine(self.date, self.time, tzinfo=BRUSSELS)
            event_start: dt.date | dt.datetime = start
            end: dt.date | dt.datetime | None = start
        else:
            event_start = self.date
            end = (self.end_date or self.date) + dt.timedelta(days=1)
        return ical.Event(
            uid=f"{self.uid}@utblick",
            summary=self.title,
            start=event_start,
            end=end,
            description=self.detail,
            url=f"{site_url.rstrip('/')}{self.url}" if self.url else "",
            categories=(self.kind_label,),
        )


def entries(actor: Actor, start: dt.date, end: dt.date, *, own: bool = False) -> list[Entry]:
    """Everything on the municipality's calendar from `start` to `end` (inclusive), by date;
    `own`: the actor's own only (their obligations, their units' calls, applications, visits
    and monitoring items, and the reporting dates everyone has)."""
    units = own_units(actor) if own else None
    found = [
        *_call_deadlines(actor, start, end, units),
        *_application_deadlines(actor, start, end, units),
        *_visits(actor, start, end, units),
        *_obligations(actor, start, end, mine(actor) if own else None),
        *_monitoring(actor, start, end, units),
        *_reporting(actor, start, end),
    ]
    return sorted(found, key=lambda e: (e.date, e.time or dt.time(0), e.kind, e.title))


def feed(found: list[Entry], *, name: str) -> str:
    """The entries as an iCalendar document (RFC 5545)."""
    from django.conf import settings

    return ical.calendar(
        (entry.ical_event(settings.SITE_URL) for entry in found), name=name, stamp=timezone.now()
    )


def by_week(found: list[Entry]) -> list[tuple[int, list[tuple[dt.date, list[Entry]]]]]:
    """Entries grouped by ISO week and then by day, for the month view."""
    weeks = []
    for week, in_week in groupby(found, key=lambda e: e.date.isocalendar()[:2]):
        days = [(day, list(items)) for day, items in groupby(in_week, key=lambda e: e.date)]
        weeks.append((week[1], days))
    return weeks


def _call_deadlines(actor: Actor, start: dt.date, end: dt.date, units=None) -> Iterator[Entry]:
    followed = (
        scoped(CallAssessment, actor)
        .filter(archived_at__isnull=True)
        .filter(Q(verdict=Verdict.RELEVANT) | Q(routed_to__isnull=False))
        .filter(call__final_deadline__gte=start, call__deadline__lte=end)
        .select_related("call", "routed_to")
    )
    if units is not None:
        followed = followed.filter(routed_to_id__in=units)
    detail_url = _url_for("monitoring:call_detail")
    for assessment in followed:
        call = assessment.call
        deadlines = call.deadline_list
        for number, deadline in enumerate(deadlines, 1):
            if not start <= deadline.date <= end:
                continue
            if call.deadline_model == "two-stage":
                label = _("Sista dag steg %(n)s") % {"n": number}
            elif len(deadlines) > 1:
                label = _("Stoppdatum %(n)s av %(total)s") % {"n": number, "total": len(deadlines)}
            else:
                label = _("Sista ansökningsdag")
            detail = call.identifier
            if assessment.routed_to:
                detail += " – " + _("skickad till %(unit)s") % {"unit": assessment.routed_to.name}
            yield Entry(
                kind="call",
                uid=f"call-{call.pk}-{number}",
                date=deadline.date,
                time=deadline.time,
                title=f"{label}: {call.title}",
                url=detail_url(call.pk),
                detail=detail,
            )


def _application_deadlines(
    actor: Actor, start: dt.date, end: dt.date, units=None
) -> Iterator[Entry]:
    applications = _of_units(
        scoped(FundingApplication, actor).filter(
            archived_at__isnull=True,
            deadline__range=(start, end),
            status__in=(lifecycle.IDEA, lifecycle.PREPARING),
        ),
        units,
    )
    detail = _url_for("web:applications_detail")
    for application in applications.select_related("unit"):
        yield Entry(
            kind="application",
            uid=f"application-{application.pk}",
            date=application.deadline,
            title=_("Ansökan ska in: %(title)s") % {"title": application.title},
            url=detail(application.pk),
            detail=application.unit.name,
        )


def _visits(actor: Actor, start: dt.date, end: dt.date, units=None) -> Iterator[Entry]:
    visits = _of_units(
        scoped(Visit, actor)
        .filter(archived_at__isnull=True, starts_on__lte=end)
        .filter(Q(ends_on__gte=start) | Q(ends_on__isnull=True, starts_on__gte=start))
        .select_related("unit"),
        units,
    )
    detail = _url_for("web:visits_detail")
    for visit in visits:
        yield Entry(
            kind="visit",
            uid=f"visit-{visit.pk}",
            date=visit.starts_on,
            end_date=visit.ends_on,
            title=visit.title,
            url=detail(visit.pk),
            detail=", ".join(filter(None, [visit.get_direction_display(), visit.city])),
        )


def _obligations(actor: Actor, start: dt.date, end: dt.date, own: Q | None) -> Iterator[Entry]:
    """A day's open obligations one by one, or, where a day has more than
    OBLIGATIONS_PER_DAY, one entry with their number and a link to that day's list (the
    largest organisation has thousands a month, many on the same day); `own`: the actor's."""
    obligations = (  # the backlog (from before tracking) stays off it
        scoped(Obligation, actor).current().filter(due_on__range=(start, end), status="open")
    )
    if own is not None:
        obligations = obligations.filter(own)
    per_day = {
        row["due_on"]: row["n"]
        for row in obligations.values("due_on").annotate(n=Count("id")).order_by()
    }
    crowded = {day: n for day, n in per_day.items() if n > OBLIGATIONS_PER_DAY}
    if not per_day:
        return
    if crowded:
        day_list = _url_for("routines:obligation_list")
        for day, n in crowded.items():
            yield Entry(
                kind="obligation",
                uid=f"obligations-{day.isoformat()}",
                date=day,
                title=ngettext("%(n)s åtgärd förfaller", "%(n)s åtgärder förfaller", n) % {"n": n},
                url=f"{day_list()}?due={day.isoformat()}",
            )
    detail = _url_for("routines:obligation_detail")
    for obligation in (
        obligations.exclude(due_on__in=list(crowded))
        .select_related("responsible_unit")
        .only("pk", "title", "due_on", "responsible_unit__name")
    ):
        unit = obligation.responsible_unit
        yield Entry(
            kind="obligation",
            uid=f"obligation-{obligation.pk}",
            date=obligation.due_on,
            title=obligation.title,
            url=detail(obligation.pk),
            detail=unit.name if unit else "",
        )


def _monitoring(actor: Actor, start: dt.date, end: dt.date, units=None) -> Iterator[Entry]:
    items = _of_units(
        scoped(MonitoringItem, actor).filter(archived_at__isnull=True, due_on__range=(start, end)),
        units,
    )
    detail = _url_for("monitoring:item_detail")
    for item in items.exclude(status="closed"):
        yield Entry(
            kind="monitoring",
            uid=f"monitoring-{item.pk}",
            date=item.due_on,
            title=_("Svar senast: %(title)s") % {"title": item.title},
            url=detail(item.pk),
            detail=item.get_kind_display(),
        )


def _reporting(actor: Actor, start: dt.date, end: dt.date) -> Iterator[Entry]:
    periods = scoped(ReportingPeriod, actor).filter(retired_at__isnull=True)
    for period in periods:
        for year in range(start.year, end.year + 1):
            try:
                month, day = (int(part) for part in period.due.split("-"))
                due = dt.date(year, month, day)
            except ValueError:
                continue
            if start <= due <= end:
                yield Entry(
                    kind="report",
                    uid=f"report-{period.pk}-{year}",
                    date=due,
                    title=_("Rapport senast: %(name)s") % {"name": period.name},
                    detail=period.recipient,
                )


def _of_units(queryset, units):
    return queryset if units is None else queryset.filter(unit_id__in=units)


def _url_for(name: str) -> Callable[..., str]:
    """The URL of `name` for any primary key, reversed once (not once per entry); a function
    giving "" where the app is not installed."""
    from django.urls import NoReverseMatch

    marker = 2_147_000_001
    try:
        pattern = reverse(name, args=[marker])
    except NoReverseMatch:
        try:
            plain = reverse(name)
        except NoReverseMatch:
            return lambda *args: ""
        return lambda *args: plain
    head, tail = pattern.split(str(marker))
    return lambda pk: f"{head}{pk}{tail}"
