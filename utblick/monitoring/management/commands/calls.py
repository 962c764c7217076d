"""`utblick calls import FILE…`, `utblick calls fetch`, `utblick calls match --municipality CODE`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from utblick.core.access import Actor, Role
from utblick.monitoring import selectors
from utblick.monitoring.calls_import import PortalFormatError, calls_fetch, calls_import
from utblick.organisation.models import Municipality


class Command(BaseCommand):
    help = (
        "EU funding calls from the Funding & Tenders Portal: import saved search responses, "
        "fetch from the live API, or rank the open calls for a municipality's priorities."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser(
            "import", help="Import saved portal responses (JSON); each file is all or nothing."
        )
        load.add_argument("files", nargs="+")
        load.add_argument(
            "--language",
            action="append",
            help="keep copies in this language (default: en; repeat for more; 'any' for all)",
        )
        fetch = sub.add_parser("fetch", help="Fetch open and forthcoming topics from the API.")
        fetch.add_argument("--max-pages", type=int, default=100)
        fetch.add_argument("--programme", help="a frameworkProgramme id, e.g. 43353764")
        match = sub.add_parser(
            "match", help="Rank the open and forthcoming calls for each priority area."
        )
        match.add_argument(
            "--tenant",
            "--municipality",
            dest="municipality",
            required=True,
            help="the organisation: a municipality code (four digits) or a region code (two)",
        )
        match.add_argument("--limit", type=int, default=5)
        match.add_argument("--today", help="rank as of this date (YYYY-MM-DD)")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _import(self, files, language=None, **_):
        languages = None if language and "any" in language else tuple(language or ("en",))
        failed = 0
        for name in files:
            try:
                data = Path(name).read_bytes()
            except OSError as exc:
                raise CommandError(f"{name}: kan inte läsas ({exc})") from exc
            try:
                report = calls_import(data, source_name=Path(name).name, languages=languages)
            except PortalFormatError as exc:
                failed += 1
                self.stderr.write(f"{name}: {exc} – inget lästes in från filen")
                continue
            self._report(report)
        if failed:
            raise CommandError(f"{failed} av {len(files)} filer kunde inte läsas in", returncode=1)

    def _report(self, report) -> None:
        self.stdout.write(report.summary())
        for label, identifiers in (("ny", report.created), ("ändrad", report.updated)):
            for identifier in identifiers:
                self.stdout.write(f"  {label}: {identifier}")
        for skipped in report.skipped:
            self.stdout.write(f"  hoppade över {skipped}")
        for warning in report.warnings:
            self.stdout.write(f"  varning: {warning}")
        for ref, identifiers in sorted(report.unknown_programmes.items()):
            self.stdout.write(
                f"  okänt program-id {ref} (sparat utan program): {', '.join(identifiers)}"
            )

    def _fetch(self, max_pages, programme=None, **_):
        try:
            report = calls_fetch(max_pages=max_pages, programme_ref=programme)
        except PortalFormatError as exc:
            raise CommandError(f"portalens svar kunde inte läsas: {exc}") from exc
        except OSError as exc:
            raise CommandError(f"portalen svarade inte: {exc}") from exc
        self._report(report)

    def _match(self, municipality, limit, today=None, **_):
        try:
            place = Municipality.objects.get(code=municipality)
        except Municipality.DoesNotExist as exc:
            raise CommandError(f"Okänd kommunkod {municipality!r}") from exc
        day = dt.date.fromisoformat(today) if today else timezone.localdate()
        actor = Actor(user=None, municipality=place, role=Role.READER)
        ranked = selectors.ranked_calls(actor, today=day, limit=limit)
        if not ranked:
            raise CommandError(f"{place.name} har inga prioriterade områden (läs in profilen).")
        for group in ranked:
            self.stdout.write(f"\n{group.label}")
            if not group.matches:
                self.stdout.write("  (ingen öppen utlysning matchar)")
            for rank, (call, match) in enumerate(group.matches, 1):
                deadline = call.next_deadline(day)
                when = deadline.date.isoformat() if deadline else "–"
                self.stdout.write(
                    f"  {rank}. {call.identifier} – {call.title} "
                    f"[{call.get_status_display().lower()}, sista dag {when}, poäng {match.score:.1f}]"
                )
                self.stdout.write("     matchade ord: " + ", ".join(map(str, match.matched[:8])))
