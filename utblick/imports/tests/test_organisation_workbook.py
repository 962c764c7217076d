"""The organisation from one workbook: units in their hierarchy, people, the contact-person
network and users with their roles; previewed, located Swedish errors, all or nothing, through
the register services and their audit trail; re-importing the edited workbook updates."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from openpyxl import Workbook, load_workbook

from utblick.core.access import Actor, Role
from utblick.factories import RoleFactory, UserFactory
from utblick.imports.registers import WORKBOOKS
from utblick.imports.services import import_file
from utblick.imports.tests.files import messages, table_counts
from utblick.imports.workbook import build_template
from utblick.organisation.models import ContactPerson, Person, RoleAssignment, Unit

pytestmark = pytest.mark.django_db

ORGANISATION = WORKBOOKS["organisation"]
UNITS = ("Namn *", "Förkortning", "Typ *", "Överordnad", "Funktionsbrevlåda")
PEOPLE = ("Namn *", "Typ *", "Titel eller uppdrag", "E-post", "Enhet", "Parti", "Roll i Utblick")
CONTACTS = ("Enhet *", "Person *", "Utsedd", "Avslutad")


def workbook(units=(), people=(), contacts=(), **sheets) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, headers, rows in (
        ("Enheter", UNITS, units),
        ("Personer", PEOPLE, people),
        ("Kontaktpersoner", CONTACTS, contacts),
        *((title, rows[0], rows[1:]) for title, rows in sheets.items()),
    ):
        sheet = book.create_sheet(title)
        sheet.append(list(headers))
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD = {
    "units": [
        ("Kultur- och fritidsnämnden", "KFN", "Nämnd", None, None),
        (
            "Kultur- och fritidsförvaltningen",
            "KFF",
            "Förvaltning",
            "Kultur- och fritidsnämnden",
            None,
        ),
        ("Miljönämnden", None, "Nämnd", None, "miljo@example.se"),
    ],
    "people": [
        (
            "Ada Berg",
            "Tjänsteperson",
            "EU-samordnare",
            "ada@example.se",
            "Kommunstyrelsen",
            None,
            "Samordnare",
        ),
        (
            "Bo Ek",
            "Tjänsteperson",
            "Utvecklare",
            "bo@example.se",
            "Kultur- och fritidsförvaltningen",
            None,
            "Enhetsredaktör",
        ),
        ("Cecilia Lund", "Förtroendevald", "Ordförande", None, "Miljönämnden", "S", None),
    ],
    "contacts": [
        ("Kultur- och fritidsnämnden", "Bo Ek", "2026-01-15", None),
        ("Miljönämnden", "cecilia lund", None, None),
    ],
}


@pytest.fixture
def admin_actor(world):
    admin = UserFactory(username="admin-a")
    RoleFactory(user=admin, municipality=world.home, role=Role.ADMINISTRATOR)
    return Actor(user=admin, municipality=world.home, role=Role.ADMINISTRATOR)


def run(actor, data, *, dry_run=False, name="organisation.xlsx"):
    plan, _run = import_file(
        actor=actor, register=ORGANISATION, data=data, file_name=name, dry_run=dry_run
    )
    return plan


def test_the_workbook_sets_up_units_people_contacts_and_users(
    world, admin_actor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        plan = run(admin_actor, workbook(**GOOD))
    assert plan.valid, messages(plan)
    contact_rows = [row.label for row in plan.rows if row.sheet == "Kontaktpersoner"]
    assert contact_rows == ["Kultur- och fritidsnämnden", "Miljönämnden"]  # names, not ids
    # The committees are there already (matched by name, updated); the rest is new.
    assert (plan.count("create"), plan.count("update")) == (6, 2)
    home = world.home
    administration = Unit.objects.get(municipality=home, name="Kultur- och fritidsförvaltningen")
    assert administration.parent.name == "Kultur- och fritidsnämnden"
    assert administration.kind == "administration" and administration.short_name == "KFF"
    ada = Person.objects.get(municipality=home, name="Ada Berg")
    assert ada.unit == world.board and ada.user.email == "ada@example.se"
    bo = Person.objects.get(municipality=home, name="Bo Ek")
    roles = {
        r.user.email: (r.role, r.unit) for r in RoleAssignment.objects.filter(municipality=home)
    }
    assert roles["ada@example.se"] == (Role.COORDINATOR, None)
    assert roles["bo@example.se"] == (Role.UNIT_EDITOR, administration)
    assert Person.objects.get(name="Cecilia Lund").user is None
    network = {
        (c.unit.name, c.person.name) for c in ContactPerson.objects.filter(municipality=home)
    }
    assert network == {("Kultur- och fritidsnämnden", "Bo Ek"), ("Miljönämnden", "Cecilia Lund")}
    assert bo.history.first().history_change_reason == "import: organisation.xlsx"
    assert bo.history.first().history_user == admin_actor.user
    invited = sorted(message.to[0] for message in mail.outbox)
    assert invited == ["ada@example.se", "bo@example.se"]
    assert all("/konto/losenord/" in message.body for message in mail.outbox)


def test_reimporting_the_edited_workbook_updates_and_never_duplicates(world, admin_actor):
    assert run(admin_actor, workbook(**GOOD)).valid
    counts = table_counts()
    again = run(admin_actor, workbook(**GOOD))
    assert again.valid and again.count("create") == 0 and again.count("update") == 0
    assert table_counts() == counts
    edited = dict(GOOD)
    edited["people"] = [
        *GOOD["people"][:2],
        ("Cecilia Lund", "Förtroendevald", "Vice ordförande", None, "Miljönämnden", "S", None),
        ("Dan Öst", "Tjänsteperson", None, "dan@example.se", "Miljönämnden", None, "Läsare"),
    ]
    edited["units"] = [
        *GOOD["units"][:2],
        ("Miljönämnden", "MN", "Nämnd", None, "miljo@example.se"),
    ]
    plan = run(admin_actor, workbook(**edited))
    assert plan.valid, messages(plan)
    assert (plan.count("create"), plan.count("update")) == (1, 2)
    assert Person.objects.filter(municipality=world.home, name="Cecilia Lund").count() == 1
    assert Person.objects.get(name="Cecilia Lund").title == "Vice ordförande"
    assert Unit.objects.get(municipality=world.home, name="Miljönämnden").short_name == "MN"
    assert RoleAssignment.objects.get(user__email="dan@example.se").role == Role.READER


def test_a_preview_writes_nothing_and_sends_no_invitation(world, admin_actor):
    counts = table_counts()
    plan = run(admin_actor, workbook(**GOOD), dry_run=True)
    assert plan.valid and plan.count("create") == 6
    assert table_counts() == counts
    assert not get_user_model().objects.filter(email="ada@example.se").exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("sheets", "said"),
    [
        (
            {"units": [("Nämnd X", None, "Kommitté", None, None)]},
            "Blad ”Enheter”: Rad 2, kolumn ”Typ”: okänt värde ”Kommitté”.",
        ),
        (
            {
                "units": [
                    ("Förvaltning Y", None, "Förvaltning", "Nämnd Y", None),
                    ("Nämnd Y", None, "Nämnd", None, None),
                ]
            },
            "Blad ”Enheter”: Rad 2, kolumn ”Överordnad”: ”Nämnd Y” står längre ned i bladet",
        ),
        (
            {"people": [("Eva", "Tjänsteperson", None, None, "Okänd enhet", None, None)]},
            "Blad ”Personer”: Rad 2, kolumn ”Enhet”: okänd enhet ”Okänd enhet”.",
        ),
        (
            {"people": [("Eva", "Tjänsteperson", None, None, None, None, "Samordnare")]},
            "Blad ”Personer”: Rad 2, kolumn ”E-post”: en person med en roll i Utblick behöver en e-postadress",
        ),
        (
            {"contacts": [("Kommunstyrelsen", "Ingen Alls", None, None)]},
            "Blad ”Kontaktpersoner”: Rad 2, kolumn ”Person”: okänd person ”Ingen Alls”.",
        ),
        (
            {"people": [("Eva", "Tjänsteperson", None, "inte-en-adress", None, None, None)]},
            "Blad ”Personer”: Rad 2, kolumn ”E-post”:",
        ),
    ],
)
def test_a_bad_workbook_gets_located_swedish_errors_and_changes_nothing(
    world, admin_actor, sheets, said
):
    good_rows = {"units": GOOD["units"], "people": GOOD["people"][:1], "contacts": []}
    counts = table_counts()
    plan = run(admin_actor, workbook(**{**good_rows, **sheets}))
    assert not plan.valid
    assert any(text.startswith(said) for text in messages(plan)), messages(plan)
    assert table_counts() == counts
    assert not get_user_model().objects.filter(email="ada@example.se").exists()


def test_only_administrators_give_roles(world):
    coordinator = world.actor(world.alice)
    plan = run(coordinator, workbook(people=GOOD["people"][:1]))
    assert messages(plan) == [
        "Blad ”Personer”: Rad 2, kolumn ”Roll i Utblick”: bara administratörer ger roller i Utblick"
    ]


def test_a_csv_or_a_workbook_without_its_sheets_is_refused_plainly(world, admin_actor):
    csv = run(admin_actor, "Namn;Typ\r\nX;Nämnd\r\n".encode(), name="organisation.csv")
    assert "flera blad" in messages(csv)[0]
    other = run(admin_actor, workbook(Medlemskap=[("Organisation *",), ("EUROCITIES",)]))
    assert messages(other) == [
        "Arbetsboken har inget av bladen ”Enheter”, ”Personer”, ”Kontaktpersoner” med rader i."
    ]


def test_the_template_has_a_sheet_per_register_with_instructions_and_lists(world, admin_actor):
    assert run(admin_actor, workbook(**GOOD)).valid
    book = load_workbook(io.BytesIO(build_template(admin_actor, ORGANISATION, with_records=True)))
    assert book.sheetnames == ["Enheter", "Personer", "Kontaktpersoner", "Instruktioner", "Listor"]
    headers = [c.value for c in book["Personer"][1]]
    assert headers == ["ID", "Version", *PEOPLE]
    people = {row[2]: row for row in book["Personer"].iter_rows(min_row=2, values_only=True)}
    assert people["Bo Ek"][8] == "Enhetsredaktör"
    instructions = " ".join(
        str(c.value) for row in book["Instruktioner"].iter_rows() for c in row if c.value
    )
    assert "Bladet Enheter" in instructions and "Roll i Utblick" in instructions
    assert book["Personer"].data_validations.dataValidation  # the drop-down lists
    # The filled template imports back as it is: nothing changes.
    buffer = io.BytesIO()
    book.save(buffer)
    again = run(admin_actor, buffer.getvalue())
    assert again.valid and again.count("update") == 0 and again.count("create") == 0


def test_in_the_web_the_workbook_is_previewed_then_imported(world, admin_actor, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(admin_actor.user)
    index = client.get("/import/").content.decode()
    assert 'href="/import/organisation/mall.xlsx"' in index
    template = client.get("/import/organisation/mall.xlsx")
    assert template.status_code == 200
    assert load_workbook(io.BytesIO(template.content)).sheetnames[:3] == [
        "Enheter",
        "Personer",
        "Kontaktpersoner",
    ]
    upload = SimpleUploadedFile("organisation.xlsx", workbook(**GOOD))
    preview = client.post("/import/organisation/", {"file": upload}, follow=True)
    html = preview.content.decode()
    assert "Personer, 3" in html and "Skapas: 6" in html
    run_id = preview.redirect_chain[-1][0].rstrip("/").split("/")[-1]
    sha = html.split('name="sha256" value="', 1)[1].split('"', 1)[0]
    done = client.post(f"/import/korning/{run_id}/bekrafta/", {"sha256": sha}, follow=True)
    assert "Importen är klar" in done.content.decode()
    assert Person.objects.filter(municipality=world.home, name="Bo Ek").exists()


def test_unit_editors_do_not_import_the_organisation(world, client):
    client.force_login(world.bob)
    assert 'href="/import/organisation/' not in client.get("/import/").content.decode()
    assert client.get("/import/organisation/").status_code == 403
    assert client.get("/import/organisation/mall.xlsx").status_code == 403
