"""Benchmarks, run on demand (`make bench`): prints figures, asserts nothing.

Uses its own SQLite file (or BENCH_DATABASE_URL) so the served database is left alone.
Measures: reference data + profile loading, the demo load, a large municipality built in
bulk, and API list/detail timings and query counts against it.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
workdir = tempfile.mkdtemp(prefix="utblick-bench-")
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
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

SIZE = int(os.environ.get("BENCH_SIZE", "20000"))


def timed(label: str, fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    print(f"{label:<55} {time.perf_counter() - start:8.2f} s")
    return result


def build_large_municipality(size: int):
    from utblick.api.tokens import token_create
    from utblick.factories import UserFactory
    from utblick.organisation.models import Municipality, RoleAssignment, Unit
    from utblick.reference.models import EUProgramme
    from utblick.registers.models import FundingApplication, NetworkMembership, Visit

    municipality = Municipality.objects.get(code="0180")  # Stockholm: the largest
    municipality.is_tenant = True
    municipality.save()
    units = Unit.objects.bulk_create(
        Unit(municipality=municipality, kind="committee", name=f"Nämnd {n}") for n in range(40)
    )
    programmes = list(EUProgramme.objects.all())
    rng = random.Random(1)
    statuses = ["idea", "preparing", "submitted", "granted", "rejected", "running", "closed"]
    FundingApplication.objects.bulk_create(
        FundingApplication(
            municipality=municipality,
            title=f"Projekt {n}",
            programme=rng.choice(programmes),
            role=rng.choice(["lead", "partner"]),
            unit=rng.choice(units),
            status=rng.choice(statuses),
            total_budget=Decimal(rng.randrange(100_000, 40_000_000)),
            submitted_on=dt.date(2021 + n % 6, 1 + n % 12, 1),
        )
        for n in range(size)
    )
    NetworkMembership.objects.bulk_create(
        NetworkMembership(
            municipality=municipality,
            organisation=f"Nätverk {n}",
            scope="unit",
            unit=rng.choice(units),
        )
        for n in range(size // 10)
    )
    Visit.objects.bulk_create(
        Visit(
            municipality=municipality,
            title=f"Besök {n}",
            direction="incoming",
            kind="study",
            unit=rng.choice(units),
            country_id="DE",
            starts_on=dt.date(2021 + n % 6, 1 + n % 12, 1 + n % 28),
        )
        for n in range(size // 2)
    )
    user = UserFactory(username="bench")
    RoleAssignment.objects.create(user=user, municipality=municipality, role="coordinator")
    _, token = token_create(user=user, municipality=municipality)
    return token


def measure_api(token: str) -> None:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    for path in (
        "/api/v1/applications/?page_size=50",
        "/api/v1/applications/?page_size=200&status=granted&ordering=-total_budget",
        "/api/v1/applications/?q=Projekt%201999",
        "/api/v1/memberships/?page_size=200",
        "/api/v1/visits/?year=2024",
    ):
        client.get(path)  # warm
        runs = 10
        start = time.perf_counter()
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
        elapsed = (time.perf_counter() - start) / runs * 1000
        assert response.status_code == 200, response.content[:200]
        print(f"GET {path:<70} {elapsed:7.1f} ms  {len(queries)} queries")


def main() -> None:
    print(f"database: {connection.vendor}; large municipality: {SIZE} applications")
    timed("migrate", call_command, "migrate", verbosity=0)
    timed(
        "demo load (reference data, 4 profiles, demo records)",
        call_command,
        "demo",
        "load",
        stdout=io.StringIO(),
    )
    timed("demo load again (idempotent)", call_command, "demo", "load", stdout=io.StringIO())
    timed(
        "profile check of the four seed profiles",
        call_command,
        "profile",
        "check",
        *sorted(str(p) for p in (ROOT / "utblick/policy/profiles").glob("*.toml")),
        stdout=io.StringIO(),
    )
    token = timed(
        f"bulk-build a municipality with {SIZE} applications", build_large_municipality, SIZE
    )
    reset_queries()
    measure_api(token)


if __name__ == "__main__":
    main()
