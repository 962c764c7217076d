"""Words, stop words and stems for Swedish and English (Snowball stemmers)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise
from typing import Any

import snowballstemmer

_SENTENCE = re.compile(r"[.;:!?\n]+|\s[-–]\s")
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")

_ENGLISH_STOP_WORDS = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each either few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just may me might more most must my myself no nor not of off on once
    only or other our ours ourselves out over own same shall she should so some such than that
    the their theirs them themselves then there these they this those through to too under
    until up very via was we were what when where which while who whom why will with within
    would you your yours yourself yourselves
    eu european union europe member states state proposals proposal project projects action
    actions activities activity call calls topic topics scope expected outcome outcomes impact
    applicants applicant including include includes support supports supporting new well
    level levels etc e g i e must shall should will may can also particular
"""
ENGLISH_STOP = frozenset(_ENGLISH_STOP_WORDS.split())

# Besides ordinary stop words: the words a steering document uses for its own municipality
# ("kommunen", "staden" — the definite forms mean "us") and for international work itself.
_SWEDISH_STOP_WORDS = """
    och i att det som en på är av för med till den har de inte om ett han men var jag sig från
    vi så kan man när år säger hon under också efter eller nu sin där vid mot ska skall vara
    alla andra bland både deras dess detta dessa denna genom hos inom mellan mer mest många
    sådana samt sina sitt själv utan ut upp över även bara redan just kommer blir bli blev
    göra gör gjort får fått ha hade haft finns vårt våra vår vi oss er ni dem deras vilka
    vilket vilken olika del delar t ex bl a bla sätt ge ger givit respektive samtliga varje
    kommun kommunen kommunens kommunala kommunal kommunalt staden stadens
    internationell internationella internationellt arbete arbetet arbeta arbetar
"""
SWEDISH_STOP = frozenset(_SWEDISH_STOP_WORDS.split())


@lru_cache(maxsize=4)
def _stemmer(language: str) -> Any:
    return snowballstemmer.stemmer(language)


# "Malmö stad", "Falu kommun", "Linköpings kommuns": the municipality's own name says nothing
# about a call, and "stad" in it is not the city as a theme.
_OWN_NAME = re.compile(r"\b[A-ZÅÄÖ][\w-]+ (?:stad|kommun)s?\b")


def without_own_names(text: str, names: Iterable[str] = ()) -> str:
    """The text without "X stad"/"X kommun" and without the organisation's own `names`
    ("Malmö", "Malmös"): no organisation's name is a stop word of its own."""
    text = _OWN_NAME.sub(" ", text)
    for name in names:
        base = re.sub(r"\s+(?:stad|kommun|region)$", "", name.strip(), flags=re.IGNORECASE)
        if base:
            text = re.sub(rf"\b{re.escape(base)}s?\b", " ", text, flags=re.IGNORECASE)
    return text


def words(text: str) -> list[str]:
    """Lower-case words; hyphenated words are also split into their parts."""
    out: list[str] = []
    for match in _WORD.finditer(text.lower()):
        word = match.group(0).replace("'", "")
        if "-" in word:
            out.extend(part for part in word.split("-") if part)
        else:
            out.append(word)
    return out


def english_terms(text: str, *, phrases: bool = True) -> list[str]:
    """English stems, stop words removed: the terms of a call's text. With `phrases`, also
    each pair of neighbouring stems within a sentence ("local author", "civil societi"),
    so that a phrase of the bridge can match as a phrase."""
    out: list[str] = []
    for sentence in _SENTENCE.split(text):
        stems = [english_stem(w) for w in words(sentence) if len(w) > 1 and w not in ENGLISH_STOP]
        out.extend(stems)
        if phrases:
            out.extend(f"{a} {b}" for a, b in pairwise(stems))
    return out


def english_phrase_stem(phrase: str) -> str:
    """The term of an English word or phrase: "local authorities" → "local author"."""
    return " ".join(english_stem(word) for word in phrase.lower().split())


@lru_cache(maxsize=65536)
def english_stem(word: str) -> str:
    # Cached: Snowball in pure Python is slow and a corpus repeats its words.
    return str(_stemmer("english").stemWord(word.lower()))


def swedish_words(text: str) -> list[str]:
    """Swedish words, stop words removed (not stemmed: the bridge matches word forms)."""
    return [w for w in words(text) if len(w) > 1 and w not in SWEDISH_STOP]


@lru_cache(maxsize=65536)
def swedish_stem(word: str) -> str:
    return str(_stemmer("swedish").stemWord(word.lower()))
