"""Previewing a policy change: what a new profile would do to the obligations, writing nothing."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from utblick.factories import PartnershipFactory
from utblick.policy.models import ProfileVersion, Routine
from utblick.policy.profile_format import ProfileInvalid, seed_profile_path
from utblick.routines.models import Obligation
from utblick.routines.services import profile_diff

MALMO = seed_profile_path("1280").read_text(encoding="utf-8")
LOWER = MALMO.replace("total_budget_sek__gte = 12_000_000", "total_budget_sek__gte = 10_000_000")


# `malmo` (conftest): Malmö with applications around its 12 MSEK threshold, swept.


def test_lowering_malmos_threshold_lists_exactly_the_applications_between_10_and_12_msek(malmo):
    before = (
        Obligation.objects.count(),
        Obligation.history.count(),
        ProfileVersion.objects.count(),
    )
    params = list(Routine.objects.values_list("checks", flat=True))
    diff = profile_diff(municipality=malmo.municipality, text=LOWER, source_name="malmo.toml")
    created = {item.record.id for item in diff.created}
    assert created == {malmo.applications[a].pk for a in ("10000000", "10500000", "11999999")}
    assert {item.routine_key for item in diff.created} == {"ansokan-informationsarende"}
    assert diff.lapsed == [] and diff.into_conflict == [] and diff.out_of_conflict == []
    [change] = diff.routines
    assert change.key == "ansokan-informationsarende"
    assert change.detail == "when.total_budget_sek__gte: 12000000 → 10000000"
    # Nothing was written.
    assert (
        Obligation.objects.count(),
        Obligation.history.count(),
        ProfileVersion.objects.count(),
    ) == before
    assert list(Routine.objects.values_list("checks", flat=True)) == params


def test_the_same_profile_changes_nothing(malmo):
    assert profile_diff(municipality=malmo.municipality, text=MALMO).is_empty


def test_removing_a_routine_lapses_its_obligations_and_records_leave_conflict(malmo):
    PartnershipFactory(municipality=malmo.municipality, kind="partner_city", unit=malmo.office)
    malmo.run()
    start = MALMO.index('[[routines]]\nkey = "beslut-i-kommunstyrelsen"')
    end = MALMO.index("[[routines]]", start + 10)
    diff = profile_diff(municipality=malmo.municipality, text=MALMO[:start] + MALMO[end:])
    assert [c.change for c in diff.routines] == ["removed"]
    assert {i.routine_key for i in diff.lapsed} == {"beslut-i-kommunstyrelsen"}
    assert [i.record.model for i in diff.out_of_conflict] == ["registers.partnership"]


def test_the_diff_command_prints_the_preview(malmo, tmp_path):
    out = io.StringIO()
    path = tmp_path / "malmo.toml"
    path.write_text(LOWER, encoding="utf-8")
    call_command("profile", "diff", str(path), "--municipality", "1280", stdout=out)
    text = out.getvalue()
    assert "Inget har skrivits." in text
    assert "Åtgärder som skulle skapas (3):" in text
    assert "Projekt 10500000" in text and "Projekt 12000000" not in text


def test_the_diff_of_an_invalid_profile_reports_located_errors(malmo, tmp_path):
    path = tmp_path / "malmo.toml"
    path.write_text(
        MALMO.replace("total_budget_sek__gte = 12_000_000", 'total_budget_sek__gte = "tolv"'),
        encoding="utf-8",
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("profile", "diff", str(path), "--municipality", "1280", stderr=err)
    assert "malmo.toml:" in err.getvalue() and "total_budget_sek__gte" in err.getvalue()
    with pytest.raises(ProfileInvalid):
        profile_diff(municipality=malmo.municipality, text=path.read_text(encoding="utf-8"))
