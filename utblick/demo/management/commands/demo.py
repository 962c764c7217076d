"""`utblick demo load`: the clearly labelled demo data set (idempotent)."""

from django.core.management.base import BaseCommand

from utblick.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Läs in demodata för Linköping, Malmö, Essunga och Falun samt V6-nätverket "
        "(idempotent; befintliga poster lämnas orörda). Demoanvändarnas lösenord: utblick-demo."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["load"])

    def handle(self, *args, **options):
        for report in load_demo():
            self.stdout.write(report.summary())
