"""The four demo municipalities' compiled reports in all three formats, checked against the
registers: the files are opened (python-docx, openpyxl, pdftotext) and their figures compared
with what the registers hold. The PDF's pages are rendered to PNG in test-artifacts/.
"""

import datetime as dt
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest
from django.core.management import call_command
from django.db import transaction

from utblick.core.numbers import EXCEL_FORMATS, format_money
from utblick.organisation.models import Municipality
from utblick.policy.models import Goal, PriorityArea
from utblick.registers import lifecycle
from utblick.registers.models import FundingApplication, NetworkMembership, Visit
from utblick.reporting.build import build_report_file

YEAR = 2025
TODAY = dt.date(2026, 3, 15)
DEMO = {
    "0580": "Linköpings kommun",
    "1280": "Malmö stad",
    "1445": "Essunga kommun",
    "2080": "Falu kommun",
}
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "report-pages"
SECTIONS = (
    "Sammanfattning",
    "Arbetet per prioriterat område",
    "Arbetet per verksamhet",
    "Extern finansiering",
    "Medlemskap i nätverk",
    "Partnerskap och avtal",
    "Besök, resor och evenemang",
    "Mål och indikatorer",
    "Lärdomar från avslutade projekt",
    "Avslutade projekt och deras resultat",
)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data loaded once for the module, and each report built once (lazily)."""
    out = tmp_path_factory.mktemp("reports")
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", "load", stdout=open("/dev/null", "w"))  # noqa: SIM115
        built: dict[tuple[str, str], Path] = {}

        def report(code: str, fmt: str) -> Path:
            if (code, fmt) not in built:
                path = out / f"{code}.{fmt}"
                build_report_file(Municipality.objects.get(code=code), YEAR, fmt, path, today=TODAY)
                built[(code, fmt)] = path
            return built[(code, fmt)]

        yield report
        transaction.set_rollback(True)


def expected(code: str) -> dict:
    """The year's figures straight from the registers, independently of the report's code."""
    m = Municipality.objects.get(code=code)
    applications = list(FundingApplication.objects.filter(municipality=m, archived_at__isnull=True))
    granted = Decimal(0)
    for a in applications:
        decided = a.decision_on or (a.starts_on if a.status in lifecycle.GRANTED_STATUSES else None)
        if a.status in lifecycle.GRANTED_STATUSES and decided and decided.year == YEAR:
            granted += a.granted_amount_sek or 0
    applied = sum(
        (
            a.requested_grant_sek or 0
            for a in applications
            if a.submitted_on and a.submitted_on.year == YEAR
        ),
        Decimal(0),
    )
    memberships = [
        ms.organisation
        for ms in NetworkMembership.objects.filter(
            municipality=m, archived_at__isnull=True, status="active"
        )
        if (ms.started_on is None or ms.started_on.year <= YEAR)
        and (ms.ended_on is None or ms.ended_on.year >= YEAR)
    ]
    return {
        "submitted": sum(1 for a in applications if a.submitted_on and a.submitted_on.year == YEAR),
        "granted_sek": granted,
        "applied_sek": applied,
        "memberships": memberships,
        "visits": Visit.objects.filter(
            municipality=m, archived_at__isnull=True, starts_on__year=YEAR
        ).count(),
        "areas": list(
            PriorityArea.objects.filter(municipality=m, retired_at__isnull=True).values_list(
                "name", flat=True
            )
        ),
        "goals": list(
            Goal.objects.filter(municipality=m, retired_at__isnull=True).values_list(
                "name", flat=True
            )
        ),
    }


def _docx_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.mark.django_db
@pytest.mark.parametrize("code", DEMO)
def test_the_word_report(demo, code):
    figures = expected(code)
    document = docx.Document(str(demo(code, "docx")))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for section in SECTIONS:
        assert section in headings, section
    for area in figures["areas"]:
        assert area in headings
    for goal in figures["goals"]:
        assert goal in headings
    xml = document.element.xml
    assert re.search(r'<w:instrText[^>]*> TOC \\o "1-2" \\h \\z \\u </w:instrText>', xml)
    assert document.core_properties.title.startswith(f"Internationellt arbete och EU-arbete {YEAR}")
    text = _docx_text(document)
    assert DEMO[code] in text
    assert format_money(figures["granted_sek"]) in text
    assert format_money(figures["applied_sek"]) in text
    for organisation in figures["memberships"]:
        assert organisation in text, organisation
    pictures = document.inline_shapes
    assert len(pictures) >= 2
    for picture in pictures:
        assert len(picture._inline.docPr.get("descr", "")) > 40
    key_figures = next(t for t in document.tables if t.rows[0].cells[0].text == "Mått")
    row = next(r for r in key_figures.rows if r.cells[0].text == "Inskickade ansökningar")
    assert row.cells[2].text == str(figures["submitted"])


@pytest.mark.django_db
@pytest.mark.parametrize("code", DEMO)
def test_the_excel_report(demo, code):
    figures = expected(code)
    workbook = openpyxl.load_workbook(demo(code, "xlsx"))
    assert workbook.sheetnames[:4] == ["Sammanfattning", "Områden", "Verksamheter", "Finansiering"]
    assert "Mål och indikatorer" in workbook.sheetnames
    funding = workbook["Finansiering"]
    year_row = next(r for r in funding.iter_rows() if r[0].value == YEAR)
    submitted, applied, _granted_count, granted = (c.value for c in year_row[1:5])
    assert submitted == figures["submitted"]
    assert Decimal(str(applied)) == figures["applied_sek"].quantize(Decimal(1))
    assert Decimal(str(granted)) == figures["granted_sek"].quantize(Decimal(1))
    assert year_row[2].number_format == EXCEL_FORMATS["sek"] == '#,##0 "kr"'
    memberships = {c.value for c in workbook["Medlemskap"]["A"]}
    assert set(figures["memberships"]) <= memberships
    visits = workbook["Besök"]
    total = next(r for r in visits.iter_rows() if r[0].value == "Totalt")
    assert total[3].value == figures["visits"]
    for sheet in workbook.worksheets:
        assert sheet.tables or sheet.title in ("Åtgärder", "Lärdomar", "Avslutade projekt")


@pytest.mark.django_db
@pytest.mark.parametrize("code", DEMO)
def test_the_pdf_report(demo, code):
    figures = expected(code)
    path = demo(code, "pdf")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    flat = re.sub(r"\s+", " ", text.replace("\u00a0", " "))
    assert DEMO[code] in flat
    assert "Innehåll" in flat
    for section in SECTIONS:
        assert section in flat, section
    assert format_money(figures["granted_sek"]).replace("\u00a0", " ") in flat
    assert re.search(r"Sida 3 av \d+", flat)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    assert re.search(r"Title:\s+Internationellt arbete och EU-arbete 2025", info)
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 8
    assert re.search(r"Tagged:\s+yes", info)

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob(f"{code}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(ARTIFACTS / code)], check=True)
    assert len(list(ARTIFACTS.glob(f"{code}-*.png"))) >= 8


@pytest.mark.django_db
def test_the_own_fund_has_its_section_with_budget_applied_and_granted(world):
    from decimal import Decimal

    from utblick.factories import GrantFactory
    from utblick.policy.models import GrantScheme
    from utblick.reporting.compose import build_document
    from utblick.reporting.report_data import build_report_data

    GrantScheme.objects.create(
        municipality=world.home, key="vanortsmedel", name="Vänortsmedel", yearly_budget_sek=100000
    )
    GrantFactory(
        municipality=world.home,
        unit=world.committee,
        title="Körresa",
        applicant="Kören",
        status="granted",
        amount_applied=Decimal(20000),
        amount_granted=Decimal(15000),
        year=2025,
    )
    GrantFactory(
        municipality=world.home,
        unit=world.committee,
        title="Avslag",
        status="rejected",
        amount_applied=Decimal(5000),
        year=2025,
    )
    data = build_report_data(world.home, 2025)
    [scheme] = data.grant_schemes
    assert (scheme.applied_sek, scheme.granted_sek) == (Decimal(25000), Decimal(15000))
    section = next(
        s for s in build_document(data, draw=False).sections if s.title.startswith("Egen fond")
    )
    text = " ".join(getattr(block, "text", "") for block in section.blocks)
    assert (
        "budget 100\u00a0000\u00a0kr" in text
        and "beviljat 15\u00a0000\u00a0kr till 1 sökande" in text
    )
