"""Sign-in, password reset by e-mail in Swedish, switching municipality, session expiry."""

import re

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from utblick.core.access import Role
from utblick.factories import RoleFactory


def test_it_signs_in_and_lands_on_the_dashboard(world, client):
    world.alice.set_password("rätt-lösenord-123")
    world.alice.save()
    page = client.get("/konto/logga-in/").content.decode()
    assert '<label class="field__label" for="id_username">Användarnamn</label>' in page
    response = client.post(
        "/konto/logga-in/", {"username": "alice", "password": "rätt-lösenord-123"}
    )
    assert response.status_code == 302 and response["Location"] == "/"


def test_a_wrong_password_is_told_in_swedish(world, client):
    html = client.post(
        "/konto/logga-in/", {"username": "alice", "password": "fel"}
    ).content.decode()
    assert 'id="error-summary"' in html
    assert "Ange ett korrekt användarnamn och lösenord" in html


def test_a_visitor_is_asked_to_sign_in_with_a_word_on_expiry(client, db):
    response = client.get("/medlemskap/", follow=True)
    assert response.redirect_chain[0][0] == "/konto/logga-in/?next=/medlemskap/"
    assert "loggas du ut efter en stunds inaktivitet" in response.content.decode()


def test_sessions_expire_after_the_configured_inactivity(world, signed_in):
    alice = signed_in(world.alice)
    alice.get("/")
    assert alice.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def _session_writes(client, path: str = "/halsa/") -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in queries if "django_session" in q["sql"] and "SELECT" not in q["sql"]]


def test_a_page_view_does_not_write_the_session_until_it_is_due_for_refresh(
    world, signed_in, settings
):
    alice = signed_in(world.alice)
    assert _session_writes(alice) == []
    assert _session_writes(alice, "/medlemskap/") == []
    expiry = Session.objects.get().expire_date
    settings.SESSION_REFRESH_SECONDS = 0  # the last refresh is now old enough
    assert len(_session_writes(alice)) == 1
    assert Session.objects.get().expire_date >= expiry
    settings.SESSION_REFRESH_SECONDS = 300
    assert _session_writes(alice) == []


def test_a_visitor_without_a_session_gets_none_written(client, db):
    assert _session_writes(client) == []
    assert not Session.objects.exists()


def test_password_reset_sends_a_swedish_e_mail_with_a_working_link(world, client):
    response = client.post("/konto/losenord/", {"email": "alice@example.se"})
    assert response.status_code == 302 and response["Location"] == "/konto/losenord/skickat/"
    assert "<h1>Kolla din e-post</h1>" in client.get("/konto/losenord/skickat/").content.decode()
    (message,) = mail.outbox
    assert message.subject == "Återställ ditt lösenord i Utblick"
    assert "bett om att få återställa lösenordet för kontot alice" in message.body
    link = re.search(r"http://testserver(/konto/losenord/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert "<h1>Välj nytt lösenord</h1>" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "ett-nytt-lösenord-9", "new_password2": "ett-nytt-lösenord-9"},
    )
    assert done["Location"] == "/konto/losenord/klart/"
    world.alice.refresh_from_db()
    assert world.alice.check_password("ett-nytt-lösenord-9")


def test_a_user_with_several_roles_switches_municipality(world, signed_in):
    RoleFactory(user=world.alice, municipality=world.other, role=Role.READER)
    alice = signed_in(world.alice)
    header = alice.get("/").content.decode().split("</header>", 1)[0]
    assert 'name="code"' in header and "Testkommun B" in header
    response = alice.post("/kommun/", {"code": world.other.code})
    assert response.status_code == 302
    html = alice.get("/").content.decode()
    assert "Du arbetar nu i Testkommun B" in html
    assert "Läsare" in html.split("</header>", 1)[0]


def test_switching_to_a_municipality_without_a_role_is_refused(world, signed_in):
    alice = signed_in(world.alice)
    assert alice.post("/kommun/", {"code": world.other.code}).status_code == 404
    assert "Testkommun A" in alice.get("/").content.decode()


