"""`utblick report build --municipality 0580 --year 2025 --format pdf --output rapport.pdf`

The same function the background worker uses; the file appears only once it is complete.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from utblick.organisation.models import Municipality
from utblick.reporting.build import FORMATS, build_report_file


class Command(BaseCommand):
    help = "Bygger kommunens eller regionens samlade årsrapport om det internationella arbetet (DOCX, PDF, XLSX)."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        build = commands.add_parser("build", help="bygg rapporten till en fil")
        build.add_argument(
            "--tenant",
            "--municipality",
            dest="municipality",
            required=True,
            help="organisationens kod: kommunkod (fyra siffror) eller regionkod (två)",
        )
        build.add_argument("--year", required=True, type=int)
        build.add_argument("--format", required=True, choices=FORMATS, dest="fmt")
        build.add_argument("--output", required=True, help="filen som skrivs")
        build.add_argument("--quiet", action="store_true", help="visa inte förloppet")

    def handle(self, *args, action, municipality, year, fmt, output, quiet=False, **options):
        if not (len(municipality) in (2, 4) and municipality.isdigit()):
            raise CommandError(
                f"koden ska vara fyra siffror för en kommun eller två för en region, inte {municipality!r}"
            )
        found = Municipality.objects.filter(code=municipality, is_tenant=True).first()
        if found is None:
            raise CommandError(
                f"ingen kommun eller region med koden {municipality} använder Utblick"
            )
        if not 2000 <= year <= 2100:
            raise CommandError("året ska vara mellan 2000 och 2100")

        def progress(percent: int, step: str) -> None:
            if not quiet:
                self.stderr.write(f"{percent:3d} % {step}")

        try:
            result = build_report_file(found, year, fmt, Path(output), progress=progress)
        except OSError as exc:
            raise CommandError(f"kunde inte skriva {output}: {exc}") from exc
        self.stdout.write(
            f"{found.name} {year}: {result.path} ({result.size} byte, "
            f"{result.timings['total']:.1f} s)"
        )
        sys.stdout.flush()
