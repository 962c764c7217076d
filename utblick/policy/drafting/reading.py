"""Reading a steering document: plain text, DOCX or PDF into blocks (headings, paragraphs, list
items), each with the page it is on. Pure Python, no Django.

The three formats meet in one representation, so the patterns that propose a profile see the
same structure whatever was uploaded:

- plain text: paragraphs are separated by blank lines; page markers such as "2 (9)" or
  "Sidan 1 av 2" and form feeds set the page; bullets are "•", "-", "–", "*" or the
  private-use glyphs a PDF-to-text copy leaves behind; a numbered or short, unpunctuated line
  standing alone is a heading;
- DOCX: the paragraph styles say what is a heading (Heading/Rubrik N, Title) and what is a list
  item (List …, or numbering); tables are read row by row; page breaks count pages;
- PDF: each page's text with the position and size of every line, so a larger or bold line is
  a heading, a gap starts a paragraph and an indented line starts a list item.
"""

from __future__ import annotations

import io
import itertools
import re
import statistics
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

MAX_BYTES = 10_000_000
SUFFIXES = (".pdf", ".docx", ".txt", ".text", ".md")

HEADING, PARAGRAPH, ITEM = "heading", "paragraph", "item"


class UnreadableDocument(Exception):
    """The file cannot be read as a steering document; the message is Swedish, for the user."""


@dataclass(frozen=True)
class Block:
    kind: str  # heading, paragraph or item
    text: str
    page: int
    level: int = 1  # a heading's level (1 is the top), an item's nesting


@dataclass(frozen=True)
class SourceDocument:
    name: str
    blocks: tuple[Block, ...]
    pages: int
    has_page_numbers: bool = True
    lines: tuple[tuple[str, int], ...] = field(default=(), repr=False)

    @property
    def text(self) -> str:
        return "\n\n".join(block.text for block in self.blocks)


# --- entry points ------------------------------------------------------------------------------


def read_document(data: bytes, name: str) -> SourceDocument:
    """A document from an uploaded file's bytes; UnreadableDocument with a Swedish reason."""
    if len(data) > MAX_BYTES:
        raise UnreadableDocument(f"Filen är större än {MAX_BYTES // 1_000_000} MB.")
    if not data.strip():
        raise UnreadableDocument("Filen är tom.")
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if data.startswith(b"%PDF") or suffix == "pdf":
        return read_pdf(data, name)
    if data.startswith(b"PK") or suffix == "docx":
        return read_docx(data, name)
    if suffix in ("doc", "odt", "rtf", "pages"):
        raise UnreadableDocument(
            "Filformatet kan inte läsas. Spara dokumentet som PDF, Word (.docx) eller text."
        )
    return read_text(_decode(data), name)


def read_text(text: str, name: str = "text") -> SourceDocument:
    lines, pages, numbered = _text_lines(text)
    blocks = _blocks(lines)
    if not blocks:
        raise UnreadableDocument("Dokumentet innehåller ingen text.")
    return SourceDocument(name, tuple(blocks), pages, numbered, tuple(lines))


_NOT_TEXT = (
    "Filen är varken PDF, Word (.docx) eller text. Välj ett styrdokument i något av de formaten."
)


