"""`utblick demo load`: the demo data set (`data/*.toml`, read by `content.py`), written through the register services.

Idempotent. Every record has a natural key (a unit's name, a membership's organisation, an
application's title, …) within its municipality; a record whose key exists is left exactly as
it is (a user may have edited a demo record), so a second load writes nothing at all — no
rows, no history rows. Records are created with `record_create(..., is_demo=True)` by the
municipality's demo administrator, so the audit trail shows who created them and why.

Each municipality is loaded in one transaction; the regional network (V6) in its own.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.db.models import Q
from django.test.utils import override_settings

from utblick.core.access import Actor, Role
from utblick.core.services import record_create, record_update
from utblick.demo import content
from utblick.monitoring.calls_import import calls_import_shipped
from utblick.monitoring.models import MonitoringItem
from utblick.organisation.models import (
    ContactPerson,
    Municipality,
    Person,
    RegionalNetwork,
    RoleAssignment,
    Unit,
)
from utblick.planning.models import Activity
from utblick.policy.models import Commitment, Goal, PriorityArea
from utblick.reference.models import Country, EUProgramme
from utblick.registers.models import (
    FundingApplication,
    Matter,
    NetworkMembership,
    Partnership,
    ProjectPartner,
    Visit,
)
from utblick.routines.services import routines_run

PROFILE_DIR = Path(__file__).resolve().parent.parent / "policy" / "profiles"
REASON = "demodata"

# The natural key of each record type within its municipality.
NATURAL_KEYS: dict[type[models.Model], tuple[str, ...]] = {
    Unit: ("name",),
    Person: ("name",),
    ContactPerson: ("unit", "person"),
    NetworkMembership: ("organisation",),
    Partnership: ("title",),
    FundingApplication: ("title",),
    Visit: ("title",),
    Matter: ("title",),
    Activity: ("title", "year", "unit"),
    MonitoringItem: ("title",),
}

# Swedish labels for the summary, in the order the registers are loaded.
LABELS: dict[str, str] = {
    "organisation.unit": "enheter",
    "organisation.person": "personer",
    "organisation.contactperson": "kontaktpersoner",
    "registers.networkmembership": "medlemskap",
    "registers.partnership": "partnerskap och avtal",
    "registers.fundingapplication": "ansökningar och projekt",
    "registers.projectpartner": "projektpartner",
    "registers.visit": "besök och evenemang",
    "registers.matter": "ärenden",
    "planning.activity": "aktiviteter",
    "monitoring.monitoringitem": "bevakningsärenden",
    "auth.user": "användare",
    "organisation.roleassignment": "roller",
}

# Content keys that link a record to the municipality's policy profile, by key.
POLICY_LINKS: dict[str, type[models.Model]] = {
    "areas": PriorityArea,
    "commitments": Commitment,
    "goals": Goal,
}
POLICY_M2M = {"areas": "priority_areas", "commitments": "commitments", "goals": "goals"}


class DemoContentError(Exception):
    """The demo content refers to something that does not exist (e.g. a profile key)."""


@dataclass
class MunicipalityReport:
    municipality: Municipality
    name: str
    created: Counter = field(default_factory=Counter)
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def created_total(self) -> int:
        return sum(self.created.values())

    def summary(self) -> str:
        parts = [
            f"{self.totals.get(label, 0)} {name}"
            for label, name in LABELS.items()
            if label not in ("registers.projectpartner", "organisation.roleassignment")
        ]
        new = (
            f"{self.created_total} nya poster"
            if self.created_total
            else "inga nya poster (allt fanns redan)"
        )
        return f"{self.name} ({self.municipality.code}): {', '.join(parts)} – {new}."


@dataclass
class NetworkReport:
    network: RegionalNetwork
    created: bool

    def summary(self) -> str:
        members = ", ".join(m.name for m in self.network.members.order_by("name"))
        state = "nytt" if self.created else "fanns redan"
        return f"Regionalt nätverk {self.network.name} ({state}): {members}."


# --- Entry point ---------------------------------------------------------------------------


def load_demo() -> list[MunicipalityReport | NetworkReport]:
    """Reference data, then each demo municipality (one transaction each), then V6."""
    from utblick.reference.services import load_reference_data

    load_reference_data()
    # The EU calls, so that the calls list and the matching show something on a first start.
    calls_import_shipped()
    password = make_password(content.DEMO_PASSWORD)  # hashed once; demo users share it
    reports: list[MunicipalityReport | NetworkReport] = []
    # The demo people's addresses are invented: the routines' e-mails go nowhere
    # (the in-app notifications stay).
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        for spec in content.MUNICIPALITIES:
            report = load_municipality(spec, password_hash=password)
            _sweep_routines(report.municipality)
            reports.append(report)
    for spec in content.REGIONAL_NETWORKS:
        reports.append(load_regional_network(spec))
    return reports


def _sweep_routines(municipality: Municipality) -> None:
    """Calendar duties (reports, reviews, the document's validity) come from the sweep."""
    routines_run(municipality)


# --- One municipality ----------------------------------------------------------------------


class _Context:
    def __init__(self, municipality: Municipality, actor: Actor, report: MunicipalityReport):
        self.municipality = municipality
        self.actor = actor
        self.report = report


@transaction.atomic
def load_municipality(spec: Mapping[str, Any], *, password_hash: str) -> MunicipalityReport:
    """One municipality from `content`, all or nothing."""
    municipality = Municipality.objects.get(code=spec["code"])
    report = MunicipalityReport(municipality=municipality, name=spec["name"])
    if not municipality.is_tenant:
        Municipality.objects.filter(pk=municipality.pk).update(is_tenant=True)
        municipality.is_tenant = True

    users = {u["username"]: _ensure_user(u, password_hash, report) for u in spec["users"]}
    admin = users[spec["admin"]]
    actor = Actor(user=admin, municipality=municipality, role=Role.ADMINISTRATOR)
    ctx = _Context(municipality, actor, report)

    _load_profile(municipality, spec["profile"], admin)
    _check_policy_keys(ctx, spec)

    for unit in spec["units"]:
        _ensure(ctx, Unit, unit)
    for user in spec["users"]:
        _ensure_role(ctx, users[user["username"]], user)
    for person in spec["people"]:
        values = dict(person)
        if values["kind"] == "staff" and "email" not in values:
            values["email"] = f"{ascii_slug(values['name'])}@{spec['slug']}.example"
        _ensure(ctx, Person, values)
    for contact in spec["contact_people"]:
        _ensure(ctx, ContactPerson, contact)
    for membership in spec["memberships"]:
        _ensure(ctx, NetworkMembership, membership)

    decisions: list[tuple[Partnership, str]] = []
    for partnership in spec["partnerships"]:
        values = dict(partnership)
        decision = values.pop("decision", None)
        record, created = _ensure(ctx, Partnership, values)
        if created and decision:
            decisions.append((record, decision))

    for application in spec["applications"]:
        values = dict(application)
        partners = values.pop("partners", [])
        record, created = _ensure(ctx, FundingApplication, values)
        if created:
            for partner in partners:
                _create_partner(ctx, record, partner)

    for visit in spec["visits"]:
        _ensure(ctx, Visit, visit)
    for matter in spec["matters"]:
        _ensure(ctx, Matter, matter)
    # A partnership's decision is a matter about that partnership: link it once both exist.
    for record, title in decisions:
        matter = _resolve(ctx, Matter, title)
        record_update(
            actor=actor,
            instance=record,
            expected_version=record.version,
            fields={"decision": matter},
            reason=f"{REASON}: beslut kopplat",
        )
    for activity in spec["activities"]:
        _ensure(ctx, Activity, activity)
    for item in spec["monitoring"]:
        _ensure(ctx, MonitoringItem, item)

    report.totals = _totals(municipality)
    return report


def _load_profile(municipality: Municipality, file_name: str, user) -> None:
    from utblick.policy.services import profile_load

    path = PROFILE_DIR / file_name
    profile_load(
        municipality=municipality,
        text=path.read_text(encoding="utf-8"),
        source_name=path.name,
        user=user,
    )


def _check_policy_keys(ctx: _Context, spec: Mapping[str, Any]) -> None:
    """Every profile key the content names exists: one clear error instead of a half load."""
    wanted: dict[str, set[str]] = {name: set() for name in POLICY_LINKS}
    for register in (
        "memberships",
        "partnerships",
        "applications",
        "visits",
        "matters",
        "activities",
        "monitoring",
    ):
        for record in spec[register]:
            for name in POLICY_LINKS:
                wanted[name].update(record.get(name, ()))
    missing = []
    for name, keys in wanted.items():
        model = POLICY_LINKS[name]
        found = set(
            model.objects.filter(municipality=ctx.municipality, key__in=keys).values_list(
                "key", flat=True
            )
        )
        missing += [f"{model._meta.verbose_name} '{key}'" for key in sorted(keys - found)]
    if missing:
        raise DemoContentError(
            f"{ctx.municipality.name}: policyprofilen saknar {', '.join(missing)} "
            "som demodata hänvisar till."
        )


# --- Generic record creation ---------------------------------------------------------------


def _ensure(ctx: _Context, model: type[models.Model], spec: Mapping[str, Any]):
    """The record with the spec's natural key, created through `record_create` if missing."""
    fields, m2m = _fields(ctx, model, spec)
    lookup = {name: fields[name] for name in NATURAL_KEYS[model]}
    existing = model.objects.filter(municipality=ctx.municipality, **lookup).first()
    if existing is not None:
        return existing, False
    record = record_create(
        actor=ctx.actor, model=model, fields=fields, m2m=m2m, is_demo=True, reason=REASON
    )
    ctx.report.created[model._meta.label_lower] += 1
    return record, True


def _fields(ctx: _Context, model: type[models.Model], spec: Mapping[str, Any]):
    fields: dict[str, Any] = {}
    m2m: dict[str, list[Any]] = {}
    for name, value in spec.items():
        if name in POLICY_LINKS:
            m2m[POLICY_M2M[name]] = [
                POLICY_LINKS[name].objects.get(municipality=ctx.municipality, key=key)
                for key in value
            ]
            continue
        model_field = model._meta.get_field(name)
        if model_field.many_to_many:
            m2m[name] = [_resolve(ctx, model_field.related_model, v) for v in value]
        elif model_field.is_relation:
            fields[name] = (
                None if value is None else _resolve(ctx, model_field.related_model, value)
            )
        else:
            fields[name] = _coerce(model_field, value)
    return fields, m2m


def _coerce(model_field: models.Field, value: Any) -> Any:
    if isinstance(model_field, models.DateField) and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if isinstance(model_field, models.DecimalField) and value is not None:
        return Decimal(str(value))
    return value


def _resolve(ctx: _Context, target: type[models.Model], value: Any) -> models.Model:
    """A linked record named the way the content names it (name, title, code, username)."""
    m = ctx.municipality
    try:
        if target is Country:
            return Country.objects.get(code=value)
        if target is EUProgramme:
            return EUProgramme.objects.get(code=value)
        if target is get_user_model():
            return get_user_model().objects.get(username=value)
        if target is NetworkMembership:
            return NetworkMembership.objects.get(
                Q(organisation=value) | Q(acronym=value), municipality=m
            )
        key = "name" if target in (Unit, Person) else "title"
        return target.objects.get(municipality=m, **{key: value})
    except (target.DoesNotExist, target.MultipleObjectsReturned) as exc:
        raise DemoContentError(
            f"{m.name}: demodata hänvisar till {target._meta.verbose_name} '{value}', "
            "som inte finns (eller inte är entydig)."
        ) from exc


def _create_partner(ctx: _Context, application: FundingApplication, spec: Mapping[str, Any]):
    """ProjectPartner is not a register record of its own; it follows its application."""
    partner = ProjectPartner(
        application=application,
        name=spec["name"],
        country_id=spec["country"],
        city=spec.get("city", ""),
        is_local_authority=spec.get("local_authority", False),
        is_lead=spec.get("lead", False),
    )
    partner.full_clean()
    partner._history_user = ctx.actor.user
    partner._change_reason = REASON
    partner.save()
    ctx.report.created[ProjectPartner._meta.label_lower] += 1


# --- Users and roles -----------------------------------------------------------------------


def _ensure_user(spec: Mapping[str, Any], password_hash: str, report: MunicipalityReport):
    User = get_user_model()
    user = User.objects.filter(username=spec["username"]).first()
    if user is None:
        user = User(
            username=spec["username"],
            first_name=spec["first_name"],
            last_name=spec["last_name"],
            email=f"{spec['username']}@{content.DEMO_EMAIL_DOMAIN}",
            password=password_hash,
        )
        user.save()
        report.created[User._meta.label_lower] += 1
    return user


def _ensure_role(ctx: _Context, user, spec: Mapping[str, Any]) -> None:
    if RoleAssignment.objects.filter(user=user, municipality=ctx.municipality).exists():
        return
    unit = _resolve(ctx, Unit, spec["unit"]) if spec.get("unit") else None
    assignment = RoleAssignment(
        user=user, municipality=ctx.municipality, role=spec["role"], unit=unit
    )
    assignment.full_clean()
    assignment._history_user = ctx.actor.user
    assignment._change_reason = REASON
    assignment.save()
    ctx.report.created[RoleAssignment._meta.label_lower] += 1


# --- Regional network ----------------------------------------------------------------------


@transaction.atomic
def load_regional_network(spec: Mapping[str, Any]) -> NetworkReport:
    network = RegionalNetwork.objects.filter(name=spec["name"]).first()
    if network is not None:
        return NetworkReport(network=network, created=False)
    members = list(Municipality.objects.filter(code__in=spec["members"]))
    if len(members) != len(spec["members"]):
        raise DemoContentError(f"{spec['name']}: okänd kommunkod bland {spec['members']}.")
    network = RegionalNetwork(
        name=spec["name"],
        short_name=spec["short_name"],
        description=spec["description"],
        founded_year=spec["founded_year"],
    )
    network._change_reason = REASON
    network.save()
    network.members.set(members)
    return NetworkReport(network=network, created=True)


# --- Summary -------------------------------------------------------------------------------


def _totals(municipality: Municipality) -> dict[str, int]:
    User = get_user_model()
    totals: dict[str, int] = {}
    for model in NATURAL_KEYS:
        totals[model._meta.label_lower] = model.objects.filter(
            municipality=municipality, is_demo=True
        ).count()
    totals[ProjectPartner._meta.label_lower] = ProjectPartner.objects.filter(
        application__municipality=municipality, application__is_demo=True
    ).count()
    usernames = _usernames(municipality)
    totals[User._meta.label_lower] = User.objects.filter(username__in=usernames).count()
    totals[RoleAssignment._meta.label_lower] = RoleAssignment.objects.filter(
        municipality=municipality, user__username__in=usernames
    ).count()
    return totals


def _usernames(municipality: Municipality) -> Iterable[str]:
    for spec in content.MUNICIPALITIES:
        if spec["code"] == municipality.code:
            return [u["username"] for u in spec["users"]]
    return []


def ascii_slug(text: str) -> str:
    """'Åsa Öberg' → 'asa.oberg' (for invented e-mail addresses)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return ".".join(part for part in folded.lower().replace("-", " ").split() if part.isalnum())


__all__ = ["DemoContentError", "load_demo", "load_municipality", "load_regional_network"]
