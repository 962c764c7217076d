"""The information matter to the executive board about a large application, as DOCX (M3).

Shaped like a Swedish tjänsteskrivelse (seed 001): proposed decision, Ärende, Bakgrund,
Bedömning, Ekonomiska konsekvenser, Juridiska konsekvenser, Kommunala (regionala) mål,
Jämställdhet, Samråd. Filled from the application in the organisation's own words (a region's
board is regionstyrelsen, or the name its profile gives it); the committee edits the text
before sending it.

The draft states only what the registers show. Whether the committee has confirmed that the
project is in line with the policy, and whether the executive office has been informed, is
read from the application's obligations and policy conflicts; what the registers do not hold
(a missing amount, the gender-equality analysis, the legal consequences) is a highlighted
placeholder "[ATT FYLLA I: …]" for the committee to write, never an invented sentence.
"""

from __future__ import annotations

import copy
import io
import re
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.shared import Pt

from utblick.core.money import EUR, to_sek
from utblick.core.numbers import format_exact, format_money
from utblick.core.text import printable
from utblick.policy.models import ProfileVersion, Routine
from utblick.registers import lifecycle
from utblick.registers.models import FundingApplication
from utblick.routines.engine import sync
from utblick.routines.engine.families.common import join_sv
from utblick.routines.models import Obligation

PLACEHOLDER = re.compile(r"(\[ATT FYLLA I: [^\]]*\])")


def todo(what: str) -> str:
    """A marked gap for the committee to fill in: the registers do not hold it."""
    return f"[ATT FYLLA I: {what}]"


def _paragraph(doc, text: str, style: str | None = None):
    """A paragraph whose placeholders are highlighted, so none is sent unfilled by mistake."""
    paragraph = doc.add_paragraph(style=style)
    for part in PLACEHOLDER.split(text):
        if part:
            run = paragraph.add_run(part)
            if PLACEHOLDER.fullmatch(part):
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
                run.bold = True
    return paragraph


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
        return todo("beloppet saknas i registret")
    if application.currency == EUR:
        sek = to_sek(value, application.currency, application.eur_to_sek_rate)
        rate = format_exact(application.eur_to_sek_rate)
        return f"{format_money(value, EUR)} (motsvarar {format_money(sek)} till kursen {rate})"
    return format_money(value)


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


def _after_submission(application: FundingApplication) -> bool:
    """Whether the profile lets the information matter follow the submission (M3)."""
    routines = Routine.objects.filter(
        municipality_id=application.municipality_id, retired_at__isnull=True
    )
    return any(
        r.asks_for_information_matter
        and r.param("notification", "applications", "after_field") == "submitted_on"
        for r in routines
    )


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
    return todo("projektperioden saknas i registret")


def _printable(application: FundingApplication) -> FundingApplication:
    """A copy whose text leaves out control characters stored before they were refused
    (python-docx refuses them; core.text)."""
    clean = copy.copy(application)
    for field in application._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)):
            setattr(clean, field.attname, printable(getattr(application, field.attname)))
    return clean


def _obligations(application: FundingApplication) -> list[Obligation]:
    """The application's obligations and policy conflicts that still apply (not lapsed)."""
    kind = ContentType.objects.get_for_model(FundingApplication)
    return list(
        Obligation.objects.filter(
            municipality_id=application.municipality_id, content_type=kind, object_id=application.pk
        )
        .exclude(status=sync.LAPSED)
        .select_related("routine")
        .order_by("due_on", "pk")
    )


def _checks(obligation: Obligation) -> list[dict]:
    return [c for c in obligation.routine.checks if c.get("register") == "applications"]


def _confirms_alignment(obligation: Obligation) -> bool:
    """A routine by which the owning committee confirms the project (M3: in line with policy)."""
    return not obligation.is_conflict and any(
        c.get("family") == "decision_route" for c in _checks(obligation)
    )


def _informs(obligation: Obligation, body: str) -> bool:
    return not obligation.is_conflict and any(
        c.get("family") == "notification"
        and body in (c.get("notify") or [])
        and not (c.get("done_by_matter") or {})
        for c in _checks(obligation)
    )


def _state(obligation: Obligation) -> str:
    """How the registers say the obligation stands, in a clause."""
    if obligation.status == sync.DONE:
        when = obligation.done_at.date().isoformat() if obligation.done_at else ""
        return f"åtgärden ”{obligation.title}” är gjord" + (f" ({when})" if when else "")
    if obligation.status == sync.WAIVED:
        return f"åtgärden ”{obligation.title}” behövs inte: {obligation.waived_reason}"
    due = f", senast {obligation.due_on.isoformat()}" if obligation.due_on else ""
    return f"åtgärden ”{obligation.title}” är öppen{due}"


def _assessment(unit_name: str, policy_title: str, obligations: list[Obligation]) -> list[str]:
    """What the registers say about the project's fit with the policy, never more."""
    conflicts = [o for o in obligations if o.is_conflict and o.status == sync.OPEN]
    if conflicts:
        lines = [f"Registren visar en öppen policykonflikt: {o.title}." for o in conflicts]
        lines.append(
            f"Att projektet ligger i linje med {policy_title} kan inte anges förrän konflikten "
            "är löst eller beslutad. " + todo("hur konflikten har lösts eller vem som beslutat")
        )
        return lines
    confirming = [o for o in obligations if _confirms_alignment(o)]
    if confirming and all(o.status == sync.DONE for o in confirming):
        return [
            f"{unit_name} har bekräftat att projektet ligger i linje med {policy_title} "
            f"({_state(confirming[0])})."
        ]
    if confirming:
        open_ones = [o for o in confirming if o.status != sync.DONE]
        return [
            f"{unit_name} har ännu inte bekräftat att projektet ligger i linje med "
            f"{policy_title}: {_state(open_ones[0])}. " + todo(f"{_genitive(unit_name)} bedömning")
        ]
    return [
        todo(f"{_genitive(unit_name)} bedömning av om projektet ligger i linje med {policy_title}")
    ]


