"""Importing EU funding calls from the Funding & Tenders Portal's search responses.

The reading is `ft_portal` (plain Python, no Django); this module writes what it read, in one
transaction: a malformed file raises `PortalFormatError` before anything is written, and a
second import of the same file changes nothing. Each call is keyed by its topic identifier;
changes are kept in the call's history. An import that changed calls then queues the building
of the matching index over them (`call_index`), so that no process that matches has to.
"""

from __future__ import annotations

import json
import urllib.request
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from utblick.core.text import printable_tree
from utblick.monitoring.call_index import call_index_store
from utblick.monitoring.ft_portal import (
    FieldWarning,
    PortalCall,
    PortalDocument,
    PortalFormatError,
    Skipped,
    read_portal_document,
)
from utblick.monitoring.models import FundingCall
from utblick.monitoring.tasks import call_index_task
from utblick.reference.models import EUProgramme

__all__ = ["CallsImportReport", "PortalFormatError", "calls_fetch", "calls_import"]

# The fields an import writes; a call whose values are all equal is left untouched.
IMPORTED_FIELDS = (
    "call_identifier",
    "call_title",
    "title",
    "description",
    "status",
    "status_code",
    "type_code",
    "deadline_model",
    "deadlines",
    "deadline",
    "deadline_time",
    "second_stage_deadline",
    "final_deadline",
    "opening_date",
    "programme_id",
    "programme_ref",
    "programme_period",
    "budget_eur",
    "budget_shared",
    "types_of_action",
    "keywords",
    "tags",
    "url",
    "language",
    "source_reference",
    "datasource",
    "checksum",
)
WRITTEN_FIELDS = (*[f.removesuffix("_id") for f in IMPORTED_FIELDS], "source_name", "updated_at")


@dataclass
class CallsImportReport:
    source_name: str
    results: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[FieldWarning] = field(default_factory=list)
    unknown_programmes: dict[str, list[str]] = field(default_factory=dict)

    def summary(self) -> str:
        return (
            f"{self.source_name}: {self.results} träffar – {len(self.created)} nya, "
            f"{len(self.updated)} ändrade, {len(self.unchanged)} oförändrade, "
            f"{len(self.skipped)} hoppades över"
            + (f", {len(self.warnings)} fält kunde inte läsas" if self.warnings else "")
        )


def calls_import(
    data: str | bytes,
    *,
    source_name: str,
    languages: Iterable[str] | None = ("en",),
    batch_size: int = 500,
    queue_index: bool = True,
) -> CallsImportReport:
    """Import a saved portal response (whole response, one result or a list of results).

    Raises PortalFormatError, located, for a malformed file; nothing is written then.
    """
    document = read_portal_document(data, languages=languages)
    return calls_save(
        document, source_name=source_name, batch_size=batch_size, queue_index=queue_index
    )


# Portal responses shipped with Utblick (see docs/funding-calls.md): the three recorded from the
# portal, and the project's own sample in the portal's format with calls of 2026–2027.
SHIPPED = Path(__file__).resolve().parent / "data"
SHIPPED_FILES = (
    SHIPPED / "real" / "call_search_one_result.json",
    SHIPPED / "real" / "result_item_erasmus_forthcoming.json",
    SHIPPED / "real" / "result_item_pppa_open.json",
    SHIPPED / "calls_sample.json",
)


def calls_import_shipped() -> list[CallsImportReport]:
    """Import the shipped portal responses (idempotent: a second run changes nothing) and
    store the matching index over them here, once, rather than queue it for each file."""
    reports = [
        calls_import(path.read_bytes(), source_name=path.name, queue_index=False)
        for path in SHIPPED_FILES
    ]
    if any(report.created or report.updated for report in reports):
        call_index_store(today=timezone.localdate())
    return reports


