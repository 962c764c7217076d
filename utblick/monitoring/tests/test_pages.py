"""Every page of the section: who may see it, its Swedish headings, and pinned query counts."""

import pytest
from django.urls import reverse

from utblick.core.money import EUR
from utblick.core.numbers import format_integer, format_money
from utblick.factories import RoleFactory
from utblick.monitoring import services, views
from utblick.monitoring.models import FundingCall
from utblick.monitoring.tests.conftest import load_seed_profile
from utblick.monitoring.urls import urlpatterns

pytestmark = pytest.mark.django_db

PAGES = [
    ("/omvarld/", "Omvärld och utlysningar"),
    ("/omvarld/utlysningar/", "EU-utlysningar"),
    ("/omvarld/matchning/", "Utlysningar som matchar era prioriteringar"),
    ("/omvarld/bevakning/", "Bevakningsärenden"),
    ("/omvarld/kalender/", "Kalender"),
    ("/omvarld/sok/", "Sök i alla register"),
    ("/omvarld/natverk/", "Delat i regionala nätverk"),
]


def test_every_view_has_an_access_rule_and_only_the_feed_is_public():
    rules = {p.name: p.callback.access_rule for p in urlpatterns}
    assert rules.pop("calendar_feed") == "public"
    assert set(rules.values()) <= {"member", "writer"}
    assert {name for name, rule in rules.items() if rule == "writer"} == {
        "call_assess",
        "call_idea",
        "call_share",
        "item_create",
        "item_edit",
        "network_share",
    }
    assert views.calendar_feed.access_rule == "public"


@pytest.mark.parametrize(("url", "heading"), PAGES)
def test_each_page_has_one_swedish_h1_for_every_role(world, signed_in, url, heading):
    for user in (world.alice, world.bob, world.carol):
        html = signed_in(user).get(url).content.decode()
        assert html.count("<h1") == 1 and heading in html, (user, url)
        assert '<html lang="sv">' in html


@pytest.mark.parametrize(("url", "heading"), PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, url, heading):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/konto/logga-in/")


def test_the_call_list_query_count_does_not_grow_with_calls(
    world, signed_in, sample_calls, django_assert_num_queries
):
    client = signed_in(world.carol)
    # session, user, roles, actor's role; programmes in use (filter); count; page (with
    # programmes joined); assessments of the page's calls
    with django_assert_num_queries(8):
        assert client.get("/omvarld/utlysningar/").status_code == 200
    with django_assert_num_queries(8):
        assert client.get("/omvarld/utlysningar/?status=closed").status_code == 200
    call = FundingCall.objects.get(identifier="ESC-2027-VTV")
    services.call_assess(actor=world.actor(world.alice), call=call, verdict="relevant")
    with django_assert_num_queries(8):
        page = client.get("/omvarld/utlysningar/?q=volunteering").content.decode()
    assert "Volunteering Teams in High Priority Areas" in page and "<td>Relevant</td>" in page


def test_the_matching_page_ranks_for_every_area_with_a_fixed_number_of_queries(
    world, signed_in, sample_calls, django_assert_max_num_queries
):
    essunga = load_seed_profile("1445", "essunga")
    RoleFactory(user=world.carol, municipality=essunga, role="reader")
    client = signed_in(world.carol)
    client.post("/kommun/", {"code": "1445"})
    session = client.session
    session["municipality_code"] = "1445"
    session.save()
    with django_assert_max_num_queries(20):
        page = client.get("/omvarld/matchning/").content.decode()
    assert "Barn och ungdomar" in page and "Matchade ord:" in page
    assert "volunteering</span> (volontärsamverkan)" in page
    goal = page.split('value="goal:')[1].split('"')[0]
    one = client.get(f"/omvarld/matchning/?target=goal:{goal}").content.decode()
    assert one.count("<section") == 1


def test_an_unknown_call_is_a_404(world, signed_in):
    assert signed_in(world.alice).get("/omvarld/utlysningar/999999/").status_code == 404
    assert reverse("monitoring:call_detail", args=[1]) == "/omvarld/utlysningar/1/"


def test_a_calls_budget_is_written_in_euro_as_every_amount_is(world, signed_in, sample_calls):
    # Issue 16: the call pages used Django's intcomma (a comma or a plain space by language).
    call = FundingCall.objects.exclude(budget_eur=None).order_by("-budget_eur").first()
    client = signed_in(world.carol)
    detail = client.get(f"/omvarld/utlysningar/{call.pk}/").content.decode()
    assert format_money(call.budget_eur, EUR) in detail
    listing = client.get(f"/omvarld/utlysningar/?q={call.identifier}").content.decode()
    assert f'<td class="num">{format_integer(call.budget_eur)}' in listing
