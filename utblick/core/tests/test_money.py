from decimal import Decimal

import pytest

from utblick.core.money import to_sek


def test_eur_is_converted_with_the_kept_rate():
    assert to_sek(Decimal("1000"), "EUR", Decimal("11.4512")) == Decimal("11451.20")


def test_sek_stays_as_it_is():
    assert to_sek(Decimal("12000000"), "SEK", None) == Decimal("12000000")


def test_eur_without_rate_is_an_error():
    with pytest.raises(ValueError, match="rate"):
        to_sek(Decimal("1"), "EUR", None)
