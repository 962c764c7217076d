"""The policy profile format: parsing, located errors, the locator and the rule catalogue.

Pure tests: no database, no Django settings needed.
"""

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from utblick.policy import profile_format as pf
from utblick.policy.families import Context, parse_check
from utblick.policy.profile_format import (
    BODIES,
    DERIVED_METRICS,
    DOCUMENT_KINDS,
    DOCUMENT_STATUSES,
    REPORTER_KINDS,
    RESPONSIBILITY_DECISIONS,
    SEED_PROFILES,
    Commitment,
    DocumentMeta,
    Goal,
    Indicator,
    MunicipalityRef,
    OrganisationRef,
    PriorityArea,
    Profile,
    ProfileError,
    ProfileInvalid,
    ReplacedDocument,
    ReportingPeriod,
    Responsibility,
    Routine,
    SourceLocator,
    check_profile,
    dump_profile,
    format_key_path,
    parse_profile,
    seed_profile_path,
)
from utblick.policy.rule_types import PARAM_TYPES, RULE_TYPES, to_checks, validate_params

BROKEN_DIR = Path(__file__).parent / "broken_profiles"
DOCS = Path(__file__).resolve().parents[3] / "docs" / "policy-profiles.md"

MINIMAL = """\
format = 1

[municipality]
code = "0580"
name = "Testkommun"

[document]
title = "Testpolicy"
kind = "policy"
status = "adopted"
"""


def errors_of(text: str) -> list[tuple[int | None, str, str]]:
    return [(e.line, e.key, e.message) for e in check_profile(text, path="test.toml")]


def only_error(text: str) -> ProfileError:
    errors = check_profile(text, path="test.toml")
    assert len(errors) == 1, "\n".join(map(str, errors))
    return errors[0]


# --- Broken sample profiles: exact line, key and Swedish message ---------------------------

_EXPECT = re.compile(r"^# expect: (\d+) (\S+) :: (.+)$", re.M)
BROKEN_FILES = sorted(BROKEN_DIR.glob("*.toml"))


def test_there_are_at_least_14_broken_profiles_covering_the_brief():
    names = {f.stem for f in BROKEN_FILES}
    assert len(names) >= 14
    for required in (
        "syntax_error",
        "unknown_top_level_key",
        "unknown_routine_key",
        "missing_document_title",
        "valid_to_before_valid_from",
        "date_as_string",
        "unknown_rule_type",
        "bad_param_type",
        "unknown_param",
        "negative_number",
        "duplicate_area_key",
        "goal_unknown_area",
        "derived_without_metric",
        "unknown_metric",
        "reporting_unknown_period",
        "bad_month_day",
        "unknown_body",
        "many_errors",
    ):
        assert required in names


@pytest.mark.parametrize("file", BROKEN_FILES, ids=lambda f: f.stem)
def test_broken_profile_reports_exactly_the_expected_errors(file):
    """Each file ends with `# expect: LINE KEY :: message fragment` lines, in line order."""
    text = file.read_text(encoding="utf-8")
    expected = [(int(m[1]), "" if m[2] == "-" else m[2], m[3]) for m in _EXPECT.finditer(text)]
    assert expected, f"{file.name} has no '# expect:' lines"

    errors = check_profile(text, path=file.name)

    assert len(errors) == len(expected), "\n".join(map(str, errors))
    for (line, key, fragment), error in zip(expected, errors, strict=True):
        assert (error.path, error.line, error.key) == (file.name, line, key), str(error)
        assert fragment in error.message, str(error)
    with pytest.raises(ProfileInvalid) as raised:
        parse_profile(text, path=file.name)
    assert raised.value.errors == errors


def test_all_errors_are_reported_at_once_sorted_by_line():
    text = (BROKEN_DIR / "many_errors.toml").read_text(encoding="utf-8")
    with pytest.raises(ProfileInvalid) as raised:
        parse_profile(text, path="many_errors.toml")
    lines = [e.line for e in raised.value.errors]
    assert lines == [2, 5, 8, 9, 12, 19]
    assert lines == sorted(lines)
    message = str(raised.value)
    assert "many_errors.toml:19: routines[0].params.threshold_sek: fel typ" in message
    assert len(message.splitlines()) == 6


# --- ProfileError ---------------------------------------------------------------------------


def test_profile_error_str_has_file_line_key_and_message():
    error = ProfileError("linkoping.toml", 42, 3, "routines[3].params.threshold_sek", "fel")
    assert str(error) == "linkoping.toml:42: routines[3].params.threshold_sek: fel"
    assert str(ProfileError("a.toml", 1, 5, "", "ogiltig TOML")) == "a.toml:1: ogiltig TOML"
    assert str(ProfileError("a.toml", None, None, "x", "m")) == "a.toml: x: m"


def test_format_key_path_counts_indexes_from_zero():
    assert format_key_path(("routines", 3, "params", "x")) == "routines[3].params.x"
    assert format_key_path(("goals", 0, "indicators", 1)) == "goals[0].indicators[1]"
    assert format_key_path(()) == ""


