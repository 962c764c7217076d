"""Importing the portal's search responses: the real samples, our sample, re-import, rejection."""

import datetime as dt
import json
from decimal import Decimal

import pytest

from utblick.monitoring.calls_import import PortalFormatError, calls_import
from utblick.monitoring.models import CallStatus, FundingCall
from utblick.monitoring.tests.conftest import REAL, SAMPLE

pytestmark = pytest.mark.django_db


def _import(path, **kwargs):
    return calls_import(path.read_bytes(), source_name=path.name, **kwargs)


# --- The three real responses ----------------------------------------------------------------


def test_it_imports_the_real_forthcoming_erasmus_topic_whose_file_starts_with_an_empty_line():
    assert REAL["erasmus"].read_bytes().startswith(b"\n")
    report = _import(REAL["erasmus"])
    assert report.created == ["ERASMUS-EDU-2025-PI-ALL-INNO-EDU-ENTERP"]
    call = FundingCall.objects.get()
    assert call.status == CallStatus.FORTHCOMING
    assert call.title == "Alliances for Education and Enterprises"
    assert call.call_identifier == "ERASMUS-EDU-2025-PI-ALL-INNO"
    assert call.programme.code == "ERASMUS+"
    assert call.deadline == dt.date(
        2025, 3, 6
    )  # "2025-03-06T00:00:00.000+0100": the date as written
    assert call.deadline_time is None
    assert call.opening_date == dt.date(2024, 12, 5)
    # The budget line is shared with the BLUEPRINT topic: taken once and flagged, not summed.
    assert call.budget_eur == Decimal("62000000")
    assert call.budget_shared is True
    assert "Circular economy" in call.keywords
    assert "<" not in call.description and "Alliances for Innovation" in call.description
    assert call.url.endswith("/topic-details/ERASMUS-EDU-2025-PI-ALL-INNO-EDU-ENTERP")
    assert call.checksum == "D43F600E7CEB16EDD0606355EEDC06BCC1F63EC850B92FE0A1D8F35049988AA2"


def test_it_imports_the_real_open_pilot_project_topic():
    report = _import(REAL["pppa"])
    assert report.created == ["PPPA-2024-SKILL-FOR-TOURISM"]
    call = FundingCall.objects.get()
    assert call.status == CallStatus.OPEN
    assert call.programme.code == "PPPA"
    assert call.deadline == dt.date(2025, 2, 13)
    assert call.budget_eur == Decimal("1000000") and call.budget_shared is False
    assert "Tourism" in call.tags
    assert call.source_reference == "47294886TOPICSen"


def test_it_reads_the_real_response_with_raw_control_characters_and_skips_its_bulgarian_copy():
    raw = REAL["one_result"].read_text(encoding="utf-8")
    additional = json.loads(raw)["results"][0]["metadata"]["additionalInfos"][0]
    with pytest.raises(json.JSONDecodeError):
        json.loads(additional)  # a strict parser rejects the embedded JSON
    report = _import(REAL["one_result"])
    assert report.results == 1 and report.created == []
    assert [s.reason for s in report.skipped] == [
        "a copy in language bg; only English copies are kept"
    ]
    assert FundingCall.objects.count() == 0


def test_the_bulgarian_copy_imports_when_every_language_is_asked_for():
    report = _import(REAL["one_result"], languages=None)
    assert report.created == ["EUAF-2023-TRAI-03"]
    call = FundingCall.objects.get()
    assert call.status == CallStatus.CLOSED
    assert call.deadline_model == "single-stage"
    # "2023-05-11T02:00:00.000+0200" is midnight UTC: the date, not the day before.
    assert call.deadline == dt.date(2023, 5, 11)
    assert call.opening_date == dt.date(2023, 3, 9)
    assert call.budget_eur == Decimal("900000") and call.budget_shared is True
    # Union Anti-fraud Programme: not in the catalogue, so no programme but the raw id kept.
    assert call.programme is None and call.programme_ref == "43251842"
    assert report.unknown_programmes == {"43251842": ["EUAF-2023-TRAI-03"]}


# --- Our sample ------------------------------------------------------------------------------


def test_it_imports_our_sample_of_at_least_fifty_calls(sample_calls):
    assert sample_calls.results == 75
    assert len(sample_calls.created) == FundingCall.objects.count() == 68
    assert sample_calls.updated == [] and sample_calls.unchanged == []
    programmes = set(
        FundingCall.objects.exclude(programme=None).values_list("programme__code", flat=True)
    )
    assert {
        "ERASMUS+",
        "CERV",
        "LIFE",
        "HORIZON",
        "CREA",
        "EU4H",
        "DIGITAL",
        "ESC",
        "AMIF-UA",
    } <= programmes


