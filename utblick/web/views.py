from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from utblick.core.access import roles_of
from utblick.web.access import SESSION_KEY, member, public


@public
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@member
def dashboard(request):
    return render(request, "web/dashboard.html", {"actor": request.actor})


@member
@require_POST
def switch_municipality(request, code: str):
    if not roles_of(request.user).filter(municipality__code=code).exists():
        return HttpResponse(status=404)
    request.session[SESSION_KEY] = code
    return redirect("web:dashboard")
