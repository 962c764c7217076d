"""The public page: only an approved, published report's public edition — nothing internal."""

import datetime as dt
import io
import re

import docx
import pytest

from utblick.factories import (
    ApplicationFactory,
    MembershipFactory,
    PartnershipFactory,
    PersonFactory,
    ReportingPeriodFactory,
)
from utblick.policy.models import PriorityArea, Routine
from utblick.registers.models import Matter
from utblick.reporting import follow_up as planning
from utblick.reporting import services
from utblick.reporting.models import ReportRun
from utblick.routines.models import Obligation

pytestmark = pytest.mark.django_db
YEAR = 2025
PAGE = "/kommun/9001/internationellt/"

# Texts that must never reach the public page.
INTERNAL = (
    "UTKAST-HEMLIG-TEXT",
    "Arkiverat nätverk",
    "Föreslaget nätverk",
    "Föreslaget samarbetsavtal",
    "INTERN ANTECKNING",
    "Ansökan under beredning",
    "Motion i beredning",
    "hemlig.person@example.se",
    "Åtgärd som är försenad",
    "GODKÄND-NÄMNDTEXT",  # the units' own reports stay in the council's edition
)


@pytest.fixture
def municipality(world):
    home = world.home
    ReportingPeriodFactory(municipality=home)
    PriorityArea.objects.create(municipality=home, key="utveckling", name="Verksamhetsutveckling")
    MembershipFactory(
        municipality=home,
        unit=world.board,
        organisation="Aktivt nätverk",
        started_on=dt.date(2019, 1, 1),
        review_notes="INTERN ANTECKNING",
    )
    MembershipFactory(
        municipality=home,
        unit=world.board,
        organisation="Arkiverat nätverk",
        archived_at=dt.datetime(2025, 3, 1, tzinfo=dt.UTC),
    )
    MembershipFactory(
        municipality=home, unit=world.board, organisation="Föreslaget nätverk", status="proposed"
    )
    PartnershipFactory(
        municipality=home,
        unit=world.board,
        kind="twin_town",
        title="Vänort i Estland",
        counterpart="Tartu",
        started_on=dt.date(1990, 1, 1),
    )
    PartnershipFactory(
        municipality=home,
        unit=world.board,
        title="Föreslaget samarbetsavtal",
        counterpart="Föreslaget samarbetsavtal",
        status="proposed",
    )
    ApplicationFactory(
        municipality=home,
        unit=world.committee,
        title="Avslutat kulturprojekt",
        status="closed",
        granted_amount=500000,
        submitted_on=dt.date(2022, 2, 1),
        decision_on=dt.date(2022, 6, 1),
        starts_on=dt.date(2022, 9, 1),
        ends_on=dt.date(2025, 6, 30),
        results="RESULTAT: tre nya festivaler",
        lessons_learned="Lärdom: börja tidigt",
    )
    ApplicationFactory(
        municipality=home, unit=world.committee, title="Ansökan under beredning", status="preparing"
    )
    Matter.objects.create(
        municipality=home, unit=world.committee, kind="motion", title="Motion i beredning"
    )
    PersonFactory(municipality=home, name="Hemlig Person", email="hemlig.person@example.se")
    routine = Routine.objects.create(municipality=home, key="informera", families="notification")
    Obligation.objects.create(
        municipality=home,
        routine=routine,
        dedupe_key="x",
        kind="obligation",
        title="Åtgärd som är försenad",
        due_on=dt.date(YEAR, 3, 1),
        status="open",
    )
    alice, bob = world.actor(world.alice), world.actor(world.bob)
    approved = planning.unit_report_start(
        actor=bob, unit=world.committee, year=YEAR, period_key="annual"
    )
    approved = planning.unit_report_submit(
        actor=bob,
        report=approved,
        expected_version=approved.version,
        narratives={"utveckling": "GODKÄND-NÄMNDTEXT"},
    )
    planning.unit_report_approve(actor=alice, report=approved, expected_version=approved.version)
    draft = planning.unit_report_start(
        actor=alice, unit=world.other_committee, year=YEAR, period_key="annual"
    )
    planning.unit_report_save(
        actor=alice,
        report=draft,
        expected_version=draft.version,
        narratives={"utveckling": "UTKAST-HEMLIG-TEXT"},
    )
    return world


def _run(world, fmt="docx"):
    run = ReportRun.objects.create(municipality=world.home, year=YEAR, format=fmt)
    return services.report_run_execute(run.pk)


def test_nothing_is_public_before_the_report_is_approved(municipality, client):
    world = municipality
    run = _run(world)
    assert run.status == "done"
    page = client.get(PAGE).content.decode()
    assert "har ännu inte publicerat" in page
    assert "Aktivt nätverk" not in page and "Tartu" not in page


