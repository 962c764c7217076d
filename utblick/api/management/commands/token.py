from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from utblick.api.models import ApiToken
from utblick.api.tokens import token_create, token_revoke
from utblick.organisation.models import RoleAssignment


class Command(BaseCommand):
    help = "API tokens: create (shown once), list, revoke."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token for a user.")
        create.add_argument("--user", required=True, help="username")
        create.add_argument(
            "--tenant",
            "--municipality",
            dest="municipality",
            help="the organisation's code (four digits for a municipality, two for a region); "
            "needed when the user has roles in several",
        )
        create.add_argument("--name", default="", help="what the token is for")
        listing = sub.add_parser("list", help="List a user's tokens.")
        listing.add_argument("--user", required=True)
        revoke = sub.add_parser("revoke", help="Revoke a token by its prefix.")
        revoke.add_argument("prefix")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _user(self, username):
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"no user {username!r}") from exc

    def _create(self, user, municipality, name, **_):
        account = self._user(user)
        roles = RoleAssignment.objects.filter(user=account).select_related("municipality")
        if municipality:
            roles = roles.filter(municipality__code=municipality)
        chosen = list(roles)
        if not chosen:
            raise CommandError(f"{user} has no role in municipality {municipality or '(any)'}")
        if len(chosen) > 1:
            codes = ", ".join(r.municipality.code for r in chosen)
            raise CommandError(f"{user} has roles in several municipalities ({codes}): give one")
        record, token = token_create(user=account, municipality=chosen[0].municipality, name=name)
        self.stdout.write(token)
        self.stderr.write(
            f"Token {record.prefix}… for {account} in {record.municipality}. "
            "It is shown only now; store it safely."
        )

    def _list(self, user, **_):
        for record in ApiToken.objects.filter(user=self._user(user)).select_related("municipality"):
            state = f"revoked {record.revoked_at:%Y-%m-%d}" if record.revoked_at else "active"
            self.stdout.write(
                f"{record.prefix}  {record.municipality.code}  {record.name}  {state}"
            )

    def _revoke(self, prefix, **_):
        if not token_revoke(prefix=prefix):
            raise CommandError(f"no active token with prefix {prefix!r}")
        self.stdout.write(f"revoked {prefix}")
