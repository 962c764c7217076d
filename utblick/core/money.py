"""SEK and EUR amounts with the exchange rate kept beside them. No Django imports."""

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


def format_sek(amount: Decimal | int | None) -> str:
    """Swedish format: 1 234 567 kr (non-breaking spaces between thousands)."""
    if amount is None:
        return "–"
    whole = int(Decimal(amount).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    sign = "−" if whole < 0 else ""
    digits = f"{abs(whole):,}".replace(",", "\u00a0")
    return f"{sign}{digits}\u00a0kr"
