"""`utblick search rebuild`: rebuild the full-text index from the registers."""

import time

from django.core.management.base import BaseCommand

from utblick.monitoring.search import search_rebuild


class Command(BaseCommand):
    help = "Full-text search: rebuild the index of every register from scratch."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("rebuild", help="Rebuild the search index (SQLite FTS5 or PostgreSQL).")

    def handle(self, *args, action, **options):
        start = time.perf_counter()
        count = search_rebuild()
        self.stdout.write(
            f"Sökindexet byggdes om: {count} dokument på {time.perf_counter() - start:.1f} s"
        )
