"""What the drafter proposes from a short steering document written for the test, and that the
written draft always passes `check_profile`, with every proposal's source as comments."""

from __future__ import annotations

import tomllib
from datetime import date

import pytest

from utblick.policy.drafting import (
    UnknownOrganisation,
    draft_profile,
    read_text,
    render,
)
from utblick.policy.profile_format import check_profile, parse_profile

from .documents import HERE, text_of

POLICY = """Riktlinjer för Exempelstads internationella arbete

Dokumenttyp: Riktlinjer
Antagen av: Kommunfullmäktige 2023-05-15, § 88
Diarienummer: KS 2023/41
Giltighetstid: 2023-06-01 – 2027-05-31
Dokumentansvarig: Kommundirektör

1 Inriktning

Arbetet ska bedrivas inom två prioriterade områden:

• Kunskap och utveckling

• Barn och unga

1.1 Kunskap och utveckling

Under perioden ska kommunen arbeta särskilt för att:

- Lärdomar från avslutade projekt tas tillvara och sprids,

- Fler medarbetare deltar i internationella utbyten.

2 Ansvar och rutiner

Kommunstyrelsen beslutar om deltagande i kommunövergripande nätverk och organisationer.
Medlemskap ska prövas med jämna mellanrum.

Beslut om projekt som löper över mer än tre budgetår ska tas av kommunstyrelsen.

Vid ansökningar med en total budget på 12 miljoner kronor eller mer ska nämnden sända ett
informationsärende till kommunstyrelsen.

Vid besök från kommunens vänorter ska information lämnas i god tid till berörda politiker
och tjänstemän.

Kommunens samarbetsavtal ska begränsas i antal och i tid.

Nämnderna ska årligen redovisa sitt internationella arbete till kommunstyrelsen.
"""


@pytest.fixture(scope="module")
def draft():
    return draft_profile(read_text(POLICY, "riktlinjer.txt"), organisation_code="0580")


@pytest.fixture(scope="module")
def profile(draft):
    rendered = render(draft)
    assert rendered.rejected == {}
    return parse_profile(rendered.text)


def checks_of(profile, family, register):
    return [
        check
        for routine in profile.routines
        for check in routine.checks
        if check.family == family and check.register == register
    ]


def test_the_metadata_comes_from_the_labels(profile):
    document = profile.document
    assert document.title == "Riktlinjer för Exempelstads internationella arbete"
    assert (document.kind, document.status, document.adopted_by) == (
        "guideline",
        "adopted",
        "council",
    )
    assert (document.adopted_on, document.adopted_paragraph) == (date(2023, 5, 15), "§ 88")
    assert (document.valid_from, document.valid_to) == (date(2023, 6, 1), date(2027, 5, 31))
    assert (document.registry_number, document.owner) == ("KS 2023/41", "Kommundirektör")


def test_areas_and_their_commitments(profile):
    assert [a.name for a in profile.priority_areas] == ["Kunskap och utveckling", "Barn och unga"]
    assert [c.text for c in profile.priority_areas[0].commitments] == [
        "Lärdomar från avslutade projekt tas tillvara och sprids",
        "Fler medarbetare deltar i internationella utbyten",
    ]


def test_routines_in_the_general_vocabulary(profile):
    (membership,) = checks_of(profile, "decision_route", "memberships")[:1]
    assert membership.raw["when"] == {"scope": "municipality_wide"}
    assert membership.param("decided_by") == ("executive_board",)
    (review,) = checks_of(profile, "recurring_duty", "memberships")
    assert review.param("every_months") == 24
    (project,) = checks_of(profile, "decision_route", "applications")
    assert project.raw["when"] == {"role": "lead", "budget_years__gt": 3}
    notifications = {
        check.register: check
        for routine in profile.routines
        for check in routine.checks
        if check.family == "notification"
    }
    assert notifications["applications"].raw["when"] == {"total_budget_sek__gte": 12_000_000}
    assert notifications["visits"].param("days_before") == 14
    assert notifications["visits"].param("notify") == ("elected_officials", "staff_concerned")
    (limit,) = checks_of(profile, "limit", "partnerships")
    assert limit.param("max_count") == 5
    (complete,) = checks_of(profile, "required_fact", "partnerships")
    assert complete.raw["require"] == {"ends_on__empty": False}
    lessons = checks_of(profile, "required_fact", "applications")
    assert [c.raw["require"] for c in lessons] == [{"lessons_learned__empty": False}]
    (reporting,) = checks_of(profile, "recurring_duty", "units")
    assert reporting.param("periods") == ("annual",)
    assert [(p.key, p.reporters, p.recipient) for p in profile.reporting] == [
        ("annual", ("committee",), "executive_board")
    ]
    validity = checks_of(profile, "recurring_duty", "documents")
    assert {c.param("due_field") for c in validity} == {"valid_to", "review_date"}