# --- Syntax errors ------------------------------------------------------------------------


def test_syntax_error_is_swedish_with_english_detail_and_position():
    error = only_error('format = 1\ntitle = "ej avslutad\n')
    assert (error.line, error.key) == (2, "")
    assert error.message == (
        "ogiltig TOML: texten avslutas inte med citattecken på samma rad (Illegal character '\\n')"
    )


@pytest.mark.parametrize("ending", ["", "\n", "\n\n"])
def test_syntax_error_at_end_of_document_points_at_last_line(ending):
    error = only_error('format = 1\nkeywords = ["EU", "Internationellt arbete"' + ending)
    assert (error.line, error.key) == (2, "")
    assert error.message.startswith("ogiltig TOML: ")


def test_unquoted_invalid_date_is_a_syntax_error_on_its_line():
    error = only_error(MINIMAL + "valid_from = 2024-13-01\n")
    assert error.line == 11
    assert error.message.startswith("ogiltig TOML")


def test_deeply_nested_value_is_reported_not_raised():
    error = only_error("a = " + "[" * 5000 + "]" * 5000)
    assert error.line == 1


# --- Semantic checks ------------------------------------------------------------------------


def test_minimal_profile_is_valid_and_has_empty_sections():
    profile = parse_profile(MINIMAL)
    assert profile.municipality == MunicipalityRef("0580", "Testkommun")
    assert profile.document.kind == "policy"
    assert profile.priority_areas == profile.goals == profile.routines == ()
    assert check_profile(MINIMAL) == []


def test_wrong_table_type_is_located():
    text = MINIMAL.replace('[municipality]\ncode = "0580"\nname = "Testkommun"\n', "")
    text = text.replace("format = 1\n", 'format = 1\nmunicipality = "Linköping"\n')
    assert errors_of(text) == [
        (2, "municipality", "fel typ: väntade tabell, fick text ('Linköping')"),
    ]


def test_single_table_where_array_of_tables_expected():
    text = MINIMAL + '\n[priority_areas]\nkey = "a"\nname = "A"\n'
    [(line, key, message)] = errors_of(text)
    assert (line, key) == (12, "priority_areas")
    assert "väntade lista av tabeller ([[priority_areas]])" in message


def test_boolean_is_not_an_integer():
    assert errors_of(MINIMAL.replace("format = 1", "format = true")) == [
        (1, "format", "fel typ: väntade heltal, fick sant/falskt (True)"),
    ]


def test_quoted_valid_date_asks_for_no_quotes():
    [(line, key, message)] = errors_of(MINIMAL + 'valid_from = "2017-01-01"\n')
    assert (line, key) == (11, "document.valid_from")
    assert message == 'skriv datum utan citattecken: 2017-01-01, inte "2017-01-01"'


def test_datetime_where_date_expected():
    [(_, key, message)] = errors_of(MINIMAL + "adopted_on = 2017-02-20T10:00:00\n")
    assert key == "document.adopted_on"
    assert "utan klockslag" in message


def test_unknown_document_kind_lists_allowed_values():
    text = MINIMAL.replace('kind = "policy"', 'kind = "pamflett"')
    assert errors_of(text) == [
        (
            9,
            "document.kind",
            "okänt värde 'pamflett' — tillåtna: policy, program, plan, strategy, guideline",
        )
    ]


def test_empty_text_is_rejected():
    [(_, key, message)] = errors_of(MINIMAL.replace('title = "Testpolicy"', 'title = "  "'))
    assert (key, message) == ("document.title", "får inte vara tom")


def test_replaced_document_years_must_be_in_order():
    text = MINIMAL + (
        '\n[[document.replaces]]\ntitle = "Gammal strategi"\nadopted_by = "council"\n'
        "adopted_year = 2017\nrevised_year = 2010\n"
    )
    assert errors_of(text) == [
        (16, "document.replaces[0].revised_year", "revised_year ligger före adopted_year")
    ]


def test_inline_replaced_documents_are_located_per_element():
    text = MINIMAL + (
        'replaces = [\n  { title = "A", adopted_by = "council" },\n'
        '  { title = "B", adopted_by = "kommunen" },\n]\n'
    )
    [(line, key, message)] = errors_of(text)
    assert (line, key) == (13, "document.replaces[1].adopted_by")
    assert message.startswith("okänt värde 'kommunen'")


AREA = '\n[[priority_areas]]\nkey = "{key}"\nname = "Område"\n'
COMMITMENT = '\n[[priority_areas.commitments]]\nkey = "{key}"\ntext = "Åtagande"\n'


def test_commitment_keys_are_unique_across_the_profile():
    text = (
        MINIMAL
        + AREA.format(key="a")
        + COMMITMENT.format(key="c")
        + AREA.format(key="b")
        + COMMITMENT.format(key="c")
    )
    [(line, key, message)] = errors_of(text)
    assert (line, key) == (25, "priority_areas[1].commitments[0].key")
    assert message == "dubblett: 'c' finns redan i priority_areas[0].commitments[0] (rad 17)"


