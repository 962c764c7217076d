"""Writing a draft as a format-2 profile: every proposal with its source sentences, page and
confidence as comments above it. The text is checked with `check_profile`; a proposal that
makes it invalid is written commented out with the reason, and the check repeated, so the
result always passes."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from utblick.policy.profile_format import _toml_string, check_profile

from .model import Draft, Proposal

# Fields of [[documents]] in the order they are written; the first three are required.
_DOCUMENT_FIELDS = (
    "title",
    "kind",
    "status",
    "adopted_by",
    "adopted_on",
    "adopted_paragraph",
    "valid_from",
    "valid_to",
    "registry_number",
    "owner",
    "addressed_to",
    "review_date",
    "review_interval",
    "keywords",
    "summary",
)
REQUIRED = ("document.title", "document.kind", "document.status")
_WIDTH = 96


@dataclass
class Rendered:
    text: str
    rejected: dict[str, str] = field(default_factory=dict)  # proposal id → why it is not valid
    included: list[str] = field(default_factory=list)  # proposals written as active lines


@dataclass
class _Line:
    text: str
    tags: frozenset[str] = frozenset()


def render(
    draft: Draft, selected: set[str] | None = None, *, path: str = "utkast.toml"
) -> Rendered:
    """The draft as profile text with the `selected` proposals (all when None) active."""
    chosen = {p.id for p in draft.proposals} if selected is None else set(selected) | set(REQUIRED)
    rejected: dict[str, str] = {}
    for _ in range(len(draft.proposals) + 3):
        lines, included = _Writer(draft, chosen, rejected).lines()
        text = "\n".join(line.text for line in lines) + "\n"
        errors = check_profile(text, path=path)
        if not errors:
            return Rendered(text, dict(rejected), included)
        found = False
        for error in errors:
            line = lines[error.line - 1] if error.line and error.line <= len(lines) else None
            for tag in line.tags if line else ():
                if tag not in REQUIRED:
                    rejected.setdefault(tag, error.message)
                    found = True
        if not found:
            raise RuntimeError(f"the draft is invalid outside its proposals: {errors[0]}")
    raise RuntimeError("the draft did not become valid")


class _Writer:
    def __init__(self, draft: Draft, chosen: set[str], rejected: dict[str, str]):
        self.draft = draft
        self.chosen = chosen
        self.rejected = rejected
        self.out: list[_Line] = []
        self.included: list[str] = []
        self.by_id = draft.by_id()

    def lines(self) -> tuple[list[_Line], list[str]]:
        d = self.draft
        pages = f"{d.pages} sidor" if d.has_page_numbers else "utan sidnummer"
        for text in (
            f"Utkast till policyprofil för {d.organisation_name}, från ”{d.source_name}” ({pages}).",
            "Varje förslag står med meningen det kommer från, sidan och mönstrets säkerhet (0–1).",
            "Granska, ändra och stryk innan profilen läses in. Förslag som inte kunde bli",
            "giltiga, och förslag som valts bort, står bortkommenterade.",
            "Formatet beskrivs i docs/policy-profiles.md.",
        ):
            self.comment(text)
        self.blank()
        self.emit("format = 2")
        self.blank()
        self.emit("[organisation]")
        self.emit(f"code = {_value(d.organisation_code)}")
        self.emit(f"name = {_value(d.organisation_name)}")
        if d.organisation_kind == "region":
            self.emit('kind = "region"')
        self.blank()
        self.documents()
        for proposal in d.of_kind("body"):
            self.table("bodies", proposal, proposal.data)
        for proposal in d.of_kind("area"):
            data = dict(proposal.data)
            self.table("priority_areas", proposal, data)
            for child in d.proposals:
                if child.kind == "commitment" and child.parent == proposal.id:
                    self.table("priority_areas.commitments", child, child.data, parent=proposal)
        for proposal in d.of_kind("goal"):
            data = {k: v for k, v in proposal.data.items() if k != "indicators"}
            self.table(
                "goals",
                proposal,
                data,
                extra=[("goals.indicators", i) for i in proposal.data.get("indicators", [])],
            )
        self.responsibilities()
        for proposal in d.of_kind("reporting"):
            self.table("reporting", proposal, proposal.data)
        for proposal in d.of_kind("grant_scheme"):
            self.table("grant_schemes", proposal, proposal.data)
        for proposal in d.of_kind("routine"):
            self.routine(proposal)
        return self.out, self.included

    # --- lines -----------------------------------------------------------------------------------

    def emit(self, text: str, tags: frozenset[str] = frozenset(), *, off: bool = False) -> None:
        self.out.append(_Line(("# " + text if text else "#") if off else text, tags))

    def comment(self, text: str, tags: frozenset[str] = frozenset(), indent: str = "") -> None:
        for line in textwrap.wrap(
            text, _WIDTH - len(indent) - 2, break_long_words=False, break_on_hyphens=False
        ) or [""]:
            self.out.append(_Line(f"{indent}# {line}".rstrip(), tags))

    def blank(self) -> None:
        self.out.append(_Line(""))

    def state(self, proposal: Proposal, parent: Proposal | None = None) -> str:
        """active, rejected (invalid), dropped (not chosen) or orphan (its parent is out)."""
        if proposal.id in self.rejected:
            return "rejected"
        if proposal.id not in self.chosen:
            return "dropped"
        if parent is not None and self.state(parent) != "active":
            return "orphan"
        return "active"

    def about(self, proposal: Proposal, state: str, indent: str = "") -> None:
        tags = frozenset({proposal.id})
        confidence = f"{proposal.confidence:.1f}".replace(".", ",")
        self.comment(
            f"Förslag {proposal.id}: {proposal.summary} (säkerhet {confidence})", tags, indent
        )
        for source in proposal.sources:
            where = f"s. {source.page}" if self.draft.has_page_numbers and source.page else "källa"
            self.comment(f"{where}: ”{source.text}”", tags, indent)
        for note in proposal.notes:
            self.comment(note, tags, indent)
        if state == "rejected":
            self.comment(
                f"Inte giltigt, därför bortkommenterat: {self.rejected[proposal.id]}", tags, indent
            )
        elif state == "dropped":
            self.comment("Bortvalt: ta bort # framför raderna för att ta med det.", tags, indent)
        elif state == "orphan":
            self.comment("Bortkommenterat med sitt område.", tags, indent)

    # --- sections ----------------------------------------------------------------------------------

    def documents(self) -> None:
        fields = {
            name: next((p for p in self.draft.proposals if p.id == f"document.{name}"), None)
            for name in _DOCUMENT_FIELDS
        }
        self.emit("[[documents]]")
        kind = fields["kind"].data["kind"] if fields["kind"] else "policy"
        self.emit(f"key = {_value(kind)}")
        for name in _DOCUMENT_FIELDS:
            proposal = fields[name]
            if proposal is None:
                continue
            state = "active" if proposal.id in REQUIRED else self.state(proposal)
            self.about(proposal, state)
            tags = frozenset({proposal.id})
            self.emit(f"{name} = {_value(proposal.data[name])}", tags, off=state != "active")
            if state == "active":
                self.included.append(proposal.id)
        self.blank()
        for proposal in self.draft.proposals:
            if proposal.id.startswith("document.replaces."):
                self.table("documents.replaces", proposal, proposal.data)

    def table(
        self,
        name: str,
        proposal: Proposal,
        data: dict[str, Any],
        *,
        parent: Proposal | None = None,
        extra: Sequence[tuple[str, dict[str, Any]]] = (),
    ) -> None:
        state = self.state(proposal, parent)
        self.about(proposal, state)
        tags = frozenset({proposal.id})
        off = state != "active"
        self.emit(f"[[{name}]]", tags, off=off)
        for key, value in data.items():
            if value not in (None, "", [], ()):
                self.emit(f"{key} = {_value(value)}", tags, off=off)
        for sub, values in extra:
            self.emit("", tags)
            self.emit(f"[[{sub}]]", tags, off=off)
            for key, value in values.items():
                self.emit(f"{key} = {_value(value)}", tags, off=off)
        self.blank()
        if state == "active":
            self.included.append(proposal.id)

    def responsibilities(self) -> None:
        groups: dict[str, list[Proposal]] = {}
        for proposal in self.draft.of_kind("responsibility"):
            groups.setdefault(proposal.data["body"], []).append(proposal)
        for body, proposals in groups.items():
            states = {p.id: self.state(p) for p in proposals}
            if not any(state == "active" for state in states.values()):
                continue
            group = frozenset(p.id for p in proposals if states[p.id] == "active")
            self.emit("[[responsibilities]]", group)
            self.emit(f"body = {_value(body)}", group)
            for field_name, key in (("duties", "duty"), ("decides", "decides")):
                members = [p for p in proposals if key in p.data]
                if not members:
                    continue
                self.emit(f"{field_name} = [", group)
                for proposal in members:
                    state = states[proposal.id]
                    self.about(proposal, state, "    ")
                    line = f"    {_value(proposal.data[key])},"
                    self.out.append(
                        _Line(
                            line if state == "active" else "    # " + line.strip(),
                            frozenset({proposal.id}),
                        )
                    )
                    if state == "active":
                        self.included.append(proposal.id)
                self.emit("]", group)
            self.blank()

    def routine(self, proposal: Proposal) -> None:
        state = self.state(proposal)
        self.about(proposal, state)
        tags = frozenset({proposal.id})
        off = state != "active"
        data = proposal.data
        self.emit("[[routines]]", tags, off=off)
        self.emit(f"key = {_value(data['key'])}", tags, off=off)
        self.emit(f"description = {_value(data['description'])}", tags, off=off)
        checks = data["checks"]
        if len(checks) == 1:
            for key, value in checks[0].items():
                self.emit(f"{key} = {_value(value)}", tags, off=off)
        else:
            for check in checks:
                self.emit("", tags)
                self.emit("[[routines.checks]]", tags, off=off)
                for key, value in check.items():
                    self.emit(f"{key} = {_value(value)}", tags, off=off)
        self.blank()
        if state == "active":
            self.included.append(proposal.id)


def _value(value: Any) -> str:
    """A TOML value; large whole numbers with thousands separators (12_000_000)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"{value:_}" if abs(value) >= 10_000 else str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{key} = {_value(item)}" for key, item in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")
