"""Benchmark of the compiled yearly report (run on demand): prints figures, asserts nothing.

    .venv/bin/python bench/reporting.py            # 10 000 applications in the large municipality
    BENCH_SIZE=30000 .venv/bin/python bench/reporting.py

Uses its own SQLite file (or BENCH_DATABASE_URL) so the served database is left alone.
Measures each format (DOCX, PDF, XLSX) for the four demo municipalities, then for a throwaway
municipality built in bulk (BENCH_SIZE applications, half as many visits, a fifth as many
activities, linked to a copy of Linköping's policy profile), with the query count of the
report data and the size of each file.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
workdir = Path(tempfile.mkdtemp(prefix="utblick-bench-report-"))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "utblick.settings")

import django  # noqa: E402

django.setup()

import datetime as dt  # noqa: E402
import io  # noqa: E402
import random  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

SIZE = int(os.environ.get("BENCH_SIZE", "10000"))
YEAR = 2025
TODAY = dt.date(2026, 3, 15)
FORMATS = ("xlsx", "docx", "pdf")
LARGE_CODE = "1480"  # Göteborg: a throwaway tenant for the large data set


def build_all(municipality, label: str) -> None:
    from utblick.reporting.build import build_report_file
    from utblick.reporting.report_data import build_report_data

    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        build_report_data(municipality, YEAR, today=TODAY)
        data_time = time.perf_counter() - start
    print(f"{label:<28} report data {data_time:6.2f} s, {len(queries)} queries")
    for fmt in FORMATS:
        path = workdir / f"{municipality.code}-{YEAR}.{fmt}"
        start = time.perf_counter()
        result = build_report_file(municipality, YEAR, fmt, path, today=TODAY)
        elapsed = time.perf_counter() - start
        parts = ", ".join(f"{k} {v:.2f}" for k, v in result.timings.items() if k != "total")
        print(f"{label:<28} {fmt:<5} {elapsed:7.2f} s  {result.size / 1024:8.0f} KiB  ({parts})")


def copy_profile(source, target) -> dict:
    from utblick.policy.models import Commitment, Goal, Indicator, PriorityArea, Routine

    areas = {}
    for area in PriorityArea.objects.filter(municipality=source):
        areas[area.pk] = PriorityArea.objects.create(
            municipality=target, key=area.key, name=area.name, order=area.order
        )
    commitments = [
        Commitment.objects.create(
            municipality=target,
            key=c.key,
            priority_area=areas[c.priority_area_id],
            text=c.text,
            order=c.order,
        )
        for c in Commitment.objects.filter(municipality=source)
    ]
    for goal in Goal.objects.filter(municipality=source):
        copy = Goal.objects.create(
            municipality=target,
            key=goal.key,
            name=goal.name,
            order=goal.order,
            priority_area=areas.get(goal.priority_area_id),
        )
        for ind in Indicator.objects.filter(goal=goal):
            Indicator.objects.create(
                municipality=target,
                key=ind.key,
                goal=copy,
                name=ind.name,
                kind=ind.kind,
                metric=ind.metric,
                unit=ind.unit,
                target=ind.target,
                direction=ind.direction,
                order=ind.order,
            )
    for routine in Routine.objects.filter(municipality=source, rule="membership_review_interval"):
        Routine.objects.create(
            municipality=target, key=routine.key, rule=routine.rule, params=routine.params
        )
    return {"areas": list(areas.values()), "commitments": commitments}


def build_large_municipality(size: int):
    from utblick.organisation.models import Municipality, Unit
    from utblick.planning.models import Activity
    from utblick.reference.models import EUProgramme
    from utblick.registers.models import (
        FundingApplication,
        NetworkMembership,
        Partnership,
        ProjectPartner,
        Visit,
    )

    municipality = Municipality.objects.get(code=LARGE_CODE)
    municipality.is_tenant = True
    municipality.save()
    rng = random.Random(1)
    kinds = ["committee"] * 12 + ["administration"] * 20 + ["municipal_company"] * 8
    units = Unit.objects.bulk_create(
        Unit(municipality=municipality, kind=kind, name=f"Enhet {n}")
        for n, kind in enumerate(kinds)
    )
    Unit.objects.create(
        municipality=municipality, kind="executive_office", name="Stadsledningskontoret"
    )
    policy = copy_profile(Municipality.objects.get(code="0580"), municipality)
    programmes = list(EUProgramme.objects.all())
    statuses = ["idea", "preparing", "submitted", "granted", "rejected", "running", "closed"]
    applications = []
    for n in range(size):
        status = rng.choice(statuses)
        year = 2021 + n % 6
        submitted = dt.date(year, 1 + n % 12, 1) if status not in ("idea", "preparing") else None
        decided = status in ("granted", "rejected", "running", "closed")
        started = status in ("running", "closed")
        budget = Decimal(rng.randrange(100_000, 40_000_000))
        applications.append(
            FundingApplication(
                municipality=municipality,
                title=f"Projekt {n}",
                programme=rng.choice(programmes),
                role=rng.choice(["lead", "partner"]),
                unit=rng.choice(units),
                status=status,
                currency="EUR" if n % 3 == 0 else "SEK",
                eur_to_sek_rate=Decimal("11.2") if n % 3 == 0 else None,
                total_budget=budget,
                requested_grant=budget * Decimal("0.8"),
                granted_amount=budget * Decimal("0.7")
                if status in ("granted", "running", "closed")
                else None,
                submitted_on=submitted,
                decision_on=dt.date(year, 12, 1) if decided else None,
                starts_on=dt.date(year + 1, 1, 1) if started else None,
                ends_on=dt.date(year + 2, 12, 31) if status == "closed" else None,
                children_young_participants=rng.randrange(0, 60),
                staff_participants=rng.randrange(0, 15),
                elected_participants=rng.randrange(0, 3),
                results="Resultat beskrivna i slutrapporten." if status == "closed" else "",
                lessons_learned="Planera tidigt." if status == "closed" and n % 2 else "",
            )
        )
    applications = FundingApplication.objects.bulk_create(applications, batch_size=2000)
    ProjectPartner.objects.bulk_create(
        ProjectPartner(
            application=a,
            name=f"Partner {a.pk}",
            country_id=rng.choice(["DE", "EE", "FI", "SE", "PL"]),
            is_local_authority=rng.random() < 0.5,
        )
        for a in applications
    )
    through_areas = FundingApplication.priority_areas.through
    through_areas.objects.bulk_create(
        through_areas(fundingapplication_id=a.pk, priorityarea_id=rng.choice(policy["areas"]).pk)
        for a in applications
    )
    through_commitments = FundingApplication.commitments.through
    through_commitments.objects.bulk_create(
        through_commitments(
            fundingapplication_id=a.pk, commitment_id=rng.choice(policy["commitments"]).pk
        )
        for a in applications
    )
    Visit.objects.bulk_create(
        Visit(
            municipality=municipality,
            title=f"Besök {n}",
            direction=rng.choice(["incoming", "outgoing"]),
            kind=rng.choice(["study", "conference_hosted", "official", "delegation"]),
            unit=rng.choice(units),
            country_id="DE",
            starts_on=dt.date(2021 + n % 6, 1 + n % 12, 1 + n % 28),
            staff_participants=rng.randrange(0, 10),
            children_young_participants=rng.randrange(0, 20),
        )
        for n in range(size // 2)
    )
    Activity.objects.bulk_create(
        Activity(
            municipality=municipality,
            title=f"Aktivitet {n}",
            unit=rng.choice(units),
            year=2021 + n % 6,
            status=rng.choice(["planned", "ongoing", "done", "cancelled"]),
            staff_participants=rng.randrange(0, 30),
        )
        for n in range(size // 5)
    )
    NetworkMembership.objects.bulk_create(
        NetworkMembership(
            municipality=municipality,
            organisation=f"Nätverk {n}",
            scope="unit",
            unit=rng.choice(units),
            started_on=dt.date(2010 + n % 10, 1, 1),
            last_reviewed_on=dt.date(2020 + n % 6, 6, 1),
            next_review_on=dt.date(2022 + n % 6, 6, 1),
        )
        for n in range(size // 50)
    )
    Partnership.objects.bulk_create(
        Partnership(
            municipality=municipality,
            kind=rng.choice(["twin_town", "cooperation_agreement", "partner_city"]),
            title=f"Samarbete {n}",
            counterpart=f"Stad {n}",
            country_id="FI",
            unit=rng.choice(units),
            started_on=dt.date(2000 + n % 20, 1, 1),
        )
        for n in range(size // 100)
    )
    return municipality


def main() -> None:
    from django.conf import settings

    from utblick.organisation.models import Municipality

    settings.REPORT_DIR = workdir / "reports"
    print(f"database: {connection.vendor}; files in {workdir}")
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    call_command("demo", "load", stdout=io.StringIO())
    print(f"{'demo load':<28} {time.perf_counter() - start:7.2f} s")
    for code in ("0580", "1280", "1445", "2080"):
        municipality = Municipality.objects.get(code=code)
        build_all(municipality, f"{municipality.name} ({code})")
    start = time.perf_counter()
    large = build_large_municipality(SIZE)
    print(f"{'bulk data set':<28} {time.perf_counter() - start:7.2f} s ({SIZE} applications)")
    build_all(large, f"{large.name} ({SIZE} ans.)")


if __name__ == "__main__":
    main()
