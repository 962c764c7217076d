"""The profile in the web: edited with its errors at their lines as one types, the text's
diff against the loaded version, every version kept with who, when and why, any earlier one
viewable and restorable; concurrent loads refused under a lock."""

from __future__ import annotations

import pytest

from utblick.policy.models import ProfileVersion
from utblick.policy.services import ProfileVersionConflict, profile_load
from utblick.routines.tests.test_views_policy import LOWER, MALMO, client_for
from utblick.web.tests.test_page_structure import check


def _load(client, text: str, reason: str, base: int, **extra):
    return client.post(
        "/atgarder/styrdokument/",
        {
            "load": "1",
            "las-in-text": text,
            "las-in-source_name": "malmo.toml",
            "las-in-base_version": str(base),
            "las-in-reason": reason,
            "las-in-confirm": "on",
            **extra,
        },
    )


def test_the_editor_opens_with_the_loaded_version_and_checks_as_one_types(malmo):
    admin = client_for(malmo.administrator)
    page = admin.get("/atgarder/styrdokument/").content.decode()
    assert 'hx-post="/atgarder/styrdokument/kontroll/"' in page
    assert 'id="profile-check"' in page
    assert "[organisation]" in page  # the current text, to edit rather than retype
    broken = MALMO.replace('code = "1280"', 'code = "1280"\nokänd_nyckel = 1', 1)
    answer = admin.post(
        "/atgarder/styrdokument/kontroll/", {"text": broken}, HTTP_HX_REQUEST="true"
    )
    assert answer.status_code == 200
    html = answer.content.decode()
    line = broken.splitlines().index("okänd_nyckel = 1") + 1
    assert f'data-goto-line="{line}"' in html and f"rad {line}" in html
    assert "okänd_nyckel" in html
    fine = admin.post("/atgarder/styrdokument/kontroll/", {"text": MALMO}).content.decode()
    assert "Inga fel hittade" in fine
    other = admin.post(
        "/atgarder/styrdokument/kontroll/", {"text": MALMO.replace('"1280"', '"2080"', 1)}
    )
    assert "inte 1280" in other.content.decode()
    assert ProfileVersion.objects.filter(municipality=malmo.municipality).count() == 1


def test_the_check_is_for_administrators_only(malmo):
    response = client_for(malmo.coordinator).post("/atgarder/styrdokument/kontroll/", {"text": "x"})
    assert response.status_code == 403


def test_the_preview_shows_the_changed_lines_against_the_loaded_version(malmo):
    html = (
        client_for(malmo.administrator)
        .post("/atgarder/styrdokument/", {"text": LOWER})
        .content.decode()
    )
    changed = html.split('id="diff-text"', 1)[1].split("</table>", 1)[0]
    assert "1 tillagda, 1 borttagna" in changed
    assert "source-diff__removed" in changed and "12_000_000" in changed
    assert "source-diff__added" in changed and "10_000_000" in changed
    check(html, "preview with text diff")


def test_loading_needs_a_reason_and_nothing_is_loaded_without_one(malmo):
    response = _load(client_for(malmo.administrator), LOWER, "", 1)
    assert response.status_code == 400
    assert "Skriv varför versionen läses in" in response.content.decode()
    assert ProfileVersion.objects.filter(municipality=malmo.municipality).count() == 1


def test_every_version_is_kept_with_who_when_and_why_and_an_earlier_one_is_restored(malmo):
    admin = client_for(malmo.administrator)
    assert _load(admin, LOWER, "KF sänkte gränsen", 1).status_code == 302
    page = admin.get("/atgarder/styrdokument/").content.decode()
    versions = page.split('id="versions-title"', 1)[1]
    assert "KF sänkte gränsen" in versions
    assert malmo.administrator.get_username() in versions
    assert 'href="/atgarder/styrdokument/?fran-version=1"' in versions

    shown = admin.get("/atgarder/styrdokument/version/1/")
    assert shown.status_code == 200
    html = shown.content.decode()
    assert "12_000_000" in html and "Ersatt; gällande är version 2" in html
    check(html, "an earlier version")

    restoring = admin.get("/atgarder/styrdokument/?fran-version=1").content.decode()
    assert 'name="restored_from" value="1"' in restoring and "12_000_000" in restoring
    preview = admin.post("/atgarder/styrdokument/", {"text": MALMO, "restored_from": "1"})
    assert 'value="Återställer version 1"' in preview.content.decode()
    assert _load(admin, MALMO, "Återställer version 1", 2).status_code == 302
    versions = list(
        ProfileVersion.objects.filter(municipality=malmo.municipality).order_by("number")
    )
    assert [(v.number, v.is_current, v.reason) for v in versions] == [
        (1, False, ""),
        (2, False, "KF sänkte gränsen"),
        (3, True, "Återställer version 1"),
    ]
    assert versions[2].source == versions[0].source
    assert admin.get("/atgarder/styrdokument/version/9/").status_code == 404


def test_another_organisations_version_is_not_found(malmo):
    from utblick.routines.tests.conftest import make_place

    other = make_place("2080")
    text = ProfileVersion.objects.get(municipality=other.municipality).source
    profile_load(municipality=other.municipality, text=text + "\n# ny\n", source_name="x.toml")
    admin = client_for(malmo.administrator)
    assert admin.get("/atgarder/styrdokument/version/2/").status_code == 404
    assert admin.get("/atgarder/styrdokument/?fran-version=2").status_code == 404


def test_a_load_based_on_an_older_version_is_refused_by_the_service(malmo):
    """The version check runs in the load's own transaction, under a lock on the organisation
    (it ran before the transaction, in the view): two loads cannot both pass it."""
    with pytest.raises(ProfileVersionConflict):
        profile_load(
            municipality=malmo.municipality, text=LOWER, source_name="x.toml", expected_version=0
        )
    assert ProfileVersion.objects.filter(municipality=malmo.municipality).count() == 1
