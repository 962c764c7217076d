"""The register rows the arithmetic works on: plain, frozen, no Django.

The selectors (`utblick.reporting.selectors.register_data`) fill these with a fixed number of
queries; amounts arrive already in kronor (each application's kept EUR→SEK rate applied).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

# The application lifecycle's statuses, repeated here so this package has no imports from
# Django apps (utblick.registers.lifecycle is the source; a test checks they agree).
GRANTED_STATUSES = frozenset({"granted", "running", "closed"})
DECIDED_STATUSES = frozenset({"granted", "running", "closed", "rejected"})
CLOSED = "closed"

# Unit kinds whose international work the "share of units" metric measures (E2 goal 1).
ACTIVITY_UNIT_KINDS = frozenset({"committee", "administration", "municipal_company"})
# Activities that did not (or not yet) take place count for no participants.
INACTIVE_ACTIVITY_STATUSES = frozenset({"cancelled", "postponed"})

CONFERENCE_HOSTED = "conference_hosted"
STUDY_VISIT = "study"
INCOMING = "incoming"
HOME_COUNTRY = "SE"


@dataclass(frozen=True)
class ApplicationRow:
    id: int
    unit_id: int
    status: str
    programme: str
    requested_sek: Decimal | None
    granted_sek: Decimal | None
    created_on: date
    submitted_on: date | None = None
    decision_on: date | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    children_young: int = 0
    staff: int = 0
    elected: int = 0
    has_lessons: bool = False
    # A partner that is a municipality or region outside Sweden (E2 goal 4).
    with_municipality_abroad: bool = False

    @property
    def decision_year(self) -> int | None:
        """The year the funder decided; a grant without a decision date counts from its start."""
        if self.decision_on:
            return self.decision_on.year
        if self.status in GRANTED_STATUSES and self.starts_on:
            return self.starts_on.year
        return None

    def active_in(self, year: int) -> bool:
        """A granted project that runs during some part of the year."""
        if self.status not in GRANTED_STATUSES:
            return False
        start = self.starts_on or self.decision_on
        if start is None or start.year > year:
            return False
        return self.ends_on is None or self.ends_on.year >= year


@dataclass(frozen=True)
class VisitRow:
    id: int
    unit_id: int
    kind: str
    direction: str
    starts_on: date
    children_young: int = 0
    staff: int = 0
    elected: int = 0


@dataclass(frozen=True)
class ActivityRow:
    id: int
    unit_id: int
    year: int
    status: str
    staff: int = 0
    children_young: int = 0

    @property
    def took_place(self) -> bool:
        return self.status not in INACTIVE_ACTIVITY_STATUSES


@dataclass(frozen=True)
class MembershipRow:
    id: int
    unit_id: int
    status: str
    started_on: date | None
    ended_on: date | None = None
    last_reviewed_on: date | None = None
    next_review_on: date | None = None
    # Every review date the membership has had (the audit trail keeps the earlier ones).
    review_dates: tuple[date, ...] = ()

    def active_on(self, day: date) -> bool:
        if self.status == "proposed":
            return False
        if self.started_on and self.started_on > day:
            return False
        return self.ended_on is None or self.ended_on >= day

    def active_in(self, year: int) -> bool:
        if self.status == "proposed":
            return False
        if self.started_on and self.started_on.year > year:
            return False
        return self.ended_on is None or self.ended_on.year >= year


@dataclass(frozen=True)
class PartnershipRow:
    id: int
    unit_id: int
    status: str
    started_on: date | None
    ends_on: date | None = None

    def active_in(self, year: int) -> bool:
        if self.status == "proposed":
            return False
        if self.started_on and self.started_on.year > year:
            return False
        return self.ends_on is None or self.ends_on.year >= year


@dataclass(frozen=True)
class UnitRow:
    id: int
    kind: str
    name: str = ""


@dataclass(frozen=True)
class RegisterData:
    """Everything a municipality's indicators are computed from (non-archived records)."""

    today: date
    applications: tuple[ApplicationRow, ...] = ()
    visits: tuple[VisitRow, ...] = ()
    activities: tuple[ActivityRow, ...] = ()
    memberships: tuple[MembershipRow, ...] = ()
    partnerships: tuple[PartnershipRow, ...] = ()
    units: tuple[UnitRow, ...] = ()
    # Months between membership reviews: the profile's membership_review_interval routine.
    review_interval_months: int = 24
    extra: dict[str, Any] = field(default_factory=dict)

    def only_units(self, unit_ids: frozenset[int] | set[int]) -> RegisterData:
        """The same data limited to records of the given units."""
        ids = frozenset(unit_ids)
        return RegisterData(
            today=self.today,
            applications=tuple(r for r in self.applications if r.unit_id in ids),
            visits=tuple(r for r in self.visits if r.unit_id in ids),
            activities=tuple(r for r in self.activities if r.unit_id in ids),
            memberships=tuple(r for r in self.memberships if r.unit_id in ids),
            partnerships=tuple(r for r in self.partnerships if r.unit_id in ids),
            units=tuple(r for r in self.units if r.id in ids),
            review_interval_months=self.review_interval_months,
        )
