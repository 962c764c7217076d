from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from utblick.tenants.selectors import last_activity, tenants_overview
from utblick.tenants.services import tenant_create


class Command(BaseCommand):
    help = "Tenants: set up a new municipality or region (create), list the installation's."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser(
            "create",
            help="Make a municipality or region a tenant: its standard bodies, and its first "
            "administrator invited by e-mail (a one-time link to choose a password).",
        )
        create.add_argument(
            "--code",
            required=True,
            help="a municipality code (four digits, e.g. 1283) or a region code (two, e.g. 12)",
        )
        create.add_argument("--admin-email", required=True, help="the first administrator")
        sub.add_parser("list", help="The tenants with their profile, users and last activity.")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _create(self, code, admin_email, **_):
        try:
            created = tenant_create(code=code, admin_email=admin_email)
        except ValidationError as exc:
            raise CommandError(" ".join(str(m) for m in exc.messages)) from exc
        organisation = created.municipality
        self.stdout.write(f"{organisation.name} ({organisation.code}) now uses Utblick.")
        self.stdout.write("Bodies: " + ", ".join(unit.name for unit in created.units))
        invitation = created.invitation
        what = (
            "an invitation with a link to choose a password"
            if invitation.link_sent
            else ("a notice of the role (the account already has a password)")
        )
        self.stdout.write(f"Administrator {invitation.user.email}: {what} was sent.")

    def _list(self, **_):
        rows = [("code", "name", "kind", "profile", "users", "last activity")]
        for tenant in tenants_overview():
            profile = (
                f"v{tenant.profile_number} {tenant.profile_title}" if tenant.profile_number else "–"
            )
            active = last_activity(tenant)
            when = timezone.localtime(active).strftime("%Y-%m-%d %H:%M") if active else "–"
            rows.append(
                (tenant.code, tenant.name, tenant.kind, profile, str(tenant.user_count), when)
            )
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            self.stdout.write(
                "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            )
