"""Errors are located by row and column, in Swedish, all at once; nothing is written."""

import pytest

from utblick.imports.tests.files import messages, run_import, table_counts, xlsx

APPLICATION_HEADERS = [
    "Titel *",
    "Annan finansiär",
    "Roll *",
    "Ägande nämnd eller bolag *",
    "Total budget",
    "Sista ansökningsdag",
    "Status",
]


def _application(title, budget="100000", deadline="2025-09-01", status="Idé", funder="Fonden"):
    return [title, funder, "Partner", "Kultur- och fritidsnämnden", budget, deadline, status]


def test_errors_in_rows_3_and_7_are_both_reported_and_nothing_is_written(world):
    data = xlsx(
        APPLICATION_HEADERS,
        _application("Projekt 2"),
        _application("Projekt 3", deadline="31/12/2025"),
        _application("Projekt 4"),
        _application("Projekt 5", status="Beviljad"),  # the services: a grant needs an amount
        _application("Projekt 6"),
        _application("Projekt 7", budget="en miljon"),
    )
    before = table_counts()
    plan = run_import(world.actor(world.alice), "applications", data, "projekt.xlsx")
    assert table_counts() == before
    assert messages(plan) == [
        "Rad 3, kolumn ”Sista ansökningsdag”: ange ett datum som ÅÅÅÅ-MM-DD, t.ex. 2025-03-31",
        "Rad 5, kolumn ”Inskickad”: Ange när ansökan skickades in.",
        "Rad 5, kolumn ”Beviljat bidrag”: Ange beviljat belopp.",
        "Rad 7, kolumn ”Total budget”: ange ett tal, t.ex. 1250000",
    ]
    assert [p.letter for p in plan.problems] == ["F", "", "", "E"]


def test_the_preview_of_a_bad_file_rolls_back_the_rows_it_tried(world):
    data = xlsx(APPLICATION_HEADERS, _application("Bra"), _application("Dålig", budget="-1"))
    before = table_counts()
    plan = run_import(world.actor(world.alice), "applications", data)
    assert messages(plan) == ["Rad 3, kolumn ”Total budget”: Beloppet kan inte vara negativt."]
    assert table_counts() == before
    assert plan.rows[0].record_id is None  # the id of the rolled-back row is not shown


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("Ägande nämnd eller bolag *", "Kulturnämnden", "okänd enhet ”Kulturnämnden”"),
        ("Status", "Skickad", "okänt värde ”Skickad”. Menade du ”Inskickad”?"),
        ("Roll *", "", "ange ett värde; kolumnen är obligatorisk"),
        ("Titel *", " ", "ange ett värde; kolumnen är obligatorisk"),
        ("Total budget", "1 25 000", "ange ett tal, t.ex. 1250000"),
    ],
)
def test_each_kind_of_bad_cell_is_explained(world, column, value, expected):
    row = _application("Projekt")
    row[APPLICATION_HEADERS.index(column)] = value
    plan = run_import(world.actor(world.alice), "applications", xlsx(APPLICATION_HEADERS, row))
    header = column.rstrip(" *")
    assert messages(plan)[0].startswith(f"Rad 2, kolumn ”{header}”: {expected}")


def test_unknown_programme_and_country_suggest_the_right_name(world):
    data = xlsx(
        ["Titel *", "Program och fond", "Roll *", "Ägande nämnd eller bolag *"],
        ["P", "Horisont Europe", "Partner", "Miljönämnden"],
    )
    plan = run_import(world.actor(world.alice), "applications", data)
    assert "Menade du ”Horisont Europa”?" in messages(plan)[0]
    data = xlsx(
        ["Typ *", "Benämning *", "Motpart *", "Land *", "Ansvarig enhet *"],
        ["Vänort", "Vänort", "Tartu", "Estonia", "Kommunstyrelsen"],
        ["Vänort", "Vänort", "Riga", "Lettlnd", "Kommunstyrelsen"],
    )
    plan = run_import(world.actor(world.alice), "partnerships", data)
    assert messages(plan) == [
        "Rad 3, kolumn ”Land”: okänt land ”Lettlnd”. Menade du ”Lettland”? Ange landskod "
        "(t.ex. DE) eller svenskt namn (t.ex. Tyskland)"
    ]


