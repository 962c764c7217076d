from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from utblick.organisation.models import Municipality
from utblick.policy.profile_format import ProfileInvalid, check_profile
from utblick.policy.services import ProfileForOtherMunicipality, profile_load


class Command(BaseCommand):
    help = (
        "Policy profiles: check a profile file, load it for a municipality or region, preview "
        "what loading it would do to the obligations (diff), draft one from the steering "
        "document, print the format's reference or its JSON Schema."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="Validate profile files; located errors, exit 1.")
        check.add_argument("files", nargs="+")
        load = sub.add_parser("load", help="Load a profile for a municipality (idempotent).")
        load.add_argument("file")
        load.add_argument(
            "--tenant",
            "--municipality",
            dest="municipality",
            required=True,
            help="the organisation: a municipality code (four digits) or a region code (two)",
        )
        diff = sub.add_parser(
            "diff",
            help="Preview a profile: obligations that would be created or lapse, records that "
            "would come into or out of conflict. Writes nothing.",
        )
        diff.add_argument("file")
        diff.add_argument(
            "--tenant",
            "--municipality",
            dest="municipality",
            required=True,
            help="the organisation: a municipality code (four digits) or a region code (two)",
        )
        diff.add_argument("--today", help="evaluate as of this date (YYYY-MM-DD)")
        reference = sub.add_parser(
            "reference",
            help="Print the format's reference (registers, fields, rule families) as Markdown.",
        )
        reference.add_argument(
            "--write", metavar="FILE", help="replace the reference block in FILE instead"
        )
        sub.add_parser("schema", help="Print the format as a JSON Schema (for editors).")
        draft = sub.add_parser(
            "draft",
            help="Draft a profile from the steering document itself (PDF, DOCX or text): every "
            "proposal with the sentence it came from, its page and a confidence, as comments.",
        )
        draft.add_argument("file")
        draft.add_argument(
            "--tenant",
            "--municipality",
            dest="municipality",
            required=True,
            help="the organisation: a municipality code (four digits) or a region code (two)",
        )
        draft.add_argument("--output", "-o", help="write the draft here (default: print it)")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _reference(self, write=None, **_):
        from utblick.policy.reference_doc import BEGIN, END, markdown

        if not write:
            self.stdout.write(markdown())
            return
        text = self._read(write)
        if BEGIN not in text or END not in text:
            raise CommandError(f"{write}: no reference block to replace")
        before, rest = text.split(BEGIN, 1)
        after = rest.split(END, 1)[1]
        Path(write).write_text(before + markdown() + after, encoding="utf-8")
        self.stdout.write(f"{write}: reference updated")

    def _schema(self, **_):
        import json

        from utblick.policy.schema import profile_schema

        self.stdout.write(json.dumps(profile_schema(), ensure_ascii=False, indent=2))

    def _draft(self, file, municipality, output=None, **_):
        from utblick.policy import drafting

        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"{file}: kan inte läsas ({exc.strerror})") from exc
        try:
            document = drafting.read_document(data, Path(file).name)
            draft = drafting.draft_profile(document, organisation_code=municipality)
        except drafting.UnreadableDocument as exc:
            raise CommandError(f"{file}: {exc}") from exc
        except drafting.UnknownOrganisation as exc:
            raise CommandError(str(exc)) from exc
        rendered = drafting.render(draft, path=Path(output).name if output else "utkast.toml")
        summary = (
            f"{len(draft.proposals)} förslag ur {Path(file).name}, "
            f"{len(rendered.rejected)} bortkommenterade som inte giltiga"
        )
        if output:
            Path(output).write_text(rendered.text, encoding="utf-8")
            self.stdout.write(f"{summary}; skrivet till {output}")
        else:
            self.stdout.write(rendered.text)
            self.stderr.write(summary)

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

    def _municipality(self, code: str) -> Municipality:
        try:
            return Municipality.objects.get(code=code)
        except Municipality.DoesNotExist as exc:
            raise CommandError(
                f"Okänd kommunkod {code!r} (kör `utblick reference load` först?)"
            ) from exc

    def _load(self, file, municipality, **_):
        target = self._municipality(municipality)
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

    def _diff(self, file, municipality, today=None, **_):
        import datetime as dt

        from utblick.routines.services import profile_diff

        target = self._municipality(municipality)
        try:
            day = dt.date.fromisoformat(today) if today else None
        except ValueError as exc:
            raise CommandError(f"{today!r} är inget datum på formen ÅÅÅÅ-MM-DD") from exc
        try:
            diff = profile_diff(
                municipality=target, text=self._read(file), source_name=Path(file).name, today=day
            )
        except ProfileInvalid as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{file}: {len(exc.errors)} fel") from exc
        except ProfileForOtherMunicipality as exc:
            raise CommandError(str(exc)) from exc
        for line in render_diff(diff, Path(file).name):
            self.stdout.write(line)


def render_diff(diff, name: str) -> list[str]:
    """The preview as text lines (Swedish)."""
    against = (
        f"gällande profil (version {diff.current_version})"
        if diff.current_version
        else "ingen inläst profil"
    )
    lines = [
        f"Förhandsvisning av {name} för {diff.municipality.name} per {diff.today.isoformat()}, "
        f"jämfört med {against}. Inget har skrivits."
    ]
    labels = {"added": "ny", "removed": "tas bort", "changed": "ändrad"}
    lines.append("")
    lines.append(f"Rutiner som ändras ({len(diff.routines)}):")
    for change in diff.routines:
        detail = f" – {change.detail}" if change.detail else ""
        lines.append(f"  {labels[change.change]}: {change.key} ({change.rule}){detail}")

    def section(title, items, sign):
        lines.append("")
        lines.append(f"{title} ({len(items)}):")
        for item in items:
            due = f", senast {item.due_on.isoformat()}" if item.due_on else ""
            about = f" [{item.record_label}]" if item.record_label else ""
            lines.append(f"  {sign} {item.title}{about}{due}  ({item.key})")

    section("Åtgärder som skulle skapas", diff.created, "+")
    section("Åtgärder som skulle upphöra", diff.lapsed, "-")
    section("Åtgärder som skulle ändras", diff.changed, "~")
    section("Poster som skulle hamna i konflikt med policyn", diff.into_conflict, "!")
    section("Poster som inte längre skulle vara i konflikt", diff.out_of_conflict, "✓")
    return lines
