"""Matching EU calls to a municipality's priorities: BM25 with a Swedish→English bridge.

Plain Python (snowballstemmer is the one dependency); no Django. See docs/funding-calls.md.
"""

from utblick.monitoring.matching.bm25 import BM25, Scored
from utblick.monitoring.matching.bridge import TERMS, expand
from utblick.monitoring.matching.rank import (
    CallIndex,
    CallText,
    Match,
    MatchedTerm,
    Query,
    build_query,
    call_terms,
    excluded,
    priority_text,
)

__all__ = [
    "BM25",
    "TERMS",
    "CallIndex",
    "CallText",
    "Match",
    "MatchedTerm",
    "Query",
    "Scored",
    "build_query",
    "call_terms",
    "excluded",
    "expand",
    "priority_text",
]
