"""The portal format's reading core, without Django or a database."""

import datetime as dt
import subprocess
import sys
from decimal import Decimal

import pytest

from utblick.monitoring.ft_portal import (
    Deadline,
    PortalFormatError,
    load_lenient_json,
    next_deadline,
    portal_deadline,
    read_portal_document,
    strip_html,
    topic_budget,
    topic_url,
)
from utblick.monitoring.tests.conftest import REAL, SAMPLE


def test_it_does_not_need_django():
    code = (
        "import sys, utblick.monitoring.ft_portal as p, utblick.monitoring.matching as m, "
        "utblick.monitoring.ical as i; assert 'django' not in sys.modules, sorted(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-11-27T17:00:00.000+0000", Deadline(dt.date(2024, 11, 27), dt.time(17, 0))),
        ("2024-04-18T19:00:00.000+0200", Deadline(dt.date(2024, 4, 18), dt.time(17, 0))),
        ("2023-05-11T02:00:00.000+0200", Deadline(dt.date(2023, 5, 11))),
        ("2025-03-06T00:00:00.000+0100", Deadline(dt.date(2025, 3, 6))),
        ("2027-09-14T00:00:00.000+0000", Deadline(dt.date(2027, 9, 14))),
        ("2027-04-08", Deadline(dt.date(2027, 4, 8))),
        ("09 March 2023", Deadline(dt.date(2023, 3, 9))),
    ],
)
def test_deadlines_are_read_as_the_portal_means_them(value, expected):
    assert portal_deadline(value) == expected


def test_a_date_that_is_not_a_date_is_located():
    with pytest.raises(PortalFormatError) as caught:
        portal_deadline("soon", where="results[0].metadata.deadlineDate[0]")
    assert str(caught.value) == "results[0].metadata.deadlineDate[0]: not a date: 'soon'"


def test_next_deadline_is_the_first_on_or_after_today():
    cut_offs = [Deadline(dt.date(2027, 1, 10)), Deadline(dt.date(2027, 5, 10))]
    assert next_deadline(cut_offs, dt.date(2027, 1, 10)) == cut_offs[0]
    assert next_deadline(cut_offs, dt.date(2027, 1, 11)) == cut_offs[1]
    assert next_deadline(cut_offs, dt.date(2027, 6, 1)) is None


def test_lenient_json_accepts_control_characters_a_bom_and_leading_blank_lines():
    assert load_lenient_json('\ufeff\n\n{"a": "line\nbreak"}') == {"a": "line\nbreak"}
    assert load_lenient_json(b"\xef\xbb\xbf[1]") == [1]
    with pytest.raises(PortalFormatError) as caught:
        load_lenient_json(b"\xff\xfe")
    assert caught.value.where == "the file"


def test_only_the_budget_entries_of_this_topic_count():
    overview = {
        "budgetTopicActionMap": {
            "1": [
                {"action": "TOPIC-01 - RIA", "budgetYearMap": {"2026": "1000", "2027": 500}},
                {"action": "TOPIC-01-two-stage - RIA", "budgetYearMap": {"2026": "9999"}},
            ],
            "2": [{"action": "TOPIC-02 - CSA", "budgetYearMap": {"2026": "7"}}],
        }
    }
    assert topic_budget(overview, "TOPIC-01") == (Decimal("1500"), True)
    assert topic_budget(overview, "TOPIC-02") == (Decimal("7"), False)
    assert topic_budget(overview, "TOPIC-03") == (None, False)
    assert topic_budget({}, "TOPIC-01") == (None, False)


def test_html_is_stripped_to_lines_of_text():
    html = '<span class="x">Scope:</span><p>Cities &amp; towns<br/>in <b>Europe</b>&nbsp;now</p>'
    assert strip_html(html) == "Scope:\nCities & towns\nin Europe now"


def test_legacy_data_urls_become_the_topic_page():
    legacy = "https://ec.europa.eu/info/funding-tenders/opportunities/data/topicDetails/X-1.json"
    assert topic_url(legacy, "X-1").endswith("/portal/screen/opportunities/topic-details/X-1")
    assert topic_url("https://example.org/t", "X-1") == "https://example.org/t"


def test_the_sample_reads_in_milliseconds_and_the_real_samples_read():
    document = read_portal_document(SAMPLE.read_bytes())
    assert len(document.calls) == 68 and len(document.skipped) == 7
    for path in REAL.values():
        read_portal_document(path.read_bytes(), languages=None)
