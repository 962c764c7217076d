"""Swedish by default, English on request; the committed English catalogue (.mo) is the .po compiled."""

import ast
import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise

from utblick.registry import REGISTERS

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
# Where every string must be translated: the web interface itself.
MUST_TRANSLATE = ("utblick/web/",)


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
