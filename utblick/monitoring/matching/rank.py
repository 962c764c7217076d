"""Ranking calls for a Swedish text (a priority area, a commitment, a goal, a unit) with BM25.

A call's terms are its English words, stemmed: the title counts three times, keywords and
tags twice, the call's title and the description once. The query is the Swedish text's
English bridge words (weighted by how often the text gives them, saturating) plus the Swedish
words themselves stemmed the English way at half weight, which catches shared words and
names ("innovation", "digital", "Erasmus", "Ukraina" does not). Each match says which words
matched and which Swedish words they came from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from utblick.monitoring.matching.bm25 import BM25
from utblick.monitoring.matching.bridge import expand
from utblick.monitoring.matching.text import (
    ENGLISH_STOP,
    SWEDISH_STOP,
    english_phrase_stem,
    english_stem,
    english_terms,
    without_own_names,
    words,
)

TITLE_WEIGHT = 3
KEYWORD_WEIGHT = 2
OWN_WORD_WEIGHT = 0.5
K3 = 1.5
# The stored form of a CallIndex (to_data); a stored index of another version is rebuilt.
DATA_VERSION = 1


@dataclass(frozen=True)
class CallText:
    key: object
    title: str
    call_title: str = ""
    keywords: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class QueryTerm:
    stem: str
    word: str  # the English (or shared) word shown to people
    sources: tuple[str, ...]  # the Swedish words it came from
    weight: float


@dataclass(frozen=True)
class Query:
    terms: dict[str, QueryTerm]  # by stem

    @property
    def weights(self) -> dict[str, float]:
        return {stem: term.weight for stem, term in self.terms.items()}

    def __bool__(self) -> bool:
        return bool(self.terms)


@dataclass(frozen=True)
class MatchedTerm:
    word: str
    sources: tuple[str, ...]
    contribution: float

    @property
    def source_text(self) -> str:
        """The Swedish words it came from, unless it is the same word."""
        return "" if self.sources == (self.word,) else ", ".join(self.sources)

    def __str__(self) -> str:
        return f"{self.word} ({self.source_text})" if self.source_text else self.word


@dataclass(frozen=True)
class Match:
    key: object
    score: float
    matched: tuple[MatchedTerm, ...]  # largest contribution first

    @property
    def matched_words(self) -> list[str]:
        return [term.word for term in self.matched]


def query_weight(frequency: float, k3: float = K3) -> float:
    """BM25's saturating weight of a query term that occurs `frequency` times."""
    return frequency * (k3 + 1) / (k3 + frequency)


def build_query(swedish_text: str, own_names: Iterable[str] = ()) -> Query:
    """The query for a Swedish text: bridge words and the text's own words, the organisation's
    own names (`own_names`) left out."""
    all_words = words(without_own_names(swedish_text, own_names))
    expansion = expand(all_words)
    terms: dict[str, QueryTerm] = {}
    for word, sources in expansion.english.items():
        stem = english_phrase_stem(word)
        weight = query_weight(expansion.counts.get(word, 1.0))
        current = terms.get(stem)
        if current is None or current.weight < weight:
            merged = tuple(dict.fromkeys((*(current.sources if current else ()), *sources)))
            terms[stem] = QueryTerm(stem, word, merged, weight)
    for word in all_words:
        if len(word) < 4 or word in SWEDISH_STOP or word in ENGLISH_STOP:
            continue
        stem = english_stem(word)
        if stem not in terms:
            terms[stem] = QueryTerm(stem, word, (word,), OWN_WORD_WEIGHT)
    return Query(terms)


def call_terms(call: CallText) -> list[str]:
    return [
        *english_terms(call.title) * TITLE_WEIGHT,
        *english_terms("\n".join((*call.keywords, *call.tags))) * KEYWORD_WEIGHT,
        *english_terms(call.call_title),
        *english_terms(call.description),
    ]


class CallIndex:
    """BM25 over a set of calls, each known by its key; rank them for any number of queries."""

    def __init__(self, calls: Iterable[CallText]):
        calls = list(calls)
        self.keys: list[object] = [call.key for call in calls]
        self.bm25 = BM25([call_terms(call) for call in calls])

    @classmethod
    def _of(cls, keys: list[object], bm25: BM25) -> CallIndex:
        index = cls.__new__(cls)
        index.keys, index.bm25 = keys, bm25
        return index

    def to_data(self) -> dict[str, Any]:
        """The index as JSON-ready data (the keys must be JSON values: numbers or strings)."""
        return {"version": DATA_VERSION, "keys": self.keys, "bm25": self.bm25.to_data()}

    @classmethod
    def from_data(cls, data: Any) -> CallIndex:
        """The index `to_data()` gave; ValueError if the data is not one (or of another version)."""
        if not isinstance(data, Mapping) or data.get("version") != DATA_VERSION:
            raise ValueError("not a call index of this version")
        keys, bm25 = data.get("keys"), BM25.from_data(data.get("bm25") or {})
        if not isinstance(keys, list) or len(keys) != bm25.count:
            raise ValueError("one key per document expected")
        return cls._of(keys, bm25)

    def covers(self, keys: Iterable[object]) -> bool:
        return set(keys) <= set(self.keys)

    def subset(self, keys: Iterable[object]) -> CallIndex:
        """The index of just these calls (in the index's own order): equal to one built from
        them alone. Every key must be in the index (`covers`)."""
        wanted = set(keys)
        positions = [n for n, key in enumerate(self.keys) if key in wanted]
        if len(positions) == len(self.keys):
            return self
        return self._of([self.keys[n] for n in positions], self.bm25.subset(positions))

    def rank(self, query: Query, *, limit: int | None = None) -> list[Match]:
        out = []
        for scored in self.bm25.rank(query.weights, limit=limit):
            matched = sorted(
                (
                    MatchedTerm(query.terms[stem].word, query.terms[stem].sources, value)
                    for stem, value in scored.contributions.items()
                ),
                key=lambda term: (-term.contribution, term.word),
            )
            out.append(Match(self.keys[scored.index], scored.score, tuple(matched)))
        return out


def excluded(call: CallText, terms: Iterable[str]) -> bool:
    """Whether the call names any of a priority area's excluding words (the profile's
    `exclude_terms`; matched as written, in any case, in the call's own text)."""
    text = " ".join(
        (call.title, call.call_title, call.description, *call.keywords, *call.tags)
    ).casefold()
    return any(term.casefold() in text for term in terms if term.strip())


def priority_text(
    name: str,
    description: str = "",
    commitments: Iterable[str] = (),
    goals: Iterable[str] = (),
    tags: Iterable[str] = (),
) -> str:
    """The Swedish text a priority area is matched on: its name, description, commitments,
    goals and tags (slugs become words: "barn-och-unga" → "barn och unga")."""
    parts = [name, description, *commitments, *goals, *(tag.replace("-", " ") for tag in tags)]
    return "\n".join(part for part in parts if part)
