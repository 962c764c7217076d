"""Rules that follow the calendar: reporting (L3, M4, F5, E3) and the steering document's
validity and reviews (E1, L6, M5)."""

from __future__ import annotations

from datetime import date, timedelta

from ..dates import add_days, add_months, iso, month_day, previous_term_of_office, term_of_office
from ..facts import DOCUMENT, UNIT, Facts, ReportingPeriodFact
from ..findings import CONFLICT, OBLIGATION, Finding, RecordRef
from .common import LEAD_DAYS, body_label, capitalised, lowered

REPORTER_LABELS = {
    "committee": "Nämnden",
    "municipal_company": "Bolaget",
    "administration": "Förvaltningen",
    "executive_office": "Kommunstyrelsens förvaltning",
}
# How far back an unreported period is still raised (the next one supersedes it).
REPORTING_LOOKBACK_DAYS = 365


def period_dates(period: ReportingPeriodFact, year: int) -> tuple[date, date, date]:
    """(start, end, due) of the period that starts in `year`.

    A period whose end comes before its start in the calendar wraps the new year; a due day
    before the period's end is in the following year (the annual report for 2025 is due
    02-28 2026), as docs/policy-profiles.md defines.
    """
    start = month_day(year, period.period_start)
    end_year = year if period.period_end >= period.period_start else year + 1
    end = month_day(end_year, period.period_end)
    due_year = end_year if period.due >= period.period_end else end_year + 1
    return start, end, month_day(due_year, period.due)


def reporting_obligation(params: dict, facts: Facts) -> list[Finding]:
    """Each reporter (every unit of the listed kinds) reports for each listed period.

    A period instance is raised from 60 days before it is due, and stays raised for a year
    after (then the next one supersedes it); instances that fell due before Utblick began
    tracking the municipality are not raised. The year in the title is the year the period
    starts (the annual report due in February 2027 is "2026").
    """
    periods = {p.key: p for p in facts.reporting_periods}
    horizon = add_days(facts.today, LEAD_DAYS)
    earliest = add_days(facts.today, -REPORTING_LOOKBACK_DAYS)
    findings = []
    for key in params["periods"]:
        period = periods.get(key)
        if period is None:
            continue
        for year in range(facts.today.year - 2, facts.today.year + 2):
            start, end, due = period_dates(period, year)
            if not (earliest < due <= horizon):
                continue
            if facts.tracking_since and due < facts.tracking_since:
                continue
            for reporter in params["reporters"]:
                units = facts.units_of_kind(reporter)
                targets = [(u.id, u.name, f"unit:{u.id}") for u in units]
                if not targets and reporter == "executive_office":
                    targets = [(None, body_label(reporter), "executive_office")]
                for unit_id, name, suffix in targets:
                    findings.append(
                        Finding(
                            dedupe_key=f"report:{period.key}:{year}:{suffix}",
                            kind=OBLIGATION,
                            title=f"Rapportera {lowered(period.name)} {year}",
                            explanation=(
                                f"{REPORTER_LABELS.get(reporter, capitalised(reporter))} "
                                f"({name}) rapporterar {lowered(period.name)} för perioden "
                                f"{iso(start)}–{iso(end)} till {body_label(period.recipient)} "
                                f"senast {iso(due)}."
                            ),
                            evidence_required=(
                                "När och var rapporten lämnades (t.ex. diarienummer eller "
                                "sammanträde)."
                            ),
                            record=RecordRef(UNIT, unit_id, name) if unit_id else None,
                            responsible_unit_id=unit_id,
                            due_on=due,
                        )
                    )
    return findings


