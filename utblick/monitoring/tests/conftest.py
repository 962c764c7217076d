"""Monitoring test set-up: the portal samples, imported calls, the seed profiles loaded."""

from pathlib import Path

import pytest
from django.test import Client

from utblick.monitoring.calls_import import calls_import

DATA = Path(__file__).resolve().parent / "data"
SHIPPED = Path(__file__).resolve().parents[1] / "data"  # also what the demo loads
SAMPLE = SHIPPED / "calls_sample.json"
LABELS = DATA / "call_labels.json"
PROFILES = Path(__file__).resolve().parents[2] / "policy" / "profiles"

# The three real portal responses, unchanged (their source is in data/real/SOURCE.md).
REAL = {
    "one_result": SHIPPED / "real" / "call_search_one_result.json",
    "erasmus": SHIPPED / "real" / "result_item_erasmus_forthcoming.json",
    "pppa": SHIPPED / "real" / "result_item_pppa_open.json",
}

# A day before every deadline of the sample's open and forthcoming calls.
SAMPLE_TODAY = "2026-11-22"


@pytest.fixture
def sample_calls(db):
    """The sample's calls in the database; returns the import report."""
    return calls_import(SAMPLE.read_bytes(), source_name=SAMPLE.name)


@pytest.fixture
def signed_in(world):
    def sign_in(user):
        client = Client()
        client.force_login(user)
        return client

    return sign_in


def load_seed_profile(code: str, slug: str):
    from utblick.organisation.models import Municipality
    from utblick.policy.services import profile_load

    municipality = Municipality.objects.get(code=code)
    Municipality.objects.filter(pk=municipality.pk).update(is_tenant=True)
    profile_load(
        municipality=municipality,
        text=(PROFILES / f"{slug}.toml").read_text(encoding="utf-8"),
        source_name=f"{slug}.toml",
    )
    return municipality
