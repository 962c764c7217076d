"""The information matter to the executive board about a large application, as DOCX (M3).

Shaped like a Swedish tjänsteskrivelse (seed 001): proposed decision, Ärende, Bakgrund,
Bedömning, Ekonomiska konsekvenser, Juridiska konsekvenser, Kommunala (regionala) mål,
Jämställdhet, Samråd. Filled from the application in the organisation's own words (a region's
board is regionstyrelsen, or the name its profile gives it); the committee edits the text
before sending it.
"""

from __future__ import annotations

import copy
import io
from decimal import Decimal

from django.db import models
from django.utils import timezone
from docx import Document
from docx.shared import Pt

from utblick.core.money import EUR, format_sek, to_sek
from utblick.core.text import printable
from utblick.policy.models import ProfileVersion, Routine
from utblick.registers import lifecycle
from utblick.registers.models import FundingApplication
from utblick.routines.engine.families.common import join_sv


def headings(terms: dict[str, str]) -> tuple[str, ...]:
    goals = "Regionala mål" if terms["organisation"] == "region" else "Kommunala mål"
    return (
        "Förslag till beslut",
        "Ärende",
        "Bakgrund",
        "Bedömning",
        "Ekonomiska konsekvenser",
        "Juridiska konsekvenser",
        goals,
        "Jämställdhet",
        "Samråd",
    )


HEADINGS = headings({"organisation": "kommun"})


def _body_name(municipality, kind: str) -> str:
    """The organisation's own name for a body ("Kommunstyrelsen", "Regionstyrelsen")."""
    from utblick.organisation.models import Unit

    names = list(
        Unit.objects.filter(municipality=municipality, kind=kind, archived_at__isnull=True)
        .order_by("pk")
        .values_list("name", flat=True)[:2]
    )
    return (
        names[0]
        if len(names) == 1
        else municipality.terms[kind][:1].upper() + municipality.terms[kind][1:]
    )


def _amount(application: FundingApplication, field: str) -> str:
    value = getattr(application, field)
    if value is None:
        return "–"
    if application.currency == EUR:
        sek = to_sek(value, application.currency, application.eur_to_sek_rate)
        whole = f"{int(value):,}".replace(",", "\u00a0")
        rate = f"{application.eur_to_sek_rate}".replace(".", ",")
        return f"{whole}\u00a0euro (motsvarar {format_sek(sek)} till kursen {rate})"
    return format_sek(value)


def _threshold(application: FundingApplication) -> Decimal | None:
    routines = Routine.objects.filter(
        municipality_id=application.municipality_id, retired_at__isnull=True
    ).order_by("order")
    for routine in routines:
        if routine.asks_for_information_matter:
            bound = routine.bound("applications", "total_budget_sek")
            if bound is not None:
                return Decimal(str(bound))
    return None


def _lower(name: str) -> str:
    return name if len(name) > 1 and name[1].isupper() else name[:1].lower() + name[1:]


def _genitive(name: str) -> str:
    """Swedish genitive: "Kultur- och fritidsnämnden" → "Kultur- och fritidsnämndens"."""
    return name if name[-1:].lower() in ("s", "x", "z") else f"{name}s"


def _period(application: FundingApplication) -> str:
    if application.starts_on and application.ends_on:
        return f"{application.starts_on.isoformat()}–{application.ends_on.isoformat()}"
    if application.starts_on:
        return f"från {application.starts_on.isoformat()}"
    return "ännu inte fastställd"


def _printable(application: FundingApplication) -> FundingApplication:
    """A copy whose text leaves out control characters stored before they were refused
    (python-docx refuses them; core.text)."""
    clean = copy.copy(application)
    for field in application._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)):
            setattr(clean, field.attname, printable(getattr(application, field.attname)))
    return clean


