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

K1 = 1.2
B = 0.75


@dataclass(frozen=True)
class Scored:
    index: int
    score: float
    # term -> its contribution to the score, for the terms the document contains
    contributions: dict[str, float]


class BM25:
    """The index keeps each document's term counts and, per term, the documents holding it
    (postings), so that ranking touches only documents that share a term with the query."""

    def __init__(self, documents: Sequence[Sequence[str]], *, k1: float = K1, b: float = B):
        if k1 < 0 or not 0 <= b <= 1:
            raise ValueError("k1 must be ≥ 0 and b between 0 and 1")
        self.k1, self.b = k1, b
        self.frequencies = [Counter(doc) for doc in documents]
        self.lengths = [len(doc) for doc in documents]
        self.count = len(documents)
        self.average_length = (sum(self.lengths) / self.count) if self.count else 0.0
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for index, frequencies in enumerate(self.frequencies):
            for term, tf in frequencies.items():
                self.postings[term].append((index, tf))
        self.norms = [
            k1 * (1 - b + b * length / self.average_length) if self.average_length else k1
            for length in self.lengths
        ]

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
