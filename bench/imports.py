"""Excel import benchmark, run on demand: prints figures, asserts nothing.

Uses its own SQLite file (or BENCH_DATABASE_URL). Measures a 2 000-row file (BENCH_ROWS) of
funding applications: reading the workbook, the preview (every row through the services,
rolled back), the import itself, the re-import that changes nothing, and the template.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
workdir = tempfile.mkdtemp(prefix="utblick-bench-imports-")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "utblick.settings")

import django  # noqa: E402

django.setup()

import io  # noqa: E402

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from openpyxl import Workbook  # noqa: E402

ROWS = int(os.environ.get("BENCH_ROWS", "2000"))
STATUSES = ["Idé", "Under beredning", "Inskickad", "Beviljad", "Pågående projekt"]


def timed(label: str, fn, *args, rows: int | None = None, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    elapsed = time.perf_counter() - start
    rate = f"{rows / elapsed:8.0f} rows/s" if rows else ""
    print(f"{label:<58} {elapsed:8.2f} s {rate}")
    return result


def workbook(rows: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "Titel *",
            "Program och fond",
            "Utlysning (id)",
            "Roll *",
            "Ägande nämnd eller bolag *",
            "Status",
            "Total budget",
            "Beviljat bidrag",
            "Inskickad",
            "Projektstart",
            "Prioriterade områden",
        ]
    )
    for n in range(rows):
        status = STATUSES[n % len(STATUSES)]
        granted = status in ("Beviljad", "Pågående projekt")
        sheet.append(
            [
                f"Projekt {n}",
                ["HORIZON", "Erasmus+", "LIFE", "INTERREG-BSR"][n % 4],
                f"CALL-{n % 50}",
                "Projektägare (lead partner)" if n % 2 else "Partner",
                f"Nämnd {n % 40}",
                status,
                f"{1_000_000 + n * 1000:,}".replace(",", " "),
                500_000 if granted else None,
                "2025-02-01" if status not in ("Idé", "Under beredning") else None,
                "2025-06-01" if status == "Pågående projekt" else None,
                "Verksamhetsutveckling; Profilering" if n % 3 == 0 else None,
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def setup():
    from utblick.factories import UserFactory
    from utblick.organisation.models import Municipality, RoleAssignment, Unit
    from utblick.organisation.roles import actor_for
    from utblick.policy.models import PriorityArea

    municipality = Municipality.objects.get(code="0180")
    municipality.is_tenant = True
    municipality.save()
    Unit.objects.bulk_create(
        Unit(municipality=municipality, kind="committee", name=f"Nämnd {n}") for n in range(40)
    )
    for order, name in enumerate(("Verksamhetsutveckling", "Profilering"), 1):
        PriorityArea.objects.create(
            municipality=municipality, key=name.lower(), name=name, order=order
        )
    user = UserFactory(username="bench")
    RoleAssignment.objects.create(user=user, municipality=municipality, role="coordinator")
    return actor_for(user, municipality)


def main() -> None:
    from utblick.imports.registers import REGISTERS
    from utblick.imports.services import import_file
    from utblick.imports.tables import read_table
    from utblick.imports.workbook import build_template

    settings.IMPORT_UPLOAD_DIR = Path(workdir) / "uploads"
    print(f"database: {connection.vendor}; file: {ROWS} funding applications")
    timed("migrate", call_command, "migrate", verbosity=0)
    timed("reference data", call_command, "reference", "load", stdout=io.StringIO())
    actor = setup()
    register = REGISTERS["applications"]
    data = timed(f"build a {ROWS}-row workbook with openpyxl", workbook, ROWS)
    print(f"{'file size':<58} {len(data) / 1024:8.0f} KiB")
    timed(
        "read the workbook (openpyxl, read-only)",
        read_table,
        data,
        "b.xlsx",
        max_rows=10**6,
        rows=ROWS,
    )

    with CaptureQueriesContext(connection) as queries:
        plan, _ = timed(
            "preview: parse, match, services, roll back",
            import_file,
            actor=actor,
            register=register,
            data=data,
            file_name="bench.xlsx",
            dry_run=True,
            rows=ROWS,
        )
    assert plan.valid, [str(p) for p in plan.problems[:5]]
    print(f"{'  queries in the preview':<58} {len(queries):8d} ({len(queries) / ROWS:.1f} per row)")
    timed(
        "import: the same, committed",
        import_file,
        actor=actor,
        register=register,
        data=data,
        file_name="bench.xlsx",
        dry_run=False,
        rows=ROWS,
    )
    plan, _ = timed(
        "re-import of the same file (all unchanged)",
        import_file,
        actor=actor,
        register=register,
        data=data,
        file_name="bench.xlsx",
        dry_run=False,
        rows=ROWS,
    )
    assert plan.count("unchanged") == ROWS
    content = timed(
        f"template with {ROWS} existing records",
        build_template,
        actor,
        register,
        with_records=True,
        rows=ROWS,
    )
    print(f"{'  its size':<58} {len(content) / 1024:8.0f} KiB")


if __name__ == "__main__":
    main()
