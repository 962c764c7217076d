"""Notifications in the app: the header's count (no extra query), the page, marking read, and the
daily-digest choice."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from utblick.factories import RoleFactory
from utblick.routines.models import Notification, NotificationPreference
from utblick.web.tests.test_page_structure import check


@pytest.fixture
def signed_in(world):
    def sign_in(user):
        client = Client()
        client.force_login(user)
        return client

    return sign_in


def notify(user, municipality, subject, **fields):
    return Notification.objects.create(
        recipient=user,
        municipality=municipality,
        subject=subject,
        body=f"{subject}\nGäller: Kulturbryggan\nSenast: 2026-12-01",
        **fields,
    )


@pytest.fixture
def inbox(world):
    return {
        "new": notify(world.alice, world.home, "Ny åtgärd: Informera KLF"),
        "other": notify(world.alice, world.home, "Ny policykonflikt: Vänort utan beslut"),
        "read": notify(world.alice, world.home, "Gammal åtgärd", read_at=timezone.now()),
        "bobs": notify(world.bob, world.home, "Bobs åtgärd"),
    }


def header(html: str) -> str:
    return html.split("</header>", 1)[0]


def test_the_header_shows_the_unread_count_for_the_current_municipality(world, inbox, signed_in):
    # Alice also works in B, where she has an unread notification of her own.
    RoleFactory(user=world.alice, municipality=world.other, role="reader")
    notify(world.alice, world.other, "B:s notis")
    html = signed_in(world.alice).get("/").content.decode()
    bell = header(html).split('href="/atgarder/notiser/"', 1)[1].split("</a>", 1)[0]
    assert "Notiser" in bell
    assert '<span class="badge badge-due">2<span class="visually-hidden"> olästa</span>' in bell


def test_no_count_without_unread_notifications(world, signed_in):
    html = signed_in(world.carol).get("/").content.decode()
    bell = header(html).split('href="/atgarder/notiser/"', 1)[1].split("</a>", 1)[0]
    assert "badge" not in bell


def test_the_count_costs_no_query(world, inbox, signed_in, django_assert_num_queries):
    """The count is a subquery of the access decorator's query of the user's roles: the
    organisation page's pinned count is what it was before notifications existed."""
    alice = signed_in(world.alice)
    # session, user, roles (with the unread count), actor's role; three counts; the network;
    # the bodies the steering document names
    with django_assert_num_queries(9):
        html = alice.get("/organisation/").content.decode()
    assert "olästa" in header(html)


def test_the_notifications_page_lists_mine_newest_first(world, inbox, signed_in):
    response = signed_in(world.alice).get("/atgarder/notiser/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Ny policykonflikt: Vänort utan beslut") < html.index(
        "Ny åtgärd: Informera KLF"
    )
    assert "Gammal åtgärd" in html and "Bobs åtgärd" not in html
    assert html.count("Markera som läst<") == 2
    assert "Markera alla som lästa" in html
    check(html, "/atgarder/notiser/")


def test_a_notification_links_its_obligation(world, signed_in):
    from utblick.policy.models import Routine
    from utblick.routines.models import Obligation

    routine = Routine.objects.create(municipality=world.home, key="r", families="notification")
    obligation = Obligation.objects.create(
        municipality=world.home, routine=routine, dedupe_key="k", kind="obligation", title="T"
    )
    notify(world.alice, world.home, "Ny åtgärd: T", obligation=obligation)
    html = signed_in(world.alice).get("/atgarder/notiser/").content.decode()
    assert f'<a href="/atgarder/{obligation.pk}/">Ny åtgärd: T</a>' in html


def test_marking_one_read(world, inbox, signed_in):
    alice = signed_in(world.alice)
    response = alice.post(f"/atgarder/notiser/{inbox['new'].pk}/last/")
    assert response.status_code == 302 and response["Location"] == "/atgarder/notiser/"
    inbox["new"].refresh_from_db()
    inbox["other"].refresh_from_db()
    assert inbox["new"].read_at is not None and inbox["other"].read_at is None
    html = alice.get("/atgarder/notiser/").content.decode()
    assert '<span class="badge badge-due">1<span class="visually-hidden"> olästa' in header(html)


def test_marking_all_read(world, inbox, signed_in):
    alice = signed_in(world.alice)
    assert alice.post("/atgarder/notiser/alla-lasta/").status_code == 302
    assert not Notification.objects.filter(recipient=world.alice, read_at__isnull=True).exists()
    assert Notification.objects.get(pk=inbox["bobs"].pk).read_at is None
    html = alice.get("/atgarder/notiser/").content.decode()
    assert "Alla notiser är markerade som lästa." in html
    assert "olästa" not in header(html)


def test_someone_elses_notification_is_a_404(world, inbox, signed_in):
    alice = signed_in(world.alice)
    assert alice.post(f"/atgarder/notiser/{inbox['bobs'].pk}/last/").status_code == 404
    assert Notification.objects.get(pk=inbox["bobs"].pk).read_at is None
    mallory = signed_in(world.mallory)
    assert mallory.post(f"/atgarder/notiser/{inbox['new'].pk}/last/").status_code == 404


def test_choosing_the_daily_digest_and_back(world, signed_in):
    alice = signed_in(world.alice)
    html = alice.get("/atgarder/notiser/").content.decode()
    assert (
        'name="daily_digest"' in html and "checked" not in html.split('name="daily_digest"')[1][:80]
    )
    response = alice.post("/atgarder/notiser/installning/", {"daily_digest": "on"})
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=world.alice, municipality=world.home)
    assert preference.daily_digest
    html = alice.get("/atgarder/notiser/").content.decode()
    assert "Du får en daglig sammanfattning" in html
    field = html.split('name="daily_digest"', 1)[1].split(">", 1)[0]
    assert "checked" in field
    alice.post("/atgarder/notiser/installning/", {})
    preference.refresh_from_db()
    assert not preference.daily_digest


def test_a_reader_is_not_notified_and_has_no_digest_to_choose(world, signed_in):
    carol = signed_in(world.carol)
    html = carol.get("/atgarder/notiser/").content.decode()
    assert 'name="daily_digest"' not in html
    assert "Som läsare får du inga notiser" in html
    assert carol.post("/atgarder/notiser/installning/", {"daily_digest": "on"}).status_code == 403


def test_the_notifications_page_query_count_does_not_grow(
    world, signed_in, django_assert_num_queries
):
    alice = signed_in(world.alice)
    for n in range(3):
        notify(world.alice, world.home, f"Åtgärd {n}")
    # session, user, roles (with the unread count), actor's role; count; page; the digest
    # choice
    with django_assert_num_queries(7):
        assert alice.get("/atgarder/notiser/").status_code == 200
    for n in range(30):
        notify(world.alice, world.home, f"Fler {n}")
    with django_assert_num_queries(7):
        html = alice.get("/atgarder/notiser/?page=2").content.decode()
    assert "Sida 2 av 2" in html
