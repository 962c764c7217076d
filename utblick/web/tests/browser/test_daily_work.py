"""Daily work a coordinator can trust, in the browser: obligations that show what matters now
(the backlog reviewed once, in bulk), the politician's summary, pages that stay current after
an in-place change, the forward step as the primary button, lists dense enough to scan, and a
search box on every page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from utblick.registers.models import FundingApplication
from utblick.web.tests.browser import axe
from utblick.web.tests.browser.conftest import open_page, sign_in
from utblick.web.tests.browser.test_screenshots import malmo  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser


def test_old_problems_wait_in_a_backlog_that_is_reviewed_once_in_bulk(
    browser,
    malmo,  # noqa: F811
    console,
):
    from utblick.routines.models import IN_BACKLOG, Obligation

    waiting = Obligation.objects.filter(IN_BACKLOG, municipality=malmo.municipality).count()
    assert waiting >= 2  # Malmö registered applications from 2022–2025 afterwards
    context, page = open_page(browser, malmo, console)
    sign_in(page, malmo.user("samordnare"), malmo.password)
    dashboard = page.locator("#dashboard-obligations")
    expect(dashboard).to_contain_text("väntar på granskning")
    dashboard.get_by_role("link", name="Granska dem").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Att granska: från tiden före uppföljningen"
    )
    boxes = page.locator("table.obligations input[type=checkbox]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.get_by_label("Markera att de inte behövs (ange skäl)").check()
    page.get_by_label("Skäl", exact=True).fill("Avslutade projekt, registrerade i efterhand")
    page.get_by_role("button", name="Utför").click()
    expect(page.get_by_text("2 åtgärder är ändrade.")).to_be_visible()
    assert Obligation.objects.filter(IN_BACKLOG, municipality=malmo.municipality).count() == (
        waiting - 2
    )
    # Each one says in plain words what it means, why, who acts and how it is resolved.
    page.locator("table.obligations th[scope=row] a").first.click()
    plain = page.locator(".plain")
    for term in ("Vad det betyder", "Varför", "Vem gör det", "Hur det löses"):
        expect(plain).to_contain_text(term)
    context.close()
    assert not console.csp_violations and not console.errors, console


def test_a_politician_sees_a_summary_not_rows_of_work(signed_in):
    page = signed_in("lasare")
    expect(
        page.get_by_role("heading", name=re.compile(r"^\d{4} hittills jämfört med \d{4}$"))
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Målen i styrdokumentet")).to_be_visible()
    expect(page.get_by_role("heading", name="Senaste besluten")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Policykonflikt")


def test_a_status_change_updates_the_version_status_and_obligations_in_place(signed_in, demo):
    application = FundingApplication.objects.get(municipality=demo.municipality, acronym="VOICES")
    page = signed_in("samordnare")
    page.goto(application.get_absolute_url())
    version = application.version
    expect(page.locator("#record-version")).to_have_text(f"Version {version}")
    navigations = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))
    # The step onwards is the primary button; the step back is not.
    primary = page.locator("#lifecycle .button--primary")
    expect(primary).to_have_text("Ändra till ”Inskickad”")
    expect(page.get_by_role("button", name="Ändra till ”Idé”")).not_to_have_class(
        re.compile("button--primary")
    )
    primary.click()
    expect(page.locator("#record-status")).to_have_text("Inskickad")
    expect(page.locator("#record-version")).to_have_text(f"Version {version + 1}")
    expect(page.locator("#lifecycle input[name=version]").first).to_have_value(str(version + 1))
    expect(page.locator("#record-obligations")).to_be_attached()
    assert navigations == []  # no reload: the changed parts were swapped in


def test_the_report_run_page_reveals_the_publish_step_when_the_run_finishes(signed_in, demo):
    from utblick.reporting.models import ReportRun

    run = ReportRun.objects.create(
        municipality=demo.municipality, year=2025, format="xlsx", status="running", progress=50
    )
    page = signed_in("samordnare")
    page.goto(f"/uppfoljning/arsrapport/korning/{run.pk}/")
    expect(page.get_by_role("heading", name="Godkänn och publicera")).to_have_count(0)
    ReportRun.objects.filter(pk=run.pk).update(status="done", progress=100)
    expect(page.get_by_role("heading", name="Godkänn och publicera")).to_be_visible()
    expect(page.get_by_role("button", name="Godkänn och publicera")).to_be_visible()


def test_a_list_shows_more_than_five_applications_above_the_fold(signed_in):
    page = signed_in("samordnare")
    page.goto("/ansokningar/")
    fold = page.viewport_size["height"]
    tops = page.locator("#results tbody tr").evaluate_all(
        "rows => rows.map(row => row.getBoundingClientRect().bottom)"
    )
    assert len([bottom for bottom in tops if bottom <= fold]) > 5, tops


def test_the_header_searches_every_register_from_any_page(signed_in):
    page = signed_in("samordnare")
    page.goto("/besok/")
    search = page.get_by_role("search", name="Sök i Utblick")
    search.get_by_role("searchbox").fill("stadskärna")
    search.get_by_role("searchbox").press("Enter")
    expect(page).to_have_url(re.compile(r"/omvarld/sok/\?q=stadsk"))
    expect(page.get_by_role("link", name=re.compile("Levande stadskärna"))).to_be_visible()


def test_a_form_warns_of_what_a_routine_would_flag_as_soon_as_a_field_changes(
    browser,
    malmo,  # noqa: F811
    console,
):
    """M3: a lead application of 12 million kronor or more needs an information matter to the
    executive board. Raising the budget in the form says so at once, without a press and
    without saving anything."""
    application = (
        FundingApplication.objects.filter(
            municipality=malmo.municipality, role="lead", currency="SEK", submitted_on__isnull=False
        )
        .exclude(status="withdrawn")
        .first()
    )
    stored = (application.total_budget, application.version)
    count = FundingApplication.objects.count()
    context, page = open_page(browser, malmo, console)
    sign_in(page, malmo.user("samordnare"), malmo.password)
    page.goto(application.get_absolute_url() + "andra/")
    live = page.locator("#routine-check-live")
    expect(live).to_have_attribute("aria-live", "polite")
    budget = page.locator("#id_total_budget")
    budget.fill("2000000")
    budget.press("Tab")
    expect(live).to_contain_text("inget är sparat")
    expect(live).not_to_contain_text("informationsärende")
    budget.fill("15000000")
    budget.press("Tab")
    expect(live).to_contain_text("Skicka informationsärende till kommunstyrelsen")
    expect(budget).to_have_value("15000000")  # the form is left as the user has it
    assert axe.violations(page) == []
    application.refresh_from_db()
    assert (application.total_budget, application.version) == stored
    assert FundingApplication.objects.count() == count
    context.close()
    assert not console.csp_violations and not console.errors, console


def test_choosing_a_partnership_fills_in_its_country(signed_in, demo):
    from utblick.registers.models import Partnership

    partnership = (
        Partnership.objects.filter(municipality=demo.municipality, country__isnull=False)
        .exclude(country_id="SE")
        .first()
    )
    page = signed_in("samordnare")
    page.goto("/besok/ny/")
    expect(page.locator("#id_country")).to_have_value("")
    page.locator("#id_partnership").select_option(value=str(partnership.pk))
    expect(page.locator("#id_country")).to_have_value(partnership.country_id)


def test_an_obligation_given_to_a_person_is_in_their_list_and_its_excel_export(signed_in, demo):
    import io

    from openpyxl import load_workbook

    from utblick.organisation.models import Person
    from utblick.routines.engine import sync
    from utblick.routines.models import Obligation

    me = Person.objects.filter(
        municipality=demo.municipality, user__username=demo.user("samordnare")
    ).first()
    obligation = (
        Obligation.objects.filter(municipality=demo.municipality, status=sync.OPEN)
        .exclude(responsible_person=me)
        .order_by("pk")
        .first()
    )
    page = signed_in("samordnare")
    page.goto(f"/atgarder/{obligation.pk}/")
    page.get_by_label("Ansvarig person").select_option(value=str(me.pk))
    page.get_by_role("button", name="Spara ansvarig").click()
    expect(page.locator("main")).to_contain_text(me.name)

    page.goto("/atgarder/mina/")
    expect(page.get_by_role("link", name=obligation.title).first).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Exportera till Excel").click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    cells = {str(cell.value) for row in sheet.iter_rows() for cell in row}
    assert obligation.title in cells


def test_the_demo_has_eu_calls_and_matches_and_every_programme_has_a_name(signed_in, demo):
    from utblick.monitoring.calls_import import calls_import_shipped

    calls_import_shipped()  # as `utblick demo load` does, before the municipalities
    page = signed_in("samordnare")
    page.goto("/omvarld/utlysningar/")
    assert page.locator("main table tbody tr").count() > 0
    page.goto("/omvarld/matchning/")
    assert page.locator("main ol.ranked > li").count() > 0  # matching shows results at once
    for url in ("/omvarld/utlysningar/", "/omvarld/matchning/", "/"):
        page.goto(url)
        text = page.locator("main").inner_text()
        assert not re.search(r"\butblick [a-z]+ [a-z]+|manage\.py", text), (url, text[:300])
    page.goto("/ansokningar/ny/")
    labels = page.locator("#id_programme option").all_inner_texts()
    assert len(labels) > 15 and all(label.strip() for label in labels[1:])


def test_the_public_page_names_the_body_whose_recorded_decision_approved_the_report(
    signed_in, demo
):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from utblick.organisation.roles import actor_for
    from utblick.reporting import services
    from utblick.reporting.models import PublishedReport

    coordinator = get_user_model().objects.get(username=demo.user("samordnare"))
    actor = actor_for(coordinator, demo.municipality)
    run = services.report_run_request(actor=actor, year=timezone.localdate().year - 1, fmt="xlsx")
    run = services.report_run_execute(run.pk)
    page = signed_in("samordnare")
    page.goto(f"/uppfoljning/arsrapport/korning/{run.pk}/")
    page.get_by_label("Beslutet som godkände rapporten").select_option(index=1)
    page.get_by_role("button", name="Godkänn och publicera").click()
    expect(page.locator("#messages")).to_contain_text("är godkänd och publicerad")
    decision = PublishedReport.objects.get(run=run).decision
    assert decision is not None

    page.goto(f"/kommun/{demo.municipality.code}/internationellt/")
    expect(page.locator("main")).to_contain_text(f"{decision.body} godkände redovisningen")
    expect(page.locator("main")).not_to_contain_text("Kommunledningen godkände")
    expect(page.get_by_role("heading", level=1)).to_contain_text(demo.municipality.name)


def test_a_due_date_that_falls_on_a_public_holiday_is_shown_on_the_next_working_day(
    signed_in, demo
):
    """Issue 14: due dates fall on working days. Lessons are due 90 days after a project ends
    (Linköping's routine L4); here the 90th day is Sweden's National Day, a Friday."""
    import datetime as dt

    from utblick.factories import ApplicationFactory
    from utblick.organisation.models import Unit
    from utblick.policy.models import ProfileVersion
    from utblick.routines.services import routines_run

    year = next(
        y for y in range(dt.date.today().year - 1, 2000, -1) if dt.date(y, 6, 6).weekday() == 4
    )
    national_day = dt.date(year, 6, 6)
    # Tracked since before the project ended, so its obligation is today's work, not backlog.
    ProfileVersion.objects.filter(municipality=demo.municipality).update(
        loaded_at=dt.datetime(year - 1, 1, 1, tzinfo=dt.UTC)
    )
    application = ApplicationFactory(
        municipality=demo.municipality,
        unit=Unit.objects.filter(municipality=demo.municipality).first(),
        title="Grön omställning i Östergötland",
        status="closed",
        starts_on=dt.date(year - 2, 9, 1),
        ends_on=national_day - dt.timedelta(days=90),
    )
    routines_run(demo.municipality)

    page = signed_in("samordnare")
    page.goto(application.get_absolute_url())
    row = page.locator("#obligations").get_by_role(
        "row", name=re.compile("Dokumentera lärdomar från projektet")
    )
    monday = (national_day + dt.timedelta(days=3)).isoformat()
    expect(row.locator("time")).to_have_attribute("datetime", monday)
    row.get_by_role("link").click()
    expect(page.locator(".facts__row", has_text="Senast").locator("time")).to_have_text(monday)
    expect(page.locator(".plain")).to_contain_text(f"senast {monday}")
    assert axe.violations(page) == []


def test_a_units_report_completes_its_reporting_obligation_and_a_return_notifies_the_unit(
    browser,
    malmo,  # noqa: F811
    console,
):
    """Issue 14: unit reports complete the routines' reporting obligations they answer, and a
    returned report notifies its unit (Malmö M4: each committee reports its year by 28 Feb)."""
    import datetime as dt

    from django.utils import timezone

    from utblick.organisation.models import Unit
    from utblick.policy.models import ProfileVersion
    from utblick.routines.models import Obligation
    from utblick.routines.services import routines_run

    year = timezone.localdate().year - 1
    # Tracked since before last year's report fell due, so its obligation is raised.
    ProfileVersion.objects.filter(municipality=malmo.municipality).update(
        loaded_at=dt.datetime(year - 1, 1, 1, tzinfo=dt.UTC)
    )
    routines_run(malmo.municipality)
    unit = Unit.objects.get(municipality=malmo.municipality, name="Grundskolenämnden")
    [obligation] = Obligation.objects.filter(
        municipality=malmo.municipality,
        object_id=unit.pk,
        dedupe_key__contains=f":report:annual:{year}:",
    )
    assert obligation.status == "open"
    report_url = f"/uppfoljning/verksamhetsrapporter/{year}/annual/{unit.pk}/"

    editor, page = open_page(browser, malmo, console)
    sign_in(page, malmo.user("redaktor"), malmo.password)
    page.goto(report_url)
    page.get_by_role("button", name="Påbörja rapporten").click()
    for field in page.locator("form.record-form textarea").all():
        field.fill("Eleverna har haft utbyten med skolor i två vänorter.")
    page.get_by_role("button", name=re.compile("^Lämna in till")).click()
    expect(page.locator(".page-head .badge")).to_have_text("Inlämnad")

    page.goto(f"/atgarder/{obligation.pk}/")
    expect(page.locator(".facts__row", has_text="Status")).to_contain_text("Klar")
    expect(page.locator(".facts__row", has_text="Underlag")).to_contain_text(
        "Rapporten lämnades in i Utblick"
    )

    coordinator, office = open_page(browser, malmo, console)
    sign_in(office, malmo.user("samordnare"), malmo.password)
    office.goto(report_url)
    office.get_by_label("Vad behöver kompletteras?").fill("Beskriv resultaten för barn och unga.")
    office.get_by_role("button", name="Återsänd för komplettering").click()
    expect(office.locator(".page-head .badge")).to_have_text(re.compile("^Återsänd"))
    coordinator.close()

    page.goto("/")
    page.get_by_role("link", name=re.compile("^Notiser")).click()
    notice = page.locator("main").get_by_text(re.compile("Återsänd för komplettering")).first
    expect(notice).to_be_visible()
    assert axe.violations(page) == []
    editor.close()
    assert not console.csp_violations and not console.errors, console


def test_every_programme_on_the_demo_calls_page_is_named_in_swedish_where_it_has_a_swedish_name(
    signed_in, demo
):
    """Issue 14 item 7: every programme has a Swedish name, English only as the fallback."""
    import csv
    from pathlib import Path

    import utblick.reference
    from utblick.monitoring.calls_import import calls_import_shipped

    source = Path(utblick.reference.__file__).parent / "data" / "eu_programmes_2021_2027.csv"
    with source.open(encoding="utf-8") as file:
        programmes = list(csv.DictReader(file))
    named = {p["name_sv"].strip() or p["name_en"] for p in programmes}
    english_only = {p["name_en"] for p in programmes if p["name_sv"].strip()} - named
    swedish = {p["name_sv"].strip() for p in programmes} - {p["name_en"] for p in programmes}

    calls_import_shipped()
    page = signed_in("samordnare")
    page.goto("/omvarld/utlysningar/")
    options = page.locator("#id_programme option:not([value=''])").all_inner_texts()
    assert options and {o.strip() for o in options} <= named, set(options) - named
    cells = {c.strip() for c in page.locator("main table tbody td").all_inner_texts()}
    assert cells & swedish  # the calls' programmes, in Swedish
    assert not cells & english_only, cells & english_only
