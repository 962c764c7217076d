"""Helpers for the routines' database tests: a municipality with its real seed profile and an
organisation (KF, KS and its office, committees with an administration, a company)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from utblick.core.access import Actor, Role
from utblick.factories import ApplicationFactory, RoleFactory, UnitFactory
from utblick.organisation.models import Municipality, Unit
from utblick.policy.models import ProfileVersion
from utblick.policy.profile_format import SEED_PROFILES, seed_profile_path
from utblick.policy.services import profile_load
from utblick.routines.models import Obligation
from utblick.routines.services import routines_run

HERE = Path(__file__).resolve().parent
TRACKING_SINCE = dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)


@dataclass
class Place:
    municipality: Municipality
    council: Unit
    board: Unit
    office: Unit
    committee: Unit
    administration: Unit
    other_committee: Unit
    company: Unit
    coordinator: object
    editor: object

    @property
    def actor(self) -> Actor:
        return Actor(user=self.coordinator, municipality=self.municipality, role=Role.COORDINATOR)

    def run(self, today=None):
        return routines_run(self.municipality, today)

    def obligations(self, routine_key: str | None = None, **filters):
        qs = Obligation.objects.filter(municipality=self.municipality, **filters)
        if routine_key:
            qs = qs.filter(routine__key=routine_key)
        return list(qs.order_by("id"))

    def open(self, routine_key: str | None = None, **filters):
        return self.obligations(routine_key, status="open", **filters)

    def open_about(self, routine_key: str, record) -> list[Obligation]:
        return [o for o in self.open(routine_key) if o.object_id == record.pk]


def make_place(code: str, profile_text: str | None = None, *, name: str | None = None) -> Place:
    municipality = Municipality.objects.get(code=code)
    municipality.is_tenant = True
    municipality.save()
    if profile_text is None:
        path = seed_profile_path(code)
        profile_text, source = path.read_text(encoding="utf-8"), path.name
    else:
        source = f"{code}.toml"
    profile_load(municipality=municipality, text=profile_text, source_name=source)
    # Calendar duties that fell due before tracking began are not raised; fix that day so
    # the tests do not depend on the day they run.
    ProfileVersion.objects.filter(municipality=municipality).update(loaded_at=TRACKING_SINCE)

    def unit(kind, name, parent=None):
        return UnitFactory(municipality=municipality, kind=kind, name=name, parent=parent)

    council = unit("council", "Kommunfullmäktige")
    board = unit("executive_board", "Kommunstyrelsen")
    office = unit("executive_office", "Kommunledningsförvaltningen", board)
    committee = unit("committee", "Kultur- och fritidsnämnden")
    administration = unit("administration", "Kultur- och fritidsförvaltningen", committee)
    other = unit("committee", "Miljönämnden")
    company = unit("municipal_company", "Hamnbolaget AB")
    coordinator = user(f"samordnare-{code}")
    editor = user(f"redaktor-{code}")
    RoleFactory(user=coordinator, municipality=municipality, role=Role.COORDINATOR)
    RoleFactory(user=editor, municipality=municipality, role=Role.UNIT_EDITOR, unit=committee)
    return Place(
        municipality,
        council,
        board,
        office,
        committee,
        administration,
        other,
        company,
        coordinator,
        editor,
    )


def user(username: str, **fields):
    """A user without a password: hashing one is the slowest thing a test can do."""
    fields.setdefault("email", f"{username}@example.se")
    return get_user_model().objects.create(username=username, **fields)


@pytest.fixture
def place(db):
    """make_place("1280") → Malmö with its real profile and a small organisation."""
    return make_place


SEEDS = dict(SEED_PROFILES)


# Malmö with its real profile, an administrator, a reader and applications around its
# 12 MSEK threshold (the policy page's tests).
MALMO_BUDGETS = ["9500000", "10000000", "10500000", "11999999", "12000000", "15000000"]


@pytest.fixture
def malmo(db):
    place = make_place("1280")
    place.administrator = user("admin-1280")
    RoleFactory(user=place.administrator, municipality=place.municipality, role=Role.ADMINISTRATOR)
    place.reader = user("lasare-1280")
    RoleFactory(user=place.reader, municipality=place.municipality, role=Role.READER)
    place.applications = {
        amount: ApplicationFactory(
            municipality=place.municipality,
            unit=place.committee,
            title=f"Projekt {amount}",
            total_budget=Decimal(amount),
        )
        for amount in MALMO_BUDGETS
    }
    place.run()
    return place
