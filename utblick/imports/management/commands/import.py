from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from utblick.imports.registers import REGISTERS, WORKBOOKS, find_register
from utblick.imports.services import ACTIONS, ImportPlan, import_file
from utblick.organisation.models import Municipality
from utblick.organisation.roles import actor_for


class Command(BaseCommand):
    help = (
        "Importera en .xlsx- eller .csv-fil till ett register, som användaren: förhandsgranskning "
        "rad för rad, fel med rad och kolumn, allt eller inget. --dry-run skriver ingenting."
    )

    def add_arguments(self, parser):
        names = sorted({*REGISTERS, *(r.slug for r in REGISTERS.values()), *WORKBOOKS})
        parser.add_argument("register", choices=names)
        parser.add_argument("file")
        parser.add_argument(
            "--tenant",
            "--municipality",
            dest="municipality",
            required=True,
            help="organisationens kod: kommunkod (fyra siffror) eller regionkod (två)",
        )
        parser.add_argument("--user", required=True, help="användarnamn; dess roll gäller")
        parser.add_argument("--dry-run", action="store_true", help="förhandsgranska bara")

    def handle(self, *args, register, file, municipality, user, dry_run, **options):
        target = Municipality.objects.filter(code=municipality).first()
        if target is None:
            raise CommandError(f"Okänd kommunkod {municipality!r}")
        account = get_user_model().objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"Okänd användare {user!r}")
        try:
            actor = actor_for(account, target)
        except PermissionDenied as exc:
            raise CommandError(f"{user} har ingen roll i {target}") from exc
        if not actor.can_write_anything:
            raise CommandError(f"{user} är läsare i {target} och får inte importera")
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{file}: kan inte läsas ({exc})") from exc
        plan, _ = import_file(
            actor=actor,
            register=find_register(register),
            data=data,
            file_name=path.name,
            dry_run=dry_run,
        )
        self._print_rows(plan)
        for problem in plan.problems:
            self.stderr.write(str(problem))
        summary = (
            f"{plan.register.label}: {plan.count('create')} skapas, {plan.count('update')} "
            f"uppdateras, {plan.count('unchanged')} oförändrade"
        )
        if plan.problems:
            raise CommandError(
                f"{summary}; {len(plan.problems)} fel – inget sparades", returncode=1
            )
        suffix = " (provkörning: inget sparades)" if dry_run else " – inläst"
        self.stdout.write(summary + suffix)

    def _print_rows(self, plan: ImportPlan) -> None:
        for row in plan.rows:
            which = f" (id {row.record_id})" if row.record_id else ""
            sheet = f"{row.sheet}, " if row.sheet else ""
            self.stdout.write(f"{sheet}Rad {row.number}: {ACTIONS[row.action]}{which} {row.label}")
            for change in row.changes:
                self.stdout.write(f"    {change.column}: {change.old or '–'} → {change.new or '–'}")
            if row.action == "create":
                for header, value in row.values:
                    self.stdout.write(f"    {header}: {value}")
