"""Filters for the report's document blocks (shared by the PDF and the public page)."""

import base64

from django import template

from utblick.reporting.document import Chart, Paragraph, Table, format_cell

register = template.Library()


@register.filter
def block_type(block) -> str:
    if isinstance(block, Paragraph):
        return "paragraph"
    if isinstance(block, Table):
        return "table"
    if isinstance(block, Chart):
        return "chart"
    return ""


@register.filter
def doc_columns(table: Table) -> list:
    return [table.columns[i] for i in table.document_columns]


@register.filter
def doc_cells(table: Table, row) -> list:
    """[(text, column), …] for the columns the documents show."""
    return table.document_cells(row)


@register.filter
def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


@register.filter
def plain_label(label: str) -> str:
    return label.replace("\u00ad", "")


@register.filter
def report_value(value, kind: str) -> str:
    return format_cell(value, kind)
