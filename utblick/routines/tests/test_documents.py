"""The information matter to KS as DOCX, shaped like a tjänsteskrivelse (M3, seed 001)."""

import datetime as dt
import io
from decimal import Decimal

import docx
from django.core.management import call_command

from utblick.factories import ApplicationFactory
from utblick.policy.models import PriorityArea
from utblick.reference.models import EUProgramme
from utblick.registers.models import ProjectPartner
from utblick.routines.documents import HEADINGS, information_matter_docx
from utblick.routines.tests.conftest import make_place

NBSP = "\u00a0"


def _application(db):
    malmo = make_place("1280")
    programme = EUProgramme.objects.order_by("code").first()
    application = ApplicationFactory(
        municipality=malmo.municipality,
        unit=malmo.committee,
        title="Cirkulär hamn",
        acronym="CIRCPORT",
        programme=programme,
        call_identifier="INTERREG-BSR-2026-1",
        call_title="Klimatneutrala hamnar",
        status="submitted",
        submitted_on=dt.date(2026, 10, 1),
        total_budget=Decimal("12500000"),
        municipality_budget=Decimal("2300000"),
        requested_grant=Decimal("10000000"),
        starts_on=dt.date(2027, 1, 1),
        ends_on=dt.date(2029, 12, 31),
    )
    for name, country, lead in (
        ("Malmö stad", "SE", True),
        ("Gdańsk", "PL", False),
        ("Aarhus", "DK", False),
    ):
        ProjectPartner.objects.create(
            application=application, name=name, country_id=country, is_lead=lead
        )
    application.priority_areas.add(
        PriorityArea.objects.get(municipality=malmo.municipality, key="verksamhetsutveckling")
    )
    return application, programme


def _text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_the_information_matter_has_the_sections_and_the_figures(db):
    application, programme = _application(db)
    document = docx.Document(io.BytesIO(information_matter_docx(application)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert (
        headings[0]
        == "Informationsärende – ansökan om extern finansiering: Cirkulär hamn (CIRCPORT)"
    )
    assert headings[1:] == list(HEADINGS)
    text = _text(document)
    assert f"12{NBSP}500{NBSP}000{NBSP}kr" in text  # total budget
    assert f"2{NBSP}300{NBSP}000{NBSP}kr" in text  # the municipality's share
    assert f"12{NBSP}000{NBSP}000{NBSP}kr eller däröver" in text  # Malmö's threshold
    assert programme.name_sv in text
    assert "INTERREG-BSR-2026-1 – Klimatneutrala hamnar" in text
    assert "Polen" in text and "Danmark" in text
    assert "2027-01-01–2029-12-31" in text
    assert "Kultur- och fritidsnämnden" in text
    assert "Verksamhetsutveckling" in text
    assert "Policy för Malmö stads internationella arbete" in text


def test_the_information_matter_command_writes_the_file(db, tmp_path):
    application, _ = _application(db)
    path = tmp_path / "informationsarende.docx"
    out = io.StringIO()
    call_command(
        "routines",
        "information-matter",
        "--application",
        str(application.pk),
        "--output",
        str(path),
        stdout=out,
    )
    document = docx.Document(str(path))
    assert "Förslag till beslut" in [p.text for p in document.paragraphs]
    assert "informationsärende" in out.getvalue()


def test_the_information_matter_survives_text_stored_with_control_characters(db):
    application, _ = _application(db)
    type(application).objects.filter(pk=application.pk).update(
        title="Cirkulär\x01 hamn", description="Bakgrund\x1b"
    )
    application.refresh_from_db()
    text = _text(docx.Document(io.BytesIO(information_matter_docx(application))))
    assert "Cirkulär hamn" in text and "Bakgrund" in text
