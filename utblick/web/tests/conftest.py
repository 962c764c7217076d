"""Web test set-up: a record maker for every register, and clients signed in as the personas."""

import datetime as dt

import pytest
from django.test import Client

from utblick.factories import (
    ActivityFactory,
    ApplicationFactory,
    GrantFactory,
    MembershipFactory,
    PartnershipFactory,
    PersonFactory,
    UnitFactory,
    VisitFactory,
)
from utblick.monitoring.models import MonitoringItem
from utblick.organisation.models import ContactPerson
from utblick.registers.models import Matter


def _monitoring(municipality, unit, **fields):
    values = {"kind": "legislation", "title": "Förordning om stadsmiljö", "unit": unit}
    values.update(fields)
    return MonitoringItem.objects.create(municipality=municipality, **values)


def _matter(municipality, unit, **fields):
    values = {"kind": "motion", "title": "Motion om vänort", "unit": unit}
    values.update(fields)
    return Matter.objects.create(municipality=municipality, **values)


def _contact(municipality, unit, **fields):
    person = fields.pop("person", None) or PersonFactory(municipality=municipality)
    values = {"appointed_on": dt.date(2024, 1, 1)}
    values.update(fields)
    return ContactPerson.objects.create(
        municipality=municipality, unit=unit, person=person, **values
    )


MAKERS = {
    "memberships": lambda m, u, **f: MembershipFactory(municipality=m, unit=u, **f),
    "partnerships": lambda m, u, **f: PartnershipFactory(municipality=m, unit=u, **f),
    "applications": lambda m, u, **f: ApplicationFactory(municipality=m, unit=u, **f),
    "visits": lambda m, u, **f: VisitFactory(municipality=m, unit=u, **f),
    "grants": lambda m, u, **f: GrantFactory(municipality=m, unit=u, **f),
    "monitoring_items": _monitoring,
    "activities": lambda m, u, **f: ActivityFactory(municipality=m, unit=u, **f),
    "matters": _matter,
    "units": lambda m, u, **f: UnitFactory(municipality=m, parent=u, **f),
    "people": lambda m, u, **f: PersonFactory(municipality=m, unit=u, **f),
    "contact_people": _contact,
}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The personas' passwords are hashed on every test; the real hasher takes seconds."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make():
    """make("visits", world.home, world.committee, title=…): a record of any register."""

    def maker(key, municipality, unit, **fields):
        return MAKERS[key](municipality, unit, **fields)

    return maker


@pytest.fixture
def signed_in(world):
    """signed_in(world.alice): a client with that persona's session."""

    def sign_in(user):
        client = Client()
        client.force_login(user)
        return client

    return sign_in