def test_it_says_why_it_skipped_each_result(sample_calls):
    reasons = {s.identifier or s.reference: s.reason for s in sample_calls.skipped}
    assert reasons == {
        "ERASMUS-YOUTH-2027-EYT": "a copy in language bg; only English copies are kept",
        "CERV-2027-CITIZENS-TOWN-NT": "the same reference as results[13]",
        "LIFE-2027-CET-LOCAL": "a SEDIA_PRD_CENTRICITY copy; the SEDIA copy (results[29]) is kept",
        "HORIZON-INFRA-2024-EOSC-01-03": "unknown status code 310945031",
        "FAQ-19884en": "an FAQ entry (SEDIA_FAQ), not an opportunity",
        "EC-COMM-2027-OP-0042": "a tender, not a grant",
        "DIGITAL-2027-FSTP-OC1": (
            "a cascade funding call (financial support to third parties), not a portal topic"
        ),
    }


def test_the_sedia_copy_wins_over_the_legacy_copy_that_came_first(sample_calls):
    call = FundingCall.objects.get(identifier="LIFE-2027-CET-LOCAL")
    assert call.datasource == "SEDIA"
    assert call.deadline == dt.date(2027, 9, 21) and call.deadline_time == dt.time(17, 0)


def test_a_second_import_of_the_same_file_changes_nothing(sample_calls):
    history = FundingCall.history.count()
    again = _import(SAMPLE)
    assert again.created == [] and again.updated == []
    assert len(again.unchanged) == 68
    assert FundingCall.objects.count() == 68
    assert FundingCall.history.count() == history


def test_a_changed_call_is_updated_in_place_with_its_history(sample_calls, tmp_path):
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    first = data["results"][0]
    assert first["metadata"]["identifier"] == ["ERASMUS-YOUTH-2027-EYT"]
    first["metadata"]["deadlineDate"] = ["2027-03-19T17:00:00.000+0000"]
    first["metadata"]["status"] = ["31094503"]
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(data), encoding="utf-8")
    report = _import(changed)
    assert report.updated == ["ERASMUS-YOUTH-2027-EYT"] and report.created == []
    call = FundingCall.objects.get(identifier="ERASMUS-YOUTH-2027-EYT")
    assert call.deadline == dt.date(2027, 3, 19) and call.status == CallStatus.CLOSED
    assert call.history.count() == 2
    assert call.history.earliest().deadline == dt.date(2027, 3, 5)
    assert FundingCall.objects.count() == 68


# --- Deadlines -------------------------------------------------------------------------------


def test_a_two_stage_topic_keeps_both_stages(sample_calls):
    call = FundingCall.objects.get(identifier="HORIZON-CL5-2027-D6-01-05-two-stage")
    assert call.deadline_model == "two-stage"
    assert call.deadlines == ["2027-02-04T17:00", "2027-09-14T17:00"]
    assert call.deadline == dt.date(2027, 2, 4)
    assert call.second_stage_deadline == dt.date(2027, 9, 14)
    assert call.final_deadline == dt.date(2027, 9, 14)


def test_a_multiple_cut_off_topic_gives_the_next_future_cut_off_and_the_final_one(sample_calls):
    call = FundingCall.objects.get(identifier="DIGITAL-2027-CYBER-06-SUPPORT")
    assert call.deadline_model == "multiple cut-off"
    assert call.second_stage_deadline is None
    assert call.final_deadline == dt.date(2027, 7, 1)
    assert call.next_deadline(dt.date(2026, 11, 22)).date == dt.date(2027, 3, 4)
    assert call.next_deadline(dt.date(2027, 3, 5)).date == dt.date(2027, 7, 1)
    assert call.next_deadline(dt.date(2027, 7, 2)) is None


def test_deadline_clock_times_are_not_converted_to_another_time_zone(sample_calls):
    # "…T19:00:00.000+0200" is 17:00 UTC, which is the Brussels deadline: 17:00.
    closed = FundingCall.objects.get(identifier="LIFE-2026-SAP-CLIMA-CCA")
    assert (closed.deadline, closed.deadline_time) == (dt.date(2026, 9, 23), dt.time(17, 0))
    assert closed.status == CallStatus.CLOSED


