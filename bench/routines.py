"""Benchmark of the routines (run on demand: `.venv/bin/python bench/routines.py`).

Builds one large municipality in bulk (BENCH_APPLICATIONS applications, a fifth as many
memberships, partnerships, visits, matters) with a profile that uses every rule type, then
times the first sweep (creates the obligations), the second (idempotent: reads only) and a
single register write evaluated on save. Prints figures, asserts nothing. Uses its own
SQLite file (or BENCH_DATABASE_URL).
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
workdir = tempfile.mkdtemp(prefix="utblick-bench-routines-")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "utblick.settings")
os.environ.setdefault("EMAIL_HOST", "")

import django  # noqa: E402

django.setup()

import datetime as dt  # noqa: E402
import random  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

SIZE = int(os.environ.get("BENCH_APPLICATIONS", "5000"))
PROFILE = ROOT / "utblick/routines/tests/profiles/upplands_vasby.toml"


def timed(label: str, fn, *args, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = fn(*args, **kwargs)
        elapsed = time.perf_counter() - start
    print(f"{label:<62} {elapsed:8.2f} s  {len(queries):6d} queries")
    return result


def build(size: int):
    from utblick.core.access import Actor, Role
    from utblick.organisation.models import ContactPerson, Municipality, Person, Unit
    from utblick.policy.services import profile_load
    from utblick.reference.models import EUProgramme
    from utblick.registers.models import (
        FundingApplication,
        Matter,
        NetworkMembership,
        Partnership,
        Visit,
    )

    municipality = Municipality.objects.get(code="0180")  # Stockholm: the largest
    municipality.is_tenant = True
    municipality.save()
    text = PROFILE.read_text(encoding="utf-8").replace('code = "0114"', 'code = "0180"')
    profile_load(municipality=municipality, text=text, source_name="bench.toml")
    board = Unit.objects.create(municipality=municipality, kind="executive_board", name="KS")
    office = Unit.objects.create(
        municipality=municipality, kind="executive_office", name="KSF", parent=board
    )
    units = Unit.objects.bulk_create(
        Unit(municipality=municipality, kind="committee", name=f"Nämnd {n}") for n in range(40)
    )
    people = Person.objects.bulk_create(
        Person(municipality=municipality, name=f"Person {n}", kind="staff") for n in range(20)
    )
    ContactPerson.objects.bulk_create(
        ContactPerson(municipality=municipality, unit=unit, person=people[n % 20])
        for n, unit in enumerate(units[:30])
    )
    programmes = list(EUProgramme.objects.all())
    rng = random.Random(1)
    statuses = ["idea", "preparing", "submitted", "granted", "rejected", "running", "closed"]
    applications = []
    for n in range(size):
        status = rng.choice(statuses)
        applications.append(
            FundingApplication(
                municipality=municipality,
                title=f"Projekt {n}",
                programme=rng.choice(programmes),
                role=rng.choice(["lead", "partner"]),
                unit=rng.choice(units),
                status=status,
                total_budget=Decimal(rng.randrange(100_000, 40_000_000)),
                submitted_on=dt.date(2021 + n % 5, 1 + n % 12, 1),
                starts_on=dt.date(2021 + n % 5, 1 + n % 12, 1),
                ends_on=dt.date(2025, 1 + n % 12, 1) if status == "closed" else None,
                lessons_learned="Lärdom" if n % 3 == 0 else "",
            )
        )
    applications = FundingApplication.objects.bulk_create(applications, batch_size=500)
    deciders = [None, board, *units[:5]]
    NetworkMembership.objects.bulk_create(
        (
            NetworkMembership(
                municipality=municipality,
                organisation=f"Nätverk {n}",
                scope=rng.choice(["unit", "municipality_wide"]),
                unit=rng.choice(units),
                decided_by=deciders[n % len(deciders)],
                decided_on=dt.date(2019, 1, 1) if n % len(deciders) else None,
                started_on=dt.date(2015 + n % 10, 1, 1),
                last_reviewed_on=dt.date(2020 + n % 6, 6, 1) if n % 2 else None,
            )
            for n in range(size // 5)
        ),
        batch_size=500,
    )
    partnerships = Partnership.objects.bulk_create(
        (
            Partnership(
                municipality=municipality,
                kind=rng.choice(
                    ["twin_town", "cooperation_agreement", "letter_of_intent", "support_initiative"]
                ),
                title=f"Partnerskap {n}",
                counterpart=f"Stad {n}",
                country_id="DE",
                unit=rng.choice(units),
                started_on=dt.date(2000 + n % 26, 1, 1),
            )
            for n in range(size // 10)
        ),
        batch_size=500,
    )
    twins = [p for p in partnerships if p.kind == "twin_town"]
    Visit.objects.bulk_create(
        (
            Visit(
                municipality=municipality,
                title=f"Besök {n}",
                direction="incoming",
                kind=rng.choice(["official", "study", "delegation"]),
                unit=rng.choice(units),
                country_id="DE",
                starts_on=dt.date(2026, 1 + n % 12, 1 + n % 28),
                partnership=rng.choice(twins) if n % 4 == 0 else None,
                represented_by=rng.choice(["", "staff", "executive_board"]),
            )
            for n in range(size // 5)
        ),
        batch_size=500,
    )
    Matter.objects.bulk_create(
        (
            Matter(
                municipality=municipality,
                kind="information_matter",
                title=f"Informationsärende {n}",
                unit=applications[n].unit,
                body=board,
                application=applications[n],
            )
            for n in range(0, size, 7)
        ),
        batch_size=500,
    )
    actor = Actor(user=None, municipality=municipality, role=Role.COORDINATOR)
    return municipality, actor, applications[0], office


def main() -> None:
    from utblick.core.services import record_update
    from utblick.registers.models import FundingApplication
    from utblick.routines.models import Obligation
    from utblick.routines.services import routines_run

    print(f"database: {connection.vendor}; {SIZE} applications")
    call_command("migrate", verbosity=0)
    call_command("reference", "load", verbosity=0)
    municipality, actor, application, _ = timed("bulk-build the municipality", build, SIZE)
    today = dt.date(2027, 2, 1)
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        first = timed("first sweep (creates the obligations)", routines_run, municipality, today)
        print(f"  {first.summary()}")
        second = timed(
            "second sweep (idempotent, nothing to change)", routines_run, municipality, today
        )
        print(f"  {second.summary()}")
        fresh = FundingApplication.objects.get(pk=application.pk)
        timed(
            "one application written, its routines evaluated on save",
            record_update,
            actor=actor,
            instance=fresh,
            expected_version=fresh.version,
            fields={"total_budget": Decimal("30000000"), "status": fresh.status},
        )
    print(f"obligations stored: {Obligation.objects.filter(municipality=municipality).count()}")


def bench_routines() -> None:
    main()


if __name__ == "__main__":
    main()
