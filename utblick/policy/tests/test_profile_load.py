"""Loading policy profiles: idempotent, versioned, links from the registers survive a new version."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from utblick.factories import MembershipFactory
from utblick.organisation.models import Municipality
from utblick.policy.models import Commitment, PriorityArea, ProfileVersion, Routine
from utblick.policy.profile_format import ProfileInvalid
from utblick.policy.services import ProfileForOtherMunicipality, profile_load

PROFILES = Path(__file__).resolve().parent.parent / "profiles"
SEEDS = {"linkoping": "0580", "malmo": "1280", "essunga": "1445", "falun": "2080"}


def _load(name: str, text: str | None = None):
    municipality = Municipality.objects.get(code=SEEDS[name])
    text = text if text is not None else (PROFILES / f"{name}.toml").read_text(encoding="utf-8")
    return profile_load(municipality=municipality, text=text, source_name=f"{name}.toml")


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(SEEDS))
def test_each_seed_profile_loads_and_loading_again_changes_nothing(name):
    first = _load(name)
    assert first.changed and first.version.number == 1
    counts = {model: model.objects.count() for model in (PriorityArea, Commitment, Routine)}
    history = PriorityArea.history.count()
    again = _load(name)
    assert not again.changed
    assert again.version.pk == first.version.pk
    assert {model: model.objects.count() for model in counts} == counts
    assert PriorityArea.history.count() == history


@pytest.mark.django_db
def test_L1_linkoping_loads_three_areas_with_ten_commitments():
    _load("linkoping")
    areas = PriorityArea.objects.filter(municipality__code="0580")
    assert areas.count() == 3
    assert [a.commitments.count() for a in areas.order_by("order")] == [3, 3, 4]


@pytest.mark.django_db
def test_L6_document_metadata_is_kept_on_the_version():
    version = _load("linkoping").version
    assert version.registry_number == "KS 2024-778"
    assert version.kind == "program"
    assert len(version.replaces) == 2


@pytest.mark.django_db
def test_a_new_version_keeps_the_old_one_and_retires_what_it_drops_without_breaking_links():
    first = _load("malmo")
    area = PriorityArea.objects.filter(municipality__code="1280").order_by("order").first()
    membership = MembershipFactory(municipality=area.municipality)
    membership.priority_areas.add(area)
    text = first.version.source
    routine = Routine.objects.filter(
        municipality__code="1280", key="ansokan-informationsarende"
    ).get()
    lowered = text.replace("12000000", "10000000").replace("12_000_000", "10_000_000")
    assert lowered != text, "the Malmö profile names its 12 MSEK threshold"
    second = _load("malmo", lowered)
    assert second.changed and second.version.number == 2
    versions = ProfileVersion.objects.filter(municipality__code="1280").order_by("number")
    assert [(v.number, v.is_current) for v in versions] == [(1, False), (2, True)]
    assert versions[0].source == text
    routine.refresh_from_db()
    assert routine.bound("applications", "total_budget_sek") == 10_000_000
    assert routine.history.count() == 2
    assert list(membership.priority_areas.all()) == [area]


MINIMAL = """
format = 1

[municipality]
code = "2080"
name = "Falun"

[document]
title = "Testpolicy"
kind = "policy"
status = "adopted"
adopted_by = "council"
adopted_on = 2020-01-01

[[priority_areas]]
key = "naringsliv"
name = "Näringsliv"

[[priority_areas.commitments]]
key = "exportfragor"
text = "Stärka exportfrågor"
AREA_B
"""

AREA_B = """
[[priority_areas]]
key = "kultur"
name = "Kultur"
"""


@pytest.mark.django_db
def test_an_area_the_new_version_drops_is_retired_not_deleted():
    _load("falun", MINIMAL.replace("AREA_B", AREA_B))
    dropped = PriorityArea.objects.get(municipality__code="2080", key="kultur")
    result = _load("falun", MINIMAL.replace("AREA_B", ""))
    assert result.counts["prioriterade områden"]["utgångna"] == 1
    dropped.refresh_from_db()
    assert dropped.retired_at is not None
    assert PriorityArea.objects.get(key="naringsliv").retired_at is None
    # and a later version that names it again brings it back
    _load("falun", MINIMAL.replace("AREA_B", AREA_B))
    dropped.refresh_from_db()
    assert dropped.retired_at is None


@pytest.mark.django_db
def test_an_invalid_profile_writes_nothing():
    with pytest.raises(ProfileInvalid):
        _load("falun", 'format = 1\n[municipality]\ncode = "2080"\n')
    assert not ProfileVersion.objects.filter(municipality__code="2080").exists()
    assert not PriorityArea.objects.filter(municipality__code="2080").exists()


@pytest.mark.django_db
def test_a_profile_for_another_municipality_is_refused():
    text = (PROFILES / "malmo.toml").read_text(encoding="utf-8")
    with pytest.raises(ProfileForOtherMunicipality):
        profile_load(
            municipality=Municipality.objects.get(code="0580"), text=text, source_name="malmo.toml"
        )


@pytest.mark.django_db
def test_command_check_prints_located_errors_and_fails(tmp_path, capsys):
    broken = tmp_path / "broken.toml"
    broken.write_text(
        'format = 1\n[municipality]\ncode = "0580"\nname = "Linköping"\nsize = 3\n',
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as caught:
        call_command("profile", "check", str(broken))
    assert caught.value.returncode == 1
    err = capsys.readouterr().err
    assert f"{broken}:5:" in err


@pytest.mark.django_db
def test_command_load_is_idempotent(capsys):
    path = str(PROFILES / "falun.toml")
    call_command("profile", "load", path, "--municipality", "2080")
    call_command("profile", "load", path, "--municipality", "2080")
    out = capsys.readouterr().out.splitlines()
    assert "Version 1 inläst" in out[0]
    assert "Oförändrad" in out[1]
    assert Municipality.objects.get(code="2080").is_tenant


@pytest.mark.django_db
def test_a_profile_spelling_control_characters_with_escapes_is_refused_at_the_key():
    text = (PROFILES / "malmo.toml").read_text(encoding="utf-8")
    spoiled = text.replace('title = "', 'title = "\\u0000', 1)
    with pytest.raises(ProfileInvalid) as refused:
        _load("malmo", spoiled)
    [error] = refused.value.errors
    assert error.key == "documents[0].title" and "styrtecken" in error.message
    assert not ProfileVersion.objects.exists()
