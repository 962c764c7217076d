"""`utblick restore FILE.tar.gz`: put a backup's database and files back (stop the site first)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from utblick.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made with `utblick backup` (stop the web and the worker first)."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--yes", action="store_true", help="replace this instance's database and files"
        )

    def handle(self, *args, **options):
        if not options["yes"]:
            raise CommandError("Återställningen ersätter databasen och filerna: lägg till --yes.")
        try:
            manifest = restore(Path(options["archive"]))
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"Återställd från {options['archive']} (gjord {manifest['made_at']}): {rows} rader, "
            "samma antal i varje tabell som i säkerhetskopian."
        )
