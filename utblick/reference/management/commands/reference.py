from django.core.management.base import BaseCommand

from utblick.reference.services import load_reference_data


class Command(BaseCommand):
    help = "Load reference data: municipalities, EU programmes 2021–2027, countries (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["load"])

    def handle(self, *args, **options):
        for name, counts in load_reference_data().items():
            self.stdout.write(f"{name}: {counts}")
