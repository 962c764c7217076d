"""Field checks the registers share, located at a field, their messages from the catalogue
(core.messages): Swedish where the interface is, English in the API."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator

from utblick.core.messages import MESSAGES
from utblick.core.money import EUR, SEK
from utblick.core.text import has_control_characters

non_negative = MinValueValidator(Decimal("0"), MESSAGES["negative_amount"])
non_negative.code = "negative_amount"


def problem(code: str, **params) -> ValidationError:
    """A validation error by the catalogue's code; its text is translated where it is shown."""
    return ValidationError(MESSAGES[code], code=code, params=params or None)


def no_control_characters(value) -> None:
    """Text from a person must be free of control characters (see core.text)."""
    if isinstance(value, str) and has_control_characters(value):
        raise problem("control_characters")


class Problems:
    """Collects field-located problems and raises them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, code: str, **params) -> None:
        self.errors.setdefault(field, []).append(problem(code, **params))

    def dates_in_order(self, instance, start: str, end: str, code: str = "end_before_start"):
        first, last = getattr(instance, start), getattr(instance, end)
        if first and last and last < first:
            self.add(end, code)

    def not_above(self, instance, part: str, whole: str, code: str = "above_total_budget"):
        small, big = getattr(instance, part), getattr(instance, whole)
        if small is not None and big is not None and small > big:
            self.add(part, code)

    def currency_rate(self, currency: str, rate, field: str = "eur_to_sek_rate") -> None:
        if currency == EUR and (rate is None or rate <= 0):
            self.add(field, "eur_needs_rate")
        elif currency == SEK and rate is not None:
            self.add(field, "rate_only_for_eur")

    def required(self, instance, field: str, code: str) -> None:
        # The id, not the linked record: a link to a missing record is reported elsewhere.
        value = getattr(instance, instance._meta.get_field(field).attname)
        if value is None or value == "":
            self.add(field, code)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)
