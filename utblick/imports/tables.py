"""Reading an uploaded .xlsx or .csv into headers and numbered rows. No Django imports.

Row numbers are the ones the coordinator sees in Excel: the headers are row 1, the first
record row 2. Blank rows are skipped but keep their numbers counted. CSV is UTF-8 with or
without a byte-order mark, separated by semicolons (Swedish Excel), commas or tabs.
"""

from __future__ import annotations

import csv
import io
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import zip_longest

from utblick.imports.cells import is_empty

# Sheets of our own template that hold no records.
NON_DATA_SHEETS = {"instruktioner", "listor"}
# An .xlsx is a zip; refuse one that unpacks to more than this (a "zip bomb").
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
_DELIMITERS = (";", ",", "\t")


class FileProblem(Exception):
    """The file as a whole cannot be read; `message` is Swedish."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    headers: list[object]
    rows: list[tuple[int, list[object]]] = field(default_factory=list)
    sheet: str = ""
    # Cells holding a formula without a value saved by Excel (row number, column index,
    # formula): they read as empty, so they are reported rather than taken as empty.
    formulas: list[tuple[int, int, str]] = field(default_factory=list)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the column names Excel shows."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def read_table(data: bytes, file_name: str, *, max_rows: int) -> Table:
    name = file_name.lower()
    if name.endswith(".xls") or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileProblem(
            "Filen är i det gamla Excel-formatet (.xls). Spara den som Excel-arbetsbok "
            "(.xlsx) eller som ”CSV UTF-8” och ladda upp den igen."
        )
    if data[:4] == b"PK\x03\x04" or name.endswith((".xlsx", ".xlsm")):
        table = _read_xlsx(data, max_rows)
    elif name.endswith((".csv", ".txt")):
        table = _read_csv(data, max_rows)
    else:
        raise FileProblem("Välj en Excel-fil (.xlsx) eller en CSV-fil (.csv).")
    return _trim(table)


def read_sheets(data: bytes, file_name: str, *, max_rows: int) -> dict[str, Table]:
    """Every sheet of a workbook holding records, by its title in lower case."""
    if not (data[:4] == b"PK\x03\x04" or file_name.lower().endswith((".xlsx", ".xlsm"))):
        raise FileProblem(
            "Välj en Excel-arbetsbok (.xlsx): den här importen läser flera blad, "
            "vilket en CSV-fil inte kan ha."
        )
    with _open_xlsx(data) as (workbook, formulas):
        return {
            sheet.title.casefold(): _trim(_read_sheet(sheet, formulas[sheet.title], max_rows))
            for sheet in _data_sheets(workbook)
        }


def _read_xlsx(data: bytes, max_rows: int) -> Table:
    with _open_xlsx(data) as (workbook, formulas):
        sheet = _data_sheets(workbook)[0]
        return _read_sheet(sheet, formulas[sheet.title], max_rows)


@contextmanager
def _open_xlsx(data: bytes):
    """The workbook's saved values and (a second reading) the formulas behind them."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise FileProblem("Filen kunde inte läsas som en Excel-arbetsbok (.xlsx).") from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileProblem("Arbetsboken är för stor. Dela upp den i flera filer.")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise FileProblem("Filen kunde inte läsas som en Excel-arbetsbok (.xlsx).") from exc
    try:
        yield workbook, formulas
    finally:
        workbook.close()
        formulas.close()


def _data_sheets(workbook) -> list:
    sheets = [ws for ws in workbook.worksheets if ws.title.casefold() not in NON_DATA_SHEETS]
    if not sheets:
        raise FileProblem("Arbetsboken har inget blad med poster.")
    return sheets


def _read_sheet(sheet, formula_sheet, max_rows: int) -> Table:
    sheet.reset_dimensions()
    formula_sheet.reset_dimensions()
    table = Table(headers=[], sheet=sheet.title)
    rows = zip_longest(sheet.iter_rows(values_only=True), formula_sheet.iter_rows(values_only=True))
    for number, (values, written) in enumerate(rows, start=1):
        values = list(values or ())
        for index, cell in enumerate(written or ()):
            if (
                isinstance(cell, str)
                and cell.startswith("=")
                and (index >= len(values) or values[index] is None)
            ):
                table.formulas.append((number, index, cell))
        _add_row(table, number, values, max_rows)
    return table


def _read_csv(data: bytes, max_rows: int) -> Table:
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileProblem(
            "Filen är inte sparad som UTF-8. Spara den i Excel som ”CSV UTF-8 "
            "(kommaavgränsad)” och ladda upp den igen."
        ) from exc
    delimiter = _delimiter(content)
    table = Table(headers=[], sheet="")
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    try:
        for number, values in enumerate(reader, start=1):
            _add_row(table, number, list(values), max_rows)
    except csv.Error as exc:
        raise FileProblem(f"Rad {reader.line_num}: CSV-filen kunde inte läsas ({exc}).") from exc
    return table


def _delimiter(content: str) -> str:
    """The separator that splits the header line into the most columns."""
    first_line = next(iter(content.splitlines()), "")
    counts = {d: len(next(csv.reader([first_line], delimiter=d), [])) for d in _DELIMITERS}
    return max(_DELIMITERS, key=lambda d: counts[d])


def _add_row(table: Table, number: int, values: list[object], max_rows: int) -> None:
    if number == 1:
        table.headers = values
        return
    if all(is_empty(value) for value in values):
        return
    if len(table.rows) >= max_rows:
        raise FileProblem(
            f"Filen har fler än {max_rows} rader med poster. Dela upp den i flera filer "
            "(eller be en administratör läsa in den med kommandot utblick import)."
        )
    table.rows.append((number, values))


def _trim(table: Table) -> Table:
    """Drop trailing columns with neither a header nor a value; pad short rows."""
    width = 0
    for index, header in enumerate(table.headers):
        if not is_empty(header):
            width = index + 1
    for _, values in table.rows:
        for index in range(len(values) - 1, width - 1, -1):
            if not is_empty(values[index]):
                width = index + 1
                break
    table.headers = (list(table.headers) + [None] * width)[:width]
    table.rows = [(number, (values + [None] * width)[:width]) for number, values in table.rows]
    return table