# --- Programmes ------------------------------------------------------------------------------


def test_programmes_are_mapped_from_the_portal_id_and_unknown_ids_are_kept_raw(sample_calls):
    by_id = {c.identifier: c for c in FundingCall.objects.select_related("programme")}
    assert by_id["CERV-2027-CITIZENS-TOWN-TT"].programme.code == "CERV"
    assert by_id["I3-2027-INV1"].programme.code == "I3"
    unknown = by_id["NRPP-2027-RADWASTE-01"]
    assert unknown.programme is None and unknown.programme_ref == "43298664"
    assert sample_calls.unknown_programmes["43298664"] == ["NRPP-2027-RADWASTE-01"]


# --- Malformed files are rejected whole; a bad result or field costs only itself --------------------------------------------------------


def _rejected(text: str) -> PortalFormatError:
    with pytest.raises(PortalFormatError) as caught:
        calls_import(text, source_name="bad.json")
    assert FundingCall.objects.count() == 0
    return caught.value


def test_a_file_that_is_not_json_is_rejected_with_line_and_column():
    error = _rejected('{\n  "results": [\n    {"metadata": }\n  ]\n}')
    assert error.where == "line 3, column 18"
    assert str(error).startswith("line 3, column 18: not JSON")


def test_a_file_of_the_wrong_shape_is_rejected():
    assert _rejected('{"apiVersion": "2.151"}').where == "the top level"
    assert _rejected('{"results": {}}').where == "results"
    assert _rejected('"results"').where == "the top level"
    assert _rejected("").where == "the file"


def _sample_with(change) -> tuple[dict, str]:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    change(data["results"])
    return data, json.dumps(data)


def test_an_unreadable_date_costs_that_field_with_a_warning_not_the_call_or_the_file():
    clean = calls_import(SAMPLE.read_text(encoding="utf-8"), source_name="clean.json")
    FundingCall.objects.all().delete()
    data, text = _sample_with(
        lambda results: results[5]["metadata"].update(deadlineDate=["next spring"])
    )
    report = calls_import(text, source_name="bad.json")
    identifier = data["results"][5]["metadata"]["identifier"][0]
    assert [str(w) for w in report.warnings] == [
        f"results[5].metadata.deadlineDate[0] ({identifier}): not a date: 'next spring'; "
        "imported without it"
    ]
    assert len(report.created) == len(clean.created)  # the call is kept, with the rest
    assert FundingCall.objects.filter(identifier=identifier).exists()


def test_a_budget_cut_off_in_one_result_costs_that_budget_only():
    def cut(results):
        overview = results[5]["metadata"].get("budgetOverview") or ['{"budgetTopicActionMap": {}}']
        results[5]["metadata"]["budgetOverview"] = [overview[0][: len(overview[0]) // 2]]

    data, text = _sample_with(cut)
    report = calls_import(text, source_name="cut.json")
    identifier = data["results"][5]["metadata"]["identifier"][0]
    [warning] = report.warnings
    assert warning.where == "results[5].metadata.budgetOverview"
    assert warning.identifier == identifier and "not JSON inside the string" in warning.problem
    assert FundingCall.objects.get(identifier=identifier).budget_eur is None
    assert "1 fält kunde inte läsas" in report.summary()


def test_a_result_that_cannot_be_read_is_skipped_with_its_place_and_the_rest_imported():
    clean = calls_import(SAMPLE.read_text(encoding="utf-8"), source_name="clean.json")
    FundingCall.objects.all().delete()

    def spoil(results):
        results[7]["metadata"]["identifier"] = "ESC-2027-VTV"  # a string, not a list
        results[3] = ["not", "an", "object"]

    _, text = _sample_with(spoil)
    report = calls_import(text, source_name="bad.json")
    reasons = {s.index: s.reason for s in report.skipped}
    assert reasons[7].startswith("unreadable: results[7].metadata.identifier: expected a list")
    assert reasons[3] == "unreadable: results[3]: expected a result object, found a list"
    assert len(report.created) >= len(clean.created) - 2


def test_a_list_of_results_and_a_single_result_are_accepted_too():
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    report = calls_import(json.dumps(data["results"][:3]), source_name="list.json")
    assert len(report.created) == 2 and len(report.skipped) == 1  # the second is the bg copy
    single = calls_import(json.dumps(data["results"][4]), source_name="one.json")
    assert single.results == 1 and len(single.created) == 1
