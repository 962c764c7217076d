"""Single sign-on with the organisation's own identity provider (OpenID Connect), against a
real provider started on loopback (oidc_provider/): users matched by e-mail or made on first
sign-in, roles from the provider's groups at every sign-in, and bad answers refused with a
clear reason and nothing changed."""

from urllib.parse import urlparse

import jwt
import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

from utblick.core.access import Role
from utblick.factories import RoleFactory, UserFactory
from utblick.organisation.models import RoleAssignment
from utblick.tenants.models import IdentityProvider
from utblick.tenants.oidc import TenantOIDCBackend
from utblick.tenants.signin import SignInRefused, identity_provider_save

pytestmark = pytest.mark.django_db

CALLBACK = "http://testserver/konto/oidc/klar/"
GROUPS = "utblick-admins = Administratör\nutblick-readers = Läsare\nkultur = Enhetsredaktör: Kultur- och fritidsnämnden"


@pytest.fixture
def configured(world, oidc_provider):
    cache.clear()  # discovery answers of an earlier test's provider settings
    oidc_provider.add_client("utblick-a", "secret-a", [CALLBACK])
    identity_provider_save(
        municipality=world.home,
        issuer=oidc_provider.issuer(),
        client_id="utblick-a",
        client_secret="secret-a",
        group_roles=GROUPS,
    )
    return oidc_provider


def sign_in(client: Client, provider, username: str, code: str = "9001"):
    start = client.get(f"/konto/oidc/{code}/")
    assert start.status_code == 302, start
    back = urlparse(provider.authorize(start["Location"], username))
    return client.get(f"{back.path}?{back.query}", follow=True)


def page_messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_a_new_user_signs_in_and_gets_the_role_of_their_group(world, configured):
    configured.set_user("dora", "Dora@Example.se", ["utblick-admins", "other-team"])
    client = Client()
    landed = sign_in(client, configured, "dora")
    assert landed.redirect_chain[-1][0] == "/"
    assert landed.context["user"].email == "dora@example.se"
    role = RoleAssignment.objects.get(user__email="dora@example.se")
    assert (role.municipality, role.role) == (world.home, Role.ADMINISTRATOR)
    assert role.history.first().history_change_reason == "inloggning: gruppen utblick-admins"
    assert not role.user.has_usable_password()


def test_an_existing_user_is_matched_by_email_and_a_unit_group_gives_its_unit(world, configured):
    bob_email = world.bob.email
    configured.set_user("bob-at-idp", bob_email.upper(), ["kultur"])
    sign_in(Client(), configured, "bob-at-idp")
    assert get_user_model().objects.filter(email__iexact=bob_email).count() == 1
    role = RoleAssignment.objects.get(user=world.bob, municipality=world.home)
    assert (role.role, role.unit) == (Role.UNIT_EDITOR, world.committee)


def test_a_user_removed_from_a_group_loses_its_role_at_the_next_sign_in(world, configured):
    configured.set_user("erik", "erik@example.se", ["utblick-admins", "utblick-readers"])
    sign_in(Client(), configured, "erik")
    assert RoleAssignment.objects.get(user__email="erik@example.se").role == Role.ADMINISTRATOR
    configured.set_user("erik", "erik@example.se", ["utblick-readers"])
    landed = sign_in(Client(), configured, "erik")
    assert landed.context["user"].is_authenticated
    assert RoleAssignment.objects.get(user__email="erik@example.se").role == Role.READER


def _unchanged():
    return (
        get_user_model().objects.count(),
        list(RoleAssignment.objects.values_list("user", "role", "unit")),
    )


@pytest.mark.parametrize(
    ("username", "groups", "said"),
    [
        ("fia", ["marketing"], "Ingen av dina grupper hos identitetsleverantören (”marketing”)"),
        ("expired-gus", ["utblick-admins"], "Inloggningen hade gått ut"),
        ("elsewhere-hans", ["utblick-admins"], "Inloggningen var utfärdad för en annan tjänst"),
    ],
)
def test_bad_answers_from_the_provider_are_refused_clearly_and_change_nothing(
    world, configured, username, groups, said
):
    configured.set_user(username, f"{username}@example.se", groups)
    before = _unchanged()
    client = Client()
    landed = sign_in(client, configured, username)
    assert landed.redirect_chain[-1][0] == "/konto/logga-in/"
    assert not landed.context["user"].is_authenticated
    assert any(m.startswith(said) for m in page_messages(landed)), page_messages(landed)
    assert said in landed.content.decode()
    assert _unchanged() == before


