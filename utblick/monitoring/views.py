"""Monitoring and funding discovery: EU calls, matching, monitoring items, the calendar and its
feed, search, and what the regional networks share. Thin views: reads in selectors, writes in
services; every view carries an access rule (utblick.core.access)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from utblick.core.access import member, public, require_edit, writer
from utblick.core.pagination import CappedPaginator
from utblick.core.views import service_call
from utblick.monitoring import agenda, forms, search, selectors, services
from utblick.monitoring.models import OpportunityKind

PAGE_SIZE = 25
FEED_SESSION_KEY = "monitoring_calendar_feed_url"


@member
def overview(request):
    today = timezone.localdate()
    context = {
        "open_calls": selectors.calls_list(today=today).count(),
        "coming": agenda.entries(request.actor, today, today + dt.timedelta(days=30))[:8],
        "shared": selectors.shared_with(request.actor)[:5],
    }
    return render(request, "monitoring/overview.html", context)


# --- Calls ---------------------------------------------------------------------------------


@member
def call_list(request):
    form = forms.CallFilterForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    calls = selectors.calls_list(
        today=timezone.localdate(),
        status=values.get("status", ""),
        programme=getattr(values.get("programme"), "pk", None),
        q=values.get("q", ""),
    )
    page = CappedPaginator(calls, PAGE_SIZE).get_page(request.GET.get("page"))
    assessed = selectors.assessments_by_call(request.actor, [c.pk for c in page.object_list])
    rows = [(call, assessed.get(call.pk)) for call in page.object_list]
    context = {"form": form, "page": page, "rows": rows, "today": timezone.localdate()}
    return render(request, "monitoring/call_list.html", context)


def _call_page(request, call, *, status=200, **forms_given):
    actor = request.actor
    assessment = selectors.assessment_for(actor, call)
    context = {
        "call": call,
        "today": timezone.localdate(),
        "next_deadline": call.next_deadline(timezone.localdate()),
        "assessment": assessment,
        "applications": selectors.applications_from_call(actor, call),
        "assess_form": None,
        "idea_form": None,
        "share_form": None,
    }
    if actor.covers_whole_municipality:
        context["assess_form"] = forms_given.get("assess_form") or forms.AssessmentForm(
            actor=actor,
            initial={
                "verdict": assessment.verdict if assessment else "",
                "note": assessment.note if assessment else "",
                "routed_to": assessment.routed_to_id if assessment else None,
            },
        )
    if actor.can_write_anything and selectors.units_actor_may_create_for(actor).exists():
        routed = assessment.routed_to_id if assessment else None
        context["idea_form"] = forms_given.get("idea_form") or forms.IdeaForm(
            actor=actor, initial={"title": call.title, "unit": routed, "role": "lead"}
        )
    if actor.role in services.SHARING_ROLES and selectors.networks_of(actor).exists():
        context["share_form"] = forms_given.get("share_form") or forms.ShareForm(
            actor=actor, call=call
        )
    return render(request, "monitoring/call_detail.html", context, status=status)


@member
def call_detail(request, pk):
    return _call_page(request, selectors.call_get(pk))


@writer
@require_POST
def call_assess(request, pk):
    call = selectors.call_get(pk)
    form = forms.AssessmentForm(request.POST, actor=request.actor)
    return service_call(
        request,
        lambda: services.call_assess(actor=request.actor, call=call, **form.cleaned_data),
        form=form,
        success=_("Bedömningen har sparats."),
        done=reverse("monitoring:call_detail", args=[call.pk]),
        again=lambda status: _call_page(request, call, status=status, assess_form=form),
    )


@writer
def call_idea(request, pk):
    call = selectors.call_get(pk)
    if request.method != "POST":
        return redirect("monitoring:call_detail", pk=call.pk)
    form = forms.IdeaForm(request.POST, actor=request.actor)
    return service_call(
        request,
        lambda: services.application_idea_from_call(
            actor=request.actor, call=call, **form.cleaned_data
        ),
        form=form,
        success=_("Ansökningsidén har skapats från utlysningen."),
        done=lambda application: reverse("web:applications_detail", args=[application.pk]),
        again=lambda status: _call_page(request, call, status=status, idea_form=form),
    )


@writer
@require_POST
def call_share(request, pk):
    call = selectors.call_get(pk)
    form = forms.ShareForm(request.POST, actor=request.actor, call=call)
    return service_call(
        request,
        lambda: services.opportunity_share(actor=request.actor, call=call, **form.cleaned_data),
        form=form,
        success=lambda shared: (
            _("Utlysningen har delats med %(network)s.") % {"network": shared.network}
        ),
        done=reverse("monitoring:call_detail", args=[call.pk]),
        again=lambda status: _call_page(request, call, status=status, share_form=form),
    )


@member
def matches(request):
    targets = selectors.match_targets(request.actor)
    form = forms.MatchTargetForm(request.GET or None, targets=targets)
    chosen = form.chosen() if form.is_bound else None
    today = timezone.localdate()
    ranked = selectors.ranked_calls(
        request.actor, today=today, only=chosen, limit=20 if chosen else 5, targets=targets
    )
    assessed = selectors.assessments_by_call(
        request.actor, [call.pk for group in ranked for call, _match in group.matches]
    )
    groups = [
        (group, [(call, match, assessed.get(call.pk)) for call, match in group.matches])
        for group in ranked
    ]
    context = {"form": form, "groups": groups, "today": today}
    return render(request, "monitoring/matches.html", context)


# --- Monitoring items -----------------------------------------------------------------------


@member
def item_list(request):
    form = forms.MonitoringFilterForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    items = selectors.monitoring_items(
        request.actor, kind=values.get("kind", ""), status=values.get("status", "")
    )
    page = CappedPaginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "may_create": request.actor.can_write_anything}
    return render(request, "monitoring/item_list.html", context)


@member
def item_detail(request, pk):
    item = selectors.monitoring_item(request.actor, pk)
    context = {
        "item": item,
        "may_edit": request.actor.can_write_anything and request.actor.may_edit(item),
        "history": item.history.select_related("history_user").order_by("-history_date")[:10],
    }
    return render(request, "monitoring/item_detail.html", context)


@writer
def item_create(request):
    form = forms.MonitoringItemForm(request.POST or None, actor=request.actor)

    def create():
        fields, m2m = form.service_values()
        try:
            return services.monitoring_item_create(actor=request.actor, fields=fields, m2m=m2m)
        except PermissionDenied:  # a unit outside the actor's: told at the field
            message = _("Du kan inte skapa ärenden för den enheten.")
            raise ValidationError({"unit": message}) from None

    return service_call(
        request,
        create,
        form=form,
        success=lambda item: _("”%(title)s” har sparats.") % {"title": item.title},
        done=lambda item: reverse("monitoring:item_detail", args=[item.pk]),
        again=lambda status: render(
            request, "monitoring/item_form.html", {"form": form, "item": None}
        ),
        invalid_status=200,
    )


@writer
def item_edit(request, pk):
    item = selectors.monitoring_item(request.actor, pk)
    require_edit(request.actor, item)
    form = forms.MonitoringItemForm(request.POST or None, instance=item, actor=request.actor)

    def update():
        fields, m2m = form.service_values()
        return services.monitoring_item_update(
            actor=request.actor,
            item=item,
            expected_version=_int(request.POST.get("version")),
            fields=fields,
            m2m=m2m,
        )

    return service_call(
        request,
        update,
        form=form,
        success=_("Ändringarna har sparats."),
        stale=_("Någon annan har ändrat ärendet sedan du öppnade det."),
        done=reverse("monitoring:item_detail", args=[item.pk]),
        again=lambda status: render(
            request, "monitoring/item_form.html", {"form": form, "item": item}, status=status
        ),
        invalid_status=200,
    )


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


# --- Calendar --------------------------------------------------------------------------------


def _month(value: str | None, today: dt.date) -> dt.date:
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return dt.date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


# ?vy=mina: the user's own calendar (their obligations, their units' records).
OWN_VIEW = "mina"


@member
def calendar_month(request):
    today = timezone.localdate()
    first = _month(request.GET.get("manad"), today)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    own = request.GET.get("vy") == OWN_VIEW
    found = agenda.entries(request.actor, first, last, own=own)
    context = {
        "first": first,
        "own": own,
        "weeks": agenda.by_week(found),
        "count": len(found),
        "previous": (first - dt.timedelta(days=1)).strftime("%Y-%m"),
        "next": (last + dt.timedelta(days=1)).strftime("%Y-%m"),
        "today": today,
        "feed_url": request.session.pop(FEED_SESSION_KEY, None),
        "has_feed": selectors.has_calendar_feed(request.actor),
    }
    return render(request, "monitoring/calendar.html", context)


@member
@require_POST
def calendar_subscription(request):
    if request.POST.get("action") == "revoke":
        services.calendar_feed_revoke(actor=request.actor)
        messages.success(request, _("Kalenderadressen har återkallats och fungerar inte längre."))
    else:
        token = services.calendar_feed_create(actor=request.actor)
        url = reverse("monitoring:calendar_feed", args=[token])
        request.session[FEED_SESSION_KEY] = request.build_absolute_uri(url)
    return redirect("monitoring:calendar")


@public
def calendar_feed(request, token):
    actor = services.calendar_feed_use(token)
    if actor is None:
        raise Http404("no such feed")
    today = timezone.localdate()
    found = agenda.entries(actor, today - dt.timedelta(days=60), today + dt.timedelta(days=400))
    text = agenda.feed(found, name=f"Utblick – {actor.municipality.name}")
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    response["Content-Disposition"] = 'inline; filename="utblick.ics"'
    return response


# --- Search ----------------------------------------------------------------------------------


@member
def search_page(request):
    form = forms.SearchForm(request.GET or None)
    hits = []
    if form.is_valid() and form.cleaned_data["q"]:
        hits = search.search(
            request.actor, form.cleaned_data["q"], kind=form.cleaned_data["kind"] or None
        )
    return render(request, "monitoring/search.html", {"form": form, "hits": hits})


# --- Regional networks -----------------------------------------------------------------------


def _network_page(request, *, form=None, status=200):
    actor = request.actor
    if form is None and actor.role in services.SHARING_ROLES:
        form = forms.ShareForm(actor=actor) if selectors.networks_of(actor).exists() else None
    context = {
        "networks": selectors.networks_of(actor),
        "shared": selectors.shared_with(actor)[:100],
        "form": form,
        "kinds": OpportunityKind,
    }
    return render(request, "monitoring/network.html", context, status=status)


@member
def network_list(request):
    return _network_page(request)


@writer
@require_POST
def network_share(request):
    form = forms.ShareForm(request.POST, actor=request.actor)
    return service_call(
        request,
        lambda: services.opportunity_share(actor=request.actor, **form.cleaned_data),
        form=form,
        success=lambda shared: (
            _("”%(title)s” har delats med %(network)s.")
            % {"title": shared.title, "network": shared.network}
        ),
        done="monitoring:network",
        again=lambda status: _network_page(request, form=form, status=status),
    )
