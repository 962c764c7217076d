from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from utblick.core.money import format_sek, to_sek


def test_eur_is_converted_with_the_kept_rate():
    assert to_sek(Decimal("1000"), "EUR", Decimal("11.4512")) == Decimal("11451.20")


def test_sek_stays_as_it_is():
    assert to_sek(Decimal("12000000"), "SEK", None) == Decimal("12000000")


def test_eur_without_rate_is_an_error():
    with pytest.raises(ValueError, match="rate"):
        to_sek(Decimal("1"), "EUR", None)


def test_swedish_format_groups_thousands_with_spaces():
    assert format_sek(Decimal("1234567")) == "1\u00a0234\u00a0567\u00a0kr"
    assert format_sek(None) == "–"


@given(st.integers(min_value=0, max_value=10**12))
def test_format_keeps_every_digit(value):
    assert format_sek(value).replace("\u00a0", "").removesuffix("kr") == str(value)
