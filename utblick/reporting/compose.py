"""From the report's data to its document: the council's edition and the public edition.

The public edition leaves out what is internal: obligations, the units' own reports, the
membership review state and fees, proposed (undecided) memberships and agreements, the list
of applications in preparation. Everything in it is decided, finished or counted.
"""

from __future__ import annotations

from decimal import Decimal

from utblick.core.numbers import format_integer, format_percent, format_unit
from utblick.reporting import charts
from utblick.reporting.document import (
    COUNCIL,
    PUBLIC,
    Column,
    Document,
    Paragraph,
    Section,
    Table,
    Value,
)
from utblick.reporting.report_data import REGISTER_LABELS, REGISTER_SHORT, ReportData

PROGRAMMES_IN_CHART = 8


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def build_document(data: ReportData, *, edition: str = COUNCIL, draw: bool = True) -> Document:
    """The document for one edition; `draw=False` skips the chart images (Excel needs none)."""
    public = edition == PUBLIC
    sections = [
        _summary(data, draw=draw, public=public),
        *([] if public else [_areas(data), _units(data)]),
        _funding(data, draw=draw, public=public),
        _memberships(data, public=public),
        _partnerships(data, public=public),
        *([_grants(data, public=public)] if data.grant_schemes else []),
        _visits(data, public=public),
        *([_obligations(data)] if data.obligations is not None and not public else []),
        _goals(data, draw=draw),
        *([] if public else [_lessons(data)]),
        _finished_projects(data),
    ]
    for index, section in enumerate(sections, start=1):
        section.anchor = f"avsnitt-{index}"
        for sub_index, sub in enumerate(section.subsections, start=1):
            sub.anchor = f"avsnitt-{index}-{sub_index}"
    meta = [
        (_cap(data.terms["organisation"]), f"{data.municipality_name} ({data.municipality_code})"),
        ("År", str(data.year)),
    ]
    if data.document_description:
        meta.append(("Styrdokument", data.document_description))
    if data.office_name and not public:
        meta.append(("Sammanställd av", data.office_name))
    meta.append(("Underlaget hämtat", data.generated_on.isoformat()))
    return Document(
        edition=edition,
        title=f"Internationellt arbete och EU-arbete {data.year}",
        subtitle=(
            f"{data.municipality_name}s redovisning till invånarna"
            if public
            else f"Samlad årlig redovisning till {data.terms['council']}"
        ),
        municipality=data.municipality_name,
        municipality_code=data.municipality_code,
        year=data.year,
        generated_on=data.generated_on,
        meta=meta,
        sections=sections,
    )


# --- sections ------------------------------------------------------------------------------


