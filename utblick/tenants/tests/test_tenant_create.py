"""A new municipality or region becomes a tenant with its standard bodies and an invited first
administrator, from the command or from the installation's page; nothing half-made on error."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command

from utblick.core.access import Role
from utblick.factories import UserFactory
from utblick.organisation.models import Municipality, RoleAssignment, Unit

pytestmark = pytest.mark.django_db(transaction=False)

HELSINGBORG = "1283"


@pytest.fixture
def superuser():
    return UserFactory(username="drift", is_superuser=True, is_staff=True)


def _link(message) -> str:
    return re.search(r"https?://\S+/konto/losenord/\S+/", message.body).group(0)


def test_it_makes_a_municipality_outside_the_seeds_a_tenant_with_its_standard_bodies(
    django_capture_on_commit_callbacks,
):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "tenant",
            "create",
            "--code",
            HELSINGBORG,
            "--admin-email",
            "Eva@Helsingborg.se",
            stdout=out,
        )
    helsingborg = Municipality.objects.get(code=HELSINGBORG)
    assert helsingborg.is_tenant
    units = {u.kind: u for u in Unit.objects.filter(municipality=helsingborg)}
    assert units["council"].name == "Kommunfullmäktige"
    assert units["executive_board"].name == "Kommunstyrelsen"
    assert units["executive_office"].name == "Kommunstyrelsens förvaltning"
    assert units["executive_office"].parent == units["executive_board"]
    assert units["council"].history.first().history_change_reason.startswith("organisationen")
    admin = get_user_model().objects.get(email="eva@helsingborg.se")
    assert not admin.has_usable_password()
    assert (
        RoleAssignment.objects.get(user=admin, municipality=helsingborg).role == Role.ADMINISTRATOR
    )
    assert "Helsingborg" in out.getvalue()


def test_a_region_gets_the_regions_names_for_its_bodies():
    call_command(
        "tenant", "create", "--code", "12", "--admin-email", "a@skane.se", stdout=StringIO()
    )
    names = set(Unit.objects.filter(municipality__code="12").values_list("name", flat=True))
    assert names == {"Regionfullmäktige", "Regionstyrelsen", "Regionstyrelsens förvaltning"}


def test_the_invitation_is_a_one_time_link_to_choose_a_password(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "tenant",
            "create",
            "--code",
            HELSINGBORG,
            "--admin-email",
            "eva@helsingborg.se",
            stdout=StringIO(),
        )
    assert len(mail.outbox) == 1
    invitation = mail.outbox[0]
    assert invitation.to == ["eva@helsingborg.se"]
    assert "Helsingborg" in invitation.subject
    link = _link(invitation)
    form = client.get(link, follow=True)
    assert form.status_code == 200 and "Välj nytt lösenord" in form.content.decode()
    password = "ett-langt-eget-losenord-42"
    chosen = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": password, "new_password2": password},
    )
    assert chosen.status_code == 302
    signed_in = client.post(
        "/konto/logga-in/", {"username": "eva@helsingborg.se", "password": password}
    )
    assert signed_in.status_code == 302 and signed_in["Location"] == "/"
    client.logout()
    again = client.get(link, follow=True)
    assert "Länken är ogiltig eller har redan använts" in again.content.decode()


def test_it_refuses_an_organisation_that_is_a_tenant_already_and_changes_nothing():
    call_command(
        "tenant", "create", "--code", HELSINGBORG, "--admin-email", "a@hbg.se", stdout=StringIO()
    )
    units = Unit.objects.count()
    with pytest.raises(CommandError, match="använder redan Utblick"):
        call_command("tenant", "create", "--code", HELSINGBORG, "--admin-email", "b@hbg.se")
    assert Unit.objects.count() == units
    assert not get_user_model().objects.filter(email="b@hbg.se").exists()


@pytest.mark.parametrize(
    ("code", "email", "said"),
    [
        ("9999", "a@b.se", "Ingen kommun eller region har koden ”9999”"),
        ("1283", "inte-en-adress", "är ingen e-postadress"),
    ],
)
def test_bad_input_gets_a_clear_error_and_changes_nothing(code, email, said):
    with pytest.raises(CommandError, match=said):
        call_command("tenant", "create", "--code", code, "--admin-email", email)
    assert not Municipality.objects.get(code=HELSINGBORG).is_tenant
    assert not Unit.objects.filter(municipality__code=HELSINGBORG).exists()


def test_tenant_list_shows_profile_users_and_last_activity(world):
    call_command(
        "tenant", "create", "--code", HELSINGBORG, "--admin-email", "a@hbg.se", stdout=StringIO()
    )
    out = StringIO()
    call_command("tenant", "list", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["code", "name", "kind", "profile", "users", "last", "activity"]
    helsingborg = next(line for line in lines if line.startswith(HELSINGBORG))
    assert "Helsingborg" in helsingborg and " – " in f" {helsingborg} "
    assert helsingborg.split()[-2] == "1"  # its invited administrator, not signed in yet
    assert any(line.startswith("9001") for line in lines)


def test_an_installation_administrator_sets_up_a_tenant_in_the_web(
    client, superuser, django_capture_on_commit_callbacks
):
    client.force_login(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/installation/organisationer/ny/",
            {"code": HELSINGBORG, "admin_email": "eva@helsingborg.se"},
        )
    assert response.status_code == 302
    assert Municipality.objects.get(code=HELSINGBORG).is_tenant
    assert len(mail.outbox) == 1
    listing = client.get("/installation/organisationer/").content.decode()
    assert "Helsingborg" in listing and "Ingen profil ännu" in listing
    unit = Unit.objects.get(municipality__code=HELSINGBORG, kind="council")
    assert unit.history.first().history_user == superuser


def test_the_web_form_shows_a_located_error_and_changes_nothing(client, superuser):
    client.force_login(superuser)
    response = client.post(
        "/installation/organisationer/ny/", {"code": "0000", "admin_email": "a@b.se"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_code"' in page and "Ingen kommun eller region har koden" in page
    assert not Municipality.objects.filter(is_tenant=True, code="0000").exists()


def test_only_installation_administrators_reach_the_tenant_pages(client, world):
    client.force_login(world.alice)
    assert client.get("/installation/organisationer/").status_code == 403
    assert client.post("/installation/organisationer/ny/", {"code": "1283"}).status_code == 403
    assert not Municipality.objects.get(code=HELSINGBORG).is_tenant
