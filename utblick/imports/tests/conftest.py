import pytest


@pytest.fixture(autouse=True)
def import_dir(settings, tmp_path):
    """Uploaded files are kept here between preview and confirmation, not in var/."""
    settings.IMPORT_UPLOAD_DIR = tmp_path / "imports"
    return settings.IMPORT_UPLOAD_DIR


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The personas' passwords are hashed for every test; these tests do not need PBKDF2."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
