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


@pytest.fixture(autouse=True)
def worker_runs_at_once(settings):
    """The background worker's part runs as soon as a preview or import is queued, so these
    tests read like the person's journey (test_background.py shows the queue itself)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
