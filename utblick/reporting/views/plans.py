"""The plans (each unit's yearly plan, the common action plan) and the goals with indicators."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from utblick.core.access import Role, get_for_actor, member, scoped, writer
from utblick.organisation.models import Unit
from utblick.planning.selectors import action_plan, plan_years
from utblick.policy.models import Indicator
from utblick.reporting.follow_up import indicator_value_set
from utblick.reporting.forms import IndicatorValueForm, PlanFilterForm, YearForm
from utblick.reporting.report_data import goals_for
from utblick.reporting.views.common import report_call


@member
def index(request):
    return render(request, "reporting/index.html", {"year": timezone.localdate().year})


@member
def plan(request):
    actor = request.actor
    units = scoped(Unit, actor).filter(archived_at__isnull=True).order_by("name")
    form = PlanFilterForm(request.GET or None, years=plan_years(actor), units=units)
    year = form.year(timezone.localdate().year)
    unit_id = form.cleaned_data.get("enhet") if form.is_valid() else None
    context = {"form": form, "plan": action_plan(actor, year, unit_id=unit_id), "year": year}
    return render(request, "reporting/plan.html", context)


@member
def goals(request):
    actor = request.actor
    form = YearForm(request.GET or None)
    year = form.year(timezone.localdate().year)
    context = {
        "form": form,
        "year": year,
        "goals": goals_for(actor, year),
        "may_enter": actor.role in (Role.COORDINATOR, Role.ADMINISTRATOR),
        "value_form": IndicatorValueForm(initial={"year": year}),
    }
    return render(request, "reporting/goals.html", context)


@writer
@require_POST
def indicator_value(request, indicator_id: int):
    indicator = get_for_actor(Indicator, request.actor, indicator_id)
    form = IndicatorValueForm(request.POST)
    year = request.POST.get("year", "")
    back = f"{reverse('reporting:goals')}?ar={year}#indikator-{indicator.pk}"
    if not form.is_valid():
        messages.error(request, gettext("Ange ett år och ett värde (ett tal)."))
        return redirect(back)
    data = form.cleaned_data
    return report_call(
        request,
        lambda: indicator_value_set(
            actor=request.actor,
            indicator=indicator,
            year=data["year"],
            value=data["value"],
            comment=data["comment"],
            expected_version=data["version"],
        ),
        success=gettext("Värdet för %(year)s är sparat.") % {"year": data["year"]},
        back=back,
    )
