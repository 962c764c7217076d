"""What the organisation workbook needs beyond the register columns: a person's role in
Utblick. A role makes the person a user (matched by e-mail, invited if new) through the same
service as an invitation from the web (organisation.services.user_invite)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from utblick.core.access import Actor, Role
from utblick.imports.registers import Column
from utblick.organisation.models import RoleAssignment, Unit
from utblick.organisation.services import user_invite

ROLE = "role"


def _current_role(person) -> str | None:
    if not person.user_id:
        return None
    return (
        RoleAssignment.objects.filter(
            user_id=person.user_id, municipality_id=person.municipality_id
        )
        .values_list("role", flat=True)
        .first()
    )


def people_role_column() -> Column:
    return Column(
        name=ROLE,
        kind="choice",
        header="Roll i Utblick",
        required=False,
        keeps_value_when_empty=True,
        choices=tuple((role.value, role.label) for role in Role),
        read=_current_role,
    )


def prepare_person(
    *, actor: Actor, fields: dict[str, Any], extra: dict[str, Any], record, reason: str
) -> None:
    """A role in the row: the person's account (matched by e-mail, invited if new) gets it."""
    role = extra.get(ROLE)
    if not role:
        return
    if not actor.is_administrator:
        raise ValidationError({ROLE: "bara administratörer ger roller i Utblick"})
    email = fields.get("email", getattr(record, "email", "") if record else "")
    if not email:
        raise ValidationError({"email": "en person med en roll i Utblick behöver en e-postadress"})
    unit_id = fields.get("unit_id", getattr(record, "unit_id", None) if record else None)
    unit = (
        Unit.objects.filter(pk=unit_id, municipality=actor.municipality).first()
        if unit_id
        else None
    )
    if role == Role.UNIT_EDITOR and unit is None:
        raise ValidationError({"unit": "en enhetsredaktör behöver en enhet"})
    name = fields.get("name", getattr(record, "name", "") if record else "")
    invitation = user_invite(
        municipality=actor.municipality,
        email=email,
        role=role,
        unit=unit,
        name=name,
        by=actor.user,
        reason=reason,
    )
    fields["user_id"] = invitation.user.pk