def _consultation(office: str, obligations: list[Obligation]) -> str:
    informing = [o for o in obligations if _informs(o, "executive_office")]
    if not informing:
        return todo(f"samråd, t.ex. om och när {_lower(office)} har informerats om ansökan")
    first = informing[0]
    if first.status == sync.DONE:
        return f"{office} har informerats om ansökan enligt policyns rutin ({_state(first)})."
    if first.status == sync.WAIVED:
        return f"{office} behöver inte informeras om ansökan: {first.waived_reason}"
    return f"{office} har ännu inte informerats om ansökan: {_state(first)}. " + todo(
        f"när {_lower(office)} informerades"
    )


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
    obligations = _obligations(application)
    _paragraph(
        doc,
        f"Tjänsteskrivelse\nDatum: {today.isoformat()}\nDiarienummer: {todo('diarienummer')}",
    )
    doc.add_heading(f"Informationsärende – ansökan om extern finansiering: {title}", level=1)

    doc.add_heading("Förslag till beslut", level=2)
    doc.add_paragraph(
        f"1. {board} tar del av informationen om {_genitive(unit.name)} ansökan om "
        f"finansiering från {programme} för projektet {title}, och lägger den till handlingarna."
    )

    doc.add_heading("Ärende", level=2)
    threshold_text = (
        f"Vid ansökningar med en totalbudget på {format_money(threshold)} eller däröver ska "
        f"nämnden sända ett informationsärende till {_lower(board)}"
        if threshold is not None
        else "Vid ansökningar med stor totalbudget ska nämnden sända ett informationsärende "
        f"till {_lower(board)}"
    )
    _paragraph(
        doc,
        f"{unit.name} "
        + ("har lämnat in" if submitted else "förbereder")
        + f" en ansökan om finansiering från {programme}"
        + (f", utlysningen {call}" if call else "")
        + f", för projektet {title}, där {org} är {role}. Projektets totala budget är "
        f"{_amount(application, 'total_budget')}, varav {org_genitive} del är "
        f"{_amount(application, 'municipality_budget')}. {threshold_text} ({policy_title})."
        + (
            " Informationsärendet kan skickas efter att ansökan lämnats in till förvaltande "
            "myndighet."
            if _after_submission(application)
            else ""
        ),
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
        f"Status: {lifecycle.LABELS[application.status]}",
    ]
    if application.deadline:
        facts.append(f"Sista ansökningsdag: {application.deadline.isoformat()}")
    if application.submitted_on:
        facts.append(f"Inlämnad: {application.submitted_on.isoformat()}")
    for line in facts:
        _paragraph(doc, line, style="List Bullet")
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
        _paragraph(
            doc,
            "Inga projektpartner är registrerade för ansökan. "
            + todo("projektets partner och deras länder"),
        )

    doc.add_heading("Bedömning", level=2)
    for line in _assessment(unit.name, policy_title, obligations):
        _paragraph(doc, line)
    if areas:
        quoted = join_sv(f"”{area}”" for area in areas)
        _paragraph(
            doc,
            "I registret är projektet kopplat till "
            + (
                f"det prioriterade området {quoted}."
                if len(areas) == 1
                else f"de prioriterade områdena {quoted}."
            ),
        )
    else:
        _paragraph(doc, "I registret är projektet inte kopplat till något prioriterat område.")
    for commitment in commitments:
        doc.add_paragraph(commitment, style="List Bullet")

    doc.add_heading("Ekonomiska konsekvenser", level=2)
    for label, field in (
        ("Total budget", "total_budget"),
        (f"{org_genitive[:1].upper()}{org_genitive[1:]} del av budgeten", "municipality_budget"),
        ("Sökt bidrag", "requested_grant"),
        ("Medfinansiering", "co_financing"),
    ):
        _paragraph(doc, f"{label}: {_amount(application, field)}", style="List Bullet")
    _paragraph(doc, todo("budgetuppföljning och hur resultaten tas in i ordinarie verksamhet"))

    doc.add_heading("Juridiska konsekvenser", level=2)
    _paragraph(doc, todo("juridiska konsekvenser"))

    doc.add_heading(headings(terms)[6], level=2)
    if goals:
        doc.add_paragraph("I registret är projektet kopplat till följande mål:")
        for goal in goals:
            doc.add_paragraph(goal, style="List Bullet")
    else:
        doc.add_paragraph(
            f"I registret är projektet inte kopplat till {_lower(headings(terms)[6])}."
        )

    doc.add_heading("Jämställdhet", level=2)
    _paragraph(doc, todo("jämställdhetsanalys"))

    doc.add_heading("Samråd", level=2)
    _paragraph(doc, _consultation(office, obligations))

    contact = application.contact.name if application.contact else ""
    doc.add_paragraph(f"\n{unit.name}\n{contact}".rstrip())
    doc.add_paragraph(f"Beslutet skickas till:\n{board}\n{office}")

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
