"""Access rules for views: every view carries one, and a test fails if a URL has none."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from utblick.core.access import actor_for, roles_of
from utblick.organisation.models import Municipality

SESSION_KEY = "municipality_code"


def public(view):
    """Readable by anyone, signed in or not."""
    view.access_rule = "public"
    return view


def current_municipality(request) -> Municipality | None:
    code = request.session.get(SESSION_KEY)
    assignments = roles_of(request.user)
    if code:
        chosen = assignments.filter(municipality__code=code).first()
        if chosen:
            return chosen.municipality
    first = assignments.order_by("municipality__name").first()
    return first.municipality if first else None


def member(view):
    """Signed in with a role in the current municipality; the view gets `request.actor`."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        municipality = current_municipality(request)
        if municipality is None:
            raise PermissionDenied("no role in any municipality")
        request.municipality = municipality
        request.actor = actor_for(request.user, municipality)
        return view(request, *args, **kwargs)

    wrapper.access_rule = "member"
    return wrapper
