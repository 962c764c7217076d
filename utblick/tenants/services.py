"""Setting up a new organisation (municipality or region) as a tenant of the installation.

`tenant_create` marks the organisation as using Utblick, registers its standard bodies
(council, executive board, executive office – in a region's words for a region) through the
register services, and invites its first administrator. All or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from utblick.core.access import Actor, Role
from utblick.core.services import record_create
from utblick.core.words import terminology
from utblick.organisation.models import Municipality, Unit, UnitKind
from utblick.organisation.services import Invitation, normalised_email, user_invite

REASON = "organisationen lades upp i Utblick"
# The bodies every Swedish municipality and region has, the office under the board.
STANDARD_BODIES = (
    (UnitKind.COUNCIL, None),
    (UnitKind.EXECUTIVE_BOARD, None),
    (UnitKind.EXECUTIVE_OFFICE, UnitKind.EXECUTIVE_BOARD),
)


@dataclass
class TenantCreated:
    municipality: Municipality
    units: list[Unit]
    invitation: Invitation


def organisation_for_code(code: str) -> Municipality:
    code = (code or "").strip()
    found = Municipality.objects.filter(code=code).first()
    if found is None:
        raise ValidationError(
            {
                "code": _(
                    "Ingen kommun eller region har koden ”%(code)s”. En kommun har fyra siffror "
                    "(t.ex. 1283), en region två (t.ex. 12)."
                )
                % {"code": code}
            }
        )
    return found


def tenant_create(*, code: str, admin_email: str, by=None) -> TenantCreated:
    """The organisation with `code` as a tenant, its standard bodies and its first
    administrator, invited by e-mail. Refused (ValidationError) if it is one already."""
    email = normalised_email(admin_email)
    with transaction.atomic():
        municipality = Municipality.objects.select_for_update().get(
            pk=organisation_for_code(code).pk
        )
        if municipality.is_tenant:
            raise ValidationError(
                {
                    "code": _("%(name)s (%(code)s) använder redan Utblick.")
                    % {"name": municipality.name, "code": municipality.code}
                }
            )
        municipality.is_tenant = True
        municipality.tenant_since = timezone.now()
        municipality.save(update_fields=["is_tenant", "tenant_since"])
        actor = Actor(user=by, municipality=municipality, role=Role.ADMINISTRATOR)
        units = _standard_bodies(actor, municipality)
        invitation = user_invite(
            municipality=municipality,
            email=email,
            role=Role.ADMINISTRATOR,
            by=by,
            reason=f"första administratör: {REASON}",
        )
    return TenantCreated(municipality=municipality, units=units, invitation=invitation)


def _standard_bodies(actor: Actor, municipality: Municipality) -> list[Unit]:
    words = terminology(municipality.kind)
    created: dict[str, Unit] = {}
    for kind, parent in STANDARD_BODIES:
        name = words[kind]
        fields: dict[str, object] = {"kind": kind, "name": name[:1].upper() + name[1:]}
        if parent:
            fields["parent"] = created[parent]
        created[kind] = record_create(actor=actor, model=Unit, fields=fields, reason=REASON)
    return list(created.values())
