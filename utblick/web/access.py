"""Access rules for views: every view carries one, and a test fails if a URL has none.

public  – anyone, signed in or not
member  – signed in with a role in the current municipality; the view gets `request.actor`
writer  – a member whose role may change records (not a reader); readers get 403
"""

from functools import wraps

from django.apps import apps
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django_htmx.http import HttpResponseClientRedirect

from utblick.core import words as organisation_words
from utblick.core.access import actor_for, roles_of

SESSION_KEY = "municipality_code"


def public(view):
    """Readable by anyone, signed in or not."""
    view.access_rule = "public"
    return view


def _choose(assignments, code: str | None):
    """The role assignment for the municipality chosen in the session, else the first by name."""
    chosen = [a for a in assignments if a.municipality.code == code]
    if chosen:
        return chosen[0]
    return min(assignments, key=lambda a: a.municipality.name) if assignments else None


def _with_header_counts(assignments):
    """The header's unread notifications per municipality, joined into the same query (a
    subquery: no extra query per page) once `utblick.routines` is installed."""
    if not apps.is_installed("utblick.routines"):
        return assignments
    from utblick.routines.selectors import with_unread_notifications

    return with_unread_notifications(assignments)


def _as_member(view, rule: str, *, writes: bool):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            if getattr(request, "htmx", False):  # a whole page, not the sign-in inside a part
                login = redirect_to_login(request.htmx.current_url_abs_path or "/")
                return HttpResponseClientRedirect(login["Location"])
            return redirect_to_login(request.get_full_path())
        assignments = list(_with_header_counts(roles_of(request.user)))
        assignment = _choose(assignments, request.session.get(SESSION_KEY))
        if assignment is None:
            raise PermissionDenied("no role in any municipality")
        request.role_assignments = assignments
        request.municipality = assignment.municipality
        organisation_words.activate(assignment.municipality.kind)
        request.actor = actor_for(request.user, assignment.municipality)
        if writes and not request.actor.can_write_anything:
            raise PermissionDenied("readers change nothing")
        return view(request, *args, **kwargs)

    wrapper.access_rule = rule
    return wrapper


def member(view):
    """Signed in with a role in the current municipality; the view gets `request.actor`."""
    return _as_member(view, "member", writes=False)


def writer(view):
    """A member who may change records; a reader gets 403 before anything is read."""
    return _as_member(view, "writer", writes=True)
