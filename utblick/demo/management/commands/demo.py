"""`utblick demo load`: the clearly labelled demo data set (idempotent); `--scale national`
builds the national data set for measuring (utblick/demo/national.py)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from utblick.demo.loader import load_demo
from utblick.demo.national import SCALES, load_national


class Command(BaseCommand):
    help = (
        "Läs in demodata för Linköping, Malmö, Essunga och Falun samt V6-nätverket "
        "(idempotent; befintliga poster lämnas orörda). Demoanvändarnas lösenord: utblick-demo. "
        "--scale national bygger ett nationellt datamängd för mätningar (alla kommuner och "
        "regioner), --scale largest bara den största och den minsta organisationen."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["load"])
        parser.add_argument("--scale", choices=["demo", *SCALES], default="demo")
        parser.add_argument("--seed", type=int, default=17)
        parser.add_argument("--today", help="the last day of the ten years (YYYY-MM-DD)")

    def handle(self, *args, **options):
        if options["scale"] == "demo":
            for report in load_demo():
                self.stdout.write(report.summary())
            return
        today = None
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError as error:
                raise CommandError(
                    f"--today: {options['today']} är inget datum (ÅÅÅÅ-MM-DD)"
                ) from error
        report = load_national(
            scale=options["scale"],
            seed=options["seed"],
            today=today,
            progress=lambda line: self.stdout.write(line) if options["verbosity"] > 1 else None,
        )
        self.stdout.write(report.summary())