def test_invalid_slug_key():
    [(_, key, message)] = errors_of(MINIMAL + AREA.format(key="Profilering"))
    assert key == "priority_areas[0].key"
    assert "ingen giltig nyckel" in message


def test_tags_must_be_slugs_and_unique():
    text = (
        MINIMAL
        + AREA.format(key="a")
        + 'tags = ["eu2020-smart", "Smart tillväxt", "eu2020-smart"]\n'
    )
    assert [(k, m.split(":")[0]) for _, k, m in errors_of(text)] == [
        ("priority_areas[0].tags[1]", "'Smart tillväxt' är ingen giltig tagg"),
        ("priority_areas[0].tags[2]", "värdet 'eu2020-smart' förekommer mer än en gång i listan"),
    ]


GOAL = '\n[[goals]]\nkey = "{key}"\nname = "Mål"\n'
INDICATOR = '\n[[goals.indicators]]\nkey = "{key}"\nname = "Indikator"\n'


def test_manual_indicator_needs_unit_and_no_metric():
    text = (
        MINIMAL
        + GOAL.format(key="g")
        + INDICATOR.format(key="i")
        + 'kind = "manual"\nmetric = "conferences_hosted"\ndirection = "increase"\n'
    )
    assert errors_of(text) == [
        (16, "goals[0].indicators[0].unit", "obligatorisk nyckel 'unit' saknas"),
        (20, "goals[0].indicators[0].metric", 'metric får bara anges för kind = "derived"'),
    ]


def test_derived_indicator_gets_the_metric_unit_by_default():
    text = (
        MINIMAL
        + GOAL.format(key="g")
        + INDICATOR.format(key="i")
        + 'kind = "derived"\nmetric = "external_funding_granted_sek"\ndirection = "increase"\n'
    )
    [indicator] = parse_profile(text).goals[0].indicators
    assert indicator.unit == "kr"
    assert indicator.baseline is None and indicator.target is None


def test_indicator_values_and_years():
    text = (
        MINIMAL
        + GOAL.format(key="g")
        + INDICATOR.format(key="i")
        + 'kind = "manual"\nunit = "antal"\ndirection = "increase"\nbaseline = 3\n'
        + "baseline_year = 2024\ntarget = nan\ntarget_year = 2020\n"
    )
    assert [(k, m) for _, k, m in errors_of(text)] == [
        ("goals[0].indicators[0].target", "talet måste vara ändligt (inte inf eller nan)"),
        ("goals[0].indicators[0].target_year", "target_year ligger före baseline_year"),
    ]


def test_indicator_keys_are_unique_across_goals():
    text = (
        MINIMAL
        + GOAL.format(key="g1")
        + INDICATOR.format(key="i")
        + 'kind = "manual"\nunit = "antal"\ndirection = "increase"\n'
        + GOAL.format(key="g2")
        + INDICATOR.format(key="i")
        + 'kind = "manual"\nunit = "antal"\ndirection = "maintain"\n'
    )
    [(_, key, message)] = errors_of(text)
    assert key == "goals[1].indicators[0].key"
    assert message.startswith("dubblett: 'i' finns redan i goals[0].indicators[0]")


def test_responsibility_body_appears_once():
    body = '\n[[responsibilities]]\nbody = "committee"\nduties = ["Ansvarar"]\n'
    [(line, key, message)] = errors_of(MINIMAL + body + body)
    assert (line, key) == (17, "responsibilities[1].body")
    assert message.startswith("dubblett: 'committee'")


def test_responsibility_plural_body_is_rejected():
    text = MINIMAL + '\n[[responsibilities]]\nbody = "municipal_companies"\n'
    [(_, key, message)] = errors_of(text)
    assert key == "responsibilities[0].body"
    assert message.startswith("okänt värde 'municipal_companies' — tillåtna: council,")


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("5-31", "ska skrivas MM-DD"),
        ("13-01", "månaden ska vara 01–12"),
        ("04-31", "dagen finns inte i månad 04"),
        ("00-10", "månaden ska vara 01–12"),
    ],
)
def test_bad_month_day(value, fragment):
    text = MINIMAL + (
        '\n[[reporting]]\nkey = "t1"\nname = "T1"\nperiod_start = "01-01"\n'
        f'period_end = "04-30"\ndue = "{value}"\nreporters = ["committee"]\n'
        'recipient = "executive_board"\n'
    )
    [(line, key, message)] = errors_of(text)
    assert (line, key) == (17, "reporting[0].due")
    assert fragment in message


def test_leap_day_is_a_valid_month_day():
    text = MINIMAL + (
        '\n[[reporting]]\nkey = "feb"\nname = "Februari"\nperiod_start = "02-01"\n'
        'period_end = "02-29"\ndue = "03-15"\nreporters = ["committee"]\n'
        'recipient = "executive_board"\n'
    )
    assert parse_profile(text).reporting[0].period_end == "02-29"


ROUTINE = '\n[[routines]]\nkey = "{key}"\nrule = "{rule}"\n'


