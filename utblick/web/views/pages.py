"""The pages that are not a register: health, the start page, the organisation, switches."""

from django.contrib import messages
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from utblick.core.access import Role, member, public, scoped
from utblick.organisation.models import ContactPerson, Person, Unit
from utblick.organisation.roles import SESSION_KEY
from utblick.privacy import personal_data
from utblick.registry import BY_KEY
from utblick.tenants.selectors import first_week_checklist
from utblick.web import dashboard as board


@public
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@member
def dashboard(request):
    actor, today = request.actor, timezone.localdate()
    stages = board.pipeline(actor)
    titles, areas = board.work_per_priority_area(actor)
    context = {
        "figures": board.key_figures(actor, stages, today),
        "visits": board.upcoming_visits(actor, today),
        "chart": board.applications_chart(actor),
        "area_titles": titles,
        "area_rows": areas,
        # Readers get a summary, not rows of work (below).
        "obligations": None if actor.role == Role.READER else board.open_obligations(actor, today),
        "obligations_url": board.obligations_url(),
        "to_review": board.obligations_to_review(actor),
        "to_review_url": board.routines_url("obligation_backlog"),
        "is_reader": actor.role == Role.READER,
        "today": today,
        "first_week": first_week_checklist(actor),
    }
    if actor.role == Role.READER:
        # The year against the last, the goals at a glance, the decisions.
        context["year_figures"], context["goal_statuses"] = board.year_summary(actor, today)
        context["decisions"] = board.recent_decisions(actor)
    else:
        context["pipeline"] = stages
        context["reviews"] = board.reviews_due(actor, today)
        context["ending"] = board.agreements_ending(actor, today)
    return render(request, "web/dashboard/index.html", context)


@member
def organisation(request):
    actor = request.actor
    current = {"archived_at__isnull": True}
    context = {
        "sections": [
            (BY_KEY["units"], scoped(Unit, actor).filter(**current).count()),
            (BY_KEY["people"], scoped(Person, actor).filter(**current).count()),
            (BY_KEY["contact_people"], scoped(ContactPerson, actor).filter(**current).count()),
        ],
        "network": scoped(ContactPerson, actor)
        .filter(ended_on__isnull=True, **current)
        .select_related("unit", "person")
        .order_by("unit__name", "person__name"),
        # The bodies the steering document names (an internationell beredning …).
        "bodies": scoped(Unit, actor)
        .filter(**current)
        .exclude(key="")
        .select_related("parent")
        .order_by("name"),
    }
    return render(request, "web/organisation.html", context)


@member
@require_POST
def switch_municipality(request):
    code = request.POST.get("code", "")
    chosen = [a for a in request.role_assignments if a.municipality.code == code]
    if not chosen:
        raise Http404
    request.session[SESSION_KEY] = code
    messages.info(request, _("Du arbetar nu i %(name)s.") % {"name": chosen[0].municipality})
    return redirect("web:dashboard")


@public
def choose_language(request):
    """Django's set_language (a POST with `language` and `next`), under an access rule."""
    return set_language(request)


def csrf_failure(request, reason=""):
    """A refused form (settings.CSRF_FAILURE_VIEW): usually a page left open past sign-out."""
    return render(request, "web/csrf_failure.html", status=403)


@member
def person_extract(request, pk: int):
    """The register extract of one person, as JSON to download (administrators only)."""
    extract = personal_data.person_extract(actor=request.actor, person_id=pk)
    response = JsonResponse(extract, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="registerutdrag-person-{pk}.json"'
    return response