def test_a_single_municipality_needs_no_switch(world, signed_in):
    header = signed_in(world.carol).get("/").content.decode().split("</header>", 1)[0]
    assert 'name="code"' not in header


def test_permission_and_missing_pages_are_explained(world, signed_in):
    carol = signed_in(world.carol)
    forbidden = carol.get("/medlemskap/ny/")
    assert forbidden.status_code == 403 and "Du saknar behörighet" in forbidden.content.decode()
    missing = carol.get("/medlemskap/999999/")
    assert missing.status_code == 404 and "Sidan finns inte" in missing.content.decode()


def test_the_organisation_page_lists_the_contact_network(world, make, signed_in):
    contact = make("contact_people", world.home, world.committee)
    html = signed_in(world.carol).get("/organisation/").content.decode()
    assert contact.person.name in html
    assert "/organisation/enheter/" in html


def test_an_expired_session_sends_htmx_to_the_sign_in_page_as_a_whole(client, db):
    response = client.get(
        "/medlemskap/?q=x",
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="results",
        HTTP_HX_CURRENT_URL="http://testserver/medlemskap/",
    )
    assert response["HX-Redirect"] == "/konto/logga-in/?next=/medlemskap/"


def _wrong_password(client, username="alice"):
    return client.post("/konto/logga-in/", {"username": username, "password": "fel"})


def test_after_five_wrong_passwords_sign_in_is_locked_in_swedish_even_with_the_right_one(
    world, client
):
    world.alice.set_password("rätt-lösenord-123")
    world.alice.save()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _wrong_password(client).status_code == 200
    locked = _wrong_password(client)
    assert locked.status_code == 429
    assert "<h1>För många inloggningsförsök</h1>" in locked.content.decode()
    assert "Försök igen om 15 minuter" in locked.content.decode()
    right = client.post("/konto/logga-in/", {"username": "alice", "password": "rätt-lösenord-123"})
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_for_that_user_name_only_and_ends_after_the_cool_off(
    world, client, settings
):
    from axes.models import AccessAttempt

    world.bob.set_password("bobs-lösenord-123")
    world.bob.save()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _wrong_password(client)
    signed_in = client.post(
        "/konto/logga-in/", {"username": "bob", "password": "bobs-lösenord-123"}
    )
    assert signed_in.status_code == 302
    client.logout()
    assert _wrong_password(client).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME * 2)
    assert _wrong_password(client).status_code == 200


def test_a_successful_sign_in_clears_the_count(world, client):
    world.alice.set_password("rätt-lösenord-123")
    world.alice.save()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _wrong_password(client)
    client.post("/konto/logga-in/", {"username": "alice", "password": "rätt-lösenord-123"})
    client.logout()
    assert _wrong_password(client).status_code == 200


def test_password_reset_is_throttled_per_address_with_a_swedish_message(world, client, settings):
    for _ in range(settings.PASSWORD_RESET_LIMIT):
        response = client.post("/konto/losenord/", {"email": "alice@example.se"})
        assert response.status_code == 302
    refused = client.post("/konto/losenord/", {"email": "alice@example.se"})
    assert refused.status_code == 429
    assert "Du har bett om för många återställningar" in refused.content.decode()
    assert len(mail.outbox) == settings.PASSWORD_RESET_LIMIT


def test_password_reset_is_throttled_per_client_address_over_many_e_mail_addresses(
    world, client, settings
):
    for number in range(settings.PASSWORD_RESET_LIMIT):
        client.post("/konto/losenord/", {"email": f"okand{number}@example.se"})
    refused = client.post("/konto/losenord/", {"email": "alice@example.se"})
    assert refused.status_code == 429 and not mail.outbox


def test_the_new_password_must_pass_the_password_validators(world, client):
    client.post("/konto/losenord/", {"email": "alice@example.se"})
    link = re.search(r"http://testserver(/konto/losenord/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    refused = client.post(
        form.redirect_chain[-1][0], {"new_password1": "123", "new_password2": "123"}
    )
    assert refused.status_code == 200
    assert "Det här lösenordet är för kort" in refused.content.decode()
    world.alice.refresh_from_db()
    assert not world.alice.check_password("123")
