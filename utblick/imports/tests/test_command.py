"""`utblick import REGISTER FILE --municipality CODE --user USERNAME [--dry-run]`."""

import io

import pytest
from django.core.management import CommandError, call_command

from utblick.factories import MembershipFactory
from utblick.imports.models import ImportRun, ImportStatus
from utblick.imports.tests.files import csv_bytes, table_counts, xlsx
from utblick.registers.models import NetworkMembership

HEADERS = ["Organisation eller nätverk *", "Omfattning *", "Ansvarig enhet *", "Årsavgift"]
WIDE = "Hela kommunen (flera nämnders områden)"


def _import(path, *options, user="alice"):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import", "memberships", str(path), "--municipality", "9001", "--user", user,
        *options, stdout=out, stderr=err,
    )  # fmt: skip
    return out.getvalue(), err.getvalue()


def test_a_dry_run_prints_the_preview_and_writes_nothing(world, tmp_path):
    MembershipFactory(municipality=world.home, unit=world.board, organisation="UBC", annual_fee=1)
    path = tmp_path / "medlemskap.xlsx"
    path.write_bytes(
        xlsx(
            HEADERS, ["EUROCITIES", WIDE, "Kommunstyrelsen", 5], ["UBC", WIDE, "Kommunstyrelsen", 2]
        )
    )
    before = table_counts()
    out, _ = _import(path, "--dry-run")
    assert table_counts() == before
    assert ImportRun.objects.count() == 0
    assert "Rad 2: Skapas EUROCITIES" in out
    assert "    Årsavgift: 5" in out
    assert "Rad 3: Uppdateras (id" in out
    assert "    Årsavgift: 1 → 2" in out
    assert out.strip().endswith(
        "Medlemskap i nätverk: 1 skapas, 1 uppdateras, 0 oförändrade (provkörning: inget sparades)"
    )


def test_without_dry_run_it_imports_and_records_the_run(world, tmp_path):
    path = tmp_path / "medlemskap.csv"
    path.write_bytes(csv_bytes(HEADERS, ["EUROCITIES", WIDE, "Kommunstyrelsen", "1 000"]))
    out, _ = _import(path)
    assert "– inläst" in out
    membership = NetworkMembership.objects.get()
    assert membership.history.get().history_change_reason == "import: medlemskap.csv"
    run = ImportRun.objects.get()
    assert (run.status, run.user, run.created_count) == (ImportStatus.APPLIED, world.alice, 1)


def test_errors_go_to_stderr_located_and_the_command_fails(world, tmp_path):
    path = tmp_path / "fel.xlsx"
    path.write_bytes(xlsx(HEADERS, ["A", WIDE, "Kommunstyrelsen", "x"]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 fel – inget sparades"):
        call_command(
            "import", "medlemskap", str(path), "--municipality", "9001", "--user", "alice",
            stdout=io.StringIO(), stderr=err,
        )  # fmt: skip
    assert "Rad 2, kolumn ”Årsavgift”: ange ett tal, t.ex. 1250000" in err.getvalue()
    assert NetworkMembership.objects.count() == 0
    assert ImportRun.objects.get().status == ImportStatus.INVALID


def test_the_users_role_applies(world, tmp_path):
    path = tmp_path / "m.xlsx"
    path.write_bytes(xlsx(HEADERS, ["A", WIDE, "Miljönämnden", 1]))
    with pytest.raises(CommandError, match="läsare"):
        _import(path, user="carol")
    with pytest.raises(CommandError):
        _import(path, user="bob")  # a unit editor, and the row is another unit's
    with pytest.raises(CommandError, match="ingen roll"):
        _import(path, user="mallory")
    assert NetworkMembership.objects.count() == 0


def test_unknown_municipality_user_or_file_are_explained(world, tmp_path):
    with pytest.raises(CommandError, match="kommunkod"):
        call_command("import", "visits", "x.xlsx", "--municipality", "0000", "--user", "alice")
    with pytest.raises(CommandError, match="användare"):
        call_command("import", "visits", "x.xlsx", "--municipality", "9001", "--user", "nobody")
    with pytest.raises(CommandError, match="kan inte läsas"):
        call_command(
            "import", "visits", str(tmp_path / "saknas.xlsx"), "--municipality", "9001",
            "--user", "alice",
        )  # fmt: skip
