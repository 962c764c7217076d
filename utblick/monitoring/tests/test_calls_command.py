"""`utblick calls import|match` and their output."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from utblick.monitoring.models import FundingCall
from utblick.monitoring.tests.conftest import REAL, SAMPLE, load_seed_profile

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("calls", *args, stdout=out, stderr=out)
    return out.getvalue()


def test_import_prints_created_updated_and_skipped_with_reasons():
    output = run("import", str(SAMPLE))
    assert output.splitlines()[0] == (
        "calls_sample.json: 75 träffar – 68 nya, 0 ändrade, 0 oförändrade, 7 hoppades över"
    )
    assert "  ny: ERASMUS-YOUTH-2027-EYT" in output
    assert (
        "  hoppade över results[1] ERASMUS-YOUTH-2027-EYT: a copy in language bg; "
        "only English copies are kept" in output
    )
    assert "  okänt program-id 43298664 (sparat utan program): NRPP-2027-RADWASTE-01" in output
    again = run("import", str(SAMPLE))
    assert "0 nya, 0 ändrade, 68 oförändrade" in again
    assert FundingCall.objects.count() == 68


def test_import_of_several_files_with_one_malformed_imports_the_good_ones_and_fails(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"results": {"metadata": []}}', encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("calls", "import", str(REAL["pppa"]), str(bad), stdout=out, stderr=out)
    assert caught.value.returncode == 1
    assert f"{bad}: results: expected a list of results – inget lästes in" in out.getvalue()
    assert list(FundingCall.objects.values_list("identifier", flat=True)) == [
        "PPPA-2024-SKILL-FOR-TOURISM"
    ]


def test_an_unreadable_field_is_a_warning_and_the_call_is_imported(tmp_path):
    bad = tmp_path / "one-bad-date.json"
    bad.write_text(
        '{"results": [{"metadata": {"identifier": ["X"], "type": ["1"], '
        '"language": ["en"], "status": ["31094502"], "title": ["T"], '
        '"deadlineDate": ["never"]}}]}',
        encoding="utf-8",
    )
    output = run("import", str(bad))
    assert "  varning: results[0].metadata.deadlineDate[0] (X): not a date: 'never'; " in output
    assert FundingCall.objects.get(identifier="X").deadline is None


def test_import_with_every_language(tmp_path):
    output = run("import", "--language", "any", str(REAL["one_result"]))
    assert "  ny: EUAF-2023-TRAI-03" in output


def test_match_prints_the_ranked_calls_per_priority_area_with_the_matched_words():
    run("import", str(SAMPLE))
    load_seed_profile("1445", "essunga")
    output = run("match", "--municipality", "1445", "--today", "2026-11-22", "--limit", "3")
    lines = output.splitlines()
    assert "Barn och ungdomar" in lines
    at = lines.index("Barn och ungdomar")
    assert lines[at + 1].startswith(
        "  1. ESC-2027-VTV – Volunteering Teams in High Priority Areas [öppen, sista dag 2027-02-19"
    )
    assert lines[at + 2].startswith("     matchade ord: ")
    assert "volunteering (volontärsamverkan)" in lines[at + 2]
    assert output.count("  1. ") == 3  # one per priority area


def test_match_needs_a_known_municipality_with_a_profile():
    with pytest.raises(CommandError):
        run("match", "--municipality", "0000")
    with pytest.raises(CommandError):
        run("match", "--municipality", "0114")  # Upplands Väsby: no profile loaded


class FakeResponse:
    def __init__(self, body: bytes):
        self.body = body

    def read(self):
        return self.body

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_fetch_posts_multipart_json_parts_page_by_page_until_an_empty_page(monkeypatch):
    import json
    import urllib.request

    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))
    pages = {1: sample["results"][:40], 2: sample["results"][40:], 3: []}
    seen = []

    def urlopen(request, timeout):
        seen.append(request)
        number = int(request.full_url.split("pageNumber=")[1])
        return FakeResponse(json.dumps({**sample, "results": pages[number]}).encode())

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    output = run("fetch", "--programme", "43353764")
    assert len(seen) == 3
    first = seen[0]
    assert first.get_method() == "POST"
    assert first.full_url.startswith(
        "https://api.tech.ec.europa.eu/search-api/prod/rest/search?apiKey=SEDIA&text=***"
    )
    content_type = first.get_header("Content-type")
    assert content_type.startswith("multipart/form-data; boundary=")
    body = first.data.decode()
    assert body.count("Content-Type: application/json") == 3
    assert 'name="query"' in body and 'name="languages"' in body and '["en"]' in body
    assert '{"terms": {"frameworkProgramme": ["43353764"]}}' in body
    assert "68 nya" in output
    assert FundingCall.objects.count() == 68
