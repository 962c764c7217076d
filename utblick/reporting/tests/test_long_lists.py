"""A long list in the compiled report: Word and PDF show its first rows and say where the rest
are; the Excel file has every row (a large organisation's report stays a readable size and is
laid out in seconds)."""

import re

import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook

from utblick.factories import MembershipFactory
from utblick.reporting.build import build_report_file
from utblick.reporting.compose import build_document
from utblick.reporting.document import DOCUMENT_ROW_LIMIT
from utblick.reporting.render.pdf import report_html
from utblick.reporting.report_data import build_report_data

pytestmark = pytest.mark.django_db

MEMBERSHIPS = DOCUMENT_ROW_LIMIT + 7
NOTE = f"Tabellen visar de första {DOCUMENT_ROW_LIMIT} av {MEMBERSHIPS} raderna"


@pytest.fixture
def many_memberships(world):
    MembershipFactory.create_batch(MEMBERSHIPS, municipality=world.home, unit=world.committee)


def test_no_table_of_the_documents_is_longer_than_the_limit(world, many_memberships):
    document = build_document(build_report_data(world.home, 2025), draw=False)
    tables = [table for section in document.sections for table in section.all_tables()]
    assert max(len(table.rows) for table in tables) == MEMBERSHIPS
    assert max(len(table.document_rows) for table in tables) == DOCUMENT_ROW_LIMIT


def test_the_pdf_shows_the_first_rows_and_says_where_the_rest_are(world, many_memberships):
    html = report_html(build_document(build_report_data(world.home, 2025), draw=False))
    assert NOTE in html
    assert len(set(re.findall(r">(Nätverk \d+)<", html))) == DOCUMENT_ROW_LIMIT


def test_word_shows_the_first_rows_and_excel_every_row(world, many_memberships, tmp_path):
    build_report_file(world.home, 2025, "docx", tmp_path / "r.docx")
    build_report_file(world.home, 2025, "xlsx", tmp_path / "r.xlsx")
    word = WordDocument(tmp_path / "r.docx")
    assert any(NOTE in paragraph.text for paragraph in word.paragraphs)
    assert max(len(table.rows) for table in word.tables) <= DOCUMENT_ROW_LIMIT + 2
    sheet = load_workbook(tmp_path / "r.xlsx", read_only=True)["Medlemskap"]
    names = {row[0] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert sum(1 for name in names if str(name).startswith("Nätverk")) == MEMBERSHIPS