def information_matter_docx(application: FundingApplication) -> bytes:
    """The information matter for `application` as a .docx file's bytes."""
    application = _printable(application)
    municipality = application.municipality
    terms = municipality.terms
    board = _body_name(municipality, "executive_board")
    office = _body_name(municipality, "executive_office")
    org, org_genitive = terms["organisation_definite"], terms["organisation_genitive"]
    unit = application.unit
    policy = ProfileVersion.objects.filter(municipality=municipality, is_current=True).first()
    policy_title = policy.title if policy else f"{org_genitive} policy för internationellt arbete"
    threshold = _threshold(application)
    partners = list(application.partners.select_related("country").order_by("-is_lead", "name"))
    countries = sorted({p.country.name_sv for p in partners})
    areas = [a.name for a in application.priority_areas.order_by("order")]
    commitments = [c.text for c in application.commitments.all()]
    goals = [g.name for g in application.goals.order_by("order")]
    programme = application.programme.name_sv if application.programme else application.other_funder
    call = " – ".join(x for x in (application.call_identifier, application.call_title) if x)
    title = (
        f"{application.title} ({application.acronym})" if application.acronym else application.title
    )
    role = "projektägare (lead partner)" if application.role == "lead" else "partner"
    submitted = application.status in lifecycle.SUBMITTED_OR_LATER
    today = timezone.localdate()

    doc = Document()
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_paragraph(f"{municipality.name}\n{unit.name}")
    doc.add_paragraph(f"Tjänsteskrivelse\nDatum: {today.isoformat()}\nDiarienummer: ")
    doc.add_heading(f"Informationsärende – ansökan om extern finansiering: {title}", level=1)

    doc.add_heading("Förslag till beslut", level=2)
    doc.add_paragraph(
        f"1. {board} tar del av informationen om {_genitive(unit.name)} ansökan om "
        f"finansiering från {programme} för projektet {title}, och lägger den till handlingarna."
    )

    doc.add_heading("Ärende", level=2)
    threshold_text = (
        f"Vid ansökningar med en totalbudget på {format_sek(threshold)} eller däröver ska "
        f"nämnden sända ett informationsärende till {_lower(board)}"
        if threshold is not None
        else "Vid ansökningar med stor totalbudget ska nämnden sända ett informationsärende "
        f"till {_lower(board)}"
    )
    doc.add_paragraph(
        f"{unit.name} "
        + ("har lämnat in" if submitted else "förbereder")
        + f" en ansökan om finansiering från {programme}"
        + (f", utlysningen {call}" if call else "")
        + f", för projektet {title}, där {org} är {role}. Projektets totala budget är "
        f"{_amount(application, 'total_budget')}, varav {org_genitive} del är "
        f"{_amount(application, 'municipality_budget')}. {threshold_text} ({policy_title}). "
        "Informationsärendet kan skickas efter att ansökan lämnats in till förvaltande myndighet."
    )
    doc.add_paragraph(
        "Beslutsunderlag:\n"
        f"Tjänsteskrivelse – Informationsärende: {title}, {today.isoformat()}\n"
        "Bilaga – Ansökan"
    )

    doc.add_heading("Bakgrund", level=2)
    if application.description.strip():
        doc.add_paragraph(application.description.strip())
    facts = [
        f"Program och fond: {programme}",
        f"Utlysning: {call or '–'}",
        f"{org_genitive[:1].upper()}{org_genitive[1:]} roll: {role}",
        f"Ägande nämnd: {unit.name}",
        f"Projektperiod: {_period(application)}",
        f"Status: {lifecycle.LABELS_SV[application.status]}",
    ]
    if application.deadline:
        facts.append(f"Sista ansökningsdag: {application.deadline.isoformat()}")
    if application.submitted_on:
        facts.append(f"Inlämnad: {application.submitted_on.isoformat()}")
    for line in facts:
        doc.add_paragraph(line, style="List Bullet")
    if partners:
        doc.add_paragraph(
            f"Projektet genomförs tillsammans med {len(partners)} partner från "
            f"{join_sv(countries)}:"
        )
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells, ("Organisation", "Land", "Ort", "Roll"), strict=True
        ):
            cell.text = text
        for partner in partners:
            row = table.add_row().cells
            row[0].text = partner.name
            row[1].text = partner.country.name_sv
            row[2].text = partner.city
            row[3].text = "Projektägare" if partner.is_lead else "Partner"
    else:
        doc.add_paragraph("Projektpartner är ännu inte registrerade.")

    doc.add_heading("Bedömning", level=2)
    if areas:
        quoted = join_sv(f"”{area}”" for area in areas)
        doc.add_paragraph(
            f"{unit.name} bedömer att projektet ligger i linje med {policy_title} och bidrar "
            + (
                f"till det prioriterade området {quoted}."
                if len(areas) == 1
                else f"till de prioriterade områdena {quoted}."
            )
        )
    else:
        doc.add_paragraph(
            f"{unit.name} har bedömt att projektet ligger i linje med {policy_title}; "
            "projektet har ännu inte kopplats till något prioriterat område."
        )
    for commitment in commitments:
        doc.add_paragraph(commitment, style="List Bullet")

    doc.add_heading("Ekonomiska konsekvenser", level=2)
    for label, field in (
        ("Total budget", "total_budget"),
        (f"{org_genitive[:1].upper()}{org_genitive[1:]} del av budgeten", "municipality_budget"),
        ("Sökt bidrag", "requested_grant"),
        ("Medfinansiering", "co_financing"),
    ):
        doc.add_paragraph(f"{label}: {_amount(application, field)}", style="List Bullet")
    doc.add_paragraph(
        f"{unit.name} ansvarar för att budgeten följs inom ramen för projektet och för "
        "eventuell implementering i ordinarie verksamhet."
    )

    doc.add_heading("Juridiska konsekvenser", level=2)
    doc.add_paragraph(
        "Ärendet bedöms inte medföra några juridiska konsekvenser utöver de villkor som följer "
        "av bidragsavtalet med förvaltande myndighet om ansökan beviljas."
    )

    doc.add_heading(headings(terms)[6], level=2)
    if goals:
        doc.add_paragraph("Projektet bidrar till följande mål:")
        for goal in goals:
            doc.add_paragraph(goal, style="List Bullet")
    else:
        doc.add_paragraph(f"Projektet har ännu inte kopplats till {_lower(headings(terms)[6])}.")

    doc.add_heading("Jämställdhet", level=2)
    doc.add_paragraph("Jämställdhetsanalys har ej genomförts i ärendet.")

    doc.add_heading("Samråd", level=2)
    doc.add_paragraph(
        f"{office} har informerats om ansökan enligt policyns rutin för "
        "finansiering från EU:s program och fonder."
    )

    contact = application.contact.name if application.contact else ""
    doc.add_paragraph(f"\n{unit.name}\n{contact}".rstrip())
    doc.add_paragraph(f"Beslutet skickas till:\n{board}\n{office}")

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
