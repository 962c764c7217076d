"""Swedish by default, English on request; the committed English catalogue (.mo) is the .po compiled."""

import ast
import gettext
import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.functional import Promise

from utblick.factories import ReportingPeriodFactory
from utblick.imports.tests.files import csv_bytes
from utblick.policy.models import Goal, Indicator
from utblick.registry import REGISTERS
from utblick.reporting.models import ReportRun

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
# Where every string must be translated: the web interface itself, the import pages and the
# follow-up pages. The generated report documents (reporting/templates/reporting/document/,
# pdf/, public.html) stay Swedish and never enter the catalogue.
MUST_TRANSLATE = ("utblick/web/", "utblick/imports/", "utblick/reporting/")


def _unquote(chunk: str) -> str:
    """A .po string's quoted lines joined, its C escapes (newline, quote) read as Python's."""
    return "".join(ast.literal_eval(line) for line in re.findall(r'"(?:[^"\\]|\\.)*"', chunk))


def parse_po(path: Path) -> list[dict]:
    """The .po's entries (msgid, plural, msgstr(s), flags, locations): a few lines, no library."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        if "msgid" not in block or block.lstrip().startswith("#~"):
            continue
        fields = dict(
            re.findall(
                r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) ((?:".*"\n?)+)', block + "\n", re.M
            )
        )
        entries.append(
            {
                "msgid": _unquote(fields["msgid"]),
                "plural": _unquote(fields["msgid_plural"]) if "msgid_plural" in fields else None,
                "msgstr": [
                    _unquote(v) for k, v in sorted(fields.items()) if k.startswith("msgstr")
                ],
                "fuzzy": "#, fuzzy" in block or re.search(r"^#,.*\bfuzzy\b", block, re.M),
                "locations": " ".join(re.findall(r"^#: (.*)$", block, re.M)),
            }
        )
    return entries


def _catalogue(mo: Path) -> dict:
    with mo.open("rb") as handle:
        return gettext.GNUTranslations(handle)._catalog


def _expected(entries) -> dict:
    expected = {}
    for entry in entries:
        if entry["msgid"] == "" or entry["fuzzy"] or not all(entry["msgstr"]):
            continue
        if entry["plural"] is None:
            expected[entry["msgid"]] = entry["msgstr"][0]
        else:
            for index, text in enumerate(entry["msgstr"]):
                expected[(entry["msgid"], index)] = text
    return expected


def test_the_committed_mo_is_the_compiled_po():
    catalogue = _catalogue(CATALOGUE / "django.mo")
    catalogue.pop("", None)
    assert catalogue == _expected(parse_po(CATALOGUE / "django.po"))


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="msgfmt is not installed")
def test_msgfmt_accepts_the_po_and_compiles_it_to_the_same_catalogue(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "--check-format", "-o", str(compiled), str(CATALOGUE / "django.po")], check=True
    )
    assert _catalogue(compiled) == _catalogue(CATALOGUE / "django.mo")


def test_the_interface_is_all_translated():
    untranslated = [
        entry["msgid"]
        for entry in parse_po(CATALOGUE / "django.po")
        if entry["msgid"]
        and any(place in entry["locations"] for place in MUST_TRANSLATE)
        and (entry["fuzzy"] or not all(entry["msgstr"]))
    ]
    assert untranslated == []


def _register_labels():
    """The registers' names, field labels and choice labels marked for translation in the models
    (the lifecycle's plain labels are marked where they are defined, checked above)."""
    for register in REGISTERS:
        meta = register.model._meta
        labels = [meta.verbose_name, meta.verbose_name_plural]
        for field in meta.get_fields():
            if not field.auto_created:
                labels.append(field.verbose_name)
            labels.extend(label for _value, label in getattr(field, "flatchoices", None) or ())
        yield from (str(label) for label in labels if isinstance(label, Promise))


def test_the_registers_labels_are_all_translated():
    catalogue = _catalogue(CATALOGUE / "django.mo")
    with translation.override("sv"):
        missing = sorted({label for label in _register_labels() if label not in catalogue})
    assert missing == []


def test_swedish_is_the_default_whatever_the_browser_asks_for(world, signed_in):
    response = signed_in(world.alice).get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "Medlemskap i nätverk" in html and "Översikt" in html


def test_english_is_one_click_away(world, make, signed_in):
    make("memberships", world.home, world.committee)
    alice = signed_in(world.alice)
    response = alice.post("/sprak/", {"language": "en", "next": "/medlemskap/"})
    assert response.status_code == 302 and response["Location"] == "/medlemskap/"
    html = alice.get("/medlemskap/").content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Network memberships</h1>" in html
    assert "Organisation or network" in html  # a model field's label
    assert "Export this view to Excel" in html
    assert 'lang="sv">Svenska</button>' in html
    alice.post("/sprak/", {"language": "sv", "next": "/"})
    assert "<h1>Översikt</h1>" in alice.get("/").content.decode()


def test_validation_messages_follow_the_language(world, signed_in):
    alice = signed_in(world.alice)
    alice.post("/sprak/", {"language": "en", "next": "/"})
    data = {
        "title": "X",
        "unit": world.committee.pk,
        "year": 2026,
        "status": "planned",
        "staff_participants": 0,
        "children_young_participants": 0,
        "starts_on": "2026-05-01",
        "ends_on": "2026-01-01",
    }
    html = alice.post("/aktiviteter/ny/", data).content.decode()
    assert "The end date cannot be before the start date." in html


def test_the_chosen_language_ends_with_its_request(world, signed_in):
    """A request in English must not leave the worker's thread in English: a command or a
    background task run next on it speaks the site's language."""
    alice = signed_in(world.alice)
    alice.post("/sprak/", {"language": "en", "next": "/"})
    assert '<html lang="en">' in alice.get("/").content.decode()
    assert translation.get_language() == settings.LANGUAGE_CODE


def test_no_report_document_template_is_in_the_catalogue():
    """The documents are the organisation's official Swedish texts, whoever generates them."""
    documents = ("reporting/templates/reporting/document/", "reporting/templates/reporting/pdf/")
    documents += ("reporting/templates/reporting/public.html",)
    entries = parse_po(CATALOGUE / "django.po")
    assert [e["msgid"] for e in entries if any(d in e["locations"] for d in documents)] == []


@pytest.fixture
def follow_up(world):
    """A goal with an indicator and a reporting period, so the goals and unit report pages
    show their assessments and figures."""
    goal = Goal.objects.create(municipality=world.home, key="deltagande", name="Fler i projekt")
    Indicator.objects.create(
        municipality=world.home,
        key="personal",
        goal=goal,
        name="Medarbetare i projekt",
        kind="derived",
        metric="staff_participants",
    )
    ReportingPeriodFactory(municipality=world.home)
    return world


def _english(client):
    client.post("/sprak/", {"language": "en", "next": "/"})
    return client


def _page(client, address) -> str:
    response = client.get(address)
    assert response.status_code == 200, address
    return response.content.decode()


def test_the_import_and_follow_up_pages_are_english_in_english(
    follow_up, signed_in, settings, tmp_path, immediate_tasks
):
    """Issue 16: gettext for every UI message, the import and follow-up pages included."""
    settings.IMPORT_UPLOAD_DIR = tmp_path / "imports"
    world = follow_up
    alice = _english(signed_in(world.alice))
    year = 2026

    html = _page(alice, "/import/")
    assert "<h1>Import from Excel</h1>" in html and "Registers that can be imported" in html
    assert "Empty template (.xlsx)" in html
    for swedish in ("Importera från Excel", "Tom mall", "Senaste importer", "Ladda upp fil"):
        assert swedish not in html, swedish

    headers = ["Organisation eller nätverk *", "Omfattning *", "Ansvarig enhet *", "Årsavgift"]
    wide = "Hela kommunen (flera nämnders områden)"
    bad = csv_bytes(headers, ["A", wide, "Okänd nämnd", "1"])
    upload = SimpleUploadedFile("lista.csv", bad)
    preview = alice.post("/import/medlemskap/", {"file": upload})
    html = _page(alice, preview["Location"])
    assert "The file has 1 error – nothing has been saved" in html
    assert "Errors by row and column" in html and "Upload another file" in html
    for swedish in ("Förhandsgranskning", "Fel per rad och kolumn", "ingenting har sparats"):
        assert swedish not in html, swedish

    html = _page(alice, "/uppfoljning/")
    assert "<h1>Follow-up and reports</h1>" in html and "Goals and indicators" in html
    for swedish in ("Uppföljning och rapporter", "Handlingsplan", "Verksamhetsrapporter"):
        assert swedish not in html, swedish

    html = _page(alice, f"/uppfoljning/mal/?ar={year}")
    assert "<h1>Goals and indicators</h1>" in html and "Baseline" in html
    assert "<td>Unchanged</td>" in html  # the assessment, translated as it is shown
    assert "from the registers, increase" in html
    for swedish in ("Utgångsvärde", "Målvärde", "Bedömning", "Oförändrat", "ur registren"):
        assert swedish not in html, swedish

    html = _page(alice, f"/uppfoljning/arsrapport/?ar={year}")
    assert f"Annual report {year} to" in html and "Produce the report" in html
    for swedish in ("Årsrapport", "Publicering", "Ta fram rapporten", "Framtagna rapporter"):
        assert swedish not in html, swedish

    unit_report = f"/uppfoljning/verksamhetsrapporter/{year}/annual/{world.committee.pk}/"
    alice.post(unit_report + "paborja/")
    html = _page(alice, unit_report)
    assert "Figures from the registers" in html and "Applications submitted" in html
    assert "Account by priority area" in html and "Other international work" in html
    for swedish in ("Siffror ur registren", "Inskickade ansökningar", "Redovisning per", "Mått"):
        assert swedish not in html, swedish


def test_the_generated_report_stays_swedish_when_the_interface_is_english(
    follow_up, signed_in, settings, tmp_path, immediate_tasks
):
    """The report is the organisation's official Swedish document, whatever language the
    person who generates it reads the interface in."""
    settings.REPORT_DIR = tmp_path / "reports"
    alice = _english(signed_in(follow_up.alice))
    response = alice.post("/uppfoljning/arsrapport/ny/", {"year": 2026, "format": "docx"})
    assert response.status_code == 302
    run = ReportRun.objects.get()
    assert run.status == "done"
    download = alice.get(f"/uppfoljning/arsrapport/korning/{run.pk}/fil/")
    document = docx.Document(io.BytesIO(b"".join(download.streaming_content)))
    text = "\n".join(
        [p.text for p in document.paragraphs]
        + [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    )
    assert "Bedömning" in text and "Oförändrat" in text and "Mål och indikatorer" in text
    for english in ("Assessment", "Unchanged", "Annual report", "Goals and indicators"):
        assert english not in text, english
