"""Counting requests per key in a time window, in the cache every worker of the instance shares.

Used for the password reset (sign-in itself is throttled by django-axes).
"""

import hashlib

from django.core.cache import cache


def within_limit(kind: str, keys: list[str], *, limit: int, window_seconds: int) -> bool:
    """Count one more request under each key; False once any key has gone over `limit`."""
    allowed = True
    for key in keys:
        name = f"throttle:{kind}:{hashlib.sha256(key.encode()).hexdigest()}"
        cache.add(name, 0, timeout=window_seconds)
        try:
            count = cache.incr(name)
        except ValueError:  # expired between add and incr
            cache.set(name, 1, timeout=window_seconds)
            count = 1
        allowed = allowed and count <= limit
    return allowed
