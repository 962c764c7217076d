"""The Swedish patterns: sentences, amounts, durations, intervals, slugs, similarity."""

import pytest

from utblick.policy.drafting.text import (
    amounts,
    durations,
    interval,
    sentences,
    similarity,
    slug,
    times_per_year,
)


def test_abbreviations_and_paragraph_signs_do_not_end_a_sentence():
    text = (
        "Barn och ungdomar, bl.a. inom skolans ram, ska prioriteras. Fastställd 2017-02-20, "
        "§ 4. Beslut fattas t.ex. av nämnden. Nästa mening."
    )
    assert sentences(text) == [
        "Barn och ungdomar, bl.a. inom skolans ram, ska prioriteras.",
        "Fastställd 2017-02-20, § 4. Beslut fattas t.ex. av nämnden.",
        "Nästa mening.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("en totalbudget på 12 miljoner kronor eller däröver", [("gte", 12_000_000)]),
        ("12 miljoner kronor eller mer", [("gte", 12_000_000)]),
        ("tolv miljoner kronor eller mer", [("gte", 12_000_000)]),
        ("projekt över 500 000 kr", [("gt", 500_000)]),
        ("högst 2 mkr", [("lte", 2_000_000)]),
        ("minst 1,5 miljoner kronor", [("gte", 1_500_000)]),
        ("under 300 tkr", [("lt", 300_000)]),
        ("Kommunstyrelsen fördelar 130 000 kronor per kalenderår", [("eq", 130_000)]),
        ("inga belopp alls", []),
    ],
)
def test_amounts_with_their_comparison(text, expected):
    assert [(op, amount) for op, amount, _ in amounts(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sträcker sig över mer än tre budgetår", [("gt", 3)]),
        ("projekt som löper över fler än 2 budgetår", [("gt", 2)]),
        ("högst fem år", [("lte", 5)]),
        ("ett år i taget", []),
    ],
)
def test_durations(text, expected):
    assert [(op, years) for op, years, _ in durations(text)] == expected


@pytest.mark.parametrize(
    ("text", "months", "cycle", "defaulted"),
    [
        ("Medlemskap ska prövas med jämna mellanrum", 24, None, True),
        ("Uppföljning sker varje mandatperiod", None, "term_of_office", False),
        ("redovisas årligen till kommunstyrelsen", 12, "year", False),
        ("vänorterna träffas vartannat år", 24, None, False),
        ("planen revideras vart fjärde år", 48, None, False),
    ],
)
def test_intervals(text, months, cycle, defaulted):
    found = interval(text)
    assert found is not None
    assert (found[0], found[1], bool(found[3])) == (months, cycle, defaulted)


def test_no_interval_is_no_interval():
    assert interval("Kommunstyrelsen beslutar om medlemskap.") is None


def test_times_per_year():
    assert times_per_year("Beredningen sammanträder cirka tio gånger per år.")[0] == 10
    assert times_per_year("sammanträder 4 gånger om året")[0] == 4
    assert times_per_year("sammanträder vid behov") is None


def test_slugs_are_ascii_keys():
    assert slug("Omvärldsbevakning och påverkan") == "omvarldsbevakning-paverkan"
    assert slug("Att sprida information om Falun i världen", max_words=3) == "sprida-information-om"
    assert slug("§§ !!") == "element"


def test_similarity_accepts_a_shortened_rephrasing_but_not_a_stranger():
    quoted = (
        "För nätverk och organisationer som spänner över flera nämnders ansvarsområden, "
        "beslutas medlemskapet och hanteras i första hand av kommunstyrelsen"
    )
    rephrased = (
        "Beslutar om och hanterar i första hand medlemskap i nätverk och organisationer som "
        "spänner över flera nämnders ansvarsområden"
    )
    assert similarity(quoted, rephrased) >= 0.6
    assert similarity(quoted, "Kommunen ska informera medborgarna om vänorterna") < 0.4
    # Two words in common with a long sentence are no match.
    assert similarity("Kultur", "Kultur och fritid ansvarar för kulturutbytet med vänorterna") < 0.5
