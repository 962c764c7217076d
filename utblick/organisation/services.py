"""Users and their roles in an organisation: invite by e-mail, give or take a role.

A role is a RoleAssignment (one per user and organisation, with its history). An invited
person who has no password yet gets a one-time link to choose one: Django's password-reset
token, valid for PASSWORD_RESET_TIMEOUT and spent once the password is set (the token is
derived from the password itself), sent through the same confirmation page as a reset.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from utblick.core.access import Role
from utblick.organisation.models import Municipality, RoleAssignment, Unit

# The order of the roles, most rights first: the highest of several granted roles wins.
ROLE_RANK = [Role.ADMINISTRATOR, Role.COORDINATOR, Role.UNIT_EDITOR, Role.READER]


@dataclass
class Invitation:
    user: AbstractBaseUser
    created: bool
    link_sent: bool
    assignment: RoleAssignment


def normalised_email(value: str) -> str:
    email = (value or "").strip()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError(
            {"email": _("”%(value)s” är ingen e-postadress.") % {"value": email}}
        ) from exc
    return email.casefold()


def user_for_email(email: str, *, name: str = "") -> tuple[AbstractBaseUser, bool]:
    """The account with this e-mail address, or a new one without a password."""
    users = list(get_user_model().objects.filter(email__iexact=email)[:2])
    if len(users) > 1:
        raise ValidationError(
            {"email": _("Flera konton har e-postadressen %(email)s.") % {"email": email}}
        )
    if users:
        return users[0], False
    first, _space, last = name.strip().partition(" ")
    user = get_user_model()(username=email[:150], email=email, first_name=first, last_name=last)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user, True


def role_assign(
    *, municipality: Municipality, user, role: str, unit: Unit | None = None, by=None, reason: str
) -> RoleAssignment:
    """Give `user` the role in the organisation (replacing any other role there)."""
    if role == Role.UNIT_EDITOR and unit is None:
        raise ValidationError({"unit": _("En enhetsredaktör behöver en enhet.")})
    if unit is not None and unit.municipality_id != municipality.pk:
        raise ValidationError({"unit": _("Enheten hör till en annan organisation.")})
    unit = unit if role == Role.UNIT_EDITOR else None
    assignment = RoleAssignment.objects.filter(user=user, municipality=municipality).first()
    if (
        assignment is not None
        and assignment.role == role
        and assignment.unit_id == (unit.pk if unit else None)
    ):
        return assignment
    if assignment is None:
        assignment = RoleAssignment(user=user, municipality=municipality)
    assignment.role, assignment.unit = role, unit
    assignment._history_user = by if getattr(by, "pk", None) else None  # type: ignore[attr-defined]
    assignment._change_reason = reason[:100]  # type: ignore[attr-defined]
    assignment.full_clean()
    assignment.save()
    return assignment


def role_remove(*, municipality: Municipality, user, by=None, reason: str) -> bool:
    """Take away the user's role in the organisation; the history keeps that it was there."""
    assignment = RoleAssignment.objects.filter(user=user, municipality=municipality).first()
    if assignment is None:
        return False
    assignment._history_user = by if getattr(by, "pk", None) else None  # type: ignore[attr-defined]
    assignment._change_reason = reason[:100]  # type: ignore[attr-defined]
    assignment.delete()
    return True


def user_invite(
    *,
    municipality: Municipality,
    email: str,
    role: str,
    unit: Unit | None = None,
    name: str = "",
    by=None,
    reason: str = "inbjuden",
) -> Invitation:
    """The person's account (made if new) with the role; an e-mail with a link to choose a
    password if the account has none, else one that tells of the role. Sent once committed."""
    email = normalised_email(email)
    with transaction.atomic():
        user, created = user_for_email(email, name=name)
        assignment = role_assign(
            municipality=municipality, user=user, role=role, unit=unit, by=by, reason=reason
        )
        link_sent = not user.has_usable_password()
        transaction.on_commit(lambda: _send_invitation(user, municipality, role, link_sent))
    return Invitation(user=user, created=created, link_sent=link_sent, assignment=assignment)


def invitation_link(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _send_invitation(user, municipality: Municipality, role: str, with_link: bool) -> None:
    context = {
        "user": user,
        "organisation": municipality,
        "role": Role(role).label,
        "link": invitation_link(user) if with_link else "",
        "site_url": settings.SITE_URL,
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    subject = render_to_string("organisation/invitation_subject.txt", context).strip()
    body = render_to_string("organisation/invitation_email.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
