"""Export this view to Excel: the list's filters, Swedish headers, amounts as kronor, dates as dates."""

import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook


def _sheet(response):
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].startswith('attachment; filename="applications-')
    return load_workbook(io.BytesIO(response.content)).active


def test_it_exports_the_filtered_view_with_swedish_headers_and_typed_cells(world, make, signed_in):
    make(
        "applications",
        world.home,
        world.committee,
        title="Europrojekt",
        currency="EUR",
        eur_to_sek_rate=Decimal("11.20"),
        total_budget=Decimal("100000"),
        deadline=dt.date(2026, 11, 22),
        status="preparing",
    )
    make("applications", world.home, world.committee, title="Idé som inte ska med")
    response = signed_in(world.carol).get(
        "/ansokningar/export.xlsx", {"status": "preparing", "page": 3}
    )
    sheet = _sheet(response)
    headers = [cell.value for cell in sheet[1]]
    assert headers[:3] == ["Id", "Titel", "Akronym"]
    assert "Total budget (kr)" in headers and "Sista ansökningsdag" in headers
    assert sheet.max_row == 2
    row = {header: cell for header, cell in zip(headers, sheet[2], strict=True)}
    assert row["Titel"].value == "Europrojekt"
    assert row["Status"].value == "Under beredning"
    assert row["Ägande nämnd eller bolag"].value == world.committee.name
    assert row["Total budget (kr)"].value == 1120000
    assert row["Total budget (kr)"].number_format == '#,##0 "kr"'
    assert row["Sista ansökningsdag"].value == dt.datetime(2026, 11, 22)
    assert row["Sista ansökningsdag"].number_format == "yyyy-mm-dd"
    assert row["Valuta"].value == "EUR"


def test_it_exports_links_by_name(world, make, signed_in):
    from utblick.policy.models import PriorityArea

    area = PriorityArea.objects.create(municipality=world.home, key="p", name="Profilering")
    visit = make("visits", world.home, world.committee, title="Studiebesök")
    visit.priority_areas.add(area)
    response = signed_in(world.alice).get("/besok/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [cell.value for cell in sheet[1]]
    row = dict(zip(headers, [cell.value for cell in sheet[2]], strict=True))
    assert row["Land"] == "Tyskland"
    assert row["Prioriterade områden"] == "Profilering"
    assert row["Kostnad (kr)"] is None