def test_routine_params_get_defaults():
    text = MINIMAL + ROUTINE.format(key="r", rule="application_inform_office")
    [routine] = parse_profile(text).routines
    assert routine.params == {
        "notify": "executive_office",
        "within_days": 7,
        "only_when_owner": True,
    }
    assert routine.requirement is None and routine.description == ""


def test_routine_params_must_be_a_table():
    text = MINIMAL + ROUTINE.format(key="r", rule="document_validity") + "params = 5\n"
    assert errors_of(text) == [
        (15, "routines[0].params", "fel typ: väntade tabell, fick heltal (5)")
    ]


def test_requirement_must_look_like_a_code():
    text = MINIMAL + ROUTINE.format(key="r", rule="document_validity") + 'requirement = "m 3"\n'
    [(_, key, message)] = errors_of(text)
    assert key == "routines[0].requirement"
    assert '"M3"' in message


def test_routine_keys_are_unique():
    text = (
        MINIMAL
        + ROUTINE.format(key="r", rule="document_validity")
        + ROUTINE.format(key="r", rule="document_validity")
    )
    [(line, key, _)] = errors_of(text)
    assert (line, key) == (17, "routines[1].key")


def test_missing_rule_is_located_at_the_routine_header():
    assert errors_of(MINIMAL + '\n[[routines]]\nkey = "r"\n') == [
        (12, "routines[0].rule", "obligatorisk nyckel 'rule' saknas")
    ]


def test_reporting_obligation_without_any_reporting_calendar():
    text = (
        MINIMAL
        + ROUTINE.format(key="r", rule="reporting_obligation")
        + '\n[routines.params]\nperiods = ["annual"]\n'
    )
    assert errors_of(text) == [
        (
            17,
            "routines[0].params.periods[0]",
            "okänd rapporteringsperiod 'annual' — finns: inga [[reporting]] finns",
        )
    ]


def test_wrong_typed_list_param():
    text = (
        MINIMAL
        + ROUTINE.format(key="r", rule="visit_representation")
        + '\n[routines.params]\nvisit_kinds = "official"\nbodies = ["kommunfullmäktige"]\n'
    )
    assert [(line, key) for line, key, _ in errors_of(text)] == [
        (17, "routines[0].params.visit_kinds"),
        (18, "routines[0].params.bodies"),
    ]


# --- Loading files --------------------------------------------------------------------------


def test_load_profile_file_names_errors_by_file_name(tmp_path):
    file = tmp_path / "kommun.toml"
    file.write_text(MINIMAL.replace('code = "0580"', 'code = "58"'), encoding="utf-8")
    with pytest.raises(ProfileInvalid) as raised:
        pf.load_profile_file(file)
    assert str(raised.value).startswith("kommun.toml:4: municipality.code: kommunkoden")


def test_seed_profile_paths_exist():
    for code in SEED_PROFILES:
        assert seed_profile_path(code).is_file()


# --- The locator ------------------------------------------------------------------------------

LOCATOR_SOURCE = """\
# a comment with [brackets] and "quotes"
top = 1

[document]
title = "x # not a comment"
keywords = [
  "EU",   # first
  "Internationellt arbete", ["nested",
    "deeper"],
]
summary = \"\"\"
[fake_table]
fake = 2
\"\"\"

[[areas]]
key = "a"

[[areas.items]]
key = "a1"

[[areas.items]]
key = "a2"

[[areas]]
key = "b"

[[areas.items]]
key = "b1"

[areas.meta]
dotted.inner = 3
"quoted key" = 4
inline = { x = 1, y = { z = [7, 8] } }
"""


@pytest.fixture(scope="module")
def locator():
    return SourceLocator(LOCATOR_SOURCE)


@pytest.mark.parametrize(
    ("path", "position"),
    [
        (("top",), (2, 1)),
        (("document",), (4, 1)),
        (("document", "title"), (5, 1)),
        (("document", "keywords"), (6, 1)),
        (("document", "keywords", 0), (7, 3)),
        (("document", "keywords", 1), (8, 3)),
        (("document", "keywords", 2), (8, 29)),
        (("document", "keywords", 2, 1), (9, 5)),
        (("document", "summary"), (11, 1)),
        (("areas",), (16, 1)),
        (("areas", 0), (16, 1)),
        (("areas", 0, "key"), (17, 1)),
        (("areas", 0, "items", 0), (19, 1)),
        (("areas", 0, "items", 1, "key"), (23, 1)),
        (("areas", 1), (25, 1)),
        (("areas", 1, "items", 0), (28, 1)),
        (("areas", 1, "items", 0, "key"), (29, 1)),
        (("areas", 1, "meta"), (31, 1)),
        (("areas", 1, "meta", "dotted"), (32, 1)),
        (("areas", 1, "meta", "dotted", "inner"), (32, 1)),
        (("areas", 1, "meta", "quoted key"), (33, 1)),
        (("areas", 1, "meta", "inline", "x"), (34, 12)),
        (("areas", 1, "meta", "inline", "y", "z", 0), (34, 30)),
        (("areas", 1, "meta", "inline", "y", "z", 1), (34, 33)),
    ],
)
def test_locator_finds_keys_headers_and_elements(locator, path, position):
    assert locator.locate(path) == position


