"""Issuing, checking and revoking API tokens. A token is shown once; only its SHA-256 is kept."""

import secrets

from django.db import transaction
from django.utils import timezone

from utblick.api.models import ApiToken
from utblick.core.secrets import new_secret, secret_digest
from utblick.organisation.models import Municipality, RoleAssignment

TOKEN_PREFIX = "utb_"


@transaction.atomic
def token_create(*, user, municipality: Municipality, name: str = "") -> tuple[ApiToken, str]:
    """A new token for `user` in `municipality`; returns the record and the token (shown once)."""
    if not RoleAssignment.objects.filter(user=user, municipality=municipality).exists():
        raise ValueError(f"{user} has no role in {municipality}")
    prefix = secrets.token_hex(4)
    token = f"{TOKEN_PREFIX}{prefix}_{new_secret()}"
    record = ApiToken.objects.create(
        user=user,
        municipality=municipality,
        name=name or "API",
        prefix=prefix,
        digest=secret_digest(token),
    )
    return record, token


def token_lookup(token: str) -> ApiToken | None:
    """The live token record for a presented token, or None."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    record = (
        ApiToken.objects.select_related("user", "municipality")
        .filter(digest=secret_digest(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if record is not None:
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=timezone.now())
    return record


def token_revoke(*, prefix: str) -> bool:
    return bool(
        ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )
