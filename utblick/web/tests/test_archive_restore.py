"""Archive with a reason, restore, and both in the change history; nothing is deleted."""

import pytest

from utblick.registers.models import Partnership


def test_it_archives_with_a_reason_and_restores(world, make, signed_in):
    partnership = make("partnerships", world.home, world.committee, title="Vänort Tartu")
    alice = signed_in(world.alice)
    form = alice.get(f"/partnerskap/{partnership.pk}/arkivera/").content.decode()
    assert 'name="archive_reason"' in form and 'name="version" value="1"' in form
    response = alice.post(
        f"/partnerskap/{partnership.pk}/arkivera/", {"version": 1, "archive_reason": "Avslutat"}
    )
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.is_archived and partnership.archive_reason == "Avslutat"
    detail = alice.get(f"/partnerskap/{partnership.pk}/").content.decode()
    assert "Skäl: Avslutat" in detail
    assert "Återställ" in detail
    assert "arkiverad: Avslutat" in detail  # the history's reason
    restored = alice.post(f"/partnerskap/{partnership.pk}/aterstall/", {"version": 2})
    assert restored.status_code == 302
    partnership.refresh_from_db()
    assert not partnership.is_archived and partnership.version == 3
    assert Partnership.objects.count() == 1


def test_archiving_needs_a_reason_at_the_field(world, make, signed_in):
    visit = make("visits", world.home, world.committee)
    response = signed_in(world.alice).post(
        f"/besok/{visit.pk}/arkivera/", {"version": 1, "archive_reason": "  "}
    )
    html = response.content.decode()
    assert 'id="id_archive_reason_error"' in html
    assert 'href="#id_archive_reason"' in html
    visit.refresh_from_db()
    assert not visit.is_archived


def test_a_stale_archive_is_refused(world, make, signed_in):
    visit = make("visits", world.home, world.committee)
    response = signed_in(world.alice).post(
        f"/besok/{visit.pk}/arkivera/", {"version": 7, "archive_reason": "Fel"}
    )
    assert response.status_code == 409
    assert "Ingenting har sparats." in response.content.decode()
    visit.refresh_from_db()
    assert not visit.is_archived


def test_restore_is_a_post(world, make, signed_in):
    visit = make("visits", world.home, world.committee)
    assert signed_in(world.alice).get(f"/besok/{visit.pk}/aterstall/").status_code == 405


@pytest.mark.parametrize("user", ["carol", "bob"])
def test_archive_is_refused_to_those_who_may_not_edit(world, make, signed_in, user):
    visit = make("visits", world.home, world.other_committee)
    client = signed_in(getattr(world, user))
    assert client.get(f"/besok/{visit.pk}/arkivera/").status_code == 403
    posted = client.post(f"/besok/{visit.pk}/arkivera/", {"version": 1, "archive_reason": "x"})
    assert posted.status_code == 403
    visit.refresh_from_db()
    assert not visit.is_archived
