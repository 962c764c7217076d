"""Shared test set-up: reference data once per database, and three standing personas.

alice coordinates Testkommun A; bob edits only his committee's records there; carol reads;
mallory coordinates Testkommun B and must never see or change anything of A.
"""

import pytest
from django.test import Client

from utblick.core.access import Role
from utblick.factories import MunicipalityFactory, RoleFactory, UnitFactory, UserFactory
from utblick.organisation.roles import actor_for


def pytest_configure(config):
    from django.conf import settings

    # Tests render pages without `collectstatic`: no manifest to look names up in.
    # Tests sign in many personas; a fast hasher keeps the suite quick (tests only).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The test client and the live server speak plain HTTP (HTTPS is on by default; a test of
    # its own checks the deployment settings with `check --deploy`).
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_HSTS_SECONDS = 0
    # Throttle counters per test process, emptied before each test (see `fresh_cache`).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def immediate_tasks(settings):
    """Tasks run as soon as they are queued (inside the request), as the worker would run them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def fresh_cache():
    """No test inherits another's throttle counts."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from utblick.reference.services import load_reference_data

    with django_db_blocker.unblock():
        load_reference_data()


class World:
    def __init__(self):
        self.home = MunicipalityFactory(code="9001", name="Testkommun A")
        self.other = MunicipalityFactory(code="9002", name="Testkommun B")
        self.board = UnitFactory(
            municipality=self.home, kind="executive_board", name="Kommunstyrelsen"
        )
        self.committee = UnitFactory(municipality=self.home, name="Kultur- och fritidsnämnden")
        self.other_committee = UnitFactory(municipality=self.home, name="Miljönämnden")
        self.foreign_unit = UnitFactory(municipality=self.other, name="Utbildningsnämnden B")
        self.alice = UserFactory(username="alice")
        self.bob = UserFactory(username="bob")
        self.carol = UserFactory(username="carol")
        self.mallory = UserFactory(username="mallory")
        RoleFactory(user=self.alice, municipality=self.home, role=Role.COORDINATOR)
        RoleFactory(
            user=self.bob, municipality=self.home, role=Role.UNIT_EDITOR, unit=self.committee
        )
        RoleFactory(user=self.carol, municipality=self.home, role=Role.READER)
        RoleFactory(user=self.mallory, municipality=self.other, role=Role.COORDINATOR)

    def actor(self, user, municipality=None):
        return actor_for(user, municipality or self.home)


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def api_client(world):
    """A client that sends a bearer token for a persona: api_client(world.alice)."""
    from utblick.api.tokens import token_create

    def make(user, municipality=None):
        _, token = token_create(user=user, municipality=municipality or world.home)
        return Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    return make
