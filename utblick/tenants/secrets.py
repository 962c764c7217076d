"""The identity provider's client secret, kept encrypted with a key derived from SECRET_KEY:
a copy of the database alone does not give it away. Changing SECRET_KEY means entering the
secret again (the sign-in page says so)."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet() -> Fernet:
    digest = hashlib.sha256(f"utblick.identity-provider:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt(secret: str) -> str:
    return _fernet().encrypt(secret.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str | None:
    """None when SECRET_KEY has changed since the secret was saved."""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken:
        return None
