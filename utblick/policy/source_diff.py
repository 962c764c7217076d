"""The line-by-line difference between two versions of a profile's text. No Django imports.

Rows for a page: each changed line with its number in the old and the new text, and a few
unchanged lines around each change for context; hunks apart are separated by a gap row.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

CONTEXT = 2


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "added", "removed", "gap"
    old_number: int | None
    new_number: int | None
    text: str


def source_diff(old: str, new: str, *, context: int = CONTEXT) -> list[DiffLine]:
    """The changed lines of `new` against `old`; empty when the texts are the same."""
    before, after = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    rows: list[DiffLine] = []
    for group in matcher.get_grouped_opcodes(context):
        if rows:
            rows.append(DiffLine("gap", None, None, ""))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows.extend(
                    DiffLine("same", i + 1, j + 1, before[i])
                    for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
                )
                continue
            rows.extend(DiffLine("removed", i + 1, None, before[i]) for i in range(i1, i2))
            rows.extend(DiffLine("added", None, j + 1, after[j]) for j in range(j1, j2))
    return rows


def counts(rows: list[DiffLine]) -> tuple[int, int]:
    """Lines added and removed."""
    return (
        sum(1 for row in rows if row.kind == "added"),
        sum(1 for row in rows if row.kind == "removed"),
    )