def _decode(data: bytes) -> str:
    text = None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            text = None
    elif b"\x00" not in data[:4000]:
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    if text is None:
        raise UnreadableDocument(_NOT_TEXT)
    controls = sum(1 for c in text[:4000] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > len(text[:4000]) / 100:
        raise UnreadableDocument(_NOT_TEXT)
    return text


# --- plain text --------------------------------------------------------------------------------

_PAGE_MARK = re.compile(
    r"^\s*(?:(\d{1,3})\s*\(\s*\d{1,3}\s*\)|sida[n]?\s+(\d{1,3})\s+av\s+\d{1,3})\s*$", re.I
)
_BULLET = re.compile(
    r"^(\s*)([•●▪◦○■□➢➤►‣⁃·\-–—*]|\uf0b7|\uf0a7|\uf076|\uf0d8|\uf0fc|\uf02d)\s*(?=\S)"
)
_ENUMERATED = re.compile(r"^(\s*)(\(?[a-zåäö]\)|\d{1,2}\))\s+(?=\S)")
_INLINE_ENUMERATOR = re.compile(r"(?:^|\s)[a-h]\)\s")
_NUMBERED_HEADING = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+([A-ZÅÄÖ].*)$")
_LETTER_HEADING = re.compile(r"^\s*([a-h])\)\s+(\S.*)$")
_LABEL = re.compile(
    r"^\s*(dokumenttyp|dokumentnamn|antaget av|antagen av|fastställd|fastställt|beslutad|"
    r"beslutat|senast reviderad|senast reviderat|reviderad|giltighetstid|gäller från|gäller till|"
    r"giltig|diarienummer|dnr|dokumentansvarig|adresserat till|adresserad till|tidpunkt för "
    r"aktualitetsprövning|aktualitetsprövning|sökord|nyckelord|detta dokument gäller för|"
    r"dokumentet gäller för|gäller för|beslutsinstans|ansvarig)\b",
    re.I,
)
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")
_TERMINAL = (".", ":", "!", "?", ";")
# A line ending in one of these words goes on: it is no heading.
_OPEN_ENDINGS = {
    "till",
    "att",
    "för",
    "och",
    "som",
    "om",
    "av",
    "med",
    "i",
    "på",
    "samt",
    "eller",
    "de",
    "den",
    "det",
    "en",
    "ett",
    "vid",
    "inom",
    "från",
    "är",
    "ska",
    "skall",
    "har",
    "kan",
}


def _clean(line: str) -> str:
    line = line.replace("\u00a0", " ").replace("\u00ad", "").replace("\t", "    ").rstrip()
    # A bullet glyph from a symbol font ("", "") becomes a plain bullet.
    stripped = line.lstrip()
    if stripped and _PRIVATE_USE.match(stripped[0]):
        line = line[: len(line) - len(stripped)] + "• " + stripped[1:].lstrip()
    return _PRIVATE_USE.sub("", line)


def _text_lines(text: str) -> tuple[list[tuple[str, int]], int, bool]:
    """(line, page) pairs; blank lines kept (they separate paragraphs)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    page, numbered, out = 1, False, []
    for raw in text.split("\n"):
        pieces = raw.split("\f")
        for index, piece in enumerate(pieces):
            if index:
                page += 1
                numbered = True
                out.append(("", page))
            mark = _PAGE_MARK.match(piece)
            if mark:
                page = int(mark.group(1) or mark.group(2))
                numbered = True
                out.append(("", page))
                continue
            out.append((_clean(piece), page))
    return out, max((p for _, p in out), default=1), numbered


@dataclass
class _Open:
    kind: str
    parts: list[str]
    page: int
    level: int
    numbered: bool = False


def _heading_level(line: str, next_line: str) -> int:
    """The heading level of a line standing alone (0: not a heading)."""
    text = line.strip()
    if not text or len(text) > 90 or _LABEL.match(text):
        return 0
    numbered = _NUMBERED_HEADING.match(text)
    if numbered and not text.endswith((".", ",", ";", ":")) and len(text.split()) <= 14:
        return numbered.group(1).count(".") + 1
    letter = _LETTER_HEADING.match(text)
    if letter and len(text.split()) <= 7 and not text.endswith((",", ";", ".")):
        return 2 if next_line.strip() else 0
    words = text.split()
    if text.endswith((*_TERMINAL, ",", "-")) or len(words) > 10 or re.search(r"[.!?] \S", text):
        return 0
    if words[-1].lower() in _OPEN_ENDINGS:
        return 0
    if text.isupper() and len(text) > 3:
        return 1
    if text[0].isupper() or text[0].isdigit():
        return 2
    return 0


def _blocks(lines: list[tuple[str, int]]) -> list[Block]:
    blocks: list[Block] = []
    current: _Open | None = None
    after_blank = True

    def close() -> None:
        nonlocal current
        if current is not None:
            text = _join(current.parts)
            if text:
                blocks.append(Block(current.kind, text, current.page, current.level))
        current = None

    def list_context() -> bool:
        """The previous block is a list item or a list's introduction ("… ska:")."""
        if current is not None:
            return current.kind == ITEM or current.parts[-1].rstrip().endswith(":")
        return bool(blocks) and (blocks[-1].kind == ITEM or blocks[-1].text.endswith(":"))

    for index, (line, page) in enumerate(lines):
        following = next((text for text, _ in lines[index + 1 : index + 3] if text.strip()), "")
        if not line.strip():
            if current is not None and current.kind == HEADING:
                close()
            after_blank = True
            continue
        indent = len(line) - len(line.lstrip())
        text = line.strip()
        bullet = _BULLET.match(line)
        if (
            bullet
            and bullet.group(2) in "-–—"
            and current is not None
            and current.kind == PARAGRAPH
            and not after_blank
            and not current.parts[-1].rstrip().endswith(_TERMINAL)
        ):
            bullet = None  # a dash inside running text ("- och -projektansökningar")
        enumerated = None if bullet else _ENUMERATED.match(line)
        if enumerated and len(_INLINE_ENUMERATOR.findall(text)) > 1:
            enumerated = None  # "a) …, b) …, c) …" is a sentence listing its parts
        if enumerated and _heading_level(text, following):
            close()
            blocks.append(Block(HEADING, text, page, 2))
            after_blank = False
            continue
        if bullet or enumerated:
            close()
            match = bullet or enumerated
            assert match is not None
            current = _Open(ITEM, [line[match.end() :].strip()], page, 2 if indent >= 4 else 1)
            after_blank = False
            continue
        # A bullet glyph lost in a copy leaves its line indented by one space.
        lost_bullet = indent in (1, 2) and text[0].islower() and list_context()
        att_item = text.startswith("att ") and (
            (current is not None and current.kind == ITEM and current.parts[0].startswith("att "))
            or (
                current is not None
                and current.kind in (PARAGRAPH, HEADING)
                and re.search(r"\b(till|att|är)$|:$", current.parts[-1].strip()) is not None
                and following.strip().startswith("att ")
            )
        )
        if lost_bullet or att_item:
            close()
            current = _Open(ITEM, [text], page, 1)
            after_blank = False
            continue
        if current is not None and not after_blank:
            if current.kind == HEADING:
                if current.numbered and text[0].islower() and len(current.parts) < 3:
                    current.parts.append(text)  # a numbered heading broken over lines
                    continue
                close()
            else:
                level = _heading_level(text, following)
                starts_heading = (
                    level
                    and (
                        _NUMBERED_HEADING.match(text)
                        or (indent in (1, 2) and not text[0].islower())
                    )
                    and current.parts[-1].rstrip().endswith((*_TERMINAL, ","))
                )
                if current.kind == ITEM and indent in (1, 2) and level:
                    starts_heading = True
                if not starts_heading and not _LABEL.match(text):
                    current.parts.append(text)
                    continue
                close()
        elif current is not None and current.kind in (PARAGRAPH, ITEM):
            last = current.parts[-1].rstrip()
            unfinished = not last.endswith(_TERMINAL) and not (
                current.kind == ITEM and indent in (1, 2)
            )
            # A double-spaced copy breaks every line of a paragraph with a blank line.
            long_line = len(last) >= 50 and current.kind == PARAGRAPH
            if unfinished and (
                text[0].islower() or (long_line and not _heading_level(text, following))
            ):
                current.parts.append(text)  # a line broken by a blank line
                after_blank = False
                continue
            close()
        else:
            close()
        after_blank = False
        if _LABEL.match(text):
            blocks.append(Block(PARAGRAPH, text, page))
            continue
        level = _heading_level(text, following)
        numbered = bool(_NUMBERED_HEADING.match(text))
        if level and (numbered or _ends_heading(lines, index)):
            current = _Open(HEADING, [text], page, level, numbered)
        else:
            current = _Open(PARAGRAPH, [text], page, 1)
    close()
    return _merge_headings(blocks)


def _ends_heading(lines: list[tuple[str, int]], index: int) -> bool:
    """An unnumbered heading is followed by a blank line or a list; a very short one (
    "Förord") may be followed by its text directly."""
    text = lines[index][0].strip()
    following = next((line for line, _ in lines[index + 1 : index + 3] if line.strip()), "")
    if following.strip()[:1].islower() and not _BULLET.match(following) and len(text.split()) >= 5:
        return False  # the line goes on after a blank line (a double-spaced copy)
    for after, _ in lines[index + 1 : index + 2]:
        stripped = after.strip()
        if not stripped or _BULLET.match(after):
            return True
        return len(text.split()) <= 3 and not stripped[0].islower()
    return True


def _merge_headings(blocks: list[Block]) -> list[Block]:
    """A heading whose next line continues it in lowercase (a title broken over lines)."""
    out: list[Block] = []
    for block in blocks:
        if (
            out
            and block.kind in (HEADING, PARAGRAPH)
            and out[-1].kind == HEADING
            and block.text[:1].islower()
            and len(block.text.split()) <= 6
            and not block.text.endswith(_TERMINAL)
            and block.page == out[-1].page
        ):
            previous = out.pop()
            out.append(
                Block(HEADING, _join([previous.text, block.text]), previous.page, previous.level)
            )
            continue
        out.append(block)
    return out


def _join(parts: list[str]) -> str:
    """Lines of one block as one text: a word broken at the line's end is joined ("omvärlds-
    bevakning"), an abbreviation's hyphen kept ("EU-relaterat")."""
    text = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if text.endswith("-") and part[:1].islower():
            before = re.search(r"(\S+)-$", text)
            word = before.group(1) if before else ""
            keep = (
                word.isupper()
                or any(c.isdigit() for c in word)
                or part.startswith(("och ", "eller "))
            )
            text = (text if keep else text[:-1]) + part
        else:
            text = f"{text} {part}" if text else part
    return re.sub(r"\s+", " ", text).strip()


# --- DOCX --------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data: bytes, name: str) -> SourceDocument:
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError

        try:
            document = docx.Document(io.BytesIO(data))
        except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
            raise UnreadableDocument(
                "Word-filen kan inte öppnas: den är skadad eller inte en .docx-fil."
            ) from exc
        blocks = _docx_blocks(document)
    except UnreadableDocument:
        raise
    except Exception as exc:  # python-docx and lxml raise many kinds on a broken file
        raise UnreadableDocument(
            "Word-filen kan inte läsas: den är skadad eller inte en .docx-fil."
        ) from exc
    if not blocks:
        raise UnreadableDocument("Word-filen innehåller ingen text.")
    pages = max(block.page for block in blocks)
    return SourceDocument(name, tuple(blocks), pages, pages > 1)


def _docx_blocks(document: Any) -> list[Block]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    blocks: list[Block] = []
    page = 1
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == f"{_W}p":
            paragraph = Paragraph(child, document)
            page += _page_breaks_before(child)
            block = _docx_paragraph(paragraph, page)
            page += _page_breaks_after(child)
            if block is not None:
                blocks.append(block)
        elif child.tag == f"{_W}tbl":
            for row in Table(child, document).rows:
                cells = []
                for cell in row.cells:
                    text = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
                    if text and text not in cells:
                        cells.append(text)
                if cells:
                    # A two-column metadata table reads as "Label: value".
                    line = f"{cells[0]}: {' '.join(cells[1:])}" if len(cells) > 1 else cells[0]
                    line = line.replace("::", ":")
                    blocks.append(Block(PARAGRAPH, _clean(line).strip(), page))
    return blocks


def _page_breaks_before(element: Any) -> int:
    rendered = element.findall(f".//{_W}lastRenderedPageBreak")
    return 1 if rendered else 0


def _page_breaks_after(element: Any) -> int:
    return sum(1 for br in element.iter(f"{_W}br") if br.get(f"{_W}type") == "page")


def _docx_paragraph(paragraph: Any, page: int) -> Block | None:
    text = _clean(paragraph.text).strip()
    if not text:
        return None
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    lowered = style.lower()
    heading = re.match(r"(heading|rubrik)\s*(\d)", lowered)
    if lowered in ("title", "rubrik", "titel"):
        return Block(HEADING, text, page, 1)
    if heading:
        return Block(HEADING, text, page, int(heading.group(2)))
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if "list" in lowered or "lista" in lowered or numbered:
        return Block(ITEM, _BULLET.sub("", text).strip(), page)
    bullet = _BULLET.match(text)
    if bullet:
        return Block(ITEM, text[bullet.end() :].strip(), page)
    runs = [run for run in paragraph.runs if run.text.strip()]
    if runs and all(run.bold for run in runs) and len(text) <= 90 and not text.endswith("."):
        return Block(HEADING, text, page, 2)
    return Block(PARAGRAPH, text, page)


# --- PDF ---------------------------------------------------------------------------------------


@dataclass
class _Line:
    text: str
    x: float
    y: float
    size: float
    bold: bool


def read_pdf(data: bytes, name: str) -> SourceDocument:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                try:
                    reader.decrypt("")
                except Exception as exc:
                    raise UnreadableDocument(
                        "PDF-filen är lösenordsskyddad. Ta bort skyddet och ladda upp den igen."
                    ) from exc
            pages = [_pdf_lines(page) for page in reader.pages]
        except PdfReadError as exc:
            raise UnreadableDocument(
                "PDF-filen kan inte läsas: den är skadad eller inte en PDF."
            ) from exc
    except UnreadableDocument:
        raise
    except Exception as exc:  # pypdf raises many kinds on a damaged file
        raise UnreadableDocument(
            "PDF-filen kan inte läsas: den är skadad eller inte en PDF."
        ) from exc
    if not any(line.text.strip() for lines in pages for line in lines):
        raise UnreadableDocument(
            "PDF-filen innehåller ingen text som kan läsas. Är den inskannad? Ladda upp "
            "originalet (Word eller en PDF med text)."
        )
    text_lines = _pdf_text(pages)
    blocks = _blocks(text_lines)
    if not blocks:
        raise UnreadableDocument("PDF-filen innehåller ingen text.")
    return SourceDocument(name, tuple(blocks), len(pages), True, tuple(text_lines))


def _pdf_lines(page: Any) -> list[_Line]:
    lines: list[_Line] = []
    parts: list[tuple[str, float, float, float, bool]] = []

    def flush() -> None:
        text = "".join(part[0] for part in parts).rstrip()
        if text.strip():
            first = next(part for part in parts if part[0].strip())
            sizes = [part[3] for part in parts if part[0].strip()]
            bold_chars = sum(len(p[0]) for p in parts if p[4] and p[0].strip())
            all_chars = sum(len(p[0]) for p in parts if p[0].strip())
            lines.append(_Line(text, first[1], first[2], max(sizes), bold_chars * 2 > all_chars))
        parts.clear()

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if not text:
            return
        x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
        y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
        scale = abs(tm[3] * cm[3]) or abs(tm[0] * cm[0]) or 1
        base = str((font or {}).get("/BaseFont", "")).lower()
        bold = "bold" in base or "black" in base or "heavy" in base
        pieces = text.split("\n")
        for index, piece in enumerate(pieces):
            if piece:
                parts.append((piece, x, y, round(size * scale, 1), bold))
            if index < len(pieces) - 1:
                flush()

    page.extract_text(visitor_text=visit)
    flush()
    return lines


def _pdf_text(pages: list[list[_Line]]) -> list[tuple[str, int]]:
    """Each page's lines as plain-text lines: blank lines where a gap starts a paragraph, a
    heading by size or weight stands alone, an indented line that starts a block is an item.
    Lines repeated at the top or bottom of most pages (running heads, footers) are dropped."""
    repeated = _running_lines(pages)
    all_lines = [line for lines in pages for line in lines if line.text.strip()]
    if not all_lines:
        return []
    weights: Counter[float] = Counter()
    for line in all_lines:
        weights[line.size] += len(line.text)
    body = weights.most_common(1)[0][0]
    out: list[tuple[str, int]] = []
    for number, lines in enumerate(pages, start=1):
        lines = [
            line
            for line in lines
            if line.text.strip()
            and (number == 1 or line.text.strip() not in repeated)
            and not re.fullmatch(r"\s*\d{1,3}(\s*\(\d{1,3}\))?\s*", line.text)
        ]
        if not lines:
            continue
        out.append(("", number))
        gaps = [a.y - b.y for a, b in itertools.pairwise(lines) if 0 < a.y - b.y < 3 * body]
        step = statistics.median(gaps) if gaps else body * 1.2
        left = min(line.x for line in lines)
        widest = max(len(line.text.strip()) for line in lines)
        previous: _Line | None = None
        bullet = ""
        for line in lines:
            if re.fullmatch(r"\s*[•●▪◦○■□➢➤►‣⁃·\-–*\uf0b7\uf0a7]\s*", line.text):
                bullet = "• "  # a list marker drawn apart from its text
                continue
            heading = line.size >= body * 1.15 or (
                line.bold and len(line.text) <= 90 and not line.text.rstrip().endswith(".")
            )
            gap = (previous.y - line.y) if previous else 0
            new_block = previous is None or gap > step * 1.35 or gap < -step
            previous_heading = previous is not None and (
                previous.size >= body * 1.15 or previous.bold
            )
            if heading != previous_heading or (new_block and previous is not None):
                out.append(("", number))
            text = line.text.strip()
            indented = line.x - left > 8
            # A short line ends its item: the next indented line starts a new one.
            ended = previous is not None and len(previous.text.strip()) < widest * 0.7
            starts_item = new_block or ended or (previous is not None and previous.x < line.x - 8)
            if bullet or (indented and not heading and not _BULLET.match(text) and starts_item):
                text = "• " + text
            bullet = ""
            out.append((_clean(text), number))
            previous = line
    return out


def _running_lines(pages: list[list[_Line]]) -> set[str]:
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        edge = {line.text.strip() for line in lines[:2] + lines[-2:] if line.text.strip()}
        counts.update(edge)
    return {text for text, count in counts.items() if count >= max(3, len(pages) * 0.6)}
