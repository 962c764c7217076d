"""Reading plain text, DOCX and PDF into headings, paragraphs and list items with their pages;
a file that cannot be read gets a Swedish reason, never an exception of the library."""

from __future__ import annotations

import io

import pytest

from utblick.policy.drafting import UnreadableDocument, read_document, read_text

STEERING_TEXT = """Policy för Exempels kommuns internationella arbete

Dokumenttyp: Policy
Diarienummer: KS 2023/123

1 Inledning
Policyn gäller för samtliga nämnder och bolag. Den ska ge vägledning i det interna-
tionella arbetet och i EU-
relaterade frågor.

2 (5)

Kommunstyrelsen:

 beslutar om medlemskap i internationella nätverk

 utser representanter

Under programperioden ska kommunen arbeta särskilt för att:

- Lärdomar från projekt tas tillvara,

- Fler medarbetare deltar i utbyten.
"""


def kinds(document):
    return [(block.kind, block.text, block.page) for block in document.blocks]


def test_plain_text_has_headings_paragraphs_items_and_pages():
    document = read_text(STEERING_TEXT, "policy.txt")
    assert kinds(document) == [
        ("heading", "Policy för Exempels kommuns internationella arbete", 1),
        ("paragraph", "Dokumenttyp: Policy", 1),
        ("paragraph", "Diarienummer: KS 2023/123", 1),
        ("heading", "1 Inledning", 1),
        (
            "paragraph",
            "Policyn gäller för samtliga nämnder och bolag. Den ska ge vägledning i det "
            "internationella arbetet och i EU-relaterade frågor.",
            1,
        ),
        ("paragraph", "Kommunstyrelsen:", 2),
        ("item", "beslutar om medlemskap i internationella nätverk", 2),
        ("item", "utser representanter", 2),
        ("paragraph", "Under programperioden ska kommunen arbeta särskilt för att:", 2),
        ("item", "Lärdomar från projekt tas tillvara,", 2),
        ("item", "Fler medarbetare deltar i utbyten.", 2),
    ]
    assert document.pages == 2 and document.has_page_numbers


def test_a_text_without_page_markers_is_one_page():
    document = read_text("Policy\n\nKommunstyrelsen beslutar om medlemskap.\n", "p.txt")
    assert {block.page for block in document.blocks} == {1}
    assert not document.has_page_numbers


def test_form_feeds_start_pages_and_symbol_font_bullets_are_bullets():
    document = read_text("Mål\n\n\uf0b7 Ökad extern finansiering.\n\fMer text här.\n", "p.txt")
    assert kinds(document) == [
        ("heading", "Mål", 1),
        ("item", "Ökad extern finansiering.", 1),
        ("paragraph", "Mer text här.", 2),
    ]


def test_text_in_another_encoding_is_read():
    document = read_document("Vänortspolicy\n\nMålet är förståelse.\n".encode("cp1252"), "v.txt")
    assert document.blocks[0].text == "Vänortspolicy"


def docx_bytes() -> bytes:
    from docx import Document
    from docx.enum.text import WD_BREAK

    document = Document()
    document.add_heading("Policy för internationellt arbete", level=0)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Dokumenttyp", "Policy"
    table.cell(1, 0).text, table.cell(1, 1).text = "Diarienummer", "KS 2024/7"
    document.add_heading("Ansvar", level=1)
    paragraph = document.add_paragraph("Kommunstyrelsen beslutar om medlemskap.")
    paragraph.runs[0].add_break(WD_BREAK.PAGE)
    document.add_paragraph("stöd till nämnderna", style="List Bullet")
    document.add_paragraph("sammanställning av redovisningen", style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_styles_tables_and_page_breaks():
    document = read_document(docx_bytes(), "policy.docx")
    assert kinds(document) == [
        ("heading", "Policy för internationellt arbete", 1),
        ("paragraph", "Dokumenttyp: Policy", 1),
        ("paragraph", "Diarienummer: KS 2024/7", 1),
        ("heading", "Ansvar", 1),
        ("paragraph", "Kommunstyrelsen beslutar om medlemskap.", 1),
        ("item", "stöd till nämnderna", 2),
        ("item", "sammanställning av redovisningen", 2),
    ]


def pdf_bytes(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


PDF_HTML = """<html><head><style>
body { font-family: sans-serif; font-size: 11pt; } h1 { font-size: 20pt; }
.page { break-after: page; } ul { padding-left: 2em; }
</style></head><body>
<div class="page"><h1>Policy för internationellt arbete</h1>
<p>Dokumenttyp: Policy<br>Diarienummer: KS 2024/9</p></div>
<h2>Ansvar</h2>
<p>Kommunstyrelsen beslutar om medlemskap i internationella nätverk som spänner över flera
nämnders ansvarsområden och om nya partnerstadssamarbeten.</p>
<ul><li>stöd till nämnderna i EU-frågor</li>
<li>sammanställning årligen av nämndernas redovisade internationella arbete, som lämnas till
kommunfullmäktige i samband med årsredovisningen och följs upp varje år</li></ul>
</body></html>"""


def test_pdf_pages_headings_by_size_paragraphs_by_gap_items_by_indentation():
    document = read_document(pdf_bytes(PDF_HTML), "policy.pdf")
    assert kinds(document) == [
        ("heading", "Policy för internationellt arbete", 1),
        ("paragraph", "Dokumenttyp: Policy", 1),
        ("paragraph", "Diarienummer: KS 2024/9", 1),
        ("heading", "Ansvar", 2),
        (
            "paragraph",
            "Kommunstyrelsen beslutar om medlemskap i internationella nätverk som spänner över "
            "flera nämnders ansvarsområden och om nya partnerstadssamarbeten.",
            2,
        ),
        ("item", "stöd till nämnderna i EU-frågor", 2),
        (
            "item",
            "sammanställning årligen av nämndernas redovisade internationella arbete, som "
            "lämnas till kommunfullmäktige i samband med årsredovisningen och följs upp varje år",
            2,
        ),
    ]
    assert document.pages == 2


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (
            b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\ntrasig",
            "policy.pdf",
            "PDF-filen kan inte läsas",
        ),
        (b"PK\x03\x04 inte en zip", "policy.docx", "Word-filen kan inte"),
        (b"", "tom.txt", "Filen är tom"),
        (b"{\\rtf1 text}", "policy.rtf", "Filformatet kan inte läsas"),
        (b"\x00\x01\x02\x03" * 100, "data.bin", "varken PDF, Word"),
        (b"   \n\n  ", "blank.txt", "Filen är tom"),
    ],
)
def test_a_broken_or_unknown_file_gets_a_swedish_reason(data, name, message):
    with pytest.raises(UnreadableDocument) as caught:
        read_document(data, name)
    assert message in str(caught.value)


def test_a_pdf_without_text_is_said_to_be_scanned():
    blank = pdf_bytes(
        "<html><body><div style='height: 10cm; border: 1px solid black'></div></body></html>"
    )
    with pytest.raises(UnreadableDocument, match="inskannad"):
        read_document(blank, "skannad.pdf")


def test_a_docx_that_is_another_zip_is_refused():
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hej.txt", "inte ett Word-dokument")
    with pytest.raises(UnreadableDocument, match="Word-filen"):
        read_document(out.getvalue(), "policy.docx")


def test_a_file_too_large_is_refused():
    with pytest.raises(UnreadableDocument, match="större än"):
        read_document(b"a" * 10_000_001, "stor.txt")
