"""The report as a neutral document: sections of paragraphs, tables and figures. No Django.

`build_document` turns the report data into the council's edition (everything) or the public
edition (no obligations, no unit narratives, no internal review state or fees); the DOCX, PDF
and XLSX renderers and the public page all walk the same `Document`. Cells keep their raw
values (Decimal, int, date, text) and each column says its kind, so Excel gets numbers as
numbers and the text formats get Swedish formatting (`1 234 567 kr`, `62,5 %`, ISO dates).
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from utblick.core.numbers import DASH, NUMBER_KINDS, format_kind

COUNCIL = "council"
PUBLIC = "public"
# Rows of a long list that the Word and PDF documents show, about one printed page; Excel
# always has every row.
DOCUMENT_ROW_LIMIT = 40


# --- formats ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Value:
    """A cell whose kind differs from its column's (an indicator in kronor among counts)."""

    value: Decimal | None
    kind: str


def cell_kind(value: Any, kind: str) -> tuple[Any, str]:
    """(raw value, kind) of a cell, unwrapping a `Value`."""
    if isinstance(value, Value):
        return value.value, value.kind
    return value, kind


def format_cell(value: Any, kind: str) -> str:
    value, kind = cell_kind(value, kind)
    if value is None or value == "":
        return DASH if kind != "text" else ""
    if kind in NUMBER_KINDS:
        return format_kind(value, kind)
    if kind == "date":
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    return str(value)  # text, and years (2025 without a thousands separator)


# --- the document --------------------------------------------------------------------------


@dataclass
class Column:
    label: str
    kind: str = "text"  # text, year, int, sek, pct, num, date
    # False: a long text kept in the Excel file only (the documents would not fit it).
    in_document: bool = True

    @property
    def numeric(self) -> bool:
        return self.kind in ("int", "sek", "pct", "num")


@dataclass
class BodyRow:
    cells: list[tuple[str, Column]]
    # Rows the first cell spans; 0 when a row above's first cell covers this row too.
    span: int


@dataclass
class Table:
    caption: str
    columns: list[Column]
    rows: list[list[Any]]
    footer: list[Any] | None = None
    # Rows shown in Word and PDF; the rest are in the Excel file (a note says so). Every table
    # is capped: the largest organisation's lists (2 000 memberships, thousands of overdue
    # obligations) made a PDF of hundreds of pages that took minutes to lay out.
    document_limit: int | None = DOCUMENT_ROW_LIMIT
    # The first column names the row (a row header: <th scope="row">).
    row_headers: bool = True
    # Rows that repeat the first column's value are grouped under it (a header spanning them).
    grouped: bool = False

    @property
    def document_rows(self) -> list[list[Any]]:
        return self.rows if self.document_limit is None else self.rows[: self.document_limit]

    @property
    def omitted(self) -> int:
        return len(self.rows) - len(self.document_rows)

    def formatted(self, row: list[Any]) -> list[str]:
        return [format_cell(value, col.kind) for value, col in zip(row, self.columns, strict=True)]

    @property
    def document_columns(self) -> list[int]:
        return [i for i, column in enumerate(self.columns) if column.in_document]

    @property
    def document_body(self) -> list[BodyRow]:
        """The document rows' cells; in a grouped table a repeated first cell spans its group."""
        rows = [BodyRow(self.document_cells(row), 1) for row in self.document_rows]
        if not self.grouped:
            return rows
        leader = None
        for index, row in enumerate(rows):
            same = leader is not None and row.cells[0][0] == rows[leader].cells[0][0]
            if same:
                rows[leader].span += 1
                row.span = 0
            else:
                leader = index
        return rows

    def document_cells(self, row: list[Any]) -> list[tuple[str, Column]]:
        """The formatted cells the documents show, with their columns."""
        return [
            (format_cell(row[i], self.columns[i].kind), self.columns[i])
            for i in self.document_columns
        ]


@dataclass
class Paragraph:
    text: str
    kind: str = "body"  # body, lead, note, quote


@dataclass
class Chart:
    key: str
    title: str
    alt: str
    png: bytes
    table: Table
    # The same figures already stand in a table of the section (an indicator's row in its
    # goal's table): the documents do not repeat them under the chart.
    table_elsewhere: bool = False


@dataclass
class Section:
    title: str
    blocks: list[Paragraph | Table | Chart] = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)
    sheet: str = ""  # the Excel sheet this top-level section becomes
    anchor: str = ""

    def all_tables(self) -> list[Table]:
        tables = [b for b in self.blocks if isinstance(b, Table)]
        tables += [b.table for b in self.blocks if isinstance(b, Chart) and not b.table_elsewhere]
        for sub in self.subsections:
            tables += sub.all_tables()
        return tables

    def all_charts(self) -> list[Chart]:
        charts = [b for b in self.blocks if isinstance(b, Chart)]
        for sub in self.subsections:
            charts += sub.all_charts()
        return charts


