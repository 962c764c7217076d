"""Build the compiled report file: the one function the command line and the worker share.

The file is written to a temporary name beside its destination and moved into place with
`os.replace` only once it is complete, so a failed build never leaves a half-written file.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from utblick.core.text import printable_tree
from utblick.organisation.models import Municipality
from utblick.reporting.compose import build_document
from utblick.reporting.document import COUNCIL, PUBLIC, Document, document_to_json
from utblick.reporting.render.docx import render_docx
from utblick.reporting.render.pdf import render_pdf
from utblick.reporting.render.xlsx import render_xlsx
from utblick.reporting.report_data import ReportData, build_report_data

FORMATS = ("docx", "pdf", "xlsx")
RENDERERS: dict[str, Callable] = {"docx": render_docx, "pdf": render_pdf, "xlsx": render_xlsx}
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

Progress = Callable[[int, str], None]


@dataclass
class BuildResult:
    path: Path
    size: int
    public_data: dict | None = None
    timings: dict[str, float] = field(default_factory=dict)


def build_report_file(
    municipality: Municipality,
    year: int,
    fmt: str,
    output: Path | str,
    *,
    today: dt.date | None = None,
    progress: Progress | None = None,
    with_public_edition: bool = False,
) -> BuildResult:
    """Write the municipality's compiled report for `year` as `fmt` to `output`, atomically."""
    if fmt not in RENDERERS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    report = progress or (lambda _percent, _step: None)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    data = build_report_data(municipality, year, today=today, progress=report)
    timings["data"] = time.perf_counter() - started

    report(45, "Ritar diagram" if fmt != "xlsx" else "Ställer upp tabellerna")
    mark = time.perf_counter()
    # Text stored before control characters were refused must not break the file (core.text).
    document = printable_tree(build_document(data, edition=COUNCIL, draw=fmt != "xlsx"))
    timings["document"] = time.perf_counter() - mark

    report(65, "Skriver dokumentet")
    mark = time.perf_counter()
    handle, temporary = tempfile.mkstemp(
        prefix=f".{output.name}.", suffix=".part", dir=output.parent
    )
    try:
        with os.fdopen(handle, "wb") as out:
            RENDERERS[fmt](document, out)
            out.flush()
            os.fsync(out.fileno())
        timings["render"] = time.perf_counter() - mark
        public = None
        if with_public_edition:
            report(90, "Tar fram den offentliga versionen")
            public = document_to_json(public_edition(data, document))
        report(97, "Sparar filen")
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    timings["total"] = time.perf_counter() - started
    return BuildResult(output, output.stat().st_size, public, timings)


def public_edition(data: ReportData, council: Document) -> Document:
    """The public edition, reusing the council edition's chart images where it has them."""
    drawn = {chart.key: chart.png for chart in council.all_charts() if chart.png}
    public = printable_tree(build_document(data, edition=PUBLIC, draw=False))
    missing = [c for c in public.all_charts() if c.key not in drawn]
    if missing:
        drawn.update(
            {c.key: c.png for c in build_document(data, edition=PUBLIC, draw=True).all_charts()}
        )
    for chart in public.all_charts():
        chart.png = drawn.get(chart.key, b"")
    return public
