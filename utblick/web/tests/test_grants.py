"""The own fund's applications are a register like the others: a form with the fund's
criteria as a checklist, a page that shows how they were answered, an Excel export. (The
routines that check them: utblick/routines/tests/test_other_profiles.py, Höganäs.)"""

from utblick.policy.models import GrantScheme
from utblick.registers.models import GrantApplication

CRITERIA = [
    {"key": "k1", "text": "Utbytet sker med en vänort"},
    {"key": "k2", "text": "Barn och unga deltar"},
]


def _scheme(world):
    return GrantScheme.objects.create(
        municipality=world.home, key="vanortsmedel", name="Vänortsmedel", criteria=CRITERIA
    )


def test_a_grant_application_is_registered_with_its_criteria_as_a_checklist(world, signed_in):
    _scheme(world)
    alice = signed_in(world.alice)
    form = alice.get("/egen-fond/ny/").content.decode()
    assert "Utbytet sker med en vänort" in form and 'type="checkbox"' in form
    response = alice.post(
        "/egen-fond/ny/",
        {
            "scheme_key": "vanortsmedel",
            "title": "Körresa till Nesodden",
            "applicant_kind": "association",
            "applicant": "Kammarkören",
            "unit": world.committee.pk,
            "year": 2027,
            "status": "submitted",
            "amount_applied": "15000",
            "submitted_on": "2026-10-20",
            "criteria": ["vanortsmedel|0"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    grant = GrantApplication.objects.get(title="Körresa till Nesodden")
    assert grant.criteria == {"Utbytet sker med en vänort": True, "Barn och unga deltar": False}
    assert grant.criteria_unmet_count == 1
    page = alice.get(response["Location"]).content.decode()
    assert "Inte uppfyllt: Barn och unga deltar" in page
    export = alice.get("/egen-fond/export.xlsx")
    assert export.status_code == 200
