"""The API filters with the same shared register description as the web (utblick.registry)."""

import json

from utblick.factories import ApplicationFactory, VisitFactory
from utblick.reference.models import EUProgramme


def _titles(response) -> list[str]:
    return [item["title"] for item in json.loads(response.content)["items"]]


def test_visits_filter_by_country(world, api_client):
    VisitFactory(municipality=world.home, unit=world.committee, title="Tartu", country_id="EE")
    VisitFactory(municipality=world.home, unit=world.committee, title="Bonn", country_id="DE")
    response = api_client(world.alice).get("/api/v1/visits/?country=EE")
    assert _titles(response) == ["Tartu"]


def test_applications_filter_by_programme_and_partner_country(world, api_client):
    from utblick.registers.models import ProjectPartner

    erasmus = EUProgramme.objects.get(code="ERASMUS+")
    ours = ApplicationFactory(
        municipality=world.home, unit=world.committee, title="Utbyte", programme=erasmus
    )
    ProjectPartner.objects.create(application=ours, name="Tartu linn", country_id="EE")
    ProjectPartner.objects.create(application=ours, name="Tartu ülikool", country_id="EE")
    ApplicationFactory(municipality=world.home, unit=world.committee, title="Annat")
    alice = api_client(world.alice)
    assert _titles(alice.get(f"/api/v1/applications/?programme={erasmus.pk}")) == ["Utbyte"]
    assert _titles(alice.get("/api/v1/applications/?country=EE")) == ["Utbyte"]  # once
