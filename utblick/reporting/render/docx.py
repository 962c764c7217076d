"""The report as a Word document (python-docx): a title page, a real table-of-contents field,
headings, tables with repeated header rows, charts with alternative text, page numbers.
"""

from __future__ import annotations

import io
from typing import BinaryIO
from xml.sax.saxutils import escape

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

from utblick.reporting.document import Chart, Document, Paragraph, Section, Table

LANGUAGE = "sv-SE"
ACCENT = RGBColor(0x0B, 0x4F, 0x6C)
MUTED = RGBColor(0x55, 0x5F, 0x6D)
TABLE_STYLE = "Light Grid Accent 1"
TEXT_WIDTH = Cm(16)
CELL_STYLE = "Tabelltext"


class _Counter:
    def __init__(self) -> None:
        self.tables = 0
        self.figures = 0


def render_docx(document: Document, out: BinaryIO) -> None:
    docx = new_docx()
    _set_up(docx, document)
    _title_page(docx, document)
    _table_of_contents(docx, document)
    counter = _Counter()
    for section in document.sections:
        _section(docx, section, 1, counter)
    docx.save(out)


def docx_bytes(document: Document) -> bytes:
    buffer = io.BytesIO()
    render_docx(document, buffer)
    return buffer.getvalue()


# --- set-up --------------------------------------------------------------------------------


