"""Another municipality's record is a 404 on every register page, and never listed or exported."""

import io

import pytest
from openpyxl import load_workbook

from utblick.registry import REGISTERS


@pytest.mark.parametrize("register", REGISTERS, ids=lambda r: r.key)
def test_it_answers_404_for_another_municipalitys_record_everywhere(
    world, make, signed_in, register
):
    foreign = make(register.key, world.other, world.foreign_unit)
    alice = signed_in(world.alice)
    base = foreign.get_absolute_url()
    requests = [
        ("get", base, {}),
        ("get", base + "andra/", {}),
        ("post", base + "andra/", {"version": 1}),
        ("get", base + "arkivera/", {}),
        ("post", base + "arkivera/", {"version": 1, "archive_reason": "x"}),
        ("post", base + "aterstall/", {"version": 1}),
    ]
    if register.lifecycle:
        requests.append(("post", base + "status/", {"version": 1, "status": "preparing"}))
    for method, url, data in requests:
        assert getattr(alice, method)(url, data).status_code == 404, (method, url)
    foreign.refresh_from_db()
    assert foreign.version == 1 and foreign.archived_at is None


@pytest.mark.parametrize("register", REGISTERS, ids=lambda r: r.key)
def test_it_never_lists_or_exports_another_municipalitys_records(world, make, signed_in, register):
    foreign = make(register.key, world.other, world.foreign_unit)
    alice = signed_in(world.alice)
    page = alice.get(register.list_url)
    assert foreign.get_absolute_url() not in page.content.decode()
    book = load_workbook(io.BytesIO(alice.get(register.export_url).content))
    ids = [row[0] for row in book.active.iter_rows(min_row=2, values_only=True)]
    assert foreign.pk not in ids
