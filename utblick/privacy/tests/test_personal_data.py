"""Personal data: a register extract of everything held about a person, and pseudonymisation
that keeps the public records but not who the person is, written to the audit trail."""

import json
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from utblick.api.tokens import token_create
from utblick.core.access import Role
from utblick.core.services import record_update
from utblick.factories import (
    ApplicationFactory,
    MembershipFactory,
    PersonFactory,
    RoleFactory,
    UserFactory,
)
from utblick.organisation.models import Person, RoleAssignment
from utblick.privacy.personal_data import person_extract, person_pseudonymise
from utblick.registers.models import FundingApplication

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(world):
    admin = UserFactory(username="ada")
    RoleFactory(user=admin, municipality=world.home, role=Role.ADMINISTRATOR)
    return world.actor(admin)


@pytest.fixture
def eva(world):
    """A staff member with an account, a contact for an application, who changed a record."""
    account = UserFactory(username="eva", email="eva@example.se", first_name="Eva")
    RoleFactory(user=account, municipality=world.home, role=Role.UNIT_EDITOR, unit=world.committee)
    person = PersonFactory(
        municipality=world.home,
        unit=world.committee,
        name="Eva Ek",
        email="eva@example.se",
        title="Projektledare",
        kind="staff",
        user=account,
    )
    application = ApplicationFactory(municipality=world.home, unit=world.committee, contact=person)
    record_update(
        actor=world.actor(account),
        instance=application,
        expected_version=application.version,
        fields={"description": "Skrivet av Eva"},
    )
    token_create(user=account, municipality=world.home)
    return person


def test_the_extract_holds_the_person_where_they_appear_and_what_their_account_did(admin, eva):
    extract = person_extract(actor=admin, person_id=eva.pk)
    assert extract["person"]["name"] == "Eva Ek" and extract["person"]["email"] == "eva@example.se"
    application = FundingApplication.objects.get(contact=eva)
    assert [a["id"] for a in extract["appears_in"]["application_contact"]] == [application.pk]
    account = extract["account"]
    assert account["username"] == "eva" and account["roles"][0]["role"] == "unit_editor"
    assert len(account["api_tokens"]) == 1
    assert any(change["reason"] == "ändrad" for change in account["changes_made"])
    json.dumps(extract)  # plain JSON all through


def test_only_an_administrator_makes_an_extract_or_pseudonymises(world, eva):
    for user in (world.alice, world.carol):
        with pytest.raises(PermissionDenied):
            person_extract(actor=world.actor(user), person_id=eva.pk)
        with pytest.raises(PermissionDenied):
            person_pseudonymise(actor=world.actor(user), person_id=eva.pk, reason="begäran")


def test_pseudonymising_keeps_the_records_but_not_who_the_person_was(admin, eva, world):
    application = FundingApplication.objects.get(contact=eva)
    account_id = eva.user_id
    person = person_pseudonymise(actor=admin, person_id=eva.pk, reason="Begäran 2026-03-01")
    assert (person.name, person.email, person.title, person.user_id) == (
        f"Person {eva.pk}",
        "",
        "",
        None,
    )
    stored_versions = list(Person.history.filter(id=eva.pk).values_list("name", "email"))
    assert ("Eva Ek", "eva@example.se") not in stored_versions  # the earlier versions too
    latest = Person.history.filter(id=eva.pk).latest("history_date")
    assert latest.history_change_reason == "pseudonymiserad: Begäran 2026-03-01"
    assert latest.history_user.username == "ada"
    application.refresh_from_db()
    assert application.contact_id == eva.pk  # the public record keeps its link
    account = type(world.alice).objects.get(pk=account_id)
    assert (account.username, account.email, account.first_name) == (
        f"borttagen-{account_id}",
        "",
        "",
    )
    assert not account.is_active and not account.has_usable_password()
    assert not RoleAssignment.objects.filter(user=account).exists()


def test_an_elected_representative_keeps_the_name_the_decision_carries(admin, world):
    elected = PersonFactory(
        municipality=world.home, name="Anna Ordförande", kind="elected", email="anna@example.se"
    )
    membership = MembershipFactory(municipality=world.home, unit=world.committee)
    membership.representatives.add(elected)
    person = person_pseudonymise(actor=admin, person_id=elected.pk, reason="Begäran")
    assert person.name == "Anna Ordförande" and person.email == ""


def test_the_command_writes_the_extract_as_json_and_pseudonymises(admin, eva):
    out = StringIO()
    call_command(
        "person",
        "extract",
        "--municipality",
        "9001",
        "--id",
        str(eva.pk),
        "--user",
        "ada",
        stdout=out,
    )
    assert json.loads(out.getvalue())["person"]["name"] == "Eva Ek"
    out = StringIO()
    call_command(
        "person",
        "pseudonymise",
        "--municipality",
        "9001",
        "--id",
        str(eva.pk),
        "--user",
        "ada",
        "--reason",
        "Begäran",
        stdout=out,
    )
    assert f"Person {eva.pk} är pseudonymiserad" in out.getvalue()
