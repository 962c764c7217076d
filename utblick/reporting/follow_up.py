"""Writes for follow-up: the units' period reports and manual indicator values (on planning's models).

Each is a versioned, audited write through `core.services` (a stale version is refused and
nothing is written). The unit report's workflow:

    draft ──submit──▶ submitted ──approve──▶ approved (locked)
      ▲                   │                      │
      └──── returned ◀────┘ return (comment)     │ reopen (coordinator, reason)
                ▲                                │
                └────────────────────────────────┘

The unit (its editor) or the executive office writes and submits; only the executive office
(coordinator, administrator) returns, approves and reopens.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from utblick.core.access import Actor, Role, require_role, scoped
from utblick.core.services import record_create, record_update
from utblick.organisation.models import Unit
from utblick.planning.models import IndicatorValue, UnitReport, UnitReportStatus
from utblick.policy.models import Indicator, PriorityArea, ReportingPeriod
from utblick.reporting.indicators import WHOLE_YEAR, period_dates, period_figures

DECIDERS = (Role.COORDINATOR, Role.ADMINISTRATOR)
OTHER = "other"  # the narrative key for what fits no priority area
MAX_NARRATIVE = 20_000


def _user(actor: Actor):
    return actor.user if getattr(actor.user, "pk", None) else None


def reporting_period(actor: Actor, key: str) -> ReportingPeriod:
    period = scoped(ReportingPeriod, actor).filter(key=key, retired_at__isnull=True).first()
    if period is None:
        raise ValidationError({"period": ["Det finns inget sådant rapporteringstillfälle."]})
    return period


def unit_report_figures(actor: Actor, unit: Unit, year: int, period: ReportingPeriod) -> dict:
    """The unit's (and the units below it) records of the period, counted."""
    from utblick.reporting.selectors import register_snapshot

    unit_ids = frozenset(scoped(Unit, actor).subtree_ids(unit.pk))
    snapshot = register_snapshot(actor, unit_ids=unit_ids)
    dates = period_dates(period.period_start, period.period_end, period.due, year)
    figures = period_figures(snapshot.data, dates).as_json()
    figures["period_start"] = dates.start.isoformat()
    figures["period_end"] = dates.end.isoformat()
    return figures


def unit_report_start(*, actor: Actor, unit: Unit, year: int, period_key: str) -> UnitReport:
    """A draft for the unit and period, pre-filled with figures from the registers."""
    period = reporting_period(actor, period_key)
    if unit.kind not in period.reporters:
        raise ValidationError({"unit": ["Enheten rapporterar inte vid det här tillfället."]})
    existing = scoped(UnitReport, actor).filter(unit=unit, year=year, period=period.key).first()
    if existing is not None:
        return existing
    return record_create(
        actor=actor,
        model=UnitReport,
        fields={
            "unit": unit,
            "year": year,
            "period": period.key,
            "status": UnitReportStatus.DRAFT,
            "narratives": {},
            "figures": unit_report_figures(actor, unit, year, period),
            "figures_computed_at": timezone.now(),
        },
        reason="rapport påbörjad",
    )


def _clean_narratives(actor: Actor, narratives: dict[str, str]) -> dict[str, str]:
    keys = set(
        scoped(PriorityArea, actor).filter(retired_at__isnull=True).values_list("key", flat=True)
    )
    keys.add(OTHER)
    cleaned = {}
    for key, text in narratives.items():
        if key not in keys:
            continue
        text = (text or "").replace("\r\n", "\n").strip()
        if len(text) > MAX_NARRATIVE:
            raise ValidationError({key: [f"Texten får vara högst {MAX_NARRATIVE} tecken."]})
        if text:
            cleaned[key] = text
    return cleaned


def _require_editable(report: UnitReport) -> None:
    if not report.is_editable:
        raise ValidationError(
            {"status": ["Rapporten är inlämnad eller godkänd och kan inte ändras."]}
        )


def unit_report_save(
    *, actor: Actor, report: UnitReport, expected_version: int, narratives: dict[str, str]
) -> UnitReport:
    _require_editable(report)
    return record_update(
        actor=actor,
        instance=report,
        expected_version=expected_version,
        fields={"narratives": _clean_narratives(actor, narratives)},
        reason="redovisningen sparad",
    )


