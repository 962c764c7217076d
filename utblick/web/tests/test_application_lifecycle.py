"""The application's lifecycle buttons: the allowed next statuses, as forms that POST."""

import datetime as dt
import re

from utblick.core.services import record_update


def _buttons(html: str) -> list[str]:
    return re.findall(r'<input type="hidden" name="status" value="(\w+)">', html)


def test_it_offers_exactly_the_allowed_next_statuses(world, make, signed_in):
    application = make(
        "applications",
        world.home,
        world.committee,
        status="submitted",
        submitted_on=dt.date(2026, 1, 10),
    )
    html = signed_in(world.alice).get(f"/ansokningar/{application.pk}/").content.decode()
    assert _buttons(html) == ["granted", "rejected", "withdrawn"]
    assert 'aria-current="step">Inskickad' in html
    assert 'name="granted-granted_amount"' in html  # what the step needs is asked for


def test_it_moves_to_the_next_status(world, make, signed_in):
    application = make("applications", world.home, world.committee, status="preparing")
    response = signed_in(world.alice).post(
        f"/ansokningar/{application.pk}/status/",
        {"status": "submitted", "version": 1, "submitted-submitted_on": "2026-02-01"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.submitted_on) == ("submitted", dt.date(2026, 2, 1))
    assert application.history.latest("history_date").history_change_reason == "status: Inskickad"


def test_a_step_with_a_missing_value_is_refused_at_the_field(world, make, signed_in):
    application = make("applications", world.home, world.committee, status="preparing")
    response = signed_in(world.alice).post(
        f"/ansokningar/{application.pk}/status/",
        {"status": "submitted", "version": 1, "submitted-submitted_on": ""},
    )
    assert response.status_code == 400
    assert 'id="id_submitted-submitted_on_error"' in response.content.decode()
    application.refresh_from_db()
    assert application.status == "preparing"


def test_htmx_gets_the_lifecycle_panel_with_history_and_status_out_of_band(world, make, signed_in):
    application = make("applications", world.home, world.committee, status="idea")
    response = signed_in(world.alice).post(
        f"/ansokningar/{application.pk}/status/",
        {"status": "preparing", "version": 1},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="lifecycle",
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="lifecycle"')
    assert (
        '<section id="history" class="card history" aria-labelledby="history-title" hx-swap-oob="true">'
        in html
    )
    assert '<span id="record-status" hx-swap-oob="true">' in html
    assert _buttons(html) == ["submitted", "idea", "withdrawn"]  # the step onwards first
    assert 'name="version" value="2"' in html
    # The version in the page head and the obligations card are replaced too:
    assert '<span id="record-version" class="muted" hx-swap-oob="true">Version 2</span>' in html
    assert '<div id="record-obligations" hx-swap-oob="true">' in html


def _primary(html: str) -> list[str]:
    return re.findall(r'class="button button--primary">Ändra till ”([^”]+)”', html)


def test_the_step_onwards_is_the_primary_button_never_the_step_back(world, make, signed_in):
    alice = signed_in(world.alice)
    preparing = make("applications", world.home, world.committee, status="preparing")
    html = alice.get(f"/ansokningar/{preparing.pk}/").content.decode()
    assert _primary(html) == ["Inskickad"]
    assert "Ändra till ”Idé”" in html  # still offered, as a secondary button
    granted = make(
        "applications",
        world.home,
        world.committee,
        status="granted",
        submitted_on=dt.date(2026, 1, 10),
        decision_on=dt.date(2026, 3, 1),
        granted_amount=100_000,
    )
    html = alice.get(f"/ansokningar/{granted.pk}/").content.decode()
    assert _primary(html) == ["Pågående projekt"]


def test_a_disallowed_or_stale_step_changes_nothing(world, make, signed_in):
    application = make("applications", world.home, world.committee, status="idea")
    alice = signed_in(world.alice)
    alice.post(f"/ansokningar/{application.pk}/status/", {"status": "closed", "version": 1})
    record_update(
        actor=world.actor(world.alice),
        instance=application,
        expected_version=1,
        fields={"title": "Ny titel"},
    )
    stale = alice.post(
        f"/ansokningar/{application.pk}/status/", {"status": "preparing", "version": 1}
    )
    assert "Ansökan har ändrats av någon annan." in stale.content.decode()
    application.refresh_from_db()
    assert application.status == "idea"


def test_readers_see_no_buttons_and_are_refused(world, make, signed_in):
    application = make("applications", world.home, world.committee, status="idea")
    carol = signed_in(world.carol)
    html = carol.get(f"/ansokningar/{application.pk}/").content.decode()
    assert _buttons(html) == []
    assert f"/ansokningar/{application.pk}/andra/" not in html
    assert f"/ansokningar/{application.pk}/arkivera/" not in html
    moved = carol.post(
        f"/ansokningar/{application.pk}/status/", {"status": "preparing", "version": 1}
    )
    assert moved.status_code == 403
