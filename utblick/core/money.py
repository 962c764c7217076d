"""SEK and EUR amounts with the exchange rate kept beside them. No Django imports.

As text they go through `core.numbers.format_money`."""

from decimal import ROUND_HALF_UP, Decimal

SEK = "SEK"
EUR = "EUR"
CURRENCIES = ((SEK, "SEK"), (EUR, "EUR"))


def to_sek(
    amount: Decimal | None, currency: str, eur_to_sek_rate: Decimal | None
) -> Decimal | None:
    """The amount in kronor, rounded to whole öre; EUR needs the rate that was kept."""
    if amount is None:
        return None
    if currency == SEK:
        return amount
    if currency == EUR:
        if eur_to_sek_rate is None:
            raise ValueError("an EUR amount needs the EUR→SEK rate it was registered with")
        return (amount * eur_to_sek_rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    raise ValueError(f"unknown currency {currency!r}")
