"""Okapi BM25 over pre-tokenised documents. Plain Python, no dependencies.

score(D, Q) = Σ_{t ∈ Q} w_t · idf(t) · tf(t, D)·(k1 + 1) / (tf(t, D) + k1·(1 − b + b·|D|/avgdl))

with Lucene's idf(t) = ln(1 + (N − n_t + 0.5) / (n_t + 0.5)), which is positive for every
term, so every score is ≥ 0 and a document without any query term scores exactly 0.
`w_t` is the query term's weight (1 for a term the user wrote; a bridge term may weigh less).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

K1 = 1.2
B = 0.75


@dataclass(frozen=True)
class Scored:
    index: int
    score: float
    # term -> its contribution to the score, for the terms the document contains
    contributions: dict[str, float]


class BM25:
    """The index keeps, per term, the documents holding it and how often (postings), so that
    ranking touches only documents that share a term with the query, and each document's
    length. That is all of it: `to_data()` gives it as plain lists and `from_data()` takes it
    back, so an index built once can be stored and loaded where it is needed."""

    def __init__(self, documents: Sequence[Sequence[str]], *, k1: float = K1, b: float = B):
        postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for index, doc in enumerate(documents):
            for term, tf in Counter(doc).items():
                postings[term].append((index, tf))
        self._set(postings, [len(doc) for doc in documents], k1=k1, b=b)

    def _set(
        self, postings: dict[str, list[tuple[int, int]]], lengths: list[int], *, k1: float, b: float
    ) -> None:
        if k1 < 0 or not 0 <= b <= 1:
            raise ValueError("k1 must be ≥ 0 and b between 0 and 1")
        self.k1, self.b = k1, b
        self.postings = postings
        self.lengths = lengths
        self.count = len(lengths)
        self.average_length = (sum(lengths) / self.count) if self.count else 0.0
        self.norms = [
            k1 * (1 - b + b * length / self.average_length) if self.average_length else k1
            for length in lengths
        ]

    @classmethod
    def _of(
        cls, postings: dict[str, list[tuple[int, int]]], lengths: list[int], *, k1: float, b: float
    ) -> BM25:
        index = cls.__new__(cls)
        index._set(postings, lengths, k1=k1, b=b)
        return index

    def to_data(self) -> dict[str, Any]:
        """The index as JSON-ready lists: each term's postings flattened to [doc, tf, doc, tf …]."""
        return {
            "k1": self.k1,
            "b": self.b,
            "lengths": self.lengths,
            "terms": list(self.postings),
            "postings": [[n for pair in pairs for n in pair] for pairs in self.postings.values()],
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> BM25:
        """The index `to_data()` gave; ValueError if the data is not such an index."""
        try:
            lengths = [int(n) for n in data["lengths"]]
            terms, flat = data["terms"], data["postings"]
            if len(terms) != len(flat):
                raise ValueError("as many postings lists as terms expected")
            postings: dict[str, list[tuple[int, int]]] = {}
            for term, numbers in zip(terms, flat, strict=True):
                pairs = list(zip(numbers[::2], numbers[1::2], strict=True))
                if not pairs or any(not 0 <= d < len(lengths) or tf < 1 for d, tf in pairs):
                    raise ValueError(f"postings of {term!r} out of range")
                postings[str(term)] = pairs
            return cls._of(postings, lengths, k1=float(data["k1"]), b=float(data["b"]))
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"not a BM25 index: {exc!r}") from exc

    def subset(self, documents: Sequence[int]) -> BM25:
        """The index of just these documents (positions, ascending), renumbered from 0: the same
        as an index built from those documents alone, without reading them again."""
        position = {old: new for new, old in enumerate(documents)}
        postings: dict[str, list[tuple[int, int]]] = {}
        for term, pairs in self.postings.items():
            kept = [(position[d], tf) for d, tf in pairs if d in position]
            if kept:
                postings[term] = kept
        lengths = [self.lengths[d] for d in documents]
        return self._of(postings, lengths, k1=self.k1, b=self.b)

    @cached_property
    def frequencies(self) -> list[dict[str, int]]:
        """Each document's term counts (for scoring one document; ranking uses the postings)."""
        out: list[dict[str, int]] = [{} for _ in range(self.count)]
        for term, pairs in self.postings.items():
            for index, tf in pairs:
                out[index][term] = tf
        return out

    def idf(self, term: str) -> float:
        n = len(self.postings.get(term, ()))
        return math.log(1 + (self.count - n + 0.5) / (n + 0.5))

    def _part(self, tf: int, index: int) -> float:
        return tf * (self.k1 + 1) / (tf + self.norms[index])

    def contributions(self, index: int, query: Mapping[str, float]) -> dict[str, float]:
        frequencies = self.frequencies[index]
        out = {}
        for term, weight in query.items():
            tf = frequencies.get(term, 0)
            if tf and weight > 0:
                out[term] = weight * self.idf(term) * self._part(tf, index)
        return out

    def score(self, index: int, query: Mapping[str, float]) -> float:
        return sum(self.contributions(index, query).values())

    def rank(
        self, query: Mapping[str, float] | Sequence[str], *, limit: int | None = None
    ) -> list[Scored]:
        """Documents with a positive score, best first (ties by position): list of Scored."""
        weights = query if isinstance(query, Mapping) else dict(Counter(query))
        found: dict[int, dict[str, float]] = defaultdict(dict)
        for term, weight in weights.items():
            postings = self.postings.get(term)
            if not postings or weight <= 0:
                continue
            idf = self.idf(term)
            for index, tf in postings:
                found[index][term] = weight * idf * self._part(tf, index)
        scored = [
            Scored(index, sum(contributions.values()), contributions)
            for index, contributions in found.items()
        ]
        scored.sort(key=lambda s: (-s.score, s.index))
        return scored[:limit] if limit is not None else scored
