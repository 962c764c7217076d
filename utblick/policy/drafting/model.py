"""What the drafter proposes: each element of a profile with the sentences it came from, the
page they are on, how sure the pattern is, and the product choices it made."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

# The element kinds, in the order the profile writes them.
KINDS = (
    "document",  # one field of the document's metadata, or a document it replaces
    "body",  # a body the document names beyond the standard ones
    "area",
    "commitment",
    "goal",
    "responsibility",  # one duty of a body (or what it decides)
    "reporting",  # a period of the reporting calendar
    "grant_scheme",
    "routine",
)
KIND_LABELS = {
    "document": "Dokumentuppgift",
    "body": "Organ",
    "area": "Prioriterat område",
    "commitment": "Åtagande",
    "goal": "Mål",
    "responsibility": "Ansvar",
    "reporting": "Rapportering",
    "grant_scheme": "Egen fond",
    "routine": "Rutin",
}


@dataclass(frozen=True)
class Source:
    """A sentence of the document, as it stands there, and the page it is on."""

    text: str
    page: int


@dataclass
class Proposal:
    """One element of the draft.

    `data` is what is written: for a document field {field: value}; for a commitment
    {"key", "text"}; for a responsibility {"body", "duty"} or {"body", "decides"}; for a
    routine the routine's table with its checks under "checks". `parent` names the proposal
    this one belongs to (a commitment's area); dropping the parent drops it too.
    """

    id: str
    kind: str
    summary: str
    data: dict[str, Any]
    sources: tuple[Source, ...]
    confidence: float
    notes: tuple[str, ...] = ()
    parent: str | None = None
    needs: tuple[str, ...] = ()  # other proposals it refers to (a reporting period, a body)

    @property
    def pages(self) -> tuple[int, ...]:
        return tuple(sorted({source.page for source in self.sources}))


@dataclass
class Draft:
    """The proposals for one document, for one organisation."""

    organisation_code: str
    organisation_name: str
    organisation_kind: str
    source_name: str
    pages: int
    has_page_numbers: bool
    proposals: list[Proposal] = field(default_factory=list)

    def by_id(self) -> dict[str, Proposal]:
        return {proposal.id: proposal for proposal in self.proposals}

    def of_kind(self, kind: str) -> list[Proposal]:
        return [proposal for proposal in self.proposals if proposal.kind == kind]


# --- carried between requests (the web signs it) ------------------------------------------------


def draft_to_json(draft: Draft) -> dict[str, Any]:
    """The draft as JSON-safe data; `draft_from_json` reads it back."""
    return {
        "organisation": [draft.organisation_code, draft.organisation_name, draft.organisation_kind],
        "source": [draft.source_name, draft.pages, draft.has_page_numbers],
        "proposals": [
            {
                "id": p.id,
                "kind": p.kind,
                "summary": p.summary,
                "data": _to_json(p.data),
                "sources": [[s.text, s.page] for s in p.sources],
                "confidence": p.confidence,
                "notes": list(p.notes),
                "parent": p.parent,
            }
            for p in draft.proposals
        ],
    }


def draft_from_json(data: dict[str, Any]) -> Draft:
    code, name, kind = data["organisation"]
    source, pages, numbered = data["source"]
    draft = Draft(code, name, kind, source, pages, numbered)
    for p in data["proposals"]:
        draft.proposals.append(
            Proposal(
                p["id"],
                p["kind"],
                p["summary"],
                _from_json(p["data"]),
                tuple(Source(text, page) for text, page in p["sources"]),
                p["confidence"],
                tuple(p["notes"]),
                p["parent"],
            )
        )
    return draft


def _to_json(value: Any) -> Any:
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, dict):
        return {key: _to_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_to_json(item) for item in value]
    return value


def _from_json(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"$date"}:
            return date.fromisoformat(value["$date"])
        return {key: _from_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_from_json(item) for item in value]
    return value
