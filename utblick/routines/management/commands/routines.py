import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from utblick.organisation.models import Municipality


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"{value!r} är inget datum på formen ÅÅÅÅ-MM-DD") from exc


def _municipality(code: str) -> Municipality:
    try:
        return Municipality.objects.get(code=code)
    except Municipality.DoesNotExist as exc:
        raise CommandError(f"Okänd kommunkod {code!r}") from exc


class Command(BaseCommand):
    help = (
        "Routines: run the sweep (obligations from the policy routines), send the daily "
        "digest, or write an information matter (DOCX) for an application."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="Evaluate every routine and update the obligations.")
        run.add_argument(
            "--tenant",
            "--municipality",
            dest="municipality",
            help="the organisation: a municipality code (four digits) or a region code (two) (default: all)",
        )
        run.add_argument("--today", help="evaluate as of this date (YYYY-MM-DD)")
        digest = sub.add_parser("digest", help="E-mail each person their obligations due soon.")
        digest.add_argument(
            "--tenant",
            "--municipality",
            dest="municipality",
            help="the organisation: a municipality code (four digits) or a region code (two) (default: all)",
        )
        digest.add_argument("--today", help="as of this date (YYYY-MM-DD)")
        digest.add_argument(
            "--everyone",
            action="store_true",
            help="to everyone concerned, not only those who chose the daily digest",
        )
        matter = sub.add_parser(
            "information-matter", help="Write the information matter to KS for an application."
        )
        matter.add_argument("--application", required=True, type=int)
        matter.add_argument("--output", required=True)

    def handle(self, *args, action, **options):
        getattr(self, "_" + action.replace("-", "_"))(**options)

    def _run(self, municipality=None, today=None, **_):
        from utblick.routines.services import routines_run, routines_run_all

        day = _date(today) if today else None
        if municipality:
            results = [routines_run(_municipality(municipality), day)]
        else:
            results = routines_run_all(day)
        if not results:
            self.stdout.write("Inga kommuner med rutiner.")
        for result in results:
            self.stdout.write(result.summary())
            for routine_key, counts in sorted(result.per_routine.items()):
                done = ", ".join(f"{op} {n}" for op, n in sorted(counts.items()) if n)
                self.stdout.write(f"  {routine_key} ({result.rules.get(routine_key, '?')}): {done}")
            for problem in result.skipped:
                self.stderr.write(f"  hoppade över: {problem}")

    def _digest(self, municipality=None, today=None, everyone=False, **_):
        from utblick.routines.notifications import routines_digest

        result = routines_digest(
            municipality=_municipality(municipality) if municipality else None,
            today=_date(today) if today else None,
            everyone=everyone,
        )
        self.stdout.write(f"{result.sent} sammanfattningar skickade.")

    def _information_matter(self, application, output, **_):
        from utblick.registers.models import FundingApplication
        from utblick.routines.documents import information_matter_docx

        try:
            record = FundingApplication.objects.get(pk=application)
        except FundingApplication.DoesNotExist as exc:
            raise CommandError(f"Ingen ansökan med id {application}") from exc
        path = Path(output)
        path.write_bytes(information_matter_docx(record))
        self.stdout.write(f"{path}: informationsärende för {record}")