def test_the_published_report_shows_its_public_edition_and_nothing_internal(
    municipality, client, signed_in
):
    world = municipality
    run = _run(world)
    response = signed_in(world.alice).post(
        f"/uppfoljning/arsrapport/korning/{run.pk}/publicera/",
        {"decision_reference": "KF 2026-03-20 § 41"},
    )
    assert response.status_code == 302
    page = client.get(PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    for expected in (
        "Aktivt nätverk",
        "Tartu",
        "Vänort",
        "Avslutat kulturprojekt",
        "RESULTAT: tre nya festivaler",
        "Nyckeltal 2025",
        "KF 2026-03-20 § 41",
    ):
        assert expected in html, expected
    for secret in INTERNAL:
        assert secret not in html, secret
    assert not re.search(r"[\w.]+@[\w-]+\.\w+", html), "an e-mail address on the public page"


def test_the_council_edition_has_the_approved_narrative_but_never_a_draft(municipality, report_dir):
    run = _run(municipality, "docx")
    document = docx.Document(io.BytesIO((report_dir / run.file_name).read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "GODKÄND-NÄMNDTEXT" in text
    assert "UTKAST-HEMLIG-TEXT" not in text
    assert "Arkiverat nätverk" not in text
    assert "Åtgärd som är försenad" in text  # obligations are for the council, not the public
    assert "hemlig.person@example.se" not in text


def test_the_public_page_is_accessible(municipality, client):
    world = municipality
    run = _run(world)
    services.report_publish(actor=world.actor(world.alice), run=run)
    html = client.get(PAGE).content.decode()
    assert html.count("<h1") == 1
    images = re.findall(r"<img [^>]*>", html)
    assert images and all(re.search(r'alt="[^"]{20,}"', img) for img in images)
    assert '<th scope="col"' in html and "<caption>" in html
    assert "Visa diagrammets siffror som tabell" in html
    assert not re.search(r"<script(?![^>]*src=)|\sstyle=|\son[a-z]+=", html)


def test_a_withdrawn_report_leaves_the_page(municipality, client):
    world = municipality
    alice = world.actor(world.alice)
    publication = services.report_publish(actor=alice, run=_run(world))
    assert "Tartu" in client.get(PAGE).content.decode()
    services.report_withdraw(
        actor=alice,
        publication=publication,
        expected_version=publication.version,
        reason="Fel i siffrorna",
    )
    assert "Tartu" not in client.get(PAGE).content.decode()
    publication.refresh_from_db()
    assert publication.archive_reason == "Fel i siffrorna"
    republished = services.report_publish(actor=alice, run=_run(world))
    assert republished.pk == publication.pk and republished.archived_at is None
    reasons = [h.history_change_reason for h in publication.history.order_by("history_date")]
    assert (
        reasons[0].startswith("publicerad")
        and reasons[1].startswith("arkiverad")
        and reasons[2].startswith("publicerad")
    )


def test_a_failed_or_foreign_run_cannot_be_published(municipality):
    world = municipality
    failed = ReportRun.objects.create(
        municipality=world.home, year=YEAR, format="pdf", status="failed"
    )
    foreign = ReportRun.objects.create(
        municipality=world.other, year=YEAR, format="pdf", status="done", public_data={"x": 1}
    )
    from django.core.exceptions import ValidationError

    for run in (failed, foreign):
        with pytest.raises(ValidationError):
            services.report_publish(actor=world.actor(world.alice), run=run)


def test_unknown_or_non_tenant_municipalities_are_404(client, world):
    assert client.get("/kommun/0114/internationellt/").status_code == 404  # not in Utblick
    assert client.get("/kommun/abcd/internationellt/").status_code == 404
    assert client.get(f"{PAGE}?ar=1999").status_code == 404


def test_the_public_page_is_a_fixed_number_of_queries(municipality, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from utblick.reporting.tests.helpers import statements

    world = municipality
    alice = world.actor(world.alice)
    services.report_publish(actor=alice, run=_run(world))
    client.get(PAGE)
    with CaptureQueriesContext(connection) as one_year:
        client.get(PAGE)
    for year in (2022, 2023, 2024):
        run = ReportRun.objects.create(municipality=world.home, year=year, format="xlsx")
        services.report_publish(actor=alice, run=services.report_run_execute(run.pk))
    with CaptureQueriesContext(connection) as four_years:
        html = client.get(PAGE).content.decode()
    assert all(f'href="?ar={y}"' in html for y in (2022, 2023, 2024))
    # the municipality, the published years, the chosen year's public edition
    assert statements(one_year) == statements(four_years) == 3


def test_the_public_page_names_the_body_whose_recorded_decision_approved_the_report(
    municipality, client, signed_in
):
    world = municipality
    decision = Matter.objects.create(
        municipality=world.home,
        unit=world.board,
        body=world.committee,
        kind="information_matter",
        title="Årsrapport internationellt arbete 2025",
        decided_on=dt.date(2026, 3, 20),
        decision_paragraph="§ 41",
        outcome="approved",
    )
    run = _run(world)
    alice = signed_in(world.alice)
    assert (
        "Årsrapport internationellt arbete 2025"
        in alice.get(f"/uppfoljning/arsrapport/korning/{run.pk}/").content.decode()
    )
    alice.post(f"/uppfoljning/arsrapport/korning/{run.pk}/publicera/", {"decision": decision.pk})
    html = client.get(PAGE).content.decode()
    assert f"{world.committee.name} godkände redovisningen" in html
    assert "2026-03-20" in html and "§ 41" in html
    assert re.search(rf"<h1>[^<]*{world.home.name}", html)
    assert re.search(rf"<title>[^<]*{world.home.name}", html)
    assert "Kommunledningen godkände" not in html


def test_without_a_recorded_decision_the_public_page_names_no_approving_body(municipality, client):
    world = municipality
    services.report_publish(actor=world.actor(world.alice), run=_run(world))
    html = client.get(PAGE).content.decode()
    assert "godkände" not in html
    assert "Redovisningen publicerades" in html


def test_a_decision_of_another_municipality_cannot_be_chosen(municipality, signed_in):
    world = municipality
    foreign = Matter.objects.create(
        municipality=world.other,
        unit=world.foreign_unit,
        body=world.foreign_unit,
        kind="information_matter",
        title="Främmande beslut",
        decided_on=dt.date(2026, 3, 20),
        outcome="approved",
    )
    run = _run(world)
    signed_in(world.alice).post(
        f"/uppfoljning/arsrapport/korning/{run.pk}/publicera/", {"decision": foreign.pk}
    )
    assert not run.publications.exists()
