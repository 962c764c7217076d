"""The one place that scopes queries to a municipality and decides who may do what.

Views and API endpoints fetch records only through `scoped()` and `get_for_actor()`;
a test fails if a view or endpoint reaches for `Model.objects` itself.

Every view carries an access rule, and a test fails if a URL has none:

public  – anyone, signed in or not
member  – signed in with a role in the current municipality; the view gets `request.actor`
writer  – a member whose role may change records (not a reader); readers get 403

No app imports: the rules ask `request.find_membership()` (set by the web's
MembershipMiddleware) who the signed-in user is, so every app's views can carry them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django_htmx.http import HttpResponseClientRedirect

if TYPE_CHECKING:
    from utblick.organisation.models import Municipality

M = TypeVar("M", bound=models.Model)


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", "Administratör"
    COORDINATOR = "coordinator", "Samordnare"
    UNIT_EDITOR = "unit_editor", "Enhetsredaktör"
    READER = "reader", "Läsare"


WHOLE_MUNICIPALITY_ROLES = {Role.ADMINISTRATOR, Role.COORDINATOR}


@dataclass(frozen=True)
class Actor:
    """Who is acting, for which municipality, in which role (and, for unit editors, which units)."""

    user: object
    municipality: Municipality
    role: str
    unit_ids: frozenset[int] = frozenset()

    @property
    def user_id(self) -> int | None:
        return getattr(self.user, "pk", None)

    @property
    def is_administrator(self) -> bool:
        return self.role == Role.ADMINISTRATOR

    @property
    def covers_whole_municipality(self) -> bool:
        return self.role in WHOLE_MUNICIPALITY_ROLES

    @property
    def can_write_anything(self) -> bool:
        return self.role != Role.READER

    def may_edit(self, record: models.Model) -> bool:
        if record_municipality_id(record) != self.municipality.pk:
            return False
        if self.covers_whole_municipality:
            return True
        if self.role != Role.UNIT_EDITOR or not getattr(record, "unit_editors_may_edit", False):
            return False
        return getattr(record, "unit_id", None) in self.unit_ids

    def may_create_for_unit(self, unit_id: int | None) -> bool:
        if self.covers_whole_municipality:
            return True
        return self.role == Role.UNIT_EDITOR and unit_id in self.unit_ids


def record_municipality_id(record: models.Model) -> int | None:
    return getattr(record, "municipality_id", None)


def reference(model: type[M]) -> models.QuerySet[M]:
    """Reference data shared by every municipality (countries, EU programmes)."""
    return model.objects.all()


def readable(model: type[M], actor: Actor) -> models.QuerySet[M]:
    """The municipality's records of a tenant model, all of a shared one (a project's partners)."""
    from utblick.core.models import TenantModel

    if issubclass(model, TenantModel):
        return scoped(model, actor)
    return reference(model)


def scoped(model: type[M], actor: Actor) -> models.QuerySet[M]:
    """Every query for tenant records starts here."""
    return model.objects.filter(municipality=actor.municipality)


def get_for_actor(model: type[M], actor: Actor, pk, *, queryset=None) -> M:
    """A record of the actor's municipality, or 404 (a guessed id of another tenant is a 404)."""
    qs = queryset if queryset is not None else scoped(model, actor)
    try:
        return qs.filter(municipality=actor.municipality).get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def require_edit(actor: Actor, record: models.Model) -> None:
    if not actor.may_edit(record):
        raise PermissionDenied("you may not change this record")


def require_role(actor: Actor, *roles: str) -> None:
    if actor.role not in roles:
        raise PermissionDenied("your role does not allow this")


@dataclass(frozen=True)
class Membership:
    """The signed-in user's role assignments (one per municipality), the municipality they work
    in now and the actor they are there."""

    assignments: list
    municipality: Municipality
    actor: Actor


def public(view):
    """Readable by anyone, signed in or not."""
    view.access_rule = "public"
    return view


def _as_member(view, rule: str, *, writes: bool):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            if getattr(request, "htmx", False):  # a whole page, not the sign-in inside a part
                login = redirect_to_login(request.htmx.current_url_abs_path or "/")
                return HttpResponseClientRedirect(login["Location"])
            return redirect_to_login(request.get_full_path())
        membership = request.find_membership()
        if membership is None:
            raise PermissionDenied("no role in any municipality")
        request.role_assignments = membership.assignments
        request.municipality = membership.municipality
        request.actor = membership.actor
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
