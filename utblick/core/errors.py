"""Errors the services raise; views turn them into Swedish messages, the API into JSON."""

from django.core.exceptions import ValidationError


class StaleVersion(Exception):
    """A write was based on an older version than the one stored: nothing was written."""

    def __init__(self, *, model_label: str, pk, expected: int, current: int, changed_fields=()):
        self.model_label = model_label
        self.pk = pk
        self.expected = expected
        self.current = current
        self.changed_fields = tuple(changed_fields)
        super().__init__(
            f"{model_label} {pk} is at version {current}; the change was based on version "
            f"{expected}"
        )


__all__ = ["StaleVersion", "ValidationError"]