def test_locator_does_not_mistake_text_in_multiline_strings_for_tables(locator):
    assert locator.locate(("fake_table",)) == (1, 1)
    assert locator.locate(("document", "fake")) == (4, 1)


def test_locator_falls_back_to_the_nearest_known_parent(locator):
    assert locator.locate(("areas", 0, "items", 1, "text")) == (22, 1)
    assert locator.locate(("areas", 1, "meta", "missing", 3)) == (31, 1)
    assert locator.locate(("nowhere", 1)) == (1, 1)
    assert locator.line_of(()) == 1


def test_locator_handles_quoted_and_dotted_headers():
    text = '[a."b.c"]\nk = 1\n[[a."b.c".list]]\nv = 2\n[ x . y ]\n'
    locator = SourceLocator(text)
    assert locator.locate(("a", "b.c", "k")) == (2, 1)
    assert locator.locate(("a", "b.c", "list", 0, "v")) == (4, 1)
    assert locator.locate(("x", "y")) == (5, 1)


def test_locator_indexes_nested_arrays_of_tables_per_parent():
    # The second [[goals.indicators]] under goals[1] is indicators[0] again.
    text = (
        "[[goals]]\n[[goals.indicators]]\n[[goals.indicators]]\n[[goals]]\n[[goals.indicators]]\n"
    )
    locator = SourceLocator(text)
    assert locator.locate(("goals", 0, "indicators", 1)) == (3, 1)
    assert locator.locate(("goals", 1, "indicators", 0)) == (5, 1)
    assert locator.locate(("goals", 1, "indicators", 1)) == (5, 1)  # falls back to parent


def test_locator_matches_tomllib_on_the_seed_profiles():
    """Every leaf the parser sees in a seed profile is located on a line that names it."""
    import tomllib

    for code in SEED_PROFILES:
        text = seed_profile_path(code).read_text(encoding="utf-8")
        lines = text.split("\n")
        locator = SourceLocator(text)
        for path, _ in _leaves(tomllib.loads(text)):
            line, _column = locator.locate(path)
            last_key = next(p for p in reversed(path) if isinstance(p, str))
            # The leaf's own key line, or (for list elements) a line at or after it.
            key_line = locator.line_of(path[: path.index(last_key) + 1])
            assert last_key in lines[key_line - 1], (code, path)
            assert line >= key_line, (code, path)


def _leaves(value, path=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    else:
        yield path, value


@given(st.text())
@settings(max_examples=300)
def test_locator_never_raises(text):
    locator = SourceLocator(text)
    line, column = locator.locate(("a", 0, "b"))
    assert line >= 1 and column >= 1


# --- Robustness and round-trip ----------------------------------------------------------------


@given(st.text())
@settings(max_examples=300)
def test_arbitrary_text_raises_only_profile_invalid(text):
    try:
        parse_profile(text, path="x.toml")
    except ProfileInvalid as exc:
        assert exc.errors
        assert all(isinstance(e, ProfileError) and e.line is not None for e in exc.errors)


TOML_FRAGMENTS = [
    "format = 1",
    "format = 2",
    "[municipality]",
    'code = "0580"',
    'name = "X"',
    "[document]",
    'title = "T"',
    'kind = "plan"',
    'status = "adopted"',
    "valid_from = 2020-01-01",
    "valid_to = 2019-01-01",
    "[[priority_areas]]",
    "[[priority_areas.commitments]]",
    'key = "a"',
    'text = "t"',
    "[[goals]]",
    "[[goals.indicators]]",
    'kind = "derived"',
    'metric = "foo"',
    "[[routines]]",
    'rule = "reporting_obligation"',
    "[routines.params]",
    'periods = ["t1"]',
    "params = { months = -1 }",
    "threshold_sek = 1.5",
    "tags = [1, [2], {a = 3}]",
    "x = 1979-05-27T07:32:00Z",
]


@given(st.lists(st.sampled_from(TOML_FRAGMENTS), max_size=25))
@settings(max_examples=300)
def test_toml_shaped_text_raises_only_profile_invalid(lines):
    errors = check_profile("\n".join(lines))
    lines_reported = [e.line for e in errors]
    assert lines_reported == sorted(lines_reported)


@given(st.data())
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
def test_seed_profiles_with_lines_removed_never_crash(data):
    code = data.draw(st.sampled_from(sorted(SEED_PROFILES)))
    lines = seed_profile_path(code).read_text(encoding="utf-8").split("\n")
    drop = data.draw(st.sets(st.integers(0, len(lines) - 1), max_size=6))
    text = "\n".join(line for i, line in enumerate(lines) if i not in drop)
    errors = check_profile(text)
    assert all(isinstance(e.line, int) and e.line >= 1 for e in errors)


# Strategies for valid profiles, to check dump_profile -> parse_profile round-trips.

slugs = st.from_regex(r"[a-z0-9_-]{1,10}", fullmatch=True)
texts = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=20).filter(
    str.strip
)
maybe_text = st.none() | texts
dates = st.dates(date(1990, 1, 1), date(2100, 12, 31))
years = st.integers(1900, 2200)


