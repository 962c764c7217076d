"""`utblick person extract|pseudonymise`: personal data of one person (see personal_data.py).

    utblick person extract --municipality 1280 --id 17 --user malmo-admin > utdrag.json
    utblick person pseudonymise --municipality 1280 --id 17 --user malmo-admin \
        --reason "Begäran om radering 2026-03-01, dnr KS 2026/123"
"""

import json

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from utblick.organisation.models import Municipality
from utblick.organisation.roles import actor_for
from utblick.privacy.personal_data import person_extract, person_pseudonymise


class Command(BaseCommand):
    help = "Personal data: a register extract of one person, or pseudonymisation."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["extract", "pseudonymise"])
        parser.add_argument("--municipality", required=True, help="municipality code")
        parser.add_argument("--id", type=int, required=True, help="the person's id")
        parser.add_argument("--user", required=True, help="an administrator's user name")
        parser.add_argument("--reason", default="", help="why (pseudonymise; kept in the trail)")

    def handle(self, *args, **options):
        try:
            municipality = Municipality.objects.get(code=options["municipality"])
            user = get_user_model().objects.get(username=options["user"])
            actor = actor_for(user, municipality)
            if options["action"] == "extract":
                extract = person_extract(actor=actor, person_id=options["id"])
                self.stdout.write(json.dumps(extract, ensure_ascii=False, indent=2))
                return
            person = person_pseudonymise(
                actor=actor, person_id=options["id"], reason=options["reason"]
            )
        except (Municipality.DoesNotExist, get_user_model().DoesNotExist, Http404) as exc:
            raise CommandError("Ingen sådan kommun, användare eller person.") from exc
        except PermissionDenied as exc:
            raise CommandError("Bara en administratör i kommunen får göra det.") from exc
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"Person {person.pk} är pseudonymiserad ({person.name}).")
