"""An application's partners and a visit's costs are edited in the record's own form: rows
added, changed and removed without JavaScript, errors at the row's field, nothing half-saved."""

from utblick.factories import ApplicationFactory, VisitFactory
from utblick.registers.models import FundingApplication, ProjectPartner, VisitCostItem


def _application_data(world, **changes):
    data = {
        "title": "Gröna städer",
        "role": "lead",
        "unit": world.committee.pk,
        "status": "idea",
        "currency": "SEK",
        "other_funder": "Interreg",
        "children_young_participants": 0,
        "staff_participants": 0,
        "elected_participants": 0,
        "partners-TOTAL_FORMS": "1",
        "partners-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_it_registers_an_application_with_a_partner_from_the_form(world, signed_in):
    client = signed_in(world.alice)
    html = client.get("/ansokningar/ny/").content.decode()
    assert 'name="partners-0-name"' in html and 'name="partners-0-country"' in html
    data = _application_data(
        world,
        **{
            "partners-0-name": "Stadt Köln",
            "partners-0-country": "DE",
            "partners-0-is_local_authority": "on",
        },
    )
    response = client.post("/ansokningar/ny/", data)
    assert response.status_code == 302
    application = FundingApplication.objects.get(title="Gröna städer")
    partner = application.partners.get()
    assert (partner.name, partner.country_id, partner.is_local_authority) == (
        "Stadt Köln",
        "DE",
        True,
    )
    page = client.get(response["Location"]).content.decode()
    assert "Stadt Köln" in page and "Tyskland" in page


def test_asking_for_another_row_saves_nothing_and_keeps_what_was_typed(world, signed_in):
    data = _application_data(
        world,
        title="",
        add_row="partners",
        **{"partners-0-name": "Stadt Köln", "partners-0-country": "DE"},
    )
    response = signed_in(world.alice).post("/ansokningar/ny/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert not FundingApplication.objects.exists()
    assert 'name="partners-1-name"' in html and 'value="Stadt Köln"' in html
    assert "error-summary" not in html  # nothing was saved, so nothing is wrong yet


def test_a_partner_without_a_country_is_shown_at_its_row(world, signed_in):
    data = _application_data(world, **{"partners-0-name": "Stadt Köln"})
    response = signed_in(world.alice).post("/ansokningar/ny/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Projektpartner, rad 1: Land" in html
    assert not FundingApplication.objects.exists()


def test_it_changes_and_removes_partner_rows(world, signed_in):
    application = ApplicationFactory(municipality=world.home, unit=world.committee, title="P")
    kept = ProjectPartner.objects.create(application=application, name="Riga", country_id="LV")
    gone = ProjectPartner.objects.create(application=application, name="Köln", country_id="DE")
    client = signed_in(world.alice)
    html = client.get(f"/ansokningar/{application.pk}/andra/").content.decode()
    assert 'value="Riga"' in html and "Ta bort raden" in html
    data = _application_data(
        world,
        title="P",
        version=1,
        other_funder="Testfonden",
        total_budget="1000000",
        **{
            "partners-TOTAL_FORMS": "3",
            "partners-INITIAL_FORMS": "2",
            "partners-0-id": kept.pk,
            "partners-0-name": "Rīga",
            "partners-0-country": "LV",
            "partners-1-id": gone.pk,
            "partners-1-name": "Köln",
            "partners-1-country": "DE",
            "partners-1-DELETE": "on",
        },
    )
    response = client.post(f"/ansokningar/{application.pk}/andra/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(application.partners.values_list("name", flat=True)) == ["Rīga"]
    history = client.get(f"/ansokningar/{application.pk}/").content.decode()
    assert "Borttagen" in history and "Projektpartner Köln (DE)" in history


def test_a_visits_cost_items_are_edited_in_its_form(world, signed_in):
    visit = VisitFactory(municipality=world.home, unit=world.committee)
    client = signed_in(world.alice)
    data = {
        "title": visit.title,
        "direction": "incoming",
        "kind": "study",
        "unit": world.committee.pk,
        "country": "DE",
        "starts_on": "2025-05-01",
        "elected_participants": 0,
        "staff_participants": 0,
        "children_young_participants": 0,
        "other_participants": 0,
        "version": 1,
        "cost_items-TOTAL_FORMS": "1",
        "cost_items-INITIAL_FORMS": "0",
        "cost_items-0-category": "accommodation",
        "cost_items-0-paid_by": "host",
        "cost_items-0-amount_sek": "12000",
    }
    response = client.post(f"/besok/{visit.pk}/andra/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    item = VisitCostItem.objects.get()
    assert (item.category, item.paid_by, item.amount_sek) == ("accommodation", "host", 12000)
    page = client.get(f"/besok/{visit.pk}/").content.decode()
    assert "Kostnadsposter" in page and "Logi" in page
