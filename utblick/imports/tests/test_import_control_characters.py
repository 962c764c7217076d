"""An import row with control characters is a located problem (core.text), nothing written."""

from utblick.imports.tests.files import csv_bytes, messages, run_import
from utblick.registers.models import NetworkMembership


def test_an_import_row_with_them_is_a_located_problem_and_nothing_is_written(world):
    data = csv_bytes(
        ["Organisation *", "Omfattning *", "Ansvarig enhet"],
        ["EURO\x1bCITIES", "En nämnds eller ett bolags område", "Kultur- och fritidsnämnden"],
    )
    plan = run_import(world.actor(world.alice), "memberships", data, "lista.csv")
    assert messages(plan) == [
        "Rad 2, kolumn ”Organisation eller nätverk”: Texten innehåller otillåtna tecken (styrtecken). "
        "Ta bort dem och försök igen."
    ]
    assert not NetworkMembership.objects.exists()