def test_a_token_from_another_tenants_issuer_is_refused(world, configured, settings):
    """Tenant B's provider answers at another address: its issuer is not tenant A's."""
    settings.OIDC_STORE_ID_TOKEN = True
    configured.set_user("ida", "ida@example.se", ["utblick-admins"])
    client = Client()
    sign_in(client, configured, "ida")
    token = client.session["oidc_id_token"]
    assert jwt.decode(token, options={"verify_signature": False})["iss"] == configured.issuer()
    other = identity_provider_save(
        municipality=world.other,
        issuer=configured.issuer("localhost"),
        client_id="utblick-a",
        client_secret="secret-a",
        group_roles="utblick-admins = Administratör",
    )
    backend = TenantOIDCBackend()
    backend.configure(other)
    nonce = jwt.decode(token, options={"verify_signature": False})["nonce"]
    with pytest.raises(SignInRefused, match="annan identitetsleverantör än Testkommun B"):
        backend.verify_token(token, nonce=nonce)
    # The same token is good for the tenant that issued it: only the issuer differs.
    backend.configure(IdentityProvider.objects.get(municipality=world.home))
    assert backend.verify_token(token, nonce=nonce)["aud"] == "utblick-a"


def test_local_passwords_can_be_turned_off_per_tenant(world, configured, client):
    world.carol.set_password("pw-carol-123")
    world.carol.save()
    provider = IdentityProvider.objects.get(municipality=world.home)
    identity_provider_save(
        municipality=world.home,
        issuer=provider.issuer,
        client_id=provider.client_id,
        group_roles=GROUPS,
        local_passwords=False,
    )
    refused = client.post("/konto/logga-in/", {"username": "carol", "password": "pw-carol-123"})
    assert "Din organisation loggar in via sin egen inloggning" in refused.content.decode()
    assert not refused.wsgi_request.user.is_authenticated
    # Someone with a role in an organisation that still has passwords signs in.
    RoleFactory(user=world.carol, municipality=world.other, role=Role.READER)
    allowed = client.post("/konto/logga-in/", {"username": "carol", "password": "pw-carol-123"})
    assert allowed.status_code == 302


def test_the_settings_page_keeps_the_secret_unseen_and_locates_errors(world, client):
    admin = UserFactory(username="adm")
    RoleFactory(user=admin, municipality=world.home, role=Role.ADMINISTRATOR)
    client.force_login(admin)
    form = {
        "issuer": "https://login.example.se/tenant/v2.0",
        "client_id": "utblick",
        "client_secret": "very-secret-value",
        "groups_claim": "groups",
        "group_roles": "a = Administratör\nb = Chef\nc = Enhetsredaktör",
        "local_passwords": "on",
    }
    bad = client.post("/organisation/inloggning/", form)
    assert bad.status_code == 400
    html = bad.content.decode()
    assert (
        "Rad 2: okänd roll ”Chef”" in html and "Rad 3: en enhetsredaktör behöver en enhet" in html
    )
    assert not IdentityProvider.objects.exists()
    form["group_roles"] = "a = Administratör\nb = Läsare"
    saved = client.post("/organisation/inloggning/", form, follow=True)
    assert "very-secret-value" not in saved.content.decode()
    provider = IdentityProvider.objects.get(municipality=world.home)
    assert "very-secret-value" not in provider.client_secret_encrypted
    assert not hasattr(provider.history.first(), "client_secret_encrypted")
    # Saved again without a secret: the secret stays.
    form["client_secret"] = ""
    client.post("/organisation/inloggning/", form)
    from utblick.tenants import secrets

    provider.refresh_from_db()
    assert secrets.decrypt(provider.client_secret_encrypted) == "very-secret-value"
    client.force_login(world.alice)  # a coordinator
    assert client.get("/organisation/inloggning/").status_code == 403


def test_the_sign_in_and_settings_pages_take_a_fixed_number_of_queries(
    world, configured, client, django_assert_max_num_queries
):
    identity_provider_save(
        municipality=world.other,
        issuer=configured.issuer("localhost"),
        client_id="utblick-b",
        client_secret="secret-b",
        group_roles="a = Läsare\nb = Läsare\nc = Administratör",
    )
    with django_assert_max_num_queries(2):
        page = client.get("/konto/logga-in/")
    html = page.content.decode()
    assert 'href="/konto/oidc/9001/"' in html and 'href="/konto/oidc/9002/"' in html
    admin = UserFactory(username="adm")
    RoleFactory(user=admin, municipality=world.home, role=Role.ADMINISTRATOR)
    client.force_login(admin)
    with django_assert_max_num_queries(10):  # session, user, roles, provider, its groups
        assert client.get("/organisation/inloggning/").status_code == 200