def _summary(data: ReportData, *, draw: bool, public: bool) -> Section:
    y = data.year
    granted = data.figure("external_funding_granted_sek").value
    children = data.figure("children_young_participants").value
    # Only what the registers show: the follow-up of the document, not a verdict on it.
    text = (
        f"Redovisningen visar {data.municipality_name}s internationella arbete och EU-arbete "
        f"under {y} så som det är registrerat"
        + (f", och följer upp {data.document_title}" if data.document_title else "")
        + f". Enligt registren beviljades {format_unit(granted, 'kr')} i extern finansiering "
        f"under året och {format_integer(children)} barn och unga deltog i internationella utbyten."
    )
    blocks: list = [Paragraph(text, "lead")]
    if not public and data.obligations is not None and data.obligations.open:
        o = data.obligations
        blocks.append(
            Paragraph(
                f"Enligt registren är {format_integer(o.open)} av de åtgärder som policyns rutiner "
                f"kräver med sista dag {y} inte gjorda"
                + (f", varav {format_integer(o.overdue)} försenade" if o.overdue else "")
                + "; de redovisas under ”Åtgärder enligt policyns rutiner”."
            )
        )
    if not public and data.unit_reports_expected:
        blocks.append(
            Paragraph(
                f"{data.unit_reports_approved} av {data.unit_reports_expected} verksamheter har en "
                f"godkänd årsredovisning av sitt internationella arbete för {y}; redovisningarna "
                "återges under ”Arbetet per verksamhet”."
            )
        )
    blocks.append(
        Table(
            f"Nyckeltal {y - 1} och {y}",
            [Column("Mått"), Column(str(y - 1), "num"), Column(str(y), "num")],
            [
                [f.label, Value(f.previous, f.kind), Value(f.value, f.kind)]
                for f in data.key_figures
            ],
        )
    )
    years = [str(fy.year) for fy in data.funding_years]
    blocks.append(
        charts.grouped_bars(
            key="funding-per-year",
            title=f"Sökt och beviljad extern finansiering {data.years[0]}–{y}",
            categories=years,
            series=[
                ("Sökt", [fy.applied_sek for fy in data.funding_years]),
                ("Beviljat", [fy.granted_sek for fy in data.funding_years]),
            ],
            kind="sek",
            caption_column="År",
            description=(
                "Stapeldiagram över sökt och beviljad extern finansiering i kronor per år."
            ),
            draw=draw,
        )
    )
    blocks.append(
        charts.grouped_bars(
            key="participants-per-year",
            title=f"Deltagare i internationella utbyten och projekt {data.years[0]}–{y}",
            categories=[str(year) for year in data.years],
            series=[
                ("Barn och unga", [data.participants_by_year[yr][0] for yr in data.years]),
                ("Medarbetare", [data.participants_by_year[yr][1] for yr in data.years]),
                ("Förtroendevalda", [data.participants_by_year[yr][2] for yr in data.years]),
            ],
            kind="int",
            caption_column="År",
            description="Stapeldiagram över antalet deltagare per år och grupp.",
            draw=draw,
        )
    )
    return Section(
        "Sammanfattning" if not public else f"Nyckeltal {y}", blocks, sheet="Sammanfattning"
    )


def _areas(data: ReportData) -> Section:
    labels = list(REGISTER_LABELS.values())
    overview = Table(
        f"Registrerat arbete {data.year} per prioriterat område",
        [Column("Prioriterat område")]
        + [Column(REGISTER_SHORT[label], "int") for label in labels]
        + [Column("Totalt", "int")],
        [[a.name, *[a.counts[label] for label in labels], a.total] for a in data.areas],
    )
    intro = Paragraph(
        "Ansökningar och projekt, medlemskap, partnerskap, besök och aktiviteter kopplas i "
        "registren till policyns prioriterade områden och åtaganden. Tabellerna räknar poster "
        f"som var aktuella under {data.year}; en post kan vara kopplad till flera områden."
    )
    subsections = []
    for area in data.areas:
        blocks: list = []
        if area.description:
            blocks.append(Paragraph(area.description, "quote"))
        if area.commitments:
            blocks.append(
                Table(
                    f"{area.name}: poster per åtagande",
                    [Column("Åtagande")]
                    + [Column(REGISTER_SHORT[label], "int") for label in labels]
                    + [Column("Totalt", "int")],
                    [
                        [c.text, *[c.counts[label] for label in labels], c.total]
                        for c in area.commitments
                    ],
                )
            )
            rows = [
                [c.text, record.register, record.title, record.unit]
                for c in area.commitments
                for record in c.records
            ]
            if rows:
                blocks.append(
                    Table(
                        f"{area.name}: poster kopplade till åtagandena",
                        [Column("Åtagande"), Column("Register"), Column("Post"), Column("Enhet")],
                        rows,
                        grouped=True,
                    )
                )
        else:
            blocks.append(Paragraph("Området har inga åtaganden i styrdokumentet.", "note"))
        subsections.append(Section(area.name, blocks))
    return Section(
        "Arbetet per prioriterat område", [intro, overview], subsections, sheet="Områden"
    )