@st.composite
def month_days(draw):
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, pf._DAYS_IN_MONTH[month - 1]))
    return f"{month:02d}-{day:02d}"


def keyed(draw, count: int, prefix: str) -> list[str]:
    # A numeric prefix keeps generated keys unique without rejection sampling.
    return [f"{prefix}{i}-{draw(slugs)}" for i in range(count)]


@st.composite
def documents(draw, key):
    status = draw(st.sampled_from(DOCUMENT_STATUSES))
    adopted = status == "adopted"
    start, end = sorted([draw(dates), draw(dates)])
    replaced = []
    for _ in range(draw(st.integers(0, 2))):
        adopted_year = draw(st.none() | years)
        revised = draw(st.none() | st.integers(adopted_year or 1900, 2200))
        adopted_by = draw(st.none() | st.sampled_from(BODIES))
        replaced.append(ReplacedDocument(draw(texts), adopted_by, adopted_year, revised))
    return DocumentMeta(
        key=key,
        title=draw(texts),
        kind=draw(st.sampled_from(DOCUMENT_KINDS)),
        status=status,
        adopted_by=draw(st.none() | st.sampled_from(BODIES)),
        adopted_on=draw(st.none() | dates) if adopted else None,
        adopted_paragraph=draw(maybe_text) if adopted else None,
        valid_from=draw(st.none() | st.just(start)),
        valid_to=draw(st.none() | st.just(end)),
        registry_number=draw(maybe_text),
        owner=draw(maybe_text),
        addressed_to=draw(maybe_text),
        review_date=draw(st.none() | dates),
        review_interval=draw(st.none() | st.sampled_from(pf.REVIEW_INTERVALS)),
        keywords=tuple(draw(st.lists(texts, unique=True, max_size=3))),
        replaces=tuple(replaced),
        summary=draw(st.just("") | texts),
    )


@st.composite
def indicators(draw, key):
    kind = draw(st.sampled_from(pf.INDICATOR_KINDS))
    finite = st.floats(allow_nan=False, allow_infinity=False)
    baseline_year = draw(st.none() | years)
    return Indicator(
        key=key,
        name=draw(texts),
        kind=kind,
        metric=draw(st.sampled_from(sorted(DERIVED_METRICS))) if kind == "derived" else None,
        unit=draw(texts),
        baseline=draw(st.none() | finite),
        baseline_year=baseline_year,
        target=draw(st.none() | finite),
        target_year=draw(st.none() | st.integers(baseline_year or 1900, 2200)),
        direction=draw(st.sampled_from(pf.DIRECTIONS)),
    )


def param_value(draw, spec):
    if spec.type == "int":
        return draw(st.integers(spec.min if spec.min is not None else -(10**6), 10**9))
    if spec.type == "bool":
        return draw(st.booleans())
    if spec.type == "str":
        return draw(st.just("") | texts)
    if spec.type == "decimal":
        return draw(st.floats(min_value=spec.min, allow_nan=False, allow_infinity=False))
    if spec.type == "choice":
        return draw(st.sampled_from(spec.choices))
    if spec.type == "list[choice]":
        return draw(st.lists(st.sampled_from(spec.choices), unique=True, min_size=spec.min or 0))
    return draw(st.lists(texts, unique=True, min_size=spec.min or 0, max_size=3))


@st.composite
def routine_params(draw, rule, reporting):
    params = {name: param_value(draw, spec) for name, spec in RULE_TYPES[rule].params.items()}
    if rule == "no_new_twin_towns":
        params["since"] = draw(st.just("") | dates.map(date.isoformat))
    if rule == "support_legal_ground":
        params["default_legal_ground"] = draw(texts)
    if rule == "contact_person_per_unit":
        required = set(params["required_kinds"])
        params["optional_kinds"] = [k for k in params["optional_kinds"] if k not in required]
    if rule == "reporting_obligation":
        period = draw(st.sampled_from(reporting))
        params["periods"] = [period.key]
        params["reporters"] = draw(
            st.lists(st.sampled_from(period.reporters), unique=True, min_size=1)
        )
    return params


def checks_of(rule: str, params: dict, reporting) -> tuple:
    """Random routines in the general vocabulary: format 1's rule types, converted."""
    context = Context(periods=frozenset(p.key for p in reporting))
    found = []
    for raw in to_checks(rule, params):
        check, problems = parse_check(raw, context)
        assert not problems, problems
        found.append(check)
    return tuple(found)


ORGANISATIONS = sorted(pf.organisation_codes().items())


