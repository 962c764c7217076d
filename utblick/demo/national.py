"""`utblick demo load --scale national|largest`: a deterministic national data set for measuring.

Every municipality and region of the reference data becomes an organisation using Utblick,
sized from large to very small (rank r gets the largest's sizes times r^-exponent; sizes and
words in `national.toml`), with ten years of records ending on `today`: units, people,
contact persons, a coordinator, memberships, partnerships, applications with partners and
links to priority areas, visits, matters, activities, monitoring items, each with its
history rows; the policy profile is one of the four seed profiles in the organisation's name;
the obligations come from the routines sweep itself; the search index is rebuilt; and the
portal's calls are generated. `largest` builds only the largest organisation and the
smallest, so that a measuring run fits in minutes.

Written in bulk (bulk_create, history rows built alongside), not through the register
services: the services' checks are measured elsewhere, and a national load through them would
take hours. The same seed and `today` give the same data set. An organisation that already
holds register records (the demo municipalities, an earlier load) is left alone.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
import time
import tomllib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.test.utils import override_settings
from django.utils import timezone

from utblick.core.signals import organisation_changed
from utblick.demo import content
from utblick.demo.loader import PROFILE_DIR
from utblick.monitoring.call_index import call_index_store
from utblick.monitoring.models import FundingCall, MonitoringItem
from utblick.organisation.models import ContactPerson, Municipality, Person, RoleAssignment, Unit
from utblick.planning.models import Activity
from utblick.policy.models import PriorityArea
from utblick.reference.models import EUProgramme
from utblick.registers.models import (
    FundingApplication,
    Matter,
    NetworkMembership,
    Partnership,
    ProjectPartner,
    Visit,
)

DATA = Path(__file__).resolve().parent / "national.toml"
SCALES = ("national", "largest")
PROFILES = ("linkoping.toml", "malmo.toml", "essunga.toml", "falun.toml")
BATCH = 2000
REASON = "demodata (nationell)"
CALL_PREFIX = "UTBLICK-NAT"
# A matter's kind by its subject: membership, partnership, application, visit.
MATTER_KINDS = ("membership_decision", "partnership_decision", "information_matter", "other")


@dataclass(frozen=True)
class Sizes:
    applications: int
    visits: int
    memberships: int
    partnerships: int
    matters: int
    activities: int
    monitoring: int
    people: int
    units: int


def sizes_for(rank: int, config: dict) -> Sizes:
    """The register sizes of the organisation of this rank (1 = the largest)."""
    factor = rank ** -float(config["exponent"])
    floor = int(config["floor"])

    def size(name: str, scale: float = factor) -> int:
        return max(floor, round(int(config[name]) * scale))

    return Sizes(
        applications=size("applications"),
        visits=size("visits"),
        memberships=size("memberships"),
        partnerships=size("partnerships"),
        matters=size("matters"),
        activities=size("activities"),
        monitoring=size("monitoring"),
        people=size("people", math.sqrt(factor)),
        units=max(4, size("units", math.sqrt(factor))),
    )


@dataclass
class NationalReport:
    scale: str
    organisations: int = 0
    skipped: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    calls: int = 0
    obligations: int = 0
    sweep_seconds: float = 0.0  # the first routines sweep of every organisation loaded
    largest: str = ""
    smallest: str = ""

    def add(self, label: str, n: int) -> None:
        self.rows[label] = self.rows.get(label, 0) + n

    @property
    def total(self) -> int:
        return sum(self.rows.values())

    def summary(self) -> str:
        parts = ", ".join(f"{n} {label}" for label, n in sorted(self.rows.items()))
        skipped = f"; lämnade orörda (har redan poster): {', '.join(self.skipped)}" * bool(
            self.skipped
        )
        return (
            f"Nationell demodata ({self.scale}): {self.organisations} organisationer, "
            f"störst {self.largest}, minst {self.smallest}; {self.total} rader ({parts})"
            f"{skipped}. Första rutinkörningen: {self.sweep_seconds:.1f} s."
        )


def load_config() -> dict:
    return tomllib.loads(DATA.read_text(encoding="utf-8"))


def ranked_organisations(seed: int, config: dict) -> list[Municipality]:
    """Every municipality and region, the largest first: the listed ones, then a seeded order."""
    everyone = {m.code: m for m in Municipality.objects.order_by("code")}
    first = [everyone[code] for code in config["ranks"]["first"] if code in everyone]
    rest = [m for code, m in everyone.items() if m not in first]
    random.Random(seed).shuffle(rest)  # noqa: S311 - made-up data, seeded on purpose
    return first + rest


def load_national(
    *, scale: str, seed: int = 17, today: dt.date | None = None, progress=None
) -> NationalReport:
    """Build the national data set (or its largest and smallest organisation only)."""
    from utblick.monitoring.search import search_rebuild
    from utblick.reference.services import load_reference_data

    if scale not in SCALES:
        raise ValueError(f"okänd skala {scale!r}: {', '.join(SCALES)}")
    today = today or timezone.localdate()
    config = load_config()
    load_reference_data()
    ranked = ranked_organisations(seed, config)
    chosen = list(enumerate(ranked, 1))
    if scale == "largest":
        chosen = [chosen[0], chosen[-1]]
    report = NationalReport(scale=scale, largest=ranked[0].name, smallest=ranked[-1].name)
    password = make_password(content.DEMO_PASSWORD)
    programmes = list(EUProgramme.objects.order_by("code"))
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        for rank, municipality in chosen:
            if _has_records(municipality):
                report.skipped.append(municipality.name)
                continue
            builder = _Builder(
                municipality=municipality,
                rank=rank,
                sizes=sizes_for(rank, config["sizes"]),
                words=config["words"],
                years=int(config["sizes"]["years"]),
                rng=random.Random(f"{seed}-{municipality.code}"),  # noqa: S311
                today=today,
                programmes=programmes,
                report=report,
            )
            builder.build(password)
            organisation_changed.send(sender=None, municipality_id=municipality.pk)
            report.organisations += 1
            if progress:
                progress(f"{rank:3d} {municipality.name}: {builder.sizes.applications} ansökningar")
    report.calls = _build_calls(int(config["sizes"]["calls"]), config["words"], seed, today)
    report.add("utlysningar", report.calls)
    report.add("sökdokument", search_rebuild())
    return report


def _has_records(municipality: Municipality) -> bool:
    return FundingApplication.objects.filter(municipality=municipality).exists()


@contextmanager
def _stamped_as_given(*model_classes: type[models.Model]) -> Iterator[None]:
    """Let bulk_create keep the created_at/updated_at the records carry (ten years back),
    instead of the auto_now stamps of the moment of the load."""
    saved: list[tuple[Any, bool, bool]] = []
    for model in model_classes:
        for f in model._meta.concrete_fields:
            f = cast(Any, f)  # a DateField or DateTimeField where it has the flags
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                saved.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


class _Builder:
    def __init__(
        self,
        *,
        municipality: Municipality,
        rank: int,
        sizes: Sizes,
        words: dict,
        years: int,
        rng: random.Random,
        today: dt.date,
        programmes: Sequence[EUProgramme],
        report: NationalReport,
    ):
        self.municipality = municipality
        self.rank = rank
        self.sizes = sizes
        self.words = words
        self.rng = rng
        self.today = today
        self.start = today - dt.timedelta(days=365 * years)
        self.programmes = programmes
        self.report = report
        self.slug = f"n{municipality.code}"

    # --- helpers ---------------------------------------------------------------------------

    def day(self, *, after: dt.date | None = None, within: int | None = None) -> dt.date:
        first = after or self.start
        span = (self.today - first).days if within is None else within
        return first + dt.timedelta(days=self.rng.randrange(max(1, span)))

    def moment(self, day: dt.date) -> dt.datetime:
        hour, minute = self.rng.randrange(7, 18), self.rng.randrange(60)
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))

    def pick(self, seq):
        return seq[self.rng.randrange(len(seq))]

    def create(self, model, objects: list, label: str) -> list:
        with _stamped_as_given(model):
            created = model.objects.bulk_create(objects, batch_size=BATCH)
        self.report.add(label, len(created))
        return created

    def history(self, model, rows: list[tuple[models.Model, dict]], label: str) -> None:
        """History rows: (record, {history_type, history_date, overrides…}) each."""
        history_model = model.history.model
        tracked = [f.attname for f in history_model.tracked_fields]
        built = []
        for record, extra in rows:
            values = {name: getattr(record, name) for name in tracked}
            values.update(extra)
            values.setdefault("history_change_reason", REASON)
            values.setdefault("history_user_id", self.user.pk)
            built.append(history_model(**values))
        with _stamped_as_given(history_model):
            history_model.objects.bulk_create(built, batch_size=BATCH)
        self.report.add(f"{label} (historik)", len(built))

    def created_history(self, model, records: list, label: str) -> None:
        rows = [
            (r, {"history_type": "+", "history_date": r.created_at, "version": 1}) for r in records
        ]
        # A third of the records were changed once since: a second row at their updated_at.
        rows += [
            (r, {"history_type": "~", "history_date": r.updated_at, "version": 2})
            for r in records
            if r.version > 1
        ]
        self.history(model, rows, label)

    def stamps(self, day: dt.date) -> dict:
        created = self.moment(day)
        changed = self.rng.random() < 1 / 3
        updated = created + dt.timedelta(days=self.rng.randrange(1, 200)) if changed else created
        return {
            "created_at": created,
            "updated_at": min(updated, self.moment(self.today)),
            "version": 2 if changed else 1,
            "created_by_id": self.user.pk,
            "is_demo": True,
        }

    # --- the organisation ------------------------------------------------------------------

    @transaction.atomic
    def build(self, password: str) -> None:
        m = self.municipality
        Municipality.objects.filter(pk=m.pk).update(is_tenant=True)
        m.is_tenant = True
        self.user = self._users(password)
        self._profile()
        self.areas = list(PriorityArea.objects.filter(municipality=m))
        self._units()
        self._people()
        memberships = self._memberships()
        partnerships = self._partnerships()
        applications = self._applications()
        visits = self._visits(partnerships, applications)
        self._matters(memberships, partnerships, applications, visits)
        self._activities()
        self._monitoring()
        self._obligations()

    def _users(self, password: str):
        user_model = get_user_model()
        names = ["samordnare", "lasare"] + (["redaktor"] if self.rank == 1 else [])
        users = user_model.objects.bulk_create(
            user_model(
                username=f"{self.slug}-{name}",
                password=password,
                email=f"{name}@{self.slug}.example",
                first_name=name.capitalize(),
                last_name=self.municipality.name,
            )
            for name in names
        )
        RoleAssignment.objects.bulk_create(
            [
                RoleAssignment(user=users[0], municipality=self.municipality, role="coordinator"),
                RoleAssignment(user=users[1], municipality=self.municipality, role="reader"),
            ]
        )
        self.editor = users[2] if len(users) > 2 else None
        self.report.add("användare", len(users))
        return users[0]

    def _profile(self) -> None:
        from utblick.policy.services import profile_load

        name = PROFILES[self.rank % len(PROFILES)]
        text = (PROFILE_DIR / name).read_text(encoding="utf-8")
        m = self.municipality
        organisation = f'[organisation]\ncode = "{m.code}"\nname = "{m.name}"\nkind = "{m.kind}"\n'
        text = re.sub(r"\[organisation\]\ncode = \"\d+\"\nname = \"[^\"]*\"\n", organisation, text)
        profile_load(municipality=m, text=text, source_name=f"{m.code}-{name}", user=self.user)

    def _units(self) -> None:
        existing = list(Unit.objects.filter(municipality=self.municipality))
        kinds = (
            ("committee", self.words["committees"]),
            ("administration", self.words["administrations"]),
            ("municipal_company", self.words["companies"]),
        )
        names = {u.name for u in existing}
        units = []
        for n in range(self.sizes.units):
            kind, words = kinds[n % 3]
            base = words[(n // 3) % len(words)]
            name = base if base not in names else f"{base} {n}"
            names.add(name)
            units.append(
                Unit(
                    municipality=self.municipality,
                    kind=kind,
                    name=name,
                    **self.stamps(self.start),
                )
            )
        created = self.create(Unit, units, "enheter")
        self.created_history(Unit, created, "enheter")
        self.units = [u for u in existing + created if u.kind not in ("council",)]
        self.board = next((u for u in existing if u.kind == "executive_board"), self.units[0])

    def _people(self) -> None:
        first, last = self.words["first_names"], self.words["last_names"]
        people = [
            Person(
                municipality=self.municipality,
                name=f"{self.pick(first)} {self.pick(last)} {n}",
                kind="elected" if n % 5 == 0 else "staff",
                unit=self.pick(self.units),
                email=f"person{n}@{self.slug}.example",
                **self.stamps(self.day()),
            )
            for n in range(self.sizes.people)
        ]
        self.people = self.create(Person, people, "personer")
        self.created_history(Person, self.people, "personer")
        contacts = [
            ContactPerson(
                municipality=self.municipality,
                unit=unit,
                person=self.people[n % len(self.people)],
                appointed_on=self.day(),
                **self.stamps(self.day()),
            )
            for n, unit in enumerate(self.units)
            if n % 4
        ]
        created = self.create(ContactPerson, contacts, "kontaktpersoner")
        self.created_history(ContactPerson, created, "kontaktpersoner")

    def _link_areas(self, model, records: list, label: str) -> None:
        if not self.areas:
            return
        through = model.priority_areas.through
        source = f"{model._meta.model_name}_id"
        links = []
        for record in records:
            for area in self.rng.sample(self.areas, k=min(len(self.areas), self.rng.randint(1, 2))):
                links.append(through(**{source: record.pk, "priorityarea_id": area.pk}))
        through.objects.bulk_create(links, batch_size=BATCH)
        self.report.add(f"{label} (områden)", len(links))

    def _memberships(self) -> list[NetworkMembership]:
        records = []
        for n in range(self.sizes.memberships):
            started = self.day()
            wide = n % 6 == 0
            reviewed = self.day(after=started) if n % 2 else None
            records.append(
                NetworkMembership(
                    municipality=self.municipality,
                    organisation=f"{self.pick(self.words['networks'])} {n}",
                    scope="municipality_wide" if wide else "unit",
                    unit=self.board if wide else self.pick(self.units),
                    status="ended" if n % 9 == 0 else "active",
                    decided_by=self.board if n % 3 else None,
                    decided_on=started if n % 3 else None,
                    started_on=started,
                    ended_on=self.day(after=started) if n % 9 == 0 else None,
                    annual_fee=Decimal(self.rng.randrange(0, 200_000, 500)),
                    last_reviewed_on=reviewed,
                    next_review_on=(reviewed or started) + dt.timedelta(days=730),
                    purpose=f"Påverkan och kunskapsutbyte om {self.pick(self.words['themes']).lower()}.",
                    **self.stamps(started),
                )
            )
        created = self.create(NetworkMembership, records, "medlemskap")
        self.created_history(NetworkMembership, created, "medlemskap")
        self._link_areas(NetworkMembership, created, "medlemskap")
        return created

    def _partnerships(self) -> list[Partnership]:
        kinds = [
            "twin_town",
            "partner_city",
            "cooperation_agreement",
            "memorandum_of_understanding",
            "letter_of_intent",
            "support_initiative",
        ]
        records = []
        for n in range(self.sizes.partnerships):
            city, country = self.pick(self.words["counterparts"])
            started = self.day()
            records.append(
                Partnership(
                    municipality=self.municipality,
                    kind=kinds[n % len(kinds)],
                    title=f"Samarbete med {city} {n}",
                    counterpart=f"{city} kommun",
                    counterpart_city=city,
                    country_id=country,
                    status="active" if n % 4 else "ended",
                    unit=self.pick(self.units),
                    scope=f"{self.pick(self.words['themes'])}.",
                    stated_benefit="Kunskapsutbyte och gemensamma projekt." if n % 3 else "",
                    started_on=started,
                    ends_on=started + dt.timedelta(days=365 * 4) if n % 2 else None,
                    **self.stamps(started),
                )
            )
        created = self.create(Partnership, records, "partnerskap")
        self.created_history(Partnership, created, "partnerskap")
        self._link_areas(Partnership, created, "partnerskap")
        return created

    def _applications(self) -> list[FundingApplication]:
        """Applications through their lifecycle: one history row per status they passed."""
        records: list[FundingApplication] = []
        steps: list[list[tuple[str, dt.date]]] = []
        themes, places = self.words["themes"], self.words["places"]
        for n in range(self.sizes.applications):
            created_on = self.day()
            age = (self.today - created_on).days
            path = ["idea", "preparing"]
            if age > 60:
                path.append("submitted")
            if age > 180:
                path.append(self.rng.choice(["granted", "granted", "rejected", "withdrawn"]))
            if age > 300 and path[-1] == "granted":
                path.append("running")
            if age > 900 and path[-1] == "running":
                path.append("closed")
            if age < 60 and self.rng.random() < 0.5:
                path = path[:1]
            dates = sorted(
                created_on + dt.timedelta(days=self.rng.randrange(max(1, age))) for _ in path[1:]
            )
            status = path[-1]
            budget = Decimal(self.rng.randrange(200_000, 40_000_000, 1000))
            granted = status in ("granted", "running", "closed")
            record = FundingApplication(
                municipality=self.municipality,
                title=f"{self.pick(themes)} i {self.pick(places)} {self.slug}-{n}",
                description=f"Projekt om {self.pick(themes).lower()} tillsammans med partner "
                f"i {self.pick(places)}.",
                programme=self.pick(self.programmes),
                role="lead" if n % 3 == 0 else "partner",
                unit=self.pick(self.units),
                contact=self.pick(self.people),
                status=status,
                total_budget=budget,
                requested_grant=(budget * Decimal("0.8")).quantize(Decimal(1)),
                granted_amount=(budget * Decimal("0.7")).quantize(Decimal(1)) if granted else None,
                submitted_on=dates[1] if len(dates) > 1 else None,
                decision_on=dates[2] if len(dates) > 2 else None,
                starts_on=dates[3] if len(dates) > 3 else None,
                ends_on=dates[4] if len(dates) > 4 else None,
                staff_participants=self.rng.randrange(0, 15),
                children_young_participants=self.rng.randrange(0, 40) if n % 4 == 0 else 0,
                results="Resultat enligt slutrapporten." if status == "closed" else "",
                lessons_learned="Förankra tidigt i linjen." if status == "closed" and n % 2 else "",
                created_at=self.moment(created_on),
                updated_at=self.moment(dates[-1] if dates else created_on),
                version=len(path),
                created_by_id=self.user.pk,
                is_demo=True,
            )
            records.append(record)
            steps.append(list(zip(path, [created_on, *dates], strict=True)))
        created = self.create(FundingApplication, records, "ansökningar")
        rows = []
        for record, stepped in zip(created, steps, strict=True):
            for version, (status, day) in enumerate(stepped, 1):
                rows.append(
                    (
                        record,
                        {
                            "history_type": "+" if version == 1 else "~",
                            "history_date": record.created_at if version == 1 else self.moment(day),
                            "status": status,
                            "version": version,
                        },
                    )
                )
        self.history(FundingApplication, rows, "ansökningar")
        self._link_areas(FundingApplication, created, "ansökningar")
        partners = []
        for record in created[::2]:
            city, country = self.pick(self.words["counterparts"])
            partners.append(
                ProjectPartner(
                    application=record,
                    name=f"{city} kommun",
                    city=city,
                    country_id=country,
                    is_local_authority=True,
                    is_lead=record.role == "partner",
                )
            )
        self.create(ProjectPartner, partners, "projektpartner")
        return created

    def _visits(self, partnerships, applications) -> list[Visit]:
        kinds = ["official", "study", "delegation", "conference_hosted", "conference_attended"]
        records = []
        for n in range(self.sizes.visits):
            city, country = self.pick(self.words["counterparts"])
            # A tenth lies ahead, so that the coming weeks have visits too.
            starts = self.day() if n % 10 else self.day(after=self.today, within=180)
            records.append(
                Visit(
                    municipality=self.municipality,
                    title=f"Besök {city} {n}",
                    direction="incoming" if n % 2 else "outgoing",
                    kind=kinds[n % len(kinds)],
                    unit=self.pick(self.units),
                    counterpart=f"{city} kommun",
                    country_id=country,
                    city=city,
                    starts_on=starts,
                    ends_on=starts + dt.timedelta(days=self.rng.randrange(0, 4)),
                    purpose=f"Studiebesök om {self.pick(self.words['themes']).lower()}.",
                    partnership=self.pick(partnerships) if n % 7 == 0 else None,
                    application=self.pick(applications) if n % 11 == 0 else None,
                    staff_participants=self.rng.randrange(1, 12),
                    elected_participants=self.rng.randrange(0, 3),
                    children_young_participants=self.rng.randrange(0, 20) if n % 6 == 0 else 0,
                    cost_sek=Decimal(self.rng.randrange(0, 150_000, 100)),
                    **self.stamps(min(starts, self.today) - dt.timedelta(days=30)),
                )
            )
        created = self.create(Visit, records, "besök")
        self.created_history(Visit, created, "besök")
        self._link_areas(Visit, created, "besök")
        return created

    def _matters(self, memberships, partnerships, applications, visits) -> None:
        records = []
        for n in range(self.sizes.matters):
            initiated = self.day()
            decided = initiated + dt.timedelta(days=self.rng.randrange(20, 120))
            subject = n % 4
            records.append(
                Matter(
                    municipality=self.municipality,
                    kind=MATTER_KINDS[subject],
                    title=f"Ärende {n}: {self.pick(self.words['themes'])}",
                    registry_number=f"KS {initiated.year}-{n:05d}",
                    unit=self.pick(self.units),
                    body=self.board,
                    initiated_on=initiated,
                    decided_on=decided if decided <= self.today else None,
                    outcome="approved" if decided <= self.today else "pending",
                    membership=self.pick(memberships) if subject == 0 else None,
                    partnership=self.pick(partnerships) if subject == 1 else None,
                    application=self.pick(applications) if subject == 2 else None,
                    visit=self.pick(visits) if subject == 3 else None,
                    background="Bakgrund enligt tjänsteskrivelsen.",
                    **self.stamps(initiated),
                )
            )
        created = self.create(Matter, records, "ärenden")
        self.created_history(Matter, created, "ärenden")

    def _activities(self) -> None:
        statuses = ["planned", "ongoing", "done", "postponed", "cancelled"]
        records = []
        for n in range(self.sizes.activities):
            year = self.today.year - (n % 10)
            records.append(
                Activity(
                    municipality=self.municipality,
                    title=f"Aktivitet {n}: {self.pick(self.words['themes'])}",
                    unit=self.pick(self.units),
                    year=year,
                    status=statuses[n % len(statuses)] if year == self.today.year else "done",
                    staff_participants=self.rng.randrange(0, 30),
                    children_young_participants=self.rng.randrange(0, 30) if n % 5 == 0 else 0,
                    **self.stamps(dt.date(year, 1, 15) if year < self.today.year else self.start),
                )
            )
        created = self.create(Activity, records, "aktiviteter")
        self.created_history(Activity, created, "aktiviteter")
        self._link_areas(Activity, created, "aktiviteter")

    def _monitoring(self) -> None:
        kinds = ["legislation", "consultation", "funding_call", "trend"]
        records = []
        for n in range(self.sizes.monitoring):
            seen = self.day()
            records.append(
                MonitoringItem(
                    municipality=self.municipality,
                    kind=kinds[n % 4],
                    title=f"Bevakning {n}: {self.pick(self.words['themes'])}",
                    summary="Förslag som berör kommunens verksamheter.",
                    unit=self.pick(self.units),
                    assessed_impact=["unknown", "low", "medium", "high"][n % 4],
                    due_on=seen + dt.timedelta(days=self.rng.randrange(10, 120)),
                    status="closed" if seen < self.today - dt.timedelta(days=180) else "new",
                    **self.stamps(seen),
                )
            )
        created = self.create(MonitoringItem, records, "bevakning")
        self.created_history(MonitoringItem, created, "bevakning")
        self._link_areas(MonitoringItem, created, "bevakning")

    def _obligations(self) -> None:
        from utblick.routines.models import Obligation
        from utblick.routines.services import routines_run

        start = time.perf_counter()
        routines_run(self.municipality, self.today)
        self.report.sweep_seconds += time.perf_counter() - start
        count = Obligation.objects.filter(municipality=self.municipality).count()
        self.report.obligations += count
        self.report.add("åtgärder", count)


def _build_calls(size: int, words: dict, seed: int, today: dt.date) -> int:
    """The portal's calls: `size` topics, a third open, a third forthcoming, a third closed."""
    if FundingCall.objects.filter(identifier__startswith=CALL_PREFIX).exists():
        return 0
    rng = random.Random(f"{seed}-calls")  # noqa: S311
    programmes = list(EUProgramme.objects.order_by("code"))
    topics, actions, themes = words["call_topics"], words["call_actions"], words["themes"]
    calls = []
    for n in range(size):
        topic = topics[n % len(topics)]
        status = ("open", "forthcoming", "closed")[n % 3]
        offset = {"open": rng.randrange(5, 200), "forthcoming": rng.randrange(60, 400)}
        deadline = today + dt.timedelta(days=offset.get(status, -rng.randrange(1, 900)))
        action = actions[n % len(actions)]
        calls.append(
            FundingCall(
                identifier=f"{CALL_PREFIX}-{n:05d}",
                call_identifier=f"{CALL_PREFIX}-{n // 8:04d}",
                call_title=f"Call on {topic}",
                title=f"{topic.capitalize()}: {rng.choice(topics)} ({action})",
                description=f"Proposals should address {topic} and {rng.choice(topics)} "
                f"with local and regional authorities. Related: {rng.choice(themes)}.",
                status=status,
                deadline=deadline,
                deadlines=[deadline.isoformat()],
                opening_date=deadline - dt.timedelta(days=90),
                programme=programmes[n % len(programmes)] if programmes else None,
                budget_eur=Decimal(rng.randrange(500_000, 30_000_000, 1000)),
                types_of_action=action,
                keywords=topic.split()[:3],
                source_name="nationell demodata",
            )
        )
    FundingCall.objects.bulk_create(calls, batch_size=BATCH)
    call_index_store(today=today)  # as a calls import does: matching loads it, never builds it
    return len(calls)
