"""A record's child rows (a project's partners, a visit's costs) are written with the record:
validated together, located errors, nothing half-written, every change in the history (B3, B4)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from utblick.core.audit import record_history
from utblick.core.services import child_specs, record_create, record_update
from utblick.factories import ApplicationFactory, VisitFactory
from utblick.registers.models import FundingApplication, ProjectPartner, VisitCostItem

PARTNERS = tuple(child_specs(FundingApplication).values())


def _application(world, partners):
    return record_create(
        actor=world.actor(world.alice),
        model=FundingApplication,
        fields={
            "title": "Gröna städer",
            "other_funder": "Interreg",
            "role": "lead",
            "unit_id": world.committee.pk,
        },
        children={"partners": partners},
    )


def test_it_creates_an_application_with_its_partners(world):
    application = _application(
        world,
        [
            {"name": "Stadt Köln", "country": "DE", "is_local_authority": True},
            {"name": "Tartu Ülikool", "country": "EE", "city": "Tartu"},
        ],
    )
    partners = list(application.partners.order_by("name"))
    assert [(p.name, p.country_id, p.is_local_authority) for p in partners] == [
        ("Stadt Köln", "DE", True),
        ("Tartu Ülikool", "EE", False),
    ]
    assert all(p.history.get().history_user == world.alice for p in partners)


def test_a_bad_partner_row_is_refused_at_its_row_and_field_and_nothing_is_written(world):
    with pytest.raises(ValidationError) as caught:
        _application(
            world, [{"name": "Stadt Köln", "country": "DE"}, {"name": "", "country": "XX"}]
        )
    assert set(caught.value.error_dict) == {"partners.1.name", "partners.1.country"}
    assert not FundingApplication.objects.exists()
    assert not ProjectPartner.objects.exists()


def test_an_update_keeps_changes_adds_and_removes_rows_and_the_history_shows_each(world):
    application = _application(
        world, [{"name": "Stadt Köln", "country": "DE"}, {"name": "Riga", "country": "LV"}]
    )
    cologne = application.partners.get(name="Stadt Köln")
    riga = application.partners.get(name="Riga")
    record_update(
        actor=world.actor(world.alice),
        instance=application,
        expected_version=1,
        fields={},
        children={
            "partners": [
                {"id": cologne.pk, "name": "Stadt Köln", "country": "DE", "is_lead": True},
                {"name": "Comune di Bologna", "country": "IT", "is_local_authority": True},
            ]
        },
    )
    names = set(application.partners.values_list("name", "is_lead"))
    assert names == {("Stadt Köln", True), ("Comune di Bologna", False)}
    assert not ProjectPartner.objects.filter(pk=riga.pk).exists()
    entries = record_history(application, PARTNERS)
    actions = sorted(e.action for e in entries)
    assert actions == ["+", "+", "+", "+", "-", "~", "~"]
    removal = next(e for e in entries if e.action == "-")
    assert [c.old for c in removal.changes if c.field == "name"] == ["Riga"]
    changed = next(e for e in entries if e.action == "~" and e.version is None)
    assert [(c.field, c.old, c.new) for c in changed.changes] == [("is_lead", False, True)]


def test_a_row_id_of_another_record_is_refused(world):
    other = ApplicationFactory(municipality=world.home, unit=world.committee)
    foreign_row = ProjectPartner.objects.create(application=other, name="X", country_id="DE")
    application = _application(world, [])
    with pytest.raises(ValidationError) as caught:
        record_update(
            actor=world.actor(world.alice),
            instance=application,
            expected_version=1,
            fields={},
            children={"partners": [{"id": foreign_row.pk, "name": "Y", "country": "DE"}]},
        )
    assert list(caught.value.error_dict) == ["partners.0.id"]
    foreign_row.refresh_from_db()
    assert foreign_row.name == "X"


def test_rows_left_out_of_a_write_stay_as_they_are(world):
    application = _application(world, [{"name": "Stadt Köln", "country": "DE"}])
    record_update(
        actor=world.actor(world.alice),
        instance=application,
        expected_version=1,
        fields={"title": "Nytt namn"},
    )
    assert application.partners.count() == 1


def test_a_visits_cost_items_are_written_with_it(world):
    visit = VisitFactory(municipality=world.home, unit=world.committee)
    record_update(
        actor=world.actor(world.alice),
        instance=visit,
        expected_version=1,
        fields={},
        children={
            "cost_items": [
                {"category": "accommodation", "paid_by": "host", "amount_sek": Decimal("12000")},
                {"category": "travel", "paid_by": "guest"},
            ]
        },
    )
    assert set(VisitCostItem.objects.values_list("category", "paid_by")) == {
        ("accommodation", "host"),
        ("travel", "guest"),
    }
    with pytest.raises(ValidationError) as caught:
        record_update(
            actor=world.actor(world.alice),
            instance=visit,
            expected_version=2,
            fields={},
            children={"cost_items": [{"category": "travel", "paid_by": "nobody"}]},
        )
    assert list(caught.value.error_dict) == ["cost_items.0.paid_by"]
    assert VisitCostItem.objects.count() == 2
