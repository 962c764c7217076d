"""The report as PDF: an HTML template with print CSS, rendered by WeasyPrint (tagged PDF)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import BinaryIO

from django.template.loader import render_to_string

from utblick.reporting.document import Document

STYLESHEET = Path(__file__).with_name("report.css")
# WeasyPrint logs every layout step at INFO; the run's own progress says enough.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def report_html(document: Document) -> str:
    return render_to_string("reporting/pdf/report.html", {"document": document})


def render_pdf(document: Document, out: BinaryIO) -> None:
    from weasyprint import CSS, HTML

    html = HTML(string=report_html(document), base_url=str(STYLESHEET.parent))
    html.write_pdf(
        out,
        stylesheets=[CSS(filename=str(STYLESHEET))],
        pdf_tags=True,
        custom_metadata=True,
        optimize_images=False,
    )
