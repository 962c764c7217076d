"""Planning test set-up: the personas signed in, quick password hashing."""

import pytest
from django.test import Client


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