def test_every_proposal_is_written_with_its_sentence_page_and_confidence(draft):
    text = render(draft).text
    for proposal in draft.proposals:
        assert f"# Förslag {proposal.id}: " in text
    assert (
        "# källa: ”Beslut om projekt som löper över mer än tre budgetår ska tas av kommunstyrelsen.”"
        in text
    )
    assert "säkerhet 0,8" in text
    assert "budget_years__gt = 3" in text
    assert "total_budget_sek__gte = 12_000_000" in text
    # Where the document leaves a number open, the product's default is said to be one.
    assert "# Produktval: ”i god tid” tolkas som minst 14 dagar före besöket." in text
    unwrapped = " ".join(line.removeprefix("# ") for line in text.splitlines())
    assert (
        "Produktval: dokumentet anger inget intervall (”med jämna mellanrum”); vartannat år (24 månader)"
        in unwrapped
    )


def test_pages_are_given_where_the_document_has_them():
    rendered = render(
        draft_profile(
            read_text(text_of("linkoping-program.txt"), "program.txt"), organisation_code="0580"
        )
    )
    assert "# s. 2: ”Diarienummer: KS 2024-778”" in rendered.text
    assert "# s. 4: ”Medlemskap ska prövas med jämna mellanrum" in rendered.text


def test_proposals_left_out_are_written_commented_out_with_their_children(draft):
    area = next(p for p in draft.proposals if p.kind == "area")
    routine = next(p for p in draft.proposals if p.kind == "routine")
    chosen = {p.id for p in draft.proposals} - {area.id, routine.id}
    rendered = render(draft, chosen)
    profile = parse_profile(rendered.text)
    assert [a.name for a in profile.priority_areas] == ["Barn och unga"]
    assert area.id not in rendered.included and routine.id not in rendered.included
    assert "# Bortvalt: ta bort # framför raderna för att ta med det." in rendered.text
    assert "# Bortkommenterat med sitt område." in rendered.text
    assert f'# key = "{routine.data["key"]}"' in rendered.text


def test_the_required_document_fields_are_always_written(draft):
    rendered = render(draft, set())
    profile = parse_profile(rendered.text)
    assert profile.document.title == "Riktlinjer för Exempelstads internationella arbete"
    assert profile.routines == () and profile.priority_areas == ()


def test_a_proposal_that_cannot_be_valid_stays_as_a_commented_proposal(draft):
    broken = next(p for p in draft.proposals if p.kind == "routine")
    original = broken.data
    broken.data = {**original, "checks": [{**original["checks"][0], "register": "nonsense"}]}
    try:
        rendered = render(draft)
    finally:
        broken.data = original
    assert check_profile(rendered.text) == []
    assert "okänt register 'nonsense'" in rendered.rejected[broken.id]
    assert "# Inte giltigt, därför bortkommenterat: okänt register 'nonsense'" in rendered.text
    assert broken.id not in rendered.included


def test_a_routine_that_needs_a_dropped_period_is_commented_out_too(draft):
    period = next(p for p in draft.proposals if p.kind == "reporting")
    rendered = render(draft, {p.id for p in draft.proposals} - {period.id})
    assert check_profile(rendered.text) == []
    assert any("okänd rapporteringsperiod" in message for message in rendered.rejected.values())


@pytest.mark.parametrize(
    "name",
    [
        "linkoping-program.txt",
        "malmo-policy.txt",
        "essunga-plan.txt",
        "falun-policy.txt",
        "stockholm-beredningen.txt",
        "norrbotten-beredningen.txt",
        "hoganas-vanortsmedel.txt",
        "solvesborg-vanortspolicy.txt",
    ],
)
def test_every_kept_document_drafts_to_a_valid_profile(name):
    code = {"norrbotten-beredningen.txt": "25", "stockholm-beredningen.txt": "0180"}.get(
        name, "0580"
    )
    rendered = render(draft_profile(read_text(text_of(name), name), organisation_code=code))
    assert check_profile(rendered.text) == []
    tomllib.loads(rendered.text)


@pytest.mark.parametrize(
    "text",
    [
        "x",
        "§§§ ::: ---",
        "Kommunstyrelsen beslutar om.\n\n• \n\n- ,\n",
        "Giltighetstid: 2030–2020\nAntagen av: Förslag 2020-01-01, § 3",
        "Policy\n\nÅrligen årligen årligen redovisas till till till.\n" * 30,
    ],
)
def test_odd_texts_still_draft_to_a_valid_profile(text):
    rendered = render(draft_profile(read_text(text, "udda.txt"), organisation_code="1280"))
    assert check_profile(rendered.text) == []


def test_an_unknown_organisation_is_refused():
    with pytest.raises(UnknownOrganisation):
        draft_profile(read_text("Policy", "p.txt"), organisation_code="9999")


def test_the_kept_documents_cite_their_source():
    for path in HERE.glob("*.txt"):
        assert path.read_text(encoding="utf-8").startswith("# Källa: "), path.name


def test_a_draft_carried_as_json_renders_the_same(draft):
    import json

    from utblick.policy.drafting import draft_from_json, draft_to_json

    carried = draft_from_json(json.loads(json.dumps(draft_to_json(draft))))
    assert render(carried).text == render(draft).text