@st.composite
def profiles(draw):
    areas = []
    commitment_count = 0
    for key in keyed(draw, draw(st.integers(0, 3)), "a"):
        n = draw(st.integers(0, 3))
        commitments = tuple(Commitment(f"c{commitment_count + i}", draw(texts)) for i in range(n))
        commitment_count += n
        tags = tuple(draw(st.lists(slugs, unique=True, max_size=3)))
        areas.append(PriorityArea(key, draw(texts), draw(st.just("") | texts), commitments, tags))
    area_keys = [a.key for a in areas]
    goals = []
    indicator_count = 0
    for key in keyed(draw, draw(st.integers(0, 3)), "g"):
        n = draw(st.integers(0, 2))
        goal_indicators = tuple(draw(indicators(f"i{indicator_count + i}")) for i in range(n))
        indicator_count += n
        area = draw(st.none() | st.sampled_from(area_keys)) if area_keys else None
        goals.append(Goal(key, draw(texts), draw(st.just("") | texts), area, goal_indicators))
    bodies = draw(st.lists(st.sampled_from(BODIES), unique=True, max_size=3))
    responsibilities = tuple(
        Responsibility(
            body,
            tuple(draw(st.lists(texts, unique=True, max_size=2))),
            tuple(draw(st.lists(st.sampled_from(RESPONSIBILITY_DECISIONS), unique=True))),
        )
        for body in bodies
    )
    reporting = tuple(
        ReportingPeriod(
            key,
            draw(texts),
            draw(month_days()),
            draw(month_days()),
            draw(month_days()),
            tuple(draw(st.lists(st.sampled_from(REPORTER_KINDS), unique=True, min_size=1))),
            draw(st.sampled_from(BODIES)),
        )
        for key in keyed(draw, draw(st.integers(0, 2)), "p")
    )
    documents_ = tuple(draw(documents(key)) for key in keyed(draw, draw(st.integers(1, 2)), "d"))
    rules = sorted(r for r in RULE_TYPES if reporting or r != "reporting_obligation")
    routines = []
    for key in keyed(draw, draw(st.integers(0, 4)), "r"):
        rule = draw(st.sampled_from(rules))
        checks = checks_of(rule, draw(routine_params(rule, reporting)), reporting)
        if not checks:
            continue
        routines.append(
            Routine(
                key,
                draw(st.none() | st.from_regex(r"[A-Z]{1,2}[0-9]{1,2}", fullmatch=True)),
                draw(st.just("") | texts),
                checks,
                draw(st.sampled_from([d.key for d in documents_])),
            )
        )
    code, (_, kind) = draw(st.sampled_from(ORGANISATIONS))
    return Profile(
        2,
        OrganisationRef(code, draw(texts), kind),
        documents_,
        (),
        tuple(areas),
        tuple(goals),
        responsibilities,
        reporting,
        tuple(routines),
    )


@given(profiles())
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_valid_profile_round_trips_through_dump(profile):
    text = dump_profile(profile)
    assert check_profile(text) == []
    assert parse_profile(text) == profile


def test_seed_profiles_round_trip_through_dump():
    for code in SEED_PROFILES:
        profile = pf.load_profile_file(seed_profile_path(code))
        assert parse_profile(dump_profile(profile)) == profile


# --- The rule catalogue -------------------------------------------------------------------------


def test_catalogue_has_exactly_the_fifteen_rule_types():
    assert list(RULE_TYPES) == [
        "application_inform_office",
        "application_budget_information_matter",
        "application_alignment_confirmation",
        "membership_decision_body",
        "membership_review_interval",
        "no_new_twin_towns",
        "agreement_limits",
        "decision_required",
        "visit_representation",
        "twin_town_visit_notice",
        "support_legal_ground",
        "reporting_obligation",
        "document_validity",
        "project_closure_lessons",
        "contact_person_per_unit",
    ]


@pytest.mark.parametrize("rule", list(RULE_TYPES))
def test_rule_type_specs_are_consistent(rule):
    spec = RULE_TYPES[rule]
    assert spec.name == rule and spec.title_sv and spec.description
    assert spec.requirement_examples
    assert all(re.fullmatch(r"[A-Z][0-9]", r) for r in spec.requirement_examples)
    for name, param in spec.params.items():
        assert param.type in PARAM_TYPES, name
        assert param.help, name
        assert (param.choices is not None) == ("choice" in param.type), name
        if param.required:
            assert param.default is None, name


@pytest.mark.parametrize("rule", list(RULE_TYPES))
def test_rule_type_defaults_pass_their_own_validation(rule):
    samples = {"int": 1, "list[str]": ["annual"], "list[choice]": None}
    given_params = {}
    for name, param in RULE_TYPES[rule].params.items():
        if param.required:
            sample = samples[param.type]
            given_params[name] = [param.choices[0]] if sample is None else sample
    filled, problems = validate_params(rule, given_params)
    assert problems == []
    assert set(filled) == set(RULE_TYPES[rule].params)


def test_validate_params_returns_fresh_lists():
    filled, _ = validate_params("agreement_limits", {})
    filled["kinds"].append("twin_town")
    again, _ = validate_params("agreement_limits", {})
    assert again["kinds"] == [
        "cooperation_agreement",
        "partner_city",
        "memorandum_of_understanding",
        "letter_of_intent",
    ]


