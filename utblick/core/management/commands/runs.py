"""`utblick runs reap`: fail the background runs whose worker died or that ran too long.

Each worker does this before every task it takes, and a run's status page does it for that
run; the command is for cron, so that a run nobody looks at is failed too.
"""

from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

# Every kind of background run, by the function that reaps it (core.runs).
REAPERS = (
    "utblick.reporting.services.report_runs_reap",
    "utblick.imports.services.import_runs_reap",
)


class Command(BaseCommand):
    help = "Background runs: reap (fail those whose worker died or that ran too long)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["reap"])

    def handle(self, *args, **options):
        total = sum(import_string(path)() for path in REAPERS)
        self.stdout.write(f"{total} körningar markerades som misslyckade.")