def _units(data: ReportData) -> Section:
    projects = Table(
        f"Ansökningar och projekt per verksamhet {data.year}",
        [
            Column("Verksamhet"),
            Column("Typ", in_document=False),
            Column("Inskickade ansökningar", "int"),
            Column("Beviljade ansökningar", "int"),
            Column("Beviljat", "sek"),
            Column("Pågående projekt", "int"),
        ],
        [
            [
                u.name,
                u.kind,
                u.applications_submitted,
                u.applications_granted,
                u.granted_sek,
                u.projects_running,
            ]
            for u in data.units
        ],
        footer=[
            "Totalt",
            "",
            sum(u.applications_submitted for u in data.units),
            sum(u.applications_granted for u in data.units),
            sum((u.granted_sek for u in data.units), Decimal(0)),
            sum(u.projects_running for u in data.units),
        ],
    )
    people = Table(
        f"Besök, aktiviteter och deltagare per verksamhet {data.year}",
        [
            Column("Verksamhet"),
            Column("Besök och evenemang", "int"),
            Column("Aktiviteter", "int"),
            Column("varav genomförda", "int"),
            Column("Barn och unga", "int"),
            Column("Medarbetare", "int"),
            Column("Förtroende­valda", "int"),
        ],
        [
            [
                u.name,
                u.visits,
                u.activities,
                u.activities_done,
                u.children_young,
                u.staff,
                u.elected,
            ]
            for u in data.units
        ],
    )
    reports = Table(
        f"Verksamheternas årsredovisning {data.year}",
        [Column("Verksamhet"), Column("Typ"), Column("Status")],
        [[u.name, u.kind, u.report_status] for u in data.units],
    )
    subsections = []
    for unit in data.units:
        if unit.narratives:
            blocks: list = []
            for area, text in unit.narratives:
                blocks.append(Paragraph(area, "label"))
                blocks.append(Paragraph(text))
            subsections.append(Section(f"Redovisning från {unit.name}", blocks))
    intro = Paragraph(
        "Siffrorna är hämtade ur registren för respektive verksamhet. Verksamheternas egna "
        f"redovisningar återges nedan när {data.terms['executive_office']} har godkänt dem."
    )
    return Section(
        "Arbetet per verksamhet",
        [intro, projects, people, reports],
        subsections,
        sheet="Verksamheter",
    )


def _funding(data: ReportData, *, draw: bool, public: bool) -> Section:
    y = data.year
    per_year = Table(
        f"Extern finansiering per år {data.years[0]}–{y}",
        [
            Column("År", "year"),
            Column("Inskickade ansökningar", "int"),
            Column("Sökt bidrag", "sek"),
            Column("Beviljade ansökningar", "int"),
            Column("Beviljat bidrag", "sek"),
            Column("Andel beviljade", "pct"),
        ],
        [
            [f.year, f.applied_count, f.applied_sek, f.granted_count, f.granted_sek, f.success_rate]
            for f in data.funding_years
        ],
        footer=[
            "Totalt",
            sum(f.applied_count for f in data.funding_years),
            sum((f.applied_sek for f in data.funding_years), Decimal(0)),
            sum(f.granted_count for f in data.funding_years),
            sum((f.granted_sek for f in data.funding_years), Decimal(0)),
            None,
        ],
    )
    per_programme = Table(
        f"Beviljat bidrag per program och år {data.years[0]}–{y}",
        [Column("Program eller finansiär")]
        + [Column(str(year), "sek") for year in data.years]
        + [Column("Totalt", "sek")],
        [
            [p.programme, *[p.granted_sek[year] for year in data.years], p.granted_total]
            for p in data.funding_programmes
        ],
    )
    applied_per_programme = Table(
        f"Sökt bidrag per program och år {data.years[0]}–{y}",
        [Column("Program eller finansiär")]
        + [Column(str(year), "sek") for year in data.years]
        + [Column("Totalt", "sek")],
        [
            [p.programme, *[p.applied_sek[year] for year in data.years], p.applied_total]
            for p in data.funding_programmes
        ],
    )
    top = [p for p in data.funding_programmes if p.granted_total > 0][:PROGRAMMES_IN_CHART]
    blocks: list = [
        Paragraph(
            "Sökt bidrag räknas det år ansökan skickades in, beviljat bidrag det år "
            "finansiären beslutade. Belopp i euro är omräknade med den växelkurs som "
            "registrerades med respektive ansökan."
        ),
        per_year,
    ]
    if top:
        blocks.append(
            charts.horizontal_bars(
                key="granted-per-programme",
                title=f"Beviljat bidrag per program {data.years[0]}–{y}",
                labels=[p.programme for p in top],
                values=[p.granted_total for p in top],
                description=(
                    "Liggande stapeldiagram över beviljat bidrag i kronor per program, "
                    "störst först."
                ),
                draw=draw,
            )
        )
    blocks += [per_programme, applied_per_programme]
    if not public:
        blocks.append(
            Table(
                f"Ansökningar och projekt {y}",
                [
                    Column("Titel"),
                    Column("Program"),
                    Column("Enhet"),
                    Column("Roll", in_document=False),
                    Column("Status"),
                    Column("Total budget", "sek", in_document=False),
                    Column("Sökt bidrag", "sek", in_document=False),
                    Column("Beviljat", "sek"),
                    Column("Inskickad", "date", in_document=False),
                    Column("Besked", "date", in_document=False),
                ],
                [
                    [
                        a.title,
                        a.programme,
                        a.unit,
                        a.role,
                        a.status,
                        a.total_sek,
                        a.requested_sek,
                        a.granted_sek,
                        a.submitted_on,
                        a.decision_on,
                    ]
                    for a in data.applications
                ],
            )
        )
    return Section("Extern finansiering", blocks, sheet="Finansiering")


