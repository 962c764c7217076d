"""Sign-in through a tenant's identity provider: its settings, and what a verified sign-in
does (the account by e-mail, the role from the groups). Writes here; the OpenID Connect
protocol in tenants.oidc."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from utblick.core.access import Role
from utblick.organisation.models import Municipality, RoleAssignment, Unit
from utblick.organisation.services import normalised_email, role_assign, user_for_email
from utblick.tenants import secrets
from utblick.tenants.models import GroupRole, IdentityProvider

# When several of a user's groups give roles, the widest wins.
ROLE_ORDER = (Role.ADMINISTRATOR, Role.COORDINATOR, Role.UNIT_EDITOR, Role.READER)


class SignInRefused(Exception):
    """A sign-in the identity provider's answer does not allow; the message says why, in
    Swedish, and nothing was changed."""


@dataclass(frozen=True)
class GroupLine:
    group: str
    role: str
    unit: Unit | None


def parse_group_roles(municipality: Municipality, text: str) -> list[GroupLine]:
    """One mapping a line: `group = role` or `group = Enhetsredaktör: unit`; errors name their
    line."""
    roles = {str(label).casefold(): value for value, label in Role.choices}
    roles.update({value: value for value, _label in Role.choices})
    units = {u.name.casefold(): u for u in Unit.objects.filter(municipality=municipality)}
    lines, errors, seen = [], [], set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        group, equals, rest = line.partition("=")
        role_word, _colon, unit_name = rest.partition(":")
        group, role_word, unit_name = group.strip(), role_word.strip(), unit_name.strip()
        role = roles.get(role_word.casefold())
        unit = units.get(unit_name.casefold()) if unit_name else None
        if not equals or not group:
            errors.append(_("Rad %(n)s: skriv ”grupp = roll”.") % {"n": number})
        elif role is None:
            allowed = ", ".join(str(label) for _value, label in Role.choices)
            errors.append(
                _("Rad %(n)s: okänd roll ”%(role)s”. Roller: %(allowed)s.")
                % {"n": number, "role": role_word, "allowed": allowed}
            )
        elif unit_name and unit is None:
            errors.append(
                _("Rad %(n)s: okänd enhet ”%(unit)s”.") % {"n": number, "unit": unit_name}
            )
        elif role == Role.UNIT_EDITOR and unit is None:
            errors.append(
                _("Rad %(n)s: en enhetsredaktör behöver en enhet: ”grupp = Enhetsredaktör: enhet”.")
                % {"n": number}
            )
        elif group.casefold() in seen:
            errors.append(
                _("Rad %(n)s: gruppen ”%(g)s” står redan ovanför.") % {"n": number, "g": group}
            )
        else:
            seen.add(group.casefold())
            lines.append(GroupLine(group, role, unit if role == Role.UNIT_EDITOR else None))
    if errors:
        raise ValidationError({"group_roles": errors})
    return lines


def group_roles_text(provider: IdentityProvider | None) -> str:
    if provider is None:
        return ""
    return "\n".join(
        f"{g.group} = {g.get_role_display()}" + (f": {g.unit.name}" if g.unit else "")
        for g in provider.group_roles.select_related("unit").order_by("group")
    )


def identity_provider_save(
    *,
    municipality: Municipality,
    issuer: str,
    client_id: str,
    client_secret: str = "",
    group_roles: str,
    groups_claim: str = "groups",
    local_passwords: bool = True,
    by=None,
    reason: str = "inloggningen ändrades",
) -> IdentityProvider:
    """Create or change the tenant's identity provider. An empty secret keeps the saved one."""
    lines = parse_group_roles(municipality, group_roles)
    with transaction.atomic():
        provider = (
            IdentityProvider.objects.select_for_update().filter(municipality=municipality).first()
        )
        if provider is None:
            if not client_secret:
                raise ValidationError({"client_secret": _("Ange klienthemligheten.")})
            provider = IdentityProvider(municipality=municipality)
        if not local_passwords and not lines:
            raise ValidationError(
                {
                    "local_passwords": _(
                        "Utan lokala lösenord behövs minst en grupp som ger en roll."
                    )
                }
            )
        provider.issuer = issuer.strip().rstrip("/")
        provider.client_id = client_id.strip()
        provider.groups_claim = groups_claim.strip() or "groups"
        provider.local_passwords = local_passwords
        if client_secret:
            provider.client_secret_encrypted = secrets.encrypt(client_secret)
        history_user = by if getattr(by, "pk", None) else None
        provider._history_user = history_user  # type: ignore[attr-defined]
        provider._change_reason = reason[:100]  # type: ignore[attr-defined]
        provider.full_clean()
        provider.save()
        wanted = {line.group: line for line in lines}
        for existing in provider.group_roles.all():
            line = wanted.pop(existing.group, None)
            existing._history_user = history_user  # type: ignore[attr-defined]
            if line is None:
                existing.delete()
            elif (existing.role, existing.unit_id) != (line.role, getattr(line.unit, "pk", None)):
                existing.role, existing.unit = line.role, line.unit
                existing.save()
        for line in wanted.values():
            GroupRole(provider=provider, group=line.group, role=line.role, unit=line.unit).save()
    return provider


def local_passwords_allowed(user) -> bool:
    """False when every organisation the user has a role in signs in only through its
    identity provider. The installation's administrators always may."""
    if user.is_superuser:
        return True
    tenants = set(RoleAssignment.objects.filter(user=user).values_list("municipality", flat=True))
    if not tenants:
        return True
    closed = set(
        IdentityProvider.objects.filter(
            municipality__in=tenants, local_passwords=False
        ).values_list("municipality", flat=True)
    )
    return bool(tenants - closed)


def sign_in_from_claims(provider: IdentityProvider, claims: dict):
    """The verified claims' account (matched by e-mail, made if new) with the role its groups
    give in the provider's organisation, all or nothing; refused with a reason otherwise."""
    email = claims.get("email") or ""
    if not email:
        raise SignInRefused(
            _("Identitetsleverantören skickade ingen e-postadress; Utblick känner igen dig på den.")
        )
    try:
        email = normalised_email(email)
    except ValidationError as exc:
        raise SignInRefused(
            _("Identitetsleverantören skickade ingen giltig e-postadress.")
        ) from exc
    groups = claims.get(provider.groups_claim) or []
    if isinstance(groups, str):
        groups = [groups]
    mapped = {g.group: g for g in provider.group_roles.select_related("unit")}
    given = [mapped[g] for g in groups if g in mapped]
    if not given:
        shown = ", ".join(f"”{g}”" for g in groups) or _("inga")
        raise SignInRefused(
            _(
                "Ingen av dina grupper hos identitetsleverantören (%(groups)s) ger en roll i "
                "Utblick för %(name)s. Be organisationens administratör koppla gruppen till en roll."
            )
            % {"groups": shown, "name": provider.municipality.name}
        )
    chosen = min(given, key=lambda g: ROLE_ORDER.index(g.role))
    with transaction.atomic():
        user, _created = user_for_email(email, name=str(claims.get("name") or ""))
        role_assign(
            municipality=provider.municipality,
            user=user,
            role=chosen.role,
            unit=chosen.unit,
            reason=f"inloggning: gruppen {chosen.group}",
        )
    return user
