"""The information matter to KS as DOCX, shaped like a tjänsteskrivelse (M3, seed 001)."""

import datetime as dt
import io
from decimal import Decimal

import docx
from django.core.management import call_command

from utblick.core.display import shown
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
    application.place = malmo  # to run its routines
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


# --- the draft says only what the registers show (issue: the draft contradicted them) -------


def _obligations_of(application):
    from utblick.routines.models import Obligation

    return {
        o.routine.key: o
        for o in Obligation.objects.filter(object_id=application.pk).select_related("routine")
    }


def _drafted(application) -> str:
    return _text(docx.Document(io.BytesIO(information_matter_docx(application))))


def test_with_the_obligations_open_the_draft_says_so_and_asserts_neither(db):
    """M3: the committee has not confirmed the project and the executive office is not yet
    informed: the draft says both, and claims neither."""
    application, _ = _application(db)
    application.place.run(dt.date(2026, 10, 2))
    open_ones = _obligations_of(application)
    assert open_ones["ansokan-informera-ksf"].status == "open"
    text = _drafted(application)
    # Submitted without the committee's confirmation: the routine raised a policy conflict.
    assert open_ones["ansokan-i-linje-med-policy"].kind == "conflict"
    assert "Registren visar en öppen policykonflikt: Ansökan CIRCPORT har nått status" in text
    assert "har bekräftat att projektet ligger i linje" not in text
    assert "har informerats om ansökan enligt" not in text
    assert "har ännu inte informerats om ansökan" in text
    assert "[ATT FYLLA I: jämställdhetsanalys]" in text
    assert "[ATT FYLLA I: juridiska konsekvenser]" in text
    assert "[ATT FYLLA I: beloppet saknas i registret]" in text  # no co-financing registered


def test_with_the_obligations_done_the_draft_states_them(db):
    from utblick.routines.services import obligation_complete

    application, _ = _application(db)
    place = application.place
    place.run(dt.date(2026, 10, 2))
    for key in ("ansokan-informera-ksf", "ansokan-i-linje-med-policy"):
        obligation = _obligations_of(application).get(key)
        if obligation is not None and obligation.status == "open":
            obligation_complete(
                actor=place.actor,
                obligation=obligation,
                expected_version=obligation.version,
                evidence="Mejl 2026-10-02",
            )
    text = _drafted(application)
    assert "har informerats om ansökan enligt policyns rutin" in text
    assert "har ännu inte informerats" not in text


def test_an_open_policy_conflict_is_stated_and_no_alignment_is_claimed(db):
    from django.contrib.contenttypes.models import ContentType

    from utblick.policy.models import Routine
    from utblick.registers.models import FundingApplication
    from utblick.routines.models import Obligation

    application, _ = _application(db)
    routine = Routine.objects.filter(municipality=application.municipality).first()
    Obligation.objects.create(
        municipality=application.municipality,
        routine=routine,
        dedupe_key="conflict-test",
        kind="conflict",
        title="Ansökan strider mot policyn",
        content_type=ContentType.objects.get_for_model(FundingApplication),
        object_id=application.pk,
        status="open",
    )
    text = _drafted(application)
    assert "Registren visar en öppen policykonflikt: Ansökan strider mot policyn." in text
    assert "har bekräftat att projektet ligger i linje" not in text
    assert "[ATT FYLLA I: hur konflikten har lösts eller vem som beslutat]" in text


def test_without_partners_the_draft_leaves_a_marked_gap(db):
    application, _ = _application(db)
    application.partners.all().delete()
    text = _drafted(application)
    assert "Inga projektpartner är registrerade för ansökan." in text
    assert "[ATT FYLLA I: projektets partner och deras länder]" in text


def test_an_amount_in_euro_is_rounded_and_written_as_on_the_record_page(db):
    # Issue 16: the draft truncated euros (int(value)) while it rounded the kronor beside them.
    application, _programme = _application(db)
    application.currency = "EUR"
    application.eur_to_sek_rate = Decimal("11.45")
    application.total_budget = Decimal("1250000.60")
    application.save()
    text = _text(docx.Document(io.BytesIO(information_matter_docx(application))))
    euros = f"1{NBSP}250{NBSP}001{NBSP}euro"
    kronor = f"14{NBSP}312{NBSP}507{NBSP}kr"  # 1 250 000,60 × 11,45 = 14 312 506,87
    assert f"{euros} (motsvarar {kronor} till kursen 11,45)" in text
    assert shown(application, "total_budget").text == f"{euros} (≈ {kronor})"
