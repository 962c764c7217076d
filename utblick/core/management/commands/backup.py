"""`utblick backup FILE.tar.gz`: a consistent copy of the database and the generated files."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from utblick.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the generated files into one .tar.gz (see core/backup.py)."

    def add_arguments(self, parser):
        parser.add_argument("output", help="the archive to write, e.g. utblick-2026-03-01.tar.gz")

    def handle(self, *args, **options):
        try:
            manifest = backup(Path(options["output"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        files = sum(1 for name in manifest["members"] if name.startswith("files/"))
        self.stdout.write(
            f"{options['output']}: {manifest['database']}, {len(manifest['tables'])} tabeller, "
            f"{rows} rader, {files} filer"
        )