def _memberships(data: ReportData, *, public: bool) -> Section:
    if public:
        active = [m for m in data.memberships if m.active]
        table = Table(
            f"Medlemskap i nätverk och organisationer {data.year}",
            [
                Column("Organisation"),
                Column("Omfattning"),
                Column("Säte"),
                Column("Medlem sedan", "date"),
            ],
            [[m.organisation, m.scope, m.country, m.started_on] for m in active],
        )
        return Section("Medlemskap i nätverk", [table], sheet="Medlemskap")
    in_force = [m for m in data.memberships if m.active]
    on_time = sum(1 for m in in_force if m.reviewed_on_time)
    fees = sum((m.annual_fee_sek or Decimal(0) for m in in_force), Decimal(0))
    text = (
        f"{_cap(data.terms['organisation_definite'])} var under {data.year} medlem i "
        f"{len(in_force)} nätverk och organisationer med sammanlagt {format_unit(fees, 'kr')} i "
        f"årsavgifter. {on_time} av {len(in_force)} medlemskap var prövade mot "
        f"{data.terms['organisation_genitive']} och nämndernas mål inom den tid som rutinen anger"
        + (f" ({format_percent(Decimal(on_time * 100) / len(in_force))})." if in_force else ".")
    )
    table = Table(
        f"Medlemskap {data.year} och deras prövning",
        [
            Column("Organisation"),
            Column("Omfattning", in_document=False),
            Column("Status", in_document=False),
            Column("Ansvarig enhet"),
            Column("Medlem sedan", "date", in_document=False),
            Column("Årsavgift", "sek"),
            Column("Senast prövad", "date"),
            Column("Nästa prövning", "date"),
            Column("Prövning"),
        ],
        [
            [
                m.organisation,
                m.scope,
                m.status,
                m.unit,
                m.started_on,
                m.annual_fee_sek,
                m.last_reviewed_on,
                m.next_review_on,
                m.review_state,
            ]
            for m in data.memberships
        ],
    )
    return Section("Medlemskap i nätverk", [Paragraph(text), table], sheet="Medlemskap")


def _partnerships(data: ReportData, *, public: bool) -> Section:
    lines = [p for p in data.partnerships if p.active] if public else data.partnerships
    table = Table(
        f"Vänorter, partnerskap och avtal {data.year}",
        [
            Column("Typ"),
            Column("Motpart"),
            Column("Ort och land"),
            Column("Status", in_document=not public),
            Column("Från", "date"),
            Column("Till", "date"),
            Column("Ansvarig enhet", in_document=False),
            Column(f"Nytta för {data.terms['organisation_definite']}", in_document=public),
        ],
        [
            [
                p.kind,
                p.counterpart,
                p.place,
                p.status,
                p.started_on,
                p.ends_on,
                p.unit,
                p.stated_benefit,
            ]
            for p in lines
        ],
    )
    twin = sum(1 for p in lines if p.kind_key == "twin_town" and p.active)
    text = Paragraph(
        f"{_cap(data.terms['organisation_definite'])} hade under {data.year} {twin} vänorter "
        f"och {len(lines) - twin} andra "
        "partnerskap, avtal och initiativ."
    )
    title = "Vänorter och partnerskap" if public else "Partnerskap och avtal"
    return Section(title, [text, table], sheet="Partnerskap")


