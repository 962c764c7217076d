"""Baseline, target and trend of an indicator over the years. No Django.

`assess` compares the latest value with the one before it (the previous year with a value,
else the baseline) and with the target, in the indicator's direction (increase, decrease,
maintain), and says so in Swedish.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

INCREASE, DECREASE, MAINTAIN = "increase", "decrease", "maintain"

NO_DATA = "no_data"
TARGET_MET = "target_met"
RIGHT_WAY = "right_way"
WRONG_WAY = "wrong_way"
UNCHANGED = "unchanged"
FIRST_VALUE = "first_value"


def gettext_noop(label: str) -> str:
    """Marks a label for the translation catalogue (makemessages) without importing Django."""
    return label


# Swedish, as the report documents print them; a page translates them as it shows them.
LABELS = {
    NO_DATA: gettext_noop("Underlag saknas"),
    TARGET_MET: gettext_noop("Målvärdet är nått"),
    RIGHT_WAY: gettext_noop("Utvecklas i önskad riktning"),
    WRONG_WAY: gettext_noop("Utvecklas i fel riktning"),
    UNCHANGED: gettext_noop("Oförändrat"),
    FIRST_VALUE: gettext_noop("Första mätvärdet"),
}
DIRECTIONS = {
    INCREASE: gettext_noop("öka"),
    DECREASE: gettext_noop("minska"),
    MAINTAIN: gettext_noop("bibehålla"),
}


@dataclass(frozen=True)
class Assessment:
    status: str
    latest_year: int | None
    latest: Decimal | None
    reference: Decimal | None
    change: Decimal | None

    @property
    def label(self) -> str:
        return LABELS[self.status]

    @property
    def favourable(self) -> bool | None:
        if self.status in (TARGET_MET, RIGHT_WAY):
            return True
        if self.status == WRONG_WAY:
            return False
        return None


def target_met(value: Decimal, target: Decimal, direction: str) -> bool:
    if direction == DECREASE:
        return value <= target
    # increase, and maintain: at least the level to keep
    return value >= target


def assess(
    values: Mapping[int, Decimal | None],
    *,
    baseline: Decimal | None = None,
    target: Decimal | None = None,
    direction: str = INCREASE,
) -> Assessment:
    known = sorted((year, value) for year, value in values.items() if value is not None)
    if not known:
        return Assessment(NO_DATA, None, None, baseline, None)
    latest_year, latest = known[-1]
    reference = known[-2][1] if len(known) > 1 else baseline
    change = latest - reference if reference is not None else None
    if target is not None and target_met(latest, target, direction):
        status = TARGET_MET
    elif change is None:
        status = FIRST_VALUE
    elif change == 0:
        status = RIGHT_WAY if direction == MAINTAIN else UNCHANGED
    elif direction == MAINTAIN:
        status = WRONG_WAY
    elif (change > 0) == (direction == INCREASE):
        status = RIGHT_WAY
    else:
        status = WRONG_WAY
    return Assessment(status, latest_year, latest, reference, change)
