"""The coordinator assesses and routes a call; a unit turns it into an application idea."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from utblick.monitoring import services
from utblick.monitoring.models import CallAssessment, FundingCall
from utblick.registers.models import FundingApplication

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(sample_calls):
    return FundingCall.objects.get(identifier="CERV-2027-CITIZENS-TOWN-TT")


def test_the_coordinator_marks_a_call_relevant_and_routes_it_with_history(world, call):
    alice = world.actor(world.alice)
    first = services.call_assess(actor=alice, call=call, verdict="relevant", note="Vänorterna")
    assert (first.verdict, first.routed_to, first.version) == ("relevant", None, 1)
    routed = services.call_assess(
        actor=alice, call=call, verdict="relevant", note="Vänorterna", routed_to=world.committee
    )
    assert routed.pk == first.pk and routed.version == 2
    assert routed.routed_to == world.committee and routed.routed_on is not None
    history = list(routed.history.order_by("history_date").values_list("routed_to", "history_user"))
    assert history == [(None, world.alice.pk), (world.committee.pk, world.alice.pk)]
    assert routed.history.latest().history_change_reason == (
        "bedömd som relevant, skickad till Kultur- och fritidsnämnden"
    )


def test_not_relevant_is_kept_too_and_cannot_be_routed(world, call):
    alice = world.actor(world.alice)
    services.call_assess(actor=alice, call=call, verdict="not_relevant")
    assert CallAssessment.objects.get().verdict == "not_relevant"
    with pytest.raises(Exception) as caught:
        services.call_assess(
            actor=alice, call=call, verdict="not_relevant", routed_to=world.committee
        )
    assert "routed_to" in caught.value.message_dict


def test_each_municipality_has_its_own_assessment(world, call):
    services.call_assess(actor=world.actor(world.alice), call=call, verdict="relevant")
    services.call_assess(
        actor=world.actor(world.mallory, world.other), call=call, verdict="not_relevant"
    )
    verdicts = dict(CallAssessment.objects.values_list("municipality__code", "verdict"))
    assert verdicts == {"9001": "relevant", "9002": "not_relevant"}


def test_only_the_coordinator_assesses(world, call):
    for user in (world.bob, world.carol):
        with pytest.raises(PermissionDenied):
            services.call_assess(actor=world.actor(user), call=call, verdict="relevant")


def test_a_routed_foreign_unit_is_refused(world, call):
    with pytest.raises(Exception) as caught:
        services.call_assess(
            actor=world.actor(world.alice),
            call=call,
            verdict="relevant",
            routed_to=world.foreign_unit,
        )
    assert "routed_to" in caught.value.message_dict


def test_the_unit_turns_the_call_into_an_application_idea_filled_in_from_the_call(world, call):
    bob = world.actor(world.bob)
    application = services.application_idea_from_call(
        actor=bob, call=call, unit=world.committee, today=dt.date(2026, 11, 22)
    )
    assert application.status == "idea"
    assert application.call_identifier == "CERV-2027-CITIZENS-TOWN-TT"
    assert application.call_title == "Town-Twinning"
    assert application.title == "Town-Twinning"
    assert application.programme.code == "CERV"
    assert application.deadline == dt.date(2027, 3, 18)
    assert application.unit == world.committee and application.role == "lead"
    assert "CERV-2027-CITIZENS-TOWN" in application.description
    # Through the register service: audited as bob, version 1.
    entry = application.history.get()
    assert entry.history_user == world.bob and application.version == 1
    assert entry.history_change_reason == "idé från utlysning CERV-2027-CITIZENS-TOWN-TT"


def test_an_idea_from_a_call_without_a_known_programme_names_the_portal_as_funder(
    world, sample_calls
):
    unknown = FundingCall.objects.get(identifier="NRPP-2027-RADWASTE-01")
    application = services.application_idea_from_call(
        actor=world.actor(world.alice), call=unknown, unit=world.board
    )
    assert application.programme is None
    assert application.other_funder == "EU-program i Funding & Tenders-portalen (id 43298664)"


def test_a_unit_editor_makes_ideas_only_for_their_own_unit_and_readers_none(world, call):
    with pytest.raises(PermissionDenied):
        services.application_idea_from_call(
            actor=world.actor(world.bob), call=call, unit=world.other_committee
        )
    with pytest.raises(PermissionDenied):
        services.application_idea_from_call(
            actor=world.actor(world.carol), call=call, unit=world.committee
        )
    assert FundingApplication.objects.count() == 0


def test_the_pages_assess_route_and_make_an_idea(world, signed_in, call):
    alice = signed_in(world.alice)
    response = alice.post(
        f"/omvarld/utlysningar/{call.pk}/bedomning/",
        {"verdict": "relevant", "note": "", "routed_to": world.committee.pk},
    )
    assert response.status_code == 302
    page = signed_in(world.bob).get(f"/omvarld/utlysningar/{call.pk}/").content.decode()
    assert "skickad till Kultur- och fritidsnämnden" in page
    assert f'action="/omvarld/utlysningar/{call.pk}/bedomning/"' not in page  # bob cannot assess
    response = signed_in(world.bob).post(
        f"/omvarld/utlysningar/{call.pk}/ansokningside/",
        {"title": "Vänortsmöte 2027", "unit": world.committee.pk, "role": "partner"},
    )
    application = FundingApplication.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/ansokningar/{application.pk}/"
    assert (application.title, application.role) == ("Vänortsmöte 2027", "partner")
    page = alice.get(f"/omvarld/utlysningar/{call.pk}/").content.decode()
    assert "Vänortsmöte 2027" in page


def test_a_unit_editor_posting_an_assessment_gets_403(world, signed_in, call):
    response = signed_in(world.bob).post(
        f"/omvarld/utlysningar/{call.pk}/bedomning/", {"verdict": "relevant"}
    )
    assert response.status_code == 403
    assert CallAssessment.objects.count() == 0
