"""The one place that scopes queries to a municipality and decides who may do what.

Views and API endpoints fetch records only through `scoped()` and `get_for_actor()`;
a test fails if a view or endpoint reaches for `Model.objects` itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

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


def actor_for(user, municipality: Municipality) -> Actor:
    """The actor a signed-in user is in a municipality; PermissionDenied without a role there."""
    from utblick.organisation.models import RoleAssignment, Unit

    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("not signed in")
    assignment = (
        RoleAssignment.objects.filter(user=user, municipality=municipality)
        .only("role", "unit_id")
        .first()
    )
    if assignment is None:
        raise PermissionDenied("no role in this municipality")
    unit_ids: frozenset[int] = frozenset()
    if assignment.role == Role.UNIT_EDITOR and assignment.unit_id:
        unit_ids = frozenset(Unit.objects.subtree_ids(assignment.unit_id))
    return Actor(user=user, municipality=municipality, role=assignment.role, unit_ids=unit_ids)


def roles_of(user):
    """The user's role assignments, one per municipality, with the municipality joined."""
    from utblick.organisation.models import RoleAssignment

    return RoleAssignment.objects.filter(user=user).select_related("municipality")


def reference(model: type[M]) -> models.QuerySet[M]:
    """Reference data shared by every municipality (countries, EU programmes)."""
    return model.objects.all()


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
