"""What a coordinator does in the browser: sign in and out, register, correct, find, import, and
move an application through its lifecycle. Each test ends with the database checked as well."""

import re
from decimal import Decimal
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import expect

from utblick.imports.tests.files import table_counts, xlsx
from utblick.registers.models import FundingApplication

pytestmark = pytest.mark.browser

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT_HEADERS = [
    "Titel *",
    "Annan finansiär",
    "Roll *",
    "Ägande nämnd eller bolag *",
    "Sista ansökningsdag",
    "Total budget",
]


def _applications(demo):
    return FundingApplication.objects.filter(municipality=demo.municipality)


def _fact(page, label: str):
    """The value beside a label on a detail page."""
    return (
        page.locator(".facts__row")
        .filter(has=page.locator("dt", has_text=re.compile(f"^{re.escape(label)}$")))
        .locator("dd")
    )


def test_signing_in_lands_on_the_dashboard_and_signing_out_ends_the_session(page, demo):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/konto/logga-in/\?next=/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")

    page.get_by_label("Användarnamn").fill(demo.user("samordnare"))
    page.get_by_label("Lösenord").fill("inte-lösenordet")
    page.get_by_role("button", name="Logga in").click()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.get_by_label("Användarnamn")).to_have_value(demo.user("samordnare"))

    page.get_by_label("Lösenord").fill(demo.password)
    page.get_by_role("button", name="Logga in").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Översikt")
    header = page.locator(".site-header")
    expect(header).to_contain_text("Linköping")
    expect(header).to_contain_text("Samordnare")
    expect(header).to_contain_text("Maria Ekholm")

    page.get_by_role("button", name="Logga ut").click()
    expect(page).to_have_url(re.compile(r"/konto/logga-in/$"))
    expect(page.get_by_role("button", name="Logga ut")).to_have_count(0)
    page.goto("/ansokningar/")
    expect(page).to_have_url(re.compile(r"/konto/logga-in/\?next=/ansokningar/$"))


