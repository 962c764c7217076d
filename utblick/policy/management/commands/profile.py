from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from utblick.organisation.models import Municipality
from utblick.policy.profile_format import ProfileInvalid, check_profile
from utblick.policy.services import ProfileForOtherMunicipality, profile_load


class Command(BaseCommand):
    help = "Policy profiles: check a profile file, or load it for a municipality."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="Validate profile files; located errors, exit 1.")
        check.add_argument("files", nargs="+")
        load = sub.add_parser("load", help="Load a profile for a municipality (idempotent).")
        load.add_argument("file")
        load.add_argument("--municipality", required=True, help="four-digit municipality code")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _read(self, name: str) -> str:
        path = Path(name)
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{name}: kan inte läsas ({exc})") from exc

    def _check(self, files, **_):
        failed = 0
        for name in files:
            errors = check_profile(self._read(name), path=name)
            for error in errors:
                self.stderr.write(str(error))
            if errors:
                failed += 1
                self.stderr.write(f"{name}: {len(errors)} fel")
            else:
                self.stdout.write(f"{name}: OK")
        if failed:
            raise CommandError(f"{failed} av {len(files)} profiler har fel", returncode=1)

    def _load(self, file, municipality, **_):
        try:
            target = Municipality.objects.get(code=municipality)
        except Municipality.DoesNotExist as exc:
            raise CommandError(
                f"Okänd kommunkod {municipality!r} (kör `utblick reference load` först?)"
            ) from exc
        try:
            result = profile_load(
                municipality=target, text=self._read(file), source_name=Path(file).name
            )
        except ProfileInvalid as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{file}: {len(exc.errors)} fel; inget lästes in") from exc
        except ProfileForOtherMunicipality as exc:
            raise CommandError(str(exc)) from exc
        if not target.is_tenant:
            Municipality.objects.filter(pk=target.pk).update(is_tenant=True)
        self.stdout.write(f"{target.name}: {result.summary()}")