def _grants(data: ReportData, *, public: bool) -> Section:
    """The own fund(s): budget, applied and granted, and who was granted what."""
    parts = []
    for scheme in data.grant_schemes:
        budget = format_unit(scheme.budget_sek, "kr") if scheme.budget_sek is not None else "–"
        parts.append(
            Paragraph(
                f"{scheme.name} {data.year}: budget {budget}, sökt "
                f"{format_unit(scheme.applied_sek, 'kr')}, beviljat "
                f"{format_unit(scheme.granted_sek, 'kr')} till {len(scheme.grants)} sökande."
            )
        )
        parts.append(
            Table(
                f"{scheme.name} {data.year}: beviljade bidrag",
                [Column("Sökande"), Column("Benämning"), Column("Beviljat (kr)", "sek")],
                [[applicant, title, amount] for applicant, title, amount in scheme.grants],
            )
        )
    return Section("Egen fond för internationellt arbete", parts, sheet="Egen fond")


def _visits(data: ReportData, *, public: bool) -> Section:
    kinds = Table(
        f"Besök, resor och evenemang {data.year} per typ",
        [
            Column("Typ"),
            Column("Inkommande", "int"),
            Column("Utgående", "int"),
            Column("Totalt", "int"),
        ],
        [[k.kind, k.incoming, k.outgoing, k.total] for k in data.visit_kinds],
        footer=[
            "Totalt",
            sum(k.incoming for k in data.visit_kinds),
            sum(k.outgoing for k in data.visit_kinds),
            sum(k.total for k in data.visit_kinds),
        ],
    )
    blocks: list = [kinds]
    if not public:
        blocks.append(
            Table(
                f"Besök, resor och evenemang {data.year}",
                [
                    Column("Datum", "date"),
                    Column("Benämning"),
                    Column("Typ"),
                    Column("Riktning", in_document=False),
                    Column("Motpart", in_document=False),
                    Column("Ort och land"),
                    Column("Enhet", in_document=False),
                    Column("Deltagare", "int"),
                ],
                [
                    [
                        v.starts_on,
                        v.title,
                        v.kind,
                        v.direction,
                        v.counterpart,
                        v.place,
                        v.unit,
                        v.participants,
                    ]
                    for v in data.visits
                ],
                row_headers=False,
            )
        )
    return Section("Besök, resor och evenemang", blocks, sheet="Besök")


def _obligations(data: ReportData) -> Section:
    o = data.obligations
    assert o is not None
    summary = Table(
        f"Åtgärder med sista dag {data.year}",
        [Column("Åtgärder"), Column("Antal", "int")],
        [
            ["Gjorda", o.done],
            ["varav gjorda för sent", o.done_late],
            ["Öppna", o.open],
            ["varav försenade", o.overdue],
            ["Behövs inte (motiverat)", o.waived],
        ],
    )
    blocks: list = [
        Paragraph(
            "Policyns rutiner blir åtgärder i Utblick: konkreta saker som ska göras senast ett "
            "visst datum. Tabellen visar åtgärder som skulle vara gjorda under året."
        ),
        summary,
    ]
    if o.overdue_items:
        blocks.append(
            Table(
                "Försenade åtgärder",
                [Column("Åtgärd"), Column("Ansvarig enhet"), Column("Senast", "date")],
                [list(item) for item in o.overdue_items],
            )
        )
    return Section("Åtgärder enligt policyns rutiner", blocks, sheet="Åtgärder")


