from ninja.security import HttpBearer

from utblick.api.tokens import token_lookup
from utblick.organisation.roles import actor_for


class TokenAuth(HttpBearer):
    """`Authorization: Bearer utb_…`; the request then carries the actor the token acts as."""

    def authenticate(self, request, token: str):
        record = token_lookup(token)
        if record is None:
            return None
        try:
            request.actor = actor_for(record.user, record.municipality)
        except Exception:
            # The user lost their role since the token was issued.
            return None
        request.user = record.user
        return record