def test_an_application_registered_through_the_form_is_shown_on_its_page(signed_in, demo):
    page = signed_in("samordnare")
    before = _applications(demo).count()
    nav = page.get_by_role("navigation", name="Huvudmeny")
    nav.get_by_role("link", name="Ansökningar och projekt").click()
    page.get_by_role("link", name="Ny ansökan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny ansökan")

    page.get_by_label("Titel").fill("Cirkulära skolmåltider")
    page.get_by_label("Program och fond").select_option(label="Life")
    page.get_by_label("Roll").select_option(label="Projektägare (lead partner)")
    page.get_by_label("Ägande nämnd eller bolag").select_option(label="Bildningsnämnden")
    page.get_by_label("Total budget").fill("2400000")
    page.get_by_label("Sökt bidrag").fill("1440000")
    page.get_by_role("button", name="Spara", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Cirkulära skolmåltider")
    expect(page.locator("#messages")).to_contain_text("”Cirkulära skolmåltider” har sparats.")
    expect(page.locator("#record-status")).to_have_text("Idé")
    expect(_fact(page, "Program och fond")).to_have_text("Life")
    expect(_fact(page, "Roll")).to_have_text("Projektägare (lead partner)")
    expect(_fact(page, "Ägande nämnd eller bolag")).to_have_text("Bildningsnämnden")
    expect(_fact(page, "Total budget")).to_contain_text(re.compile(r"2\s400\s000"))
    expect(page.locator("#history")).to_contain_text("Skapad")

    created = _applications(demo).get(title="Cirkulära skolmåltider")
    assert page.url.endswith(f"/ansokningar/{created.pk}/")
    assert (created.programme.code, created.role, created.unit.name) == (
        "LIFE",
        "lead",
        "Bildningsnämnden",
    )
    assert (created.total_budget, created.requested_grant) == (Decimal(2400000), Decimal(1440000))
    assert _applications(demo).count() == before + 1


def test_a_validation_error_is_shown_at_its_field_and_nothing_is_saved(signed_in, demo):
    page = signed_in("samordnare")
    before = _applications(demo).count()
    page.goto("/ansokningar/ny/")
    page.get_by_label("Titel").fill("Sommarskola i Tartu")
    page.get_by_label("Annan finansiär").fill("Svenska institutet")
    page.get_by_label("Roll").select_option(label="Partner")
    page.get_by_label("Ägande nämnd eller bolag").select_option(label="Bildningsnämnden")
    page.get_by_label("Projektstart").fill("2026-08-01")
    page.get_by_label("Projektslut").fill("2026-06-30")
    page.get_by_role("button", name="Spara", exact=True).click()

    message = "Slutdatum kan inte ligga före startdatum."
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("Något behöver rättas innan det kan sparas")
    link = summary.get_by_role("link", name=f"Projektslut: {message}")
    expect(link).to_have_attribute("href", "#id_ends_on")

    ends_on = page.get_by_label("Projektslut")
    expect(ends_on).to_have_attribute("aria-invalid", "true")
    expect(ends_on).to_have_attribute("aria-describedby", "id_ends_on_error")
    expect(ends_on).to_have_accessible_description(re.compile(re.escape(message)))
    field = page.locator(".field").filter(has=ends_on)
    expect(field).to_have_class(re.compile(r"\bfield--error\b"))
    expect(field.locator("#id_ends_on_error")).to_have_text(f"Fel: {message}")
    expect(page.get_by_label("Projektstart")).not_to_have_attribute("aria-invalid", "true")

    link.click()
    expect(ends_on).to_be_focused()
    # What was typed is kept, ready to be corrected.
    expect(page.get_by_label("Titel")).to_have_value("Sommarskola i Tartu")
    expect(ends_on).to_have_value("2026-06-30")
    assert not _applications(demo).filter(title="Sommarskola i Tartu").exists()
    assert _applications(demo).count() == before


def test_filtering_and_searching_the_applications_updates_the_list_in_place(signed_in, demo):
    page = signed_in("samordnare")
    page.goto("/ansokningar/")
    rows = page.locator("#results table.records tbody tr")
    expect(rows).to_have_count(_applications(demo).count())
    page.evaluate("window.sameDocument = true")  # gone if the page is loaded again

    page.get_by_label("Status").select_option(label="Avslutat projekt")
    expect(page).to_have_url(re.compile(r"/ansokningar/\?status=closed$"))
    expect(rows).to_have_count(2)
    expect(page.locator("#results .results__count")).to_have_text("2 poster")

    page.get_by_label("Sök", exact=True).fill("källkritik")
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_role("rowheader")).to_have_text(
        "Demokrati och källkritik i klassrummet"
    )
    expect(page.locator("#results-status")).to_have_text("1 post")
    expect(page).to_have_url(re.compile(r"\?q=k%C3%A4llkritik&status=closed$"))
    assert dict(parse_qsl(urlsplit(page.url).query)) == {"q": "källkritik", "status": "closed"}
    assert page.evaluate("window.sameDocument") is True

    # The address is the view: opened afresh, the server shows the same rows and filters.
    page.reload()
    expect(rows).to_have_count(1)
    expect(page.get_by_label("Status")).to_have_value("closed")
    expect(page.get_by_label("Sök", exact=True)).to_have_value("källkritik")

    page.get_by_role("link", name="Rensa filter").click()
    expect(rows).to_have_count(_applications(demo).count())


