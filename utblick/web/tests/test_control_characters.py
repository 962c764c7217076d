"""Control characters: refused by the record forms; exports survive text stored with them."""

import io

import pytest
from openpyxl import load_workbook

from utblick.factories import MembershipFactory

# As an earlier import or the API could store it (NUL too, on SQLite; PostgreSQL refuses NUL).
STORED = "EURO\x02CI\x01TIES\x1b\ufffe"


def test_the_record_form_refuses_them_at_the_field(world, signed_in):
    response = signed_in(world.alice).post(
        "/medlemskap/ny/",
        {
            "organisation": "EURO\x01CITIES",
            "scope": "unit",
            "unit": world.committee.pk,
            "status": "active",
            "currency": "SEK",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors == {"organisation": [errors["organisation"][0]]}
    assert "otillåtna tecken" in errors["organisation"][0]


@pytest.mark.parametrize(
    "url", ["/medlemskap/export.xlsx", "/import/memberships/befintliga-poster.xlsx"]
)
def test_exports_survive_text_stored_with_them(world, signed_in, url, settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path
    MembershipFactory(
        municipality=world.home, unit=world.committee, organisation=STORED, purpose="=1+1"
    )
    response = signed_in(world.alice).get(url)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "EUROCITIES" in values
    assert "=1+1" in values  # text that looks like a formula stays text
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


@pytest.mark.parametrize(
    "url", ["/medlemskap/?country=%00", "/medlemskap/?q=a%00b", "/omvarld/sok/?q=%00"]
)
def test_a_nul_in_a_query_is_refused_with_a_page_not_a_server_error(world, signed_in, url):
    response = signed_in(world.alice).get(url)
    assert response.status_code == 400
    assert "Förfrågan kunde inte läsas" in response.content.decode()


def test_a_nul_in_a_form_is_refused_and_nothing_is_written(world, signed_in):
    response = signed_in(world.alice).post(
        "/medlemskap/ny/", {"organisation": "EURO", "scope": "unit", "country": "S\x00E"}
    )
    assert response.status_code == 400