def document_validity(params: dict, facts: Facts) -> list[Finding]:
    """The steering document's validity and reviews.

    - valid_to has passed: a policy conflict, a new document must be adopted;
    - valid_to within review_months_before: an obligation to prepare a new one;
    - review_date (aktualitetsprövning) within review_months_before: an obligation;
    - review_every term_of_office: a follow-up due by the end of the current term of office
      (terms start 15 October 2022, 2026, …), raised review_months_before ahead; the
      previous term's stays raised if it fell due after tracking began;
    - review_every yearly: likewise, due 31 December each year.
    """
    document = facts.document
    if document is None:
        return []
    months = params["review_months_before"]
    today = facts.today
    ref = RecordRef(DOCUMENT, document.record_id, document.title) if document.record_id else None
    owner = facts.office_unit_id
    title = document.title
    findings = []

    def finding(key, kind, heading, explanation, due, *, series="", satisfied=False, evidence=""):
        return Finding(
            dedupe_key=f"document:{key}",
            series=f"document:{series}" if series else "",
            kind=kind,
            title=heading,
            explanation=explanation,
            evidence_required=(
                "Beslut om nytt eller reviderat styrdokument, eller en notering om "
                "uppföljningen (datum, diarienummer)."
            ),
            record=ref,
            responsible_unit_id=owner,
            due_on=due,
            satisfied=satisfied,
            evidence=evidence,
            record_if_satisfied=not satisfied,
        )

    expired = bool(document.valid_to and document.valid_to < today)
    if document.valid_to is None:
        findings.append(
            finding(
                "validity:open-ended",
                OBLIGATION,
                "Styrdokumentet gäller tills vidare",
                f"«{title}» gäller tills vidare.",
                None,
                series="validity",
                satisfied=True,
                evidence="Styrdokumentet gäller tills vidare",
            )
        )
    elif expired:
        findings.append(
            finding(
                f"expired:{document.valid_to.isoformat()}",
                CONFLICT,
                "Styrdokumentet har upphört att gälla – ett nytt behöver antas",
                (
                    f"«{title}» gällde till {iso(document.valid_to)}. Ett nytt styrdokument "
                    "behöver tas fram och antas."
                ),
                document.valid_to + timedelta(days=1),
                series="validity",
            )
        )
    else:
        starts = add_months(document.valid_to, -months)
        findings.append(
            finding(
                f"renew:{document.valid_to.isoformat()}",
                OBLIGATION,
                "Ta fram ett nytt styrdokument innan det nuvarande upphör att gälla",
                (
                    f"«{title}» gäller till {iso(document.valid_to)}. Revideringen ska "
                    f"påbörjas {months} månader innan ({iso(starts)})."
                ),
                document.valid_to,
                series="validity",
                satisfied=today < starts,
                evidence=f"Styrdokumentet gäller till {iso(document.valid_to)}",
            )
        )

    if document.review_date and not expired:
        starts = add_months(document.review_date, -months)
        findings.append(
            finding(
                f"review-date:{document.review_date.isoformat()}",
                OBLIGATION,
                "Aktualitetspröva styrdokumentet",
                (
                    f"Tidpunkt för aktualitetsprövning av «{title}» är {iso(document.review_date)}; "
                    f"prövningen påbörjas {months} månader innan."
                ),
                document.review_date,
                series="review-date",
                satisfied=today < starts,
                evidence=f"Nästa aktualitetsprövning {iso(document.review_date)}",
            )
        )

    every = params["review_every"]
    if every != "none" and not expired:
        cycles: list[tuple[str, str, date]] = []
        if every == "term_of_office":
            for first, last in (previous_term_of_office(today), term_of_office(today)):
                cycles.append(
                    (
                        f"term:{first.year}-{last.year}",
                        f"under mandatperioden {first.year}–{last.year}",
                        last,
                    )
                )
        else:
            for year in (today.year - 1, today.year):
                cycles.append((f"year:{year}", f"för {year}", date(year, 12, 31)))
        current_key = cycles[-1][0]
        for key, when, due in cycles:
            if key != current_key:
                # The previous cycle: only if it fell due after tracking began and while
                # the document was in force.
                began = document.valid_from or document.adopted_on
                if facts.tracking_since is None or due < facts.tracking_since:
                    continue
                if began and began > due:
                    continue
            if today < add_months(due, -months):
                continue
            findings.append(
                finding(
                    key,
                    OBLIGATION,
                    f"Följ upp styrdokumentet {when}",
                    (
                        f"«{title}» följs upp "
                        + ("varje mandatperiod" if every == "term_of_office" else "varje år")
                        + f", senast {iso(due)}."
                    ),
                    due,
                )
            )
    return findings