def test_model_errors_are_located_at_the_column_of_their_field(world):
    data = xlsx(
        ["Titel *", "Roll *", "Ägande nämnd eller bolag *", "Valuta", "Total budget"],
        ["Projekt", "Partner", "Miljönämnden", "EUR", "100"],
    )
    plan = run_import(world.actor(world.alice), "applications", data)
    assert messages(plan) == [
        "Rad 2, kolumn ”Program och fond”: Välj ett EU-program eller ange annan finansiär.",
        "Rad 2, kolumn ”Växelkurs EUR→SEK”: Ange växelkursen EUR→SEK (större än 0) när "
        "beloppen anges i euro.",
    ]


def test_text_longer_than_the_field_allows_is_refused_in_swedish(world):
    data = xlsx(
        ["Organisation eller nätverk *", "Omfattning *", "Ansvarig enhet *", "Förkortning"],
        ["UBC", "Hela kommunen (flera nämnders områden)", "Kommunstyrelsen", "X" * 41],
    )
    plan = run_import(world.actor(world.alice), "memberships", data)
    assert messages(plan) == [
        "Rad 2, kolumn ”Förkortning”: Säkerställ att detta värde har som mest 40 tecken (den har "
        "41)."
    ]


def test_an_unknown_column_is_refused_with_a_suggestion(world):
    data = xlsx(["Titel *", "Totalbudget", "Titel"], ["P", "1", "Q"])
    plan = run_import(world.actor(world.alice), "applications", data)
    assert messages(plan) == [
        "Rad 1, kolumn ”Totalbudget”: okänd kolumn. Menade du ”Total budget”? Kolumnerna och "
        "vad de ska innehålla står i bladet Instruktioner i mallen",
        "Rad 1, kolumn ”Titel”: kolumnen finns två gånger (även i A)",
    ]


def test_a_missing_required_column_is_reported_once_with_its_rows(world):
    data = xlsx(
        ["Titel *", "Annan finansiär", "Roll *"], ["A", "F", "Partner"], ["B", "F", "Partner"]
    )
    plan = run_import(world.actor(world.alice), "applications", data)
    assert messages(plan) == [
        "Kolumn ”Ägande nämnd eller bolag”: kolumnen saknas i filen men behövs för nya poster "
        "(rad 2, 3)"
    ]


def test_the_same_record_twice_in_one_file_is_refused(world):
    data = xlsx(APPLICATION_HEADERS, _application("Samma"), _application("samma "))
    plan = run_import(world.actor(world.alice), "applications", data)
    assert messages(plan) == [
        "Rad 3, kolumn ”Titel”: samma titel och utlysningens id som rad 2",
    ]


def test_an_empty_file_and_a_file_of_another_kind_are_explained(world):
    plan = run_import(world.actor(world.alice), "visits", xlsx(["Benämning *"]))
    assert messages(plan) == ["Filen har inga rader med poster."]
    plan = run_import(world.actor(world.alice), "visits", b"%PDF", "besok.pdf")
    assert messages(plan) == ["Välj en Excel-fil (.xlsx) eller en CSV-fil (.csv)."]


def test_a_formula_without_a_saved_value_is_reported_at_its_cell_not_read_as_empty(world):
    data = xlsx(
        ["Organisation eller nätverk *", "Omfattning *", "Ansvarig enhet *", "Årsavgift"],
        ["EUROCITIES", "Hela kommunen (flera nämnders områden)", "Kommunstyrelsen", "=1000*12"],
    )
    plan = run_import(world.actor(world.alice), "memberships", data)
    assert messages(plan) == [
        "Rad 2, kolumn ”Årsavgift”: cellen innehåller formeln =1000*12 men inget sparat värde "
        "(filen har inte räknats om och sparats i Excel); öppna och spara filen i Excel, eller "
        "skriv in värdet"
    ]