def unit_report_submit(
    *,
    actor: Actor,
    report: UnitReport,
    expected_version: int,
    narratives: dict[str, str] | None = None,
) -> UnitReport:
    """Hand the report in; the figures are taken again from the registers at this moment."""
    _require_editable(report)
    if not actor.may_edit(report):
        raise PermissionDenied("not this unit's report")
    fields = {
        "status": UnitReportStatus.SUBMITTED,
        "submitted_at": timezone.now(),
        "submitted_by": _user(actor),
        "figures": unit_report_figures(
            actor, report.unit, report.year, reporting_period(actor, report.period)
        ),
        "figures_computed_at": timezone.now(),
    }
    if narratives is not None:
        fields["narratives"] = _clean_narratives(actor, narratives)
    if not (fields.get("narratives", report.narratives) or {}):
        raise ValidationError({"narratives": ["Skriv en redovisning innan rapporten lämnas in."]})
    return record_update(
        actor=actor,
        instance=report,
        expected_version=expected_version,
        fields=fields,
        reason="inlämnad",
        action="submit",
    )


def _require_submitted(report: UnitReport) -> None:
    if report.status != UnitReportStatus.SUBMITTED:
        raise ValidationError(
            {"status": ["Bara en inlämnad rapport kan godkännas eller återsändas."]}
        )


def unit_report_return(
    *, actor: Actor, report: UnitReport, expected_version: int, comment: str
) -> UnitReport:
    require_role(actor, *DECIDERS)
    _require_submitted(report)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": ["Skriv vad som behöver kompletteras."]})
    return record_update(
        actor=actor,
        instance=report,
        expected_version=expected_version,
        fields={
            "status": UnitReportStatus.RETURNED,
            "decided_at": timezone.now(),
            "decided_by": _user(actor),
            "return_comment": comment,
        },
        reason=f"återsänd: {comment}",
        action="return",
    )


def unit_report_approve(*, actor: Actor, report: UnitReport, expected_version: int) -> UnitReport:
    require_role(actor, *DECIDERS)
    _require_submitted(report)
    return record_update(
        actor=actor,
        instance=report,
        expected_version=expected_version,
        fields={
            "status": UnitReportStatus.APPROVED,
            "decided_at": timezone.now(),
            "decided_by": _user(actor),
        },
        reason="godkänd",
        action="approve",
    )


def unit_report_reopen(
    *, actor: Actor, report: UnitReport, expected_version: int, reason: str
) -> UnitReport:
    """Unlock an approved report for the unit to complete; the reason is kept."""
    require_role(actor, *DECIDERS)
    if report.status != UnitReportStatus.APPROVED:
        raise ValidationError({"status": ["Bara en godkänd rapport kan öppnas igen."]})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Ange varför rapporten öppnas igen."]})
    return record_update(
        actor=actor,
        instance=report,
        expected_version=expected_version,
        fields={
            "status": UnitReportStatus.RETURNED,
            "reopened_at": timezone.now(),
            "reopened_by": _user(actor),
            "reopen_reason": reason,
            "return_comment": reason,
        },
        reason=f"återöppnad: {reason}",
        action="reopen",
    )


# --- manual indicator values ---------------------------------------------------------------


def indicator_value_set(
    *,
    actor: Actor,
    indicator: Indicator,
    year: int,
    value,
    comment: str = "",
    period: str = WHOLE_YEAR,
    expected_version: int | None = None,
) -> IndicatorValue:
    """Enter or change a manual indicator's value (the executive office)."""
    require_role(actor, *DECIDERS)
    if indicator.kind != Indicator.Kind.MANUAL:
        raise ValidationError({"indicator": ["Indikatorn beräknas ur registren."]})
    if period != WHOLE_YEAR:
        reporting_period(actor, period)
    fields = {"value": value, "comment": (comment or "").strip(), "entered_by": _user(actor)}
    existing = (
        scoped(IndicatorValue, actor).filter(indicator=indicator, year=year, period=period).first()
    )
    if existing is None:
        return record_create(
            actor=actor,
            model=IndicatorValue,
            fields={"indicator": indicator, "year": year, "period": period, **fields},
            reason="värde inmatat",
        )
    return record_update(
        actor=actor,
        instance=existing,
        expected_version=expected_version if expected_version is not None else existing.version,
        fields=fields,
        reason="värde ändrat",
    )
