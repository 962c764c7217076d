"""Reading files into numbered rows: xlsx, CSV with semicolons or commas, with or without BOM."""

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest

from utblick.imports.tables import FileProblem, column_letter, read_table
from utblick.imports.tests.files import csv_bytes, xlsx

HEADERS = ["Organisation eller nätverk *", "Årsavgift", "Medlem sedan"]


def test_the_parsing_core_has_no_django_imports():
    root = Path(__file__).resolve().parents[1]
    for name in ("cells.py", "tables.py"):
        source = (root / name).read_text(encoding="utf-8")
        assert not re.search(
            r"^\s*(from|import)\s+(django|utblick\.(?!imports\.cells))", source, re.M
        ), name


def test_it_reads_an_xlsx_with_excels_row_numbers_and_skips_blank_rows():
    data = xlsx(
        HEADERS,
        ["EUROCITIES", 12500, dt.date(2020, 1, 1)],
        [None, None, None],
        ["SKR", "1 250 000", None],
    )
    table = read_table(data, "medlemskap.xlsx", max_rows=100)
    assert table.headers == HEADERS
    assert [number for number, _ in table.rows] == [2, 4]
    assert table.rows[0][1] == ["EUROCITIES", 12500, dt.datetime(2020, 1, 1)]


def test_it_reads_the_records_sheet_even_when_instructions_come_first():
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "Instruktioner"
    workbook.active.append(["Läs mig"])
    records = workbook.create_sheet("Medlemskap")
    records.append(HEADERS)
    records.append(["UBC", 1, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "fil.xlsx", max_rows=10)
    assert table.sheet == "Medlemskap"
    assert table.rows == [(2, ["UBC", 1, None])]


@pytest.mark.parametrize(
    ("delimiter", "bom"), [(";", True), (";", False), (",", True), (",", False), ("\t", False)]
)
def test_it_reads_csv_with_any_usual_separator_and_with_or_without_bom(delimiter, bom):
    data = csv_bytes(
        HEADERS,
        ["Malmö; Köpenhamn, Öresund", "1 250 000,50", "2020-01-01"],
        delimiter=delimiter,
        bom=bom,
    )
    table = read_table(data, "lista.csv", max_rows=10)
    assert table.headers == HEADERS
    assert table.rows == [(2, ["Malmö; Köpenhamn, Öresund", "1 250 000,50", "2020-01-01"])]


def test_trailing_empty_columns_are_dropped_and_short_rows_padded():
    data = csv_bytes([*HEADERS, "", ""], ["A"], delimiter=";")
    table = read_table(data, "lista.csv", max_rows=10)
    assert table.headers == HEADERS
    assert table.rows == [(2, ["A", None, None])]


def test_a_csv_that_is_not_utf8_is_refused_with_how_to_save_it():
    data = "Organisation;Årsavgift\r\nSKR;1\r\n".encode("cp1252")
    with pytest.raises(FileProblem, match="CSV UTF-8"):
        read_table(data, "lista.csv", max_rows=10)


def test_old_excel_files_are_refused_with_how_to_save_them():
    with pytest.raises(FileProblem, match=r"\.xlsx"):
        read_table(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "gammal.xls", max_rows=10)


def test_a_broken_workbook_is_a_file_problem_not_a_crash():
    with pytest.raises(FileProblem, match="Excel-arbetsbok"):
        read_table(b"PK\x03\x04 not really a zip", "trasig.xlsx", max_rows=10)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(monkeypatch):
    monkeypatch.setattr("utblick.imports.tables.MAX_UNPACKED_BYTES", 100)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", "0" * 10_000)
    with pytest.raises(FileProblem, match="för stor"):
        read_table(buffer.getvalue(), "bomb.xlsx", max_rows=10)


def test_too_many_rows_are_refused():
    data = csv_bytes(HEADERS, *[[f"N{n}", n, None] for n in range(5)])
    with pytest.raises(FileProblem, match="fler än 3 rader"):
        read_table(data, "lista.csv", max_rows=3)


def test_other_file_types_are_refused():
    with pytest.raises(FileProblem, match=r"\.xlsx"):
        read_table(b"%PDF-1.7", "lista.pdf", max_rows=10)


def test_column_letters_are_the_ones_excel_shows():
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]
