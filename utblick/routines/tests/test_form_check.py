"""A record form warns before saving what a routine would flag (B-item 10): the same engine as
on save, run on the form as it stands, and nothing is kept."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from utblick.registers.models import Visit
from utblick.registry import BY_KEY
from utblick.routines.models import Notification, Obligation
from utblick.routines.tests.conftest import make_place

pytestmark = pytest.mark.django_db


def _visit_form(place, **values):
    start = timezone.localdate() + dt.timedelta(days=30)
    data = {
        "title": "Delegation till Tartu",
        "direction": "outgoing",
        "kind": "official",
        "unit": place.board.pk,
        "country": "EE",
        "starts_on": start.isoformat(),
        "elected_participants": "2",
        "staff_participants": "1",
        "children_young_participants": "0",
        "other_participants": "0",
    }
    data.update(values)
    return data


def test_checking_a_visit_shows_what_the_routines_would_flag_and_saves_nothing():
    place = make_place("2080")
    client = Client()
    client.force_login(place.coordinator)
    before = (Visit.objects.count(), Obligation.objects.count(), Notification.objects.count())
    url = BY_KEY["visits"].create_url
    page = client.get(url).content.decode()
    assert 'name="check_routines"' in page

    response = client.post(url, {**_visit_form(place), "check_routines": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kontroll mot rutinerna – inget är sparat" in html
    assert "Bestäm vem som företräder" in html  # Falun's F3: who represents the municipality
    assert (Visit.objects.count(), Obligation.objects.count(), Notification.objects.count()) == (
        before
    )

    # Filled in as the routine asks, the check has nothing to say about it.
    response = client.post(
        url, {**_visit_form(place, represented_by="executive_board"), "check_routines": "1"}
    )
    assert "Bestäm vem som företräder" not in response.content.decode()
    assert Visit.objects.count() == before[0]


def test_the_form_checks_itself_as_it_changes_and_says_when_errors_stop_the_check():
    """With htmx the form posts itself to the same check on every change (the live region takes
    the result); a form with errors says that the check waits for them, and saves nothing."""
    place = make_place("2080")
    client = Client()
    client.force_login(place.coordinator)
    url = BY_KEY["visits"].create_url
    page = client.get(url).content.decode()
    assert 'id="routine-check-live" aria-live="polite"' in page
    assert 'hx-trigger="change from:closest form delay:600ms"' in page

    response = client.post(
        url, {**_visit_form(place, title=""), "check_routines": "1"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "Rutinerna kontrolleras när felen i formuläret är rättade." in html
    assert Visit.objects.count() == 0
