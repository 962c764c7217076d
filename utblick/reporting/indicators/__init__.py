"""The arithmetic of follow-up: derived indicators, trends, period figures. No Django imports.

Functions over plain dataclass rows (`rows.py`) that the selectors fill set-based; tested on
their own in `utblick/reporting/tests/test_indicator_arithmetic.py`.
"""

from .figures import PeriodFigures, period_figures
from .metrics import METRICS, compute, series
from .periods import WHOLE_YEAR, PeriodDates, period_dates
from .rows import (
    ActivityRow,
    ApplicationRow,
    MembershipRow,
    PartnershipRow,
    RegisterData,
    UnitRow,
    VisitRow,
)
from .trend import Assessment, assess

__all__ = [
    "METRICS",
    "WHOLE_YEAR",
    "ActivityRow",
    "ApplicationRow",
    "Assessment",
    "MembershipRow",
    "PartnershipRow",
    "PeriodDates",
    "PeriodFigures",
    "RegisterData",
    "UnitRow",
    "VisitRow",
    "assess",
    "compute",
    "period_dates",
    "period_figures",
    "series",
]