@dataclass
class Document:
    edition: str
    title: str
    subtitle: str
    municipality: str
    municipality_code: str
    year: int
    generated_on: dt.date
    meta: list[tuple[str, str]]
    sections: list[Section]

    @property
    def file_title(self) -> str:
        return f"{self.title} – {self.municipality}"

    def all_charts(self) -> list[Chart]:
        return [chart for section in self.sections for chart in section.all_charts()]


# --- JSON (the public edition is kept with its run) ----------------------------------------


def _encode_cell(value: Any, kind: str) -> Any:
    if isinstance(value, Value):
        return {"value": _encode_cell(value.value, value.kind), "kind": value.kind}
    if value is None:
        return None
    if kind in ("sek", "pct", "num"):
        return str(value)
    if kind == "year":
        return int(value) if str(value).isdigit() else str(value)
    if kind == "int":
        return int(value)
    if kind == "date":
        return value.isoformat() if isinstance(value, dt.date) else value
    return str(value)


def _decode_cell(value: Any, kind: str) -> Any:
    if isinstance(value, dict):
        return Value(_decode_cell(value["value"], value["kind"]), value["kind"])
    if value is None:
        return None
    if kind in ("sek", "pct", "num"):
        return Decimal(value)
    if kind == "date":
        return dt.date.fromisoformat(value)
    return value


def _table_json(table: Table) -> dict:
    kinds = [c.kind for c in table.columns]
    return {
        "caption": table.caption,
        "columns": [[c.label, c.kind, c.in_document] for c in table.columns],
        "rows": [
            [_encode_cell(v, k) for v, k in zip(row, kinds, strict=True)] for row in table.rows
        ],
        "footer": (
            [_encode_cell(v, k) for v, k in zip(table.footer, kinds, strict=True)]
            if table.footer
            else None
        ),
        "document_limit": table.document_limit,
        "row_headers": table.row_headers,
        "grouped": table.grouped,
    }


def _table_from(data: dict) -> Table:
    columns = [Column(label, kind, shown) for label, kind, shown in data["columns"]]
    kinds = [c.kind for c in columns]
    return Table(
        caption=data["caption"],
        columns=columns,
        rows=[
            [_decode_cell(v, k) for v, k in zip(row, kinds, strict=True)] for row in data["rows"]
        ],
        footer=(
            [_decode_cell(v, k) for v, k in zip(data["footer"], kinds, strict=True)]
            if data["footer"]
            else None
        ),
        document_limit=data["document_limit"],
        row_headers=data.get("row_headers", True),
        grouped=data.get("grouped", False),
    )


def _block_json(block) -> dict:
    if isinstance(block, Paragraph):
        return {"type": "paragraph", "text": block.text, "kind": block.kind}
    if isinstance(block, Table):
        return {"type": "table", **_table_json(block)}
    return {
        "type": "chart",
        "key": block.key,
        "title": block.title,
        "alt": block.alt,
        "png": base64.b64encode(block.png).decode("ascii"),
        "table": _table_json(block.table),
        "table_elsewhere": block.table_elsewhere,
    }


def _block_from(data: dict):
    kind = data["type"]
    if kind == "paragraph":
        return Paragraph(data["text"], data["kind"])
    if kind == "table":
        return _table_from(data)
    return Chart(
        key=data["key"],
        title=data["title"],
        alt=data["alt"],
        png=base64.b64decode(data["png"]),
        table=_table_from(data["table"]),
        table_elsewhere=data.get("table_elsewhere", False),
    )


def _section_json(section: Section) -> dict:
    return {
        "title": section.title,
        "sheet": section.sheet,
        "anchor": section.anchor,
        "blocks": [_block_json(b) for b in section.blocks],
        "subsections": [_section_json(s) for s in section.subsections],
    }


def _section_from(data: dict) -> Section:
    return Section(
        title=data["title"],
        sheet=data["sheet"],
        anchor=data["anchor"],
        blocks=[_block_from(b) for b in data["blocks"]],
        subsections=[_section_from(s) for s in data["subsections"]],
    )


def document_to_json(document: Document) -> dict:
    return {
        "edition": document.edition,
        "title": document.title,
        "subtitle": document.subtitle,
        "municipality": document.municipality,
        "municipality_code": document.municipality_code,
        "year": document.year,
        "generated_on": document.generated_on.isoformat(),
        "meta": [list(pair) for pair in document.meta],
        "sections": [_section_json(s) for s in document.sections],
    }


def document_from_json(data: dict) -> Document:
    return Document(
        edition=data["edition"],
        title=data["title"],
        subtitle=data["subtitle"],
        municipality=data["municipality"],
        municipality_code=data["municipality_code"],
        year=data["year"],
        generated_on=dt.date.fromisoformat(data["generated_on"]),
        meta=[(a, b) for a, b in data["meta"]],
        sections=[_section_from(s) for s in data["sections"]],
    )
