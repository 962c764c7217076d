"""The organisation's own words in labels written for a municipality.

The models' choice labels and some interface texts say "Kommunfullmäktige", "Kommunalt
bolag", "Hela kommunen". For a region the same labels must say "Regionfullmäktige",
"Regionägt bolag", "Hela regionen": `words(text)` rewrites a label for the organisation the
request (or task) works in, as `translation.activate` does for the language. The pairs come
from the terminology (terminology.toml beside this module), so there is one list of the words.
No Django imports: the rule engine and the profile format read the terminology too.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

TERMINOLOGY_FILE = Path(__file__).with_name("terminology.toml")


@cache
def terminology(kind: str = "municipality") -> dict[str, str]:
    """What an organisation of `kind` calls itself and its bodies (`region_en` in English)."""
    data = tomllib.loads(TERMINOLOGY_FILE.read_text(encoding="utf-8"))
    return dict(data[kind])


_kind: ContextVar[str] = ContextVar("organisation_kind", default="municipality")


def activate(kind: str) -> None:
    _kind.set(kind or "municipality")


@contextmanager
def override(kind: str) -> Iterator[None]:
    token = _kind.set(kind or "municipality")
    try:
        yield
    finally:
        _kind.reset(token)


def current_kind() -> str:
    return _kind.get()


@cache
def _pattern(kind: str) -> tuple[re.Pattern, dict[str, str]]:
    ours, theirs = terminology("municipality"), terminology(kind)
    pairs = {ours[key]: theirs[key] for key in ours if ours[key] != theirs.get(key)}
    # Word forms the terminology does not list but labels use.
    pairs.update({"kommuner": f"{theirs['organisation']}er", "kommun": theirs["organisation"]})
    for swedish, local in list(pairs.items()):
        pairs[swedish[:1].upper() + swedish[1:]] = local[:1].upper() + local[1:]
    ordered = sorted(pairs, key=len, reverse=True)
    return re.compile("|".join(re.escape(word) for word in ordered)), pairs


def words(text: str, kind: str | None = None) -> str:
    """`text` in the words of the organisation (of `kind`, or the current one)."""
    kind = kind or _kind.get()
    if kind == "municipality" or not text:
        return text
    pattern, pairs = _pattern(kind)
    return pattern.sub(lambda m: pairs[m.group(0)], str(text))
