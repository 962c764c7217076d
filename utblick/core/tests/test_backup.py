"""`utblick backup` and `utblick restore`, run as an operator would, against an instance of
their own (a scratch SQLite file, or a scratch database on the PostgreSQL server the suite
runs against): the same records, search index and files come back."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

SEED = """
from pathlib import Path
from django.conf import settings
from utblick.factories import MembershipFactory, MunicipalityFactory, UnitFactory
from utblick.monitoring.search import search_rebuild
home = MunicipalityFactory(code="9301", name="Backupkommun")
unit = UnitFactory(municipality=home, name="Kulturnämnden")
for n in range(3):
    MembershipFactory(municipality=home, unit=unit, organisation=f"Backupnätverket {n}")
search_rebuild()
reports = Path(settings.REPORT_DIR if hasattr(settings, "REPORT_DIR") else settings.VAR_DIR / "reports")
(reports / "9301").mkdir(parents=True, exist_ok=True)
(reports / "9301" / "arsrapport.pdf").write_bytes(b"%PDF-1.7 rapporten")
"""

LOOK = """
import json
from pathlib import Path
from django.conf import settings
from utblick.core.access import Actor
from utblick.monitoring.search import search
from utblick.organisation.models import Municipality
from utblick.registers.models import NetworkMembership
home = Municipality.objects.get(code="9301")
actor = Actor(user=None, municipality=home, role="coordinator")
report = settings.VAR_DIR / "reports" / "9301" / "arsrapport.pdf"
print(json.dumps({
    "memberships": sorted(NetworkMembership.objects.values_list("organisation", flat=True)),
    "hits": sorted(
        NetworkMembership.objects.get(pk=hit.object_id).organisation
        for hit in search(actor, "Backupnätverket")
    ),
    "report": report.read_bytes().decode() if report.is_file() else None,
}))
"""

DAMAGE = """
from utblick.registers.models import NetworkMembership
from utblick.core.access import Actor
NetworkMembership.objects.filter(organisation__endswith="1").delete()
from utblick.monitoring.search import search_rebuild
search_rebuild()
(__import__("django.conf").conf.settings.VAR_DIR / "reports" / "9301" / "arsrapport.pdf").unlink()
"""


@pytest.fixture
def instance(tmp_path):
    """The environment of an instance of its own, and a way to run `utblick` in it."""
    env = {
        **os.environ,
        "UTBLICK_VAR_DIR": str(tmp_path / "var"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_SETTINGS_MODULE": "utblick.settings",
    }
    scratch = None
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        import psycopg

        scratch = f"utblick_backup_{secrets.token_hex(4)}"
        base = os.environ["DATABASE_URL"]
        with psycopg.connect(base, autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {scratch}")
        env["DATABASE_URL"] = base.rsplit("/", 1)[0] + f"/{scratch}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'var' / 'utblick.sqlite3'}"

    def utblick(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", "from utblick.cli import main; main()", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    yield utblick
    if scratch:
        import psycopg

        with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)")


def test_a_restore_brings_back_the_same_records_search_index_and_files(instance, tmp_path):
    instance("migrate", "--noinput", "-v0")
    instance("shell", "--no-imports", "-c", SEED)
    before = json.loads(instance("shell", "--no-imports", "-c", LOOK))
    assert len(before["memberships"]) == 3 and before["hits"] == before["memberships"]
    archive = tmp_path / "backup" / "utblick.tar.gz"
    assert "tabeller" in instance("backup", str(archive))
    instance("shell", "--no-imports", "-c", DAMAGE)
    damaged = json.loads(instance("shell", "--no-imports", "-c", LOOK))
    assert len(damaged["memberships"]) == 2 and damaged["report"] is None
    assert "samma antal i varje tabell" in instance("restore", str(archive), "--yes")
    assert json.loads(instance("shell", "--no-imports", "-c", LOOK)) == before


def test_a_damaged_archive_is_refused_and_nothing_is_replaced(instance, tmp_path):
    import tarfile

    instance("migrate", "--noinput", "-v0")
    instance("shell", "--no-imports", "-c", SEED)
    archive = tmp_path / "utblick.tar.gz"
    instance("backup", str(archive))
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("files/"):
                data = b"changed"
                member.size = len(data)
            target.addfile(member, __import__("io").BytesIO(data))
    instance("shell", "--no-imports", "-c", DAMAGE)
    with pytest.raises(AssertionError, match="does not match the manifest"):
        instance("restore", str(damaged), "--yes")
    assert len(json.loads(instance("shell", "--no-imports", "-c", LOOK))["memberships"]) == 2
