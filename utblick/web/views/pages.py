"""The pages that are not a register: health, the start page, the organisation, switches."""

from django.contrib import messages
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from utblick.core.access import member, public, scoped
from utblick.organisation.models import ContactPerson, Person, Unit
from utblick.organisation.roles import SESSION_KEY
from utblick.privacy import personal_data
from utblick.registry import BY_KEY
from utblick.web import dashboard as board


@public
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@member
def dashboard(request):
    actor, today = request.actor, timezone.localdate()
    context = {"today": today, "panels": board.cached_panels(request, actor, today)}
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