def _set_up(docx, document: Document) -> None:
    section = docx.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.2)
    section.different_first_page_header_footer = True
    normal = docx.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    _language(normal.element)
    for name, size in (("Title", 26), ("Subtitle", 14), ("Heading 1", 16), ("Heading 2", 13)):
        style = docx.styles[name]
        style.font.name = "Calibri"
        style.font.size = Pt(size)
        style.font.color.rgb = ACCENT
    caption = docx.styles["Caption"]
    caption.font.size = Pt(9)
    caption.font.color.rgb = MUTED
    cell = docx.styles.add_style(CELL_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    cell.font.size = Pt(8.5)
    cell.paragraph_format.space_after = Pt(0)
    cell.paragraph_format.space_before = Pt(0)
    props = docx.core_properties
    props.title = document.file_title
    props.subject = document.subtitle
    props.author = document.municipality
    props.language = LANGUAGE
    props.keywords = "internationellt arbete, EU-arbete, årlig redovisning"
    # Word updates the fields (table of contents, page numbers) when the file is opened.
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    docx.settings.element.append(update)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = footer.add_run(f"{document.municipality} · {document.title} · sida ")
    run.font.size = Pt(8.5)
    run.font.color.rgb = MUTED
    _field(footer, "PAGE", "1", size=Pt(8.5))


def _language(style_element) -> None:
    rpr = style_element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    lang.set(qn("w:bidi"), "ar-SA")
    rpr.append(lang)


def _field(paragraph, instruction: str, placeholder: str, *, size=None) -> None:
    """A complex field (begin, instruction, separate, cached result, end) in one paragraph."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None)):
        run = paragraph.add_run()
        if size:
            run.font.size = size
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {text} "
            run._r.append(instr)
        else:
            run._r.append(_fld_char(kind))
    result = paragraph.add_run(placeholder)
    if size:
        result.font.size = size
    paragraph.add_run()._r.append(_fld_char("end"))


def _fld_char(kind: str):
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        char.set(qn("w:dirty"), "true")
    return char


# --- title page and contents ---------------------------------------------------------------


def _title_page(docx, document: Document) -> None:
    for _ in range(5):
        docx.add_paragraph()
    name = docx.add_paragraph()
    run = name.add_run(document.municipality)
    run.font.size = Pt(16)
    run.font.color.rgb = MUTED
    docx.add_paragraph(document.title, style="Title")
    docx.add_paragraph(document.subtitle, style="Subtitle")
    for _ in range(3):
        docx.add_paragraph()
    for label, value in document.meta:
        line = docx.add_paragraph()
        line.paragraph_format.space_after = Pt(2)
        head = line.add_run(f"{label}: ")
        head.bold = True
        line.add_run(value)
    docx.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _table_of_contents(docx, document: Document) -> None:
    docx.add_paragraph("Innehåll", style="TOC Heading")
    # The field's cached result lists the headings, so the contents read well even before
    # Word has updated the field with page numbers.
    first = docx.add_paragraph()
    for kind, text in (("begin", None), ("instr", 'TOC \\o "1-2" \\h \\z \\u'), ("separate", None)):
        run = first.add_run()
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {text} "
            run._r.append(instr)
        else:
            run._r.append(_fld_char(kind))
    entries = []
    for number, section in enumerate(document.sections, start=1):
        entries.append((f"{number} {section.title}", 0))
        for sub_number, sub in enumerate(section.subsections, start=1):
            entries.append((f"{number}.{sub_number} {sub.title}", 1))
    paragraph = first
    for index, (text, level) in enumerate(entries):
        if index:
            paragraph = docx.add_paragraph()
        paragraph.paragraph_format.left_indent = Cm(0.6 * level)
        paragraph.paragraph_format.space_after = Pt(1)
        paragraph.add_run(text)
    paragraph.add_run()._r.append(_fld_char("end"))
    docx.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


# --- sections and blocks -------------------------------------------------------------------


def _section(docx, section: Section, level: int, counter: _Counter) -> None:
    docx.add_heading(section.title, level=level)
    for block in section.blocks:
        if isinstance(block, Paragraph):
            _paragraph(docx, block)
        elif isinstance(block, Table):
            _table(docx, block, counter)
        elif isinstance(block, Chart):
            _chart(docx, block, counter)
    for sub in section.subsections:
        _section(docx, sub, min(level + 1, 3), counter)


def _paragraph(docx, block: Paragraph) -> None:
    if block.kind == "quote":
        docx.add_paragraph(block.text, style="Quote")
        return
    paragraph = docx.add_paragraph()
    run = paragraph.add_run(block.text)
    if block.kind == "lead":
        run.font.size = Pt(12)
    elif block.kind == "note":
        run.italic = True
        run.font.color.rgb = MUTED
    elif block.kind == "label":
        run.bold = True
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.keep_with_next = True


def _table(docx, table: Table, counter: _Counter) -> None:
    counter.tables += 1
    caption = docx.add_paragraph(f"Tabell {counter.tables}. {table.caption}", style="Caption")
    caption.paragraph_format.keep_with_next = True
    columns = [table.columns[i] for i in table.document_columns]
    grid = docx.add_table(rows=0, cols=len(columns))
    grid.style = docx.styles[TABLE_STYLE]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    _table_look(grid)
    widths = [int(column.width.twips) for column in grid.columns]
    header = [(c.label.replace("\u00ad", ""), c.numeric) for c in columns]
    _add_row(grid, header, widths, bold=True, header=True)
    for row in table.document_body:
        cells = [
            # a grouped table names its group once, on the group's first row
            ("" if index == 0 and row.span == 0 else text, column.numeric)
            for index, (text, column) in enumerate(row.cells)
        ]
        _add_row(grid, cells, widths)
    if table.footer:
        footer = [(text, column.numeric) for text, column in table.document_cells(table.footer)]
        _add_row(grid, footer, widths, bold=True)
    if table.omitted:
        note = docx.add_paragraph()
        run = note.add_run(
            f"Tabellen visar de första {len(table.document_rows)} av {len(table.rows)} raderna; "
            "alla rader finns i Excel-versionen av rapporten."
        )
        run.italic = True
        run.font.size = Pt(9)
    else:
        docx.add_paragraph().paragraph_format.space_after = Pt(0)


def _add_row(grid, cells, widths, *, bold: bool = False, header: bool = False) -> None:
    """One table row written as XML at once: python-docx's cell API is slow for big tables."""
    run_properties = "<w:rPr><w:b/></w:rPr>" if bold else ""
    row_properties = '<w:trPr><w:tblHeader w:val="true"/></w:trPr>' if header else ""
    parts = [f"<w:tr {nsdecls('w')}>{row_properties}"]
    for (text, numeric), width in zip(cells, widths, strict=True):
        align = '<w:jc w:val="right"/>' if numeric else ""
        runs = "<w:br/>".join(
            f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in text.split("\n")
        )
        parts.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="{CELL_STYLE}"/>{align}</w:pPr>'
            f"<w:r>{run_properties}{runs}</w:r></w:p></w:tc>"
        )
    parts.append("</w:tr>")
    grid._tbl.append(parse_xml("".join(parts)))


def _table_look(grid) -> None:
    """Header row formatting on, banded rows on, first column formatting off."""
    tbl_pr = grid._tbl.tblPr
    look = tbl_pr.find(qn("w:tblLook"))
    if look is None:
        look = OxmlElement("w:tblLook")
        tbl_pr.append(look)
    for name, value in (
        ("w:firstRow", "1"),
        ("w:lastRow", "0"),
        ("w:firstColumn", "0"),
        ("w:lastColumn", "0"),
        ("w:noHBand", "0"),
        ("w:noVBand", "1"),
        ("w:val", "0420"),
    ):
        look.set(qn(name), value)


def _chart(docx, chart: Chart, counter: _Counter) -> None:
    counter.figures += 1
    if chart.png:
        paragraph = docx.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.keep_with_next = True
        shape = paragraph.add_run().add_picture(io.BytesIO(chart.png), width=TEXT_WIDTH)
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", chart.alt)
        doc_pr.set("title", chart.title)
    docx.add_paragraph(f"Figur {counter.figures}. {chart.title}", style="Caption")
    if not chart.table_elsewhere:
        _table(docx, chart.table, counter)