def _goals(data: ReportData, *, draw: bool) -> Section:
    subsections = []
    for index, goal in enumerate(data.goals, start=1):
        blocks: list = []
        if goal.area:
            blocks.append(Paragraph(f"Prioriterat område: {goal.area}", "note"))
        if not goal.indicators:
            blocks.append(Paragraph("Målet har inga indikatorer.", "note"))
            subsections.append(Section(goal.name, blocks))
            continue
        rows = []
        for ind in goal.indicators:
            kind = ind.value_kind
            baseline = Value(ind.baseline, kind)
            target = Value(ind.target, kind)
            rows.append(
                [
                    ind.name,
                    "Ur registren" if ind.kind == "derived" else "Manuell",
                    ind.unit,
                    baseline,
                    target,
                    ind.direction,
                    *[Value(ind.values[y], kind) for y in data.years],
                    ind.assessment.label,
                ]
            )
        blocks.append(
            Table(
                f"Indikatorer för målet {goal.name[:1].lower() + goal.name[1:]}",
                [
                    Column("Indikator"),
                    Column("Källa", in_document=False),
                    Column("Enhet", in_document=False),
                    Column("Utgångs­värde", "num"),
                    Column("Mål­värde", "num"),
                    Column("Riktning", in_document=False),
                    *[Column(str(y), "num") for y in data.years],
                    Column("Bedömning"),
                ],
                rows,
            )
        )
        for number, ind in enumerate(goal.indicators, start=1):
            if all(v is None for v in ind.values.values()):
                continue
            blocks.append(
                charts.indicator_bars(
                    key=f"goal-{index}-indicator-{number}",
                    title=ind.name,
                    years=data.years,
                    values=[ind.values[y] for y in data.years],
                    unit=ind.unit,
                    target=ind.target,
                    baseline=ind.baseline,
                    draw=draw,
                )
            )
        subsections.append(Section(goal.name, blocks))
    intro = Paragraph(
        "Indikatorer som beräknas ur registren räknas fram för varje år; manuella indikatorer "
        f"förs in av {data.terms['executive_office']}. Bedömningen jämför det senaste värdet med "
        "året innan "
        "(eller utgångsvärdet) och med målvärdet, i den riktning målet anger."
    )
    if not data.goals:
        intro = Paragraph("Styrdokumentet anger inga mål med indikatorer.", "note")
    return Section("Mål och indikatorer", [intro], subsections, sheet="Mål och indikatorer")


def _lessons(data: ReportData) -> Section:
    if not data.lessons:
        return Section(
            "Lärdomar från avslutade projekt",
            [Paragraph("Inga lärdomar är dokumenterade för avslutade projekt.", "note")],
            sheet="Lärdomar",
        )
    table = Table(
        f"Dokumenterade lärdomar {data.years[0]}–{data.year}",
        [
            Column("Projekt"),
            Column("Enhet", in_document=False),
            Column("Avslutat", "date"),
            Column("Lärdomar"),
            Column("Hur resultaten tas tillvara"),
        ],
        [
            [line.title, line.unit, line.ends_on, line.lessons, line.handover]
            for line in data.lessons
        ],
    )
    return Section(
        "Lärdomar från avslutade projekt",
        [
            Paragraph(
                "Lärdomar från genomförda projekt ska tas tillvara och spridas i organisationen. "
                "Här är de lärdomar som dokumenterats när projekten avslutades."
            ),
            table,
        ],
        sheet="Lärdomar",
    )


def _finished_projects(data: ReportData) -> Section:
    table = Table(
        f"Projekt som avslutats {data.years[0]}–{data.year}",
        [
            Column("Projekt"),
            Column("Program"),
            Column("Enhet", in_document=False),
            Column("Start", "date", in_document=False),
            Column("Slut", "date"),
            Column("Beviljat", "sek"),
            Column("Resultat"),
        ],
        [
            [p.title, p.programme, p.unit, p.starts_on, p.ends_on, p.granted_sek, p.results]
            for p in data.finished_projects
        ],
    )
    blocks: list = (
        [table]
        if data.finished_projects
        else [Paragraph("Inga projekt avslutades under perioden.", "note")]
    )
    return Section("Avslutade projekt och deras resultat", blocks, sheet="Avslutade projekt")