def test_validate_params_unknown_rule():
    filled, problems = validate_params("foo", {"x": 1})
    assert filled == {}
    [(key, message)] = problems
    assert key == ""
    assert message.startswith("okänd regeltyp 'foo' — tillåtna: application_inform_office, ")


@pytest.mark.parametrize(
    ("rule", "params", "expected"),
    [
        (
            "application_budget_information_matter",
            {"threshold_sek": "tolv"},
            [("threshold_sek", "fel typ: väntade heltal, fick text ('tolv')")],
        ),
        (
            "application_budget_information_matter",
            {"threshold_sek": -1},
            [("threshold_sek", "värdet får inte vara negativt (fick -1)")],
        ),
        (
            "membership_review_interval",
            {"months": 0},
            [("months", "värdet måste vara minst 1 (fick 0)")],
        ),
        (
            "application_inform_office",
            {"within_days": True},
            [("within_days", "fel typ: väntade heltal, fick sant/falskt (True)")],
        ),
        (
            "application_inform_office",
            {"only_when_owner": "ja"},
            [("only_when_owner", "fel typ: väntade sant/falskt (true/false), fick text ('ja')")],
        ),
        (
            "decision_required",
            {"subjects": []},
            [("subjects", "listan måste ha minst 1 värde(n)")],
        ),
        (
            "decision_required",
            {"subjects": ["declaration", "declaration"]},
            [("subjects", "värdet 'declaration' förekommer mer än en gång i listan")],
        ),
        (
            "visit_representation",
            {"bodies": ["council", 3]},
            [("bodies", "fel typ i listan: väntade text, fick heltal (3)")],
        ),
        (
            "no_new_twin_towns",
            {"since": "2003-02-30"},
            [("since", "'2003-02-30' är inget datum på formen ÅÅÅÅ-MM-DD")],
        ),
        (
            "contact_person_per_unit",
            {"required_kinds": ["committee"], "optional_kinds": ["committee"]},
            [("optional_kinds", "'committee' står både i required_kinds och optional_kinds")],
        ),
        (
            "membership_decision_body",
            {"single_unit": "nämnden"},
            [
                (
                    "single_unit",
                    "okänt värde 'nämnden' — tillåtna: owning_unit, council, executive_board, "
                    "executive_office, committee, municipal_company, administration, "
                    "municipal_director",
                )
            ],
        ),
        (
            "document_validity",
            {"review": "yearly"},
            [
                (
                    "review",
                    "okänd parameter 'review' för document_validity "
                    "(tillåtna: review_months_before, review_every)",
                )
            ],
        ),
    ],
)
def test_validate_params_reports_swedish_errors(rule, params, expected):
    assert validate_params(rule, params)[1] == expected


def test_derived_metrics_are_the_fourteen_of_the_brief():
    assert set(DERIVED_METRICS) == {
        "external_funding_applied_sek",
        "external_funding_granted_sek",
        "applications_count",
        "applications_granted_count",
        "application_success_rate",
        "children_young_participants",
        "staff_participants",
        "elected_participants",
        "projects_with_municipalities_abroad",
        "share_units_with_international_activity",
        "conferences_hosted",
        "study_visits_received",
        "memberships_reviewed_on_time_share",
        "lessons_learned_count",
    }
    assert all(label and label[0].isupper() for label in DERIVED_METRICS.values())


# --- Documentation stays in step with the code ------------------------------------------------


def test_the_documentation_carries_the_reference_generated_from_the_code():
    from utblick.policy.reference_doc import markdown

    assert markdown() in DOCS.read_text(encoding="utf-8"), (
        "docs/policy-profiles.md: utblick profile reference --write docs/policy-profiles.md"
    )


def test_the_published_json_schema_is_the_one_the_code_writes():
    import json

    from utblick.policy.schema import profile_schema

    published = json.loads((DOCS.parent / "policy-profile.schema.json").read_text(encoding="utf-8"))
    assert published == json.loads(json.dumps(profile_schema())), (
        "utblick profile schema > docs/policy-profile.schema.json"
    )


def test_documentation_lists_every_rule_param_metric_and_vocabulary_value():
    doc = re.sub(r"^```.*?^```", "", DOCS.read_text(encoding="utf-8"), flags=re.M | re.S)
    words = set(re.findall(r"`([^`\n]+)`", doc))
    expected = set(RULE_TYPES) | set(DERIVED_METRICS)
    for spec in RULE_TYPES.values():
        expected |= set(spec.params)
    for vocabulary in (
        BODIES,
        DOCUMENT_KINDS,
        DOCUMENT_STATUSES,
        RESPONSIBILITY_DECISIONS,
        REPORTER_KINDS,
        pf.REVIEW_INTERVALS,
        pf.INDICATOR_KINDS,
        pf.DIRECTIONS,
    ):
        expected |= set(vocabulary)
    for keys in pf._ALLOWED_KEYS.values():
        expected |= set(keys)
    missing = sorted(expected - words)
    assert not missing, f"docs/policy-profiles.md does not mention: {missing}"
