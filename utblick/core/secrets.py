"""Secrets shown once and kept only as a digest (API tokens, calendar feed addresses)."""

import hashlib
import secrets


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def secret_digest(secret: str) -> str:
    """SHA-256 is enough here: the secrets are long and random, not passwords."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()
