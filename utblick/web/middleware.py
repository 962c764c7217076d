"""The interface language (Swedish unless the user chose English), who the signed-in user is in
which municipality, and requests refused early."""

import time

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.defaults import bad_request

from utblick.core import words
from utblick.core.access import Membership
from utblick.organisation.roles import SESSION_KEY, actor_for, roles_of
from utblick.routines.selectors import with_unread_notifications


class ChosenLanguageMiddleware:
    """Like LocaleMiddleware, but the browser's Accept-Language is not consulted.

    Django's `set_language` view stores the choice in the language cookie; without it the
    site's language (Swedish) applies.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # An override, not activate(): the language must not outlive the request on this
        # thread (a later command or task in the same worker would speak it).
        with translation.override(language):
            response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class SlidingSessionMiddleware:
    """Keeps a signed-in session alive without a database write per page: the session is
    marked changed (and so saved, with a new expiry) only when it was last refreshed
    SESSION_REFRESH_SECONDS ago. Signing in refreshes it (`session_refreshed`); an empty
    session (not signed in) is never saved."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.modified or session.is_empty():
            return response
        if time.time() - session.get(SESSION_REFRESHED, 0) >= settings.SESSION_REFRESH_SECONDS:
            session_refreshed(request)
        return response


SESSION_REFRESHED = "_refreshed_at"


def session_refreshed(request, **_) -> None:
    """Note in the session when its expiry was last renewed (connected to user_logged_in)."""
    request.session[SESSION_REFRESHED] = int(time.time())


class OrganisationWordsMiddleware:
    """Each request starts in a municipality's words; the access rules switch to a region's
    when the user works in one (`utblick.core.words`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from utblick.core import words

        with words.override("municipality"):
            return self.get_response(request)


class MembershipMiddleware:
    """Gives the access rules (`core.access.member`, `writer`) `request.find_membership()`: the
    user's roles, the municipality chosen in the session, the actor there. Asked only by the
    views that need it, so a public page costs no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.find_membership = lambda: membership(request)
        return self.get_response(request)


def membership(request) -> Membership | None:
    """The signed-in user's membership, with the header's unread notifications per municipality
    joined into the same query (a subquery: no extra query per page)."""
    assignments = list(with_unread_notifications(roles_of(request.user)))
    assignment = _choose(assignments, request.session.get(SESSION_KEY))
    if assignment is None:
        return None
    words.activate(assignment.municipality.kind)
    actor = actor_for(request.user, assignment.municipality)
    return Membership(assignments=assignments, municipality=assignment.municipality, actor=actor)


def _choose(assignments, code: str | None):
    """The role assignment for the municipality chosen in the session, else the first by name."""
    chosen = [a for a in assignments if a.municipality.code == code]
    if chosen:
        return chosen[0]
    return min(assignments, key=lambda a: a.municipality.name) if assignments else None


class RefuseNulMiddleware:
    """A NUL character in a page's query or form is refused (400) before any view sees it: no
    database stores it (PostgreSQL refuses it outright), so no choice or search could match.
    The API refuses it itself, located at the parameter (utblick/api)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/") and _holds_nul(request):
            return bad_request(request, SuspiciousOperation("NUL in a parameter"))
        return self.get_response(request)


def _holds_nul(request) -> bool:
    if "\x00" in request.path:
        return True
    sources = [request.GET, request.POST] if request.method == "POST" else [request.GET]
    for values in sources:
        for key, items in values.lists():
            if "\x00" in key or any("\x00" in item for item in items):
                return True
    return False
