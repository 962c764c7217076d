"""Who a user is in a municipality: their role assignments and the actor they act as there."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import models

from utblick.core.access import Actor, Role
from utblick.organisation.models import Municipality, RoleAssignment, Unit

# The organisation the user chose to work in (a user may hold roles in several).
SESSION_KEY = "municipality_code"


def actor_for(user, municipality: Municipality) -> Actor:
    """The actor a signed-in user is in a municipality; PermissionDenied without a role there."""
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


def roles_of(user) -> models.QuerySet[RoleAssignment]:
    """The user's role assignments, one per municipality, with the municipality joined."""
    return RoleAssignment.objects.filter(user=user).select_related("municipality")
