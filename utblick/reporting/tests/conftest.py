"""Reporting test set-up: report files in a temporary directory, the personas signed in."""

import pytest
from django.test import Client


@pytest.fixture(autouse=True)
def report_dir(settings, tmp_path):
    settings.REPORT_DIR = tmp_path / "reports"
    return settings.REPORT_DIR


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def signed_in(world):
    """signed_in(world.alice): a client with that persona's session."""

    def sign_in(user):
        client = Client()
        client.force_login(user)
        return client

    return sign_in
