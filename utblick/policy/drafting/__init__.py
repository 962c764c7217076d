"""Drafting a policy profile from the steering document itself (pure Python, no Django).

    document = read_document(data, "policy.pdf")        # PDF, DOCX or text; UnreadableDocument
    draft = draft_profile(document, organisation_code="1280")
    rendered = render(draft)                             # format-2 TOML that passes check_profile
    rendered.text, rendered.rejected                     # what could not be made valid, and why

The drafter reads the document's structure (headings, lists, labelled fields) and a small set of
Swedish patterns ("Kommunstyrelsen beslutar om …", "… 12 miljoner kronor eller mer", "prövas med
jämna mellanrum", "varje mandatperiod"). Every proposal carries the sentences it came from, the
page and a confidence. No external service, no model: the same document gives the same draft.
"""

from .drafter import UnknownOrganisation, draft_profile
from .model import KIND_LABELS, KINDS, Draft, Proposal, Source, draft_from_json, draft_to_json
from .reading import SourceDocument, UnreadableDocument, read_document, read_text
from .writer import REQUIRED, Rendered, render

__all__ = [
    "KINDS",
    "KIND_LABELS",
    "REQUIRED",
    "Draft",
    "Proposal",
    "Rendered",
    "Source",
    "SourceDocument",
    "UnknownOrganisation",
    "UnreadableDocument",
    "draft_from_json",
    "draft_profile",
    "draft_to_json",
    "read_document",
    "read_text",
    "render",
]