def calls_save(
    document: PortalDocument, *, source_name: str, batch_size: int = 500, queue_index: bool = True
) -> CallsImportReport:
    report = CallsImportReport(source_name=source_name, results=document.results)
    report.skipped = list(document.skipped)
    report.warnings = list(document.warnings)
    programmes = dict(
        EUProgramme.objects.exclude(ft_portal_programme_id="").values_list(
            "ft_portal_programme_id", "pk"
        )
    )
    now = timezone.now()
    with transaction.atomic():
        existing = FundingCall.objects.in_bulk(
            [call.identifier for call in document.calls], field_name="identifier"
        )
        to_create: list[FundingCall] = []
        to_update: list[FundingCall] = []
        for parsed in document.calls:
            values = _values(parsed, programmes)
            if parsed.programme_ref and values["programme_id"] is None:
                report.unknown_programmes.setdefault(parsed.programme_ref, []).append(
                    parsed.identifier
                )
            call = existing.get(parsed.identifier)
            if call is None:
                call = FundingCall(identifier=parsed.identifier, **values)
                call.source_name, call.imported_at, call.updated_at = source_name, now, now
                to_create.append(call)
                report.created.append(parsed.identifier)
            elif any(getattr(call, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(call, name, value)
                call.source_name, call.updated_at = source_name, now
                to_update.append(call)
                report.updated.append(parsed.identifier)
            else:
                report.unchanged.append(parsed.identifier)
        reason = f"inläst från {source_name}"[:100]
        if to_create:
            bulk_create_with_history(
                to_create,
                FundingCall,
                batch_size=batch_size,
                default_change_reason=reason,
                default_date=now,
            )
        if to_update:
            bulk_update_with_history(
                to_update,
                FundingCall,
                fields=list(WRITTEN_FIELDS),
                batch_size=batch_size,
                default_change_reason=reason,
                default_date=now,
            )
    if queue_index and (to_create or to_update):
        # The matching index over the new calls is built once, in the background (call_index).
        call_index_task.enqueue(timezone.localdate().isoformat())
    return report


def _values(parsed: PortalCall, programmes: dict[str, int]) -> dict:
    """The fields to store; the portal's raw control characters are left out (core.text)."""
    first = parsed.first_deadline
    second = parsed.second_stage_deadline
    final = parsed.final_deadline
    return printable_tree(
        {
            "call_identifier": parsed.call_identifier[:200],
            "call_title": parsed.call_title[:500],
            "title": parsed.title[:500],
            "description": parsed.description,
            "status": parsed.status,
            "status_code": parsed.status_code[:12],
            "type_code": parsed.type_code[:4],
            "deadline_model": parsed.deadline_model,
            "deadlines": [d.isoformat() for d in parsed.deadlines],
            "deadline": first.date if first else None,
            "deadline_time": first.time if first else None,
            "second_stage_deadline": second.date if second else None,
            "final_deadline": final.date if final else None,
            "opening_date": parsed.opening_date,
            "programme_id": programmes.get(parsed.programme_ref),
            "programme_ref": parsed.programme_ref[:20],
            "programme_period": parsed.programme_period[:20],
            "budget_eur": parsed.budget_eur,
            "budget_shared": parsed.budget_shared,
            "types_of_action": parsed.types_of_action[:300],
            "keywords": list(parsed.keywords),
            "tags": list(parsed.tags),
            "url": parsed.url[:500],
            "language": parsed.language[:10],
            "source_reference": parsed.reference[:200],
            "datasource": parsed.datasource[:40],
            "checksum": parsed.checksum[:64],
        }
    )


# --- Fetching from the live API (optional; the file import is the tested path) -------------

SEARCH_URL = "https://api.tech.ec.europa.eu/search-api/prod/rest/search"
OPEN_AND_FORTHCOMING = {
    "bool": {
        "must": [
            {"terms": {"type": ["1", "2"]}},
            {"terms": {"status": ["31094501", "31094502"]}},
            {"term": {"DATASOURCE": "SEDIA"}},
        ]
    }
}


def calls_fetch_page(
    page: int, *, page_size: int = 100, programme_ref: str | None = None, timeout: float = 60
) -> bytes:
    """One page of open and forthcoming grant topics from the live search API (POST,
    multipart/form-data with JSON parts, as the portal requires)."""
    query = json.loads(json.dumps(OPEN_AND_FORTHCOMING))
    if programme_ref:
        query["bool"]["must"].append({"terms": {"frameworkProgramme": [programme_ref]}})
    parts = {
        "query": query,
        "languages": ["en"],
        "sort": {"field": "sortStatus", "order": "ASC"},
    }
    boundary = uuid.uuid4().hex
    body = (
        b"".join(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{name}.json"\r\nContent-Type: application/json\r\n\r\n'
            ).encode()
            + json.dumps(value).encode()
            + b"\r\n"
            for name, value in parts.items()
        )
        + f"--{boundary}--\r\n".encode()
    )
    url = f"{SEARCH_URL}?apiKey=SEDIA&text=***&pageSize={page_size}&pageNumber={page}"
    request = urllib.request.Request(  # noqa: S310 - a fixed https address
        url,
        data=body,
        method="POST",
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return response.read()


def calls_fetch(
    *, max_pages: int = 100, page_size: int = 100, programme_ref: str | None = None
) -> CallsImportReport:
    """Fetch every page (until an empty one) and import them together, in one transaction."""
    results: list[dict] = []
    for page in range(1, max_pages + 1):
        data = read_json_page(
            calls_fetch_page(page, page_size=page_size, programme_ref=programme_ref)
        )
        batch = data.get("results") or []
        if not batch:
            break
        results.extend(batch)
    return calls_import(
        json.dumps(results), source_name=f"{SEARCH_URL} ({timezone.now():%Y-%m-%d})"
    )


def read_json_page(data: bytes) -> dict:
    from utblick.monitoring.ft_portal import load_lenient_json

    page = load_lenient_json(data)
    if not isinstance(page, dict):
        raise PortalFormatError("expected a search response object", where="the top level")
    return page
