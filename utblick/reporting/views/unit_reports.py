"""The units' period reports: the overview for the executive office, and one report's page.

A unit editor sees and writes only its own units' reports; a reader sees none (403); another
municipality's report is a 404.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from utblick.core.access import Role, get_for_actor, member, scoped, writer
from utblick.core.views import service_call
from utblick.core.words import words
from utblick.organisation.models import Unit
from utblick.planning.models import UnitReport
from utblick.policy.models import PriorityArea, ReportingPeriod
from utblick.reporting import follow_up as services
from utblick.reporting import selectors
from utblick.reporting.forms import NarrativeForm, PeriodForm, ReopenForm, ReturnForm
from utblick.reporting.indicators.figures import LABELS, MONEY_FIELDS
from utblick.reporting.views.common import report_call

DECIDERS = (Role.COORDINATOR, Role.ADMINISTRATOR)


def _no_readers(actor) -> None:
    if actor.role == Role.READER:
        raise PermissionDenied("readers do not see the units' reports")


def _default_period(periods, today):
    """The period due next (or due within the last month), else the latest."""
    candidates = [
        (selectors.period_of(p, year).due, year, p)
        for year in (today.year - 1, today.year)
        for p in periods
    ]
    upcoming = sorted(c for c in candidates if (c[0] - today).days >= -30)
    chosen = upcoming[0] if upcoming else max(candidates, key=lambda c: c[0])
    return chosen[1], chosen[2]


@member
def overview(request):
    actor, today = request.actor, timezone.localdate()
    _no_readers(actor)
    periods = selectors.reporting_periods(actor)
    if not periods:
        return render(request, "reporting/unit_reports.html", {"periods": []})
    year, period = _default_period(periods, today)
    form = PeriodForm(request.GET or None, periods=periods)
    if form.is_valid():
        year = form.cleaned_data.get("ar") or year
        period = next((p for p in periods if p.key == form.cleaned_data.get("period")), period)
    units = selectors.reporting_units(actor, period)
    if actor.role == Role.UNIT_EDITOR:
        units = [u for u in units if u.pk in actor.unit_ids]
    reports = selectors.unit_reports_for(actor, year, period.key)
    dates = selectors.period_of(period, year)
    rows = [(unit, reports.get(unit.pk)) for unit in units]
    counts = {}
    for _unit, report in rows:
        key = report.get_status_display() if report else gettext("Ej påbörjad")
        counts[key] = counts.get(key, 0) + 1
    context = {
        "form": form,
        "periods": periods,
        "period": period,
        "year": year,
        "dates": dates,
        "overdue": today > dates.due,
        "rows": rows,
        "counts": sorted(counts.items()),
        "is_decider": actor.role in DECIDERS,
    }
    return render(request, "reporting/unit_reports.html", context)


@dataclass
class Target:
    """The unit, period and (once started) report a page or action is about."""

    unit: Unit
    period: ReportingPeriod
    report: UnitReport | None

    def existing(self) -> UnitReport:
        if self.report is None:
            raise Http404("no report yet")
        return self.report


def _load(request, year: int, period: str, unit_id: int) -> Target:
    """404 for another municipality's unit, 403 for a unit that is not the editor's own."""
    actor = request.actor
    _no_readers(actor)
    unit = get_for_actor(Unit, actor, unit_id)
    if actor.role == Role.UNIT_EDITOR and unit.pk not in actor.unit_ids:
        raise PermissionDenied("not one of your units")
    found = scoped(ReportingPeriod, actor).filter(key=period, retired_at__isnull=True).first()
    if found is None:
        raise Http404("no such reporting period")
    report = scoped(UnitReport, actor).filter(unit=unit, year=year, period=period).first()
    return Target(unit, found, report)


def _figures(report):
    figures = report.figures if report else {}
    return [
        (words(gettext(label)), figures.get(key), key in MONEY_FIELDS)
        for key, label in LABELS.items()
        if key in figures
    ]


def _narratives(report, areas) -> list[tuple[str, str]]:
    texts = (report.narratives or {}) if report else {}
    named = [(area.name, texts.get(area.key, "")) for area in areas]
    return [*named, (gettext("Övrigt internationellt arbete"), texts.get("other", ""))]


def _forms(actor, report, areas) -> dict:
    """The forms the actor may use on the report in its current state."""
    version = {"version": report.version} if report else {}
    may_write = report is not None and report.is_editable and actor.may_edit(report)
    decides = actor.role in DECIDERS and report is not None
    texts = report.narratives if report else {}
    return {
        "may_write": may_write,
        "form": NarrativeForm(initial=version, areas=areas, initial_texts=texts)
        if may_write
        else None,
        "return_form": ReturnForm(initial=version)
        if decides and report.status == "submitted"
        else None,
        "reopen_form": ReopenForm(initial=version)
        if decides and report.status == "approved"
        else None,
    }


@member
def detail(request, year: int, period: str, unit_id: int):
    actor = request.actor
    target = _load(request, year, period, unit_id)
    report = target.report
    areas = list(scoped(PriorityArea, actor).filter(retired_at__isnull=True).order_by("order"))
    history = report.history.select_related("history_user") if report else []
    context = {
        "unit": target.unit,
        "period": target.period,
        "year": year,
        "dates": selectors.period_of(target.period, year),
        "report": report,
        "figures": _figures(report),
        "narratives": _narratives(report, areas) if report else [],
        "may_start": report is None and actor.may_create_for_unit(target.unit.pk),
        "history": list(history.order_by("-history_date", "-history_id")) if report else [],
        **_forms(actor, report, areas),
    }
    return render(request, "reporting/unit_report.html", context)


def _back(year: int, period: str, unit_id: int):
    return redirect(
        reverse(
            "reporting:unit_report",
            kwargs={"year": year, "period": period, "unit_id": unit_id},
        )
    )


@writer
@require_POST
def start(request, year: int, period: str, unit_id: int):
    target = _load(request, year, period, unit_id)
    back = _back(year, period, unit_id)
    return service_call(
        request,
        lambda: services.unit_report_start(
            actor=request.actor, unit=target.unit, year=year, period_key=target.period.key
        ),
        success=gettext("Rapporten är påbörjad med siffror ur registren."),
        done=back,
        again=back,
    )


@writer
@require_POST
def save(request, year: int, period: str, unit_id: int):
    report = _load(request, year, period, unit_id).existing()
    areas = list(scoped(PriorityArea, request.actor).filter(retired_at__isnull=True))
    form = NarrativeForm(request.POST, areas=areas)
    if not form.is_valid():
        messages.error(
            request, gettext("Formuläret kunde inte läsas; ladda om sidan och försök igen.")
        )
        return _back(year, period, unit_id)
    submit = request.POST.get("action") == "submit"
    args = {
        "actor": request.actor,
        "report": report,
        "expected_version": form.cleaned_data["version"],
        "narratives": form.narratives(),
    }
    back = _back(year, period, unit_id)
    return report_call(
        request,
        lambda: (services.unit_report_submit if submit else services.unit_report_save)(**args),
        success=gettext("Rapporten är inlämnad till kommunledningen.")
        if submit
        else gettext("Redovisningen är sparad."),
        back=back,
    )


@writer
@require_POST
def decide(request, year: int, period: str, unit_id: int):
    report = _load(request, year, period, unit_id).existing()
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, gettext("Formuläret kunde inte läsas; ladda om sidan och försök igen.")
        )
        return _back(year, period, unit_id)
    version = form.cleaned_data["version"]
    approve = request.POST.get("action") == "approve"

    def write():
        if approve:
            return services.unit_report_approve(
                actor=request.actor, report=report, expected_version=version
            )
        return services.unit_report_return(
            actor=request.actor,
            report=report,
            expected_version=version,
            comment=form.cleaned_data["comment"],
        )

    back = _back(year, period, unit_id)
    return report_call(
        request,
        write,
        success=gettext("Rapporten är godkänd och låst.")
        if approve
        else gettext("Rapporten är återsänd till enheten."),
        back=back,
    )


@writer
@require_POST
def reopen(request, year: int, period: str, unit_id: int):
    report = _load(request, year, period, unit_id).existing()
    form = ReopenForm(request.POST)

    def write():
        if not form.is_valid():
            raise ValidationError({"reason": [gettext("Ange varför rapporten öppnas igen.")]})
        return services.unit_report_reopen(
            actor=request.actor,
            report=report,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )

    back = _back(year, period, unit_id)
    return report_call(
        request,
        write,
        success=gettext("Rapporten är öppnad igen; skälet är sparat i historiken."),
        back=back,
    )