def test_an_excel_file_with_a_bad_date_is_refused_at_its_cell_and_a_good_one_is_imported(
    signed_in, demo
):
    page = signed_in("samordnare")
    before, tables = _applications(demo).count(), table_counts()
    page.get_by_role("link", name="Import från Excel").click()
    page.get_by_role("row", name=re.compile("^Ansökningar och projekt")).get_by_role(
        "link", name="Ladda upp fil"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importera ansökningar och projekt")

    good_row = [
        "Digital vägledning",
        "Vinnova",
        "Partner",
        "Bildningsnämnden",
        "2026-03-15",
        800000,
    ]
    bad_row = ["Hållbara evenemang", "Tillväxtverket", "Partner", "Kommunstyrelsen", "15/9/2026"]
    bad = xlsx(IMPORT_HEADERS, good_row, bad_row, sheet="Ansökningar")
    page.set_input_files("#id_file", files=[{"name": "fel.xlsx", "mimeType": XLSX, "buffer": bad}])
    page.get_by_role("button", name="Förhandsgranska").click()

    alert = page.get_by_role("alert")
    expect(alert.get_by_role("heading")).to_have_text("Filen har 1 fel – ingenting har sparats")
    problem = alert.get_by_role("table", name="Fel per rad och kolumn").locator("tbody tr")
    expect(problem).to_have_count(1)
    expect(problem.locator("td")).to_have_text(
        ["3", "Sista ansökningsdag (E)", "ange ett datum som ÅÅÅÅ-MM-DD, t.ex. 2025-03-31"]
    )
    expect(page.get_by_role("button", name=re.compile("^Importera"))).to_have_count(0)
    assert table_counts() == tables  # every table but the import runs' own

    page.get_by_role("link", name="Ladda upp en annan fil").click()
    good_rows = (good_row, [*bad_row[:4], "2026-09-15", 1200000])
    good = xlsx(IMPORT_HEADERS, *good_rows, sheet="Ansökningar")
    page.set_input_files(
        "#id_file", files=[{"name": "ratt.xlsx", "mimeType": XLSX, "buffer": good}]
    )
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(page.get_by_text("Skapas: 2")).to_be_visible()
    expect(page.get_by_role("table", name="Raderna i filen")).to_contain_text("Hållbara evenemang")
    assert table_counts() == tables  # a preview writes nothing

    page.get_by_role("button", name="Importera – skapa 2 och uppdatera 0").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importen är klar")
    expect(page.locator("main p[role=status]")).to_contain_text(
        "ratt.xlsx: 2 skapade, 0 uppdaterade"
    )

    imported = _applications(demo).get(title="Hållbara evenemang")
    link = page.locator("main").get_by_role("link", name="Hållbara evenemang")
    expect(link).to_have_attribute("href", imported.get_absolute_url())
    assert (imported.other_funder, imported.unit.name, str(imported.deadline)) == (
        "Tillväxtverket",
        "Kommunstyrelsen",
        "2026-09-15",
    )
    assert imported.total_budget == Decimal(1200000)
    assert _applications(demo).filter(title="Digital vägledning").exists()
    assert _applications(demo).count() == before + 2


def test_an_application_moves_through_its_lifecycle_with_the_buttons_and_keeps_its_history(
    signed_in, demo
):
    page = signed_in("samordnare")
    application = _applications(demo).get(title="Levande stadskärna – URBACT-nätverk")
    page.goto(f"/ansokningar/{application.pk}/")
    lifecycle = page.locator("#lifecycle")
    status = page.locator("#record-status")
    expect(status).to_have_text("Idé")

    def step(target: str, **fields: str) -> None:
        form = lifecycle.locator("form.transition").filter(
            has=page.get_by_role("button", name=f"Ändra till ”{target}”")
        )
        for label, value in fields.items():
            form.get_by_label(label).fill(value)
        form.get_by_role("button").click()
        expect(status).to_have_text(target)
        expect(lifecycle.locator('[aria-current="step"]')).to_have_text(target)
        expect(page.locator("#messages")).to_have_text(f"Status är nu ”{target}”.")

    step("Under beredning")

    # A submission needs its date: left empty, the step is refused at the field.
    submit = lifecycle.locator("form.transition").filter(
        has=page.get_by_role("button", name="Ändra till ”Inskickad”")
    )
    submit.get_by_label("Inskickad").fill("")
    submit.get_by_role("button").click()
    submitted_on = lifecycle.get_by_label("Inskickad")
    expect(submitted_on).to_have_attribute("aria-invalid", "true")
    expect(submitted_on).to_be_focused()
    expect(lifecycle.locator("#id_submitted-submitted_on_error")).to_contain_text(
        "Detta fält måste fyllas i."
    )
    expect(status).to_have_text("Under beredning")

    step("Inskickad", Inskickad="2026-02-10")
    step("Beviljad", Besked="2026-06-12", **{"Beviljat bidrag": "3500000"})
    step("Pågående projekt", Projektstart="2026-09-01")
    step("Avslutat projekt", Projektslut="2028-08-31")
    expect(lifecycle.get_by_role("button")).to_have_count(0)  # the end of the lifecycle

    page.reload()  # the history as the detail page shows it
    entries = page.locator("#history .history__entry")
    for reason in ("Under beredning", "Inskickad", "Beviljad", "Pågående projekt"):
        expect(entries.filter(has_text=f"status: {reason}")).to_have_count(1)
    newest = entries.first
    expect(newest).to_contain_text("status: Avslutat projekt")
    expect(newest.get_by_role("table")).to_contain_text("Projektslut")
    expect(newest.get_by_role("table")).to_contain_text("2028-08-31")
    expect(_fact(page, "Beviljat bidrag")).to_contain_text(re.compile(r"3\s500\s000"))

    application.refresh_from_db()
    assert application.status == "closed"
    assert (str(application.submitted_on), str(application.decision_on)) == (
        "2026-02-10",
        "2026-06-12",
    )
    assert application.granted_amount == Decimal(3500000)
    assert (str(application.starts_on), str(application.ends_on)) == ("2026-09-01", "2028-08-31")
    reasons = list(application.history.values_list("history_change_reason", flat=True))
    assert [r for r in reasons if r and r.startswith("status:")] == [
        "status: Avslutat projekt",
        "status: Pågående projekt",
        "status: Beviljad",
        "status: Inskickad",
        "status: Under beredning",
    ]


def _upload(page, register: str, name: str, data: bytes) -> None:
    """From the import page: the register's upload, the file, its preview."""
    page.goto("/import/")
    page.get_by_role("row", name=re.compile(f"^{re.escape(register)}")).get_by_role(
        "link", name="Ladda upp fil"
    ).click()
    page.set_input_files("#id_file", files=[{"name": name, "mimeType": XLSX, "buffer": data}])
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(page.get_by_text("Skapas: 1")).to_be_visible()


def test_applications_import_with_their_partners_and_export_them_in_the_same_words(signed_in, demo):
    """Issue 14: partners in the Excel import and export; the result links to the record."""
    import io

    from openpyxl import load_workbook

    partners = (
        "Tartu Ülikool (Estland, projektägare); Stadt Köln (Tyskland, Köln, kommun eller region)"
    )
    page = signed_in("samordnare")
    headers = [*IMPORT_HEADERS[:4], "Projektpartner"]
    row = ["Gröna städer i Östersjön", "Interreg", "Partner", "Bildningsnämnden", partners]
    _upload(page, "Ansökningar och projekt", "partner.xlsx", xlsx(headers, row))
    page.get_by_role("button", name="Importera – skapa 1 och uppdatera 0").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importen är klar")
    page.locator("main").get_by_role("link", name="Gröna städer i Östersjön").click()

    main = page.locator("main")
    expect(main).to_contain_text("Tartu Ülikool")
    expect(main).to_contain_text("Stadt Köln")
    imported = _applications(demo).get(title="Gröna städer i Östersjön")
    assert sorted(imported.partners.values_list("name", "country_id", "city")) == [
        ("Stadt Köln", "DE", "Köln"),
        ("Tartu Ülikool", "EE", ""),
    ]

    page.goto("/ansokningar/?q=Gröna+städer+i+Östersjön")
    with page.expect_download() as download:
        page.get_by_role("link", name="Exportera vyn till Excel").click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(r for r in rows if "Projektpartner" in r)
    column = header.index("Projektpartner")
    [exported] = [r for r in rows if "Gröna städer i Östersjön" in r]
    assert exported[column] == partners


def test_a_monitoring_item_is_imported_through_the_import_pages(signed_in, demo):
    """Issue 14 item 9: monitoring items are importable too."""
    from utblick.monitoring.models import MonitoringItem

    page = signed_in("samordnare")
    headers = ["Typ *", "Rubrik *", "Ansvarig enhet *", "Svar senast"]
    row = ["Remiss eller samråd", "Remiss om EU:s sammanhållningspolitik", "Kommunstyrelsen"]
    _upload(page, "Omvärldsbevakning", "bevakning.xlsx", xlsx(headers, [*row, "2026-10-30"]))
    page.get_by_role("button", name="Importera – skapa 1 och uppdatera 0").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importen är klar")
    page.locator("main").get_by_role("link", name=row[1]).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(row[1])
    item = MonitoringItem.objects.get(municipality=demo.municipality, title=row[1])
    assert (item.kind, item.unit.name, str(item.due_on)) == (
        "consultation",
        "Kommunstyrelsen",
        "2026-10-30",
    )
