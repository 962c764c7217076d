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

LABELS_SV = {
    NO_DATA: "Underlag saknas",
    TARGET_MET: "Målvärdet är nått",
    RIGHT_WAY: "Utvecklas i önskad riktning",
    WRONG_WAY: "Utvecklas i fel riktning",
    UNCHANGED: "Oförändrat",
    FIRST_VALUE: "Första mätvärdet",
}
DIRECTION_SV = {INCREASE: "öka", DECREASE: "minska", MAINTAIN: "bibehålla"}


@dataclass(frozen=True)
class Assessment:
    status: str
    latest_year: int | None
    latest: Decimal | None
    reference: Decimal | None
    change: Decimal | None

    @property
    def label(self) -> str:
        return LABELS_SV[self.status]

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
