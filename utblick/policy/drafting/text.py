"""Swedish text helpers for the drafter: sentences, slugs, numbers, amounts, durations and
intervals, and a text similarity for comparing a draft with a hand-written profile."""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

# Abbreviations whose period does not end a sentence.
_ABBREVIATIONS = (
    "bl.a",
    "t.ex",
    "m.fl",
    "m.m",
    "o.dyl",
    "d.v.s",
    "dvs",
    "jfr",
    "kap",
    "ca",
    "resp",
    "s",
    "nr",
    "st",
    "t.o.m",
    "fr.o.m",
    "p.g.a",
    "bl",
    "a",
    "kr",
    "tkr",
    "mkr",
    "f.d",
    "dnr",
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“”(]?[A-ZÅÄÖ0-9§])")


def sentences(text: str) -> list[str]:
    """The sentences of a block of text (Swedish abbreviations do not end one)."""
    out: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start : match.start()].rstrip()
        word = re.search(r"(\S+)$", before)
        token = word.group(1).lower().rstrip(".") if word else ""
        if token in _ABBREVIATIONS or re.fullmatch(r"\d{1,2}", token):
            continue  # "t.ex. Malmö", "§ 4. Beslut" stay together
        out.append(text[start : match.start()].strip())
        start = match.end()
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    return [sentence for sentence in out if sentence]


def slug(text: str, *, max_words: int = 4) -> str:
    """A profile key from Swedish text: "Omvärldsbevakning och påverkan" → "omvarldsbevakning-
    och-paverkan"."""
    folded = unicodedata.normalize("NFKD", text.lower())
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c))
    words = re.findall(r"[a-z0-9]+", ascii_text)
    small = {"och", "att", "for", "i", "av", "med", "pa", "som", "en", "ett", "det", "den", "de"}
    kept = [w for w in words if w not in small] or words
    return "-".join(kept[:max_words]) or "element"


def unique_key(base: str, taken: set[str]) -> str:
    key, number = base, 2
    while key in taken:
        key = f"{base}-{number}"
        number += 1
    taken.add(key)
    return key


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def clean_item(text: str) -> str:
    """A list item as a statement: without the list's trailing comma or "och"."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"[,;]\s*(och|samt|eller)?$", "", text).strip()
    text = re.sub(r"\s+(och|samt)$", "", text).strip()
    return text.rstrip(",;").strip()


# --- numbers, amounts, durations, intervals ----------------------------------------------------

NUMBER_WORDS = {
    "en": 1,
    "ett": 1,
    "två": 2,
    "tre": 3,
    "fyra": 4,
    "fem": 5,
    "sex": 6,
    "sju": 7,
    "åtta": 8,
    "nio": 9,
    "tio": 10,
    "elva": 11,
    "tolv": 12,
    "tretton": 13,
    "fjorton": 14,
    "femton": 15,
    "sexton": 16,
    "sjutton": 17,
    "arton": 18,
    "nitton": 19,
    "tjugo": 20,
    "trettio": 30,
    "fyrtio": 40,
    "femtio": 50,
    "hundra": 100,
}
_NUMBER = r"(\d[\d  ]*(?:[.,]\d+)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"


def number(text: str) -> float | None:
    text = text.strip().lower()
    if text in NUMBER_WORDS:
        return float(NUMBER_WORDS[text])
    digits = text.replace(" ", "").replace("\u202f", "").replace(" ", "").replace(",", ".")
    try:
        return float(digits)
    except ValueError:
        return None


_UNITS = {
    "miljarder": 1_000_000_000,
    "miljard": 1_000_000_000,
    "miljoner": 1_000_000,
    "miljon": 1_000_000,
    "mnkr": 1_000_000,
    "mkr": 1_000_000,
    "msek": 1_000_000,
    "mn kr": 1_000_000,
    "tkr": 1_000,
    "tusen": 1_000,
    "kronor": 1,
    "kr": 1,
    "sek": 1,
}
_AMOUNT = re.compile(
    _NUMBER
    + r"\s*(miljarder|miljard|miljoner|miljon|mnkr|mkr|msek|mn kr|tkr|tusen|kronor|kr|sek)\b"
    + r"(?:\s*(?:kronor|kr|sek)\b)?",
    re.I,
)
_AT_LEAST_AFTER = re.compile(r"^\s*(eller|och)\s+(mer|däröver|högre|större|över|uppåt)", re.I)
_AT_MOST_AFTER = re.compile(r"^\s*(eller|och)\s+(mindre|därunder|lägre)", re.I)
_BEFORE = {
    "gte": re.compile(r"(minst|lägst|från och med)\s*$", re.I),
    "gt": re.compile(r"(över|mer än|överstiger|överskrider|större än|högre än)\s*$", re.I),
    "lte": re.compile(r"(högst|upp till|maximalt|max|inte mer än|som mest)\s*$", re.I),
    "lt": re.compile(r"(under|mindre än|understiger|lägre än)\s*$", re.I),
}


def amounts(text: str) -> list[tuple[str, int, str]]:
    """Amounts of money with their comparison: [("gte", 12_000_000, "12 miljoner kronor
    eller däröver")]; the comparison is "eq" where the text gives none."""
    found = []
    for match in _AMOUNT.finditer(text):
        value = number(match.group(1))
        if value is None:
            continue
        amount = round(value * _UNITS[match.group(2).lower()])
        before, after = text[: match.start()], text[match.end() :]
        op = "eq"
        if _AT_LEAST_AFTER.match(after):
            op = "gte"
        elif _AT_MOST_AFTER.match(after):
            op = "lte"
        else:
            for name, pattern in _BEFORE.items():
                if pattern.search(before[-30:]):
                    op = name
                    break
        words = match.group(0)
        tail = _AT_LEAST_AFTER.match(after) or _AT_MOST_AFTER.match(after)
        if tail:
            words += tail.group(0)
        found.append((op, amount, words.strip()))
    return found


_DURATION = re.compile(
    r"(mer än|fler än|över|längre än|minst|högst|mindre än|kortare än)\s+"
    + _NUMBER
    + r"\s+(budgetår|år)\b",
    re.I,
)
_DURATION_OPS = {
    "mer än": "gt",
    "fler än": "gt",
    "över": "gt",
    "längre än": "gt",
    "minst": "gte",
    "högst": "lte",
    "mindre än": "lt",
    "kortare än": "lt",
}


def durations(text: str) -> list[tuple[str, int, str]]:
    """Durations in (budget) years: [("gt", 3, "mer än tre budgetår")]."""
    out = []
    for match in _DURATION.finditer(text):
        value = number(match.group(2))
        if value is not None:
            out.append((_DURATION_OPS[match.group(1).lower()], int(value), match.group(0)))
    return out


# An interval: months between, or a fixed cycle. None for the months where the text is vague.
INTERVALS: tuple[tuple[re.Pattern[str], int | None, str | None, str], ...] = (
    (
        re.compile(
            r"\bvarje mandatperiod|\ben gång per mandatperiod|\bunder varje mandatperiod", re.I
        ),
        None,
        "term_of_office",
        "",
    ),
    (re.compile(r"\bvart(?:e)? fjärde år\b", re.I), 48, None, ""),
    (re.compile(r"\bvart(?:e)? tredje år\b", re.I), 36, None, ""),
    (
        re.compile(
            r"\bvartannat år\b|\bvart annat år\b|\bvarannat år\b|\bjämna år\b|\budda år\b", re.I
        ),
        24,
        None,
        "",
    ),
    (re.compile(r"\bhalvårsvis\b|\bvarje halvår\b|\btvå gånger per år\b", re.I), 6, None, ""),
    (re.compile(r"\bkvartalsvis\b|\bvarje kvartal\b", re.I), 3, None, ""),
    (
        re.compile(
            r"\bårligen\b|\bårsvis\b|\bvarje år\b|\ben gång per år\b|\bårlig(?:a|t|en)?\b", re.I
        ),
        12,
        "year",
        "",
    ),
    (
        re.compile(r"\bmed jämna mellanrum\b|\bregelbundet\b|\bfortlöpande\b|\blöpande\b", re.I),
        24,
        None,
        "dokumentet anger inget intervall ({words}); vartannat år (24 månader)",
    ),
)


def interval(text: str) -> tuple[int | None, str | None, str, str] | None:
    """(months, cycle, the words, the product choice's note) for the first interval named."""
    for pattern, months, cycle, note in INTERVALS:
        match = pattern.search(text)
        if match:
            return months, cycle, match.group(0), note.format(words=f"”{match.group(0)}”")
    return None


_TIMES_PER_YEAR = re.compile(
    r"(?:cirka|ca\.?|omkring|ungefär|minst|drygt)?\s*"
    + _NUMBER
    + r"\s+gånger\s+(?:per|om|varje|i)\s+år(?:et)?",
    re.I,
)


def times_per_year(text: str) -> tuple[int, str] | None:
    match = _TIMES_PER_YEAR.search(text)
    if not match:
        return None
    value = number(match.group(1))
    return (int(value), match.group(0).strip()) if value else None


# --- comparing texts -----------------------------------------------------------------------------


def words(text: str) -> list[str]:
    return re.findall(r"[0-9a-zåäöéü]+", text.lower())


def similarity(a: str, b: str) -> float:
    """How alike two texts are, 0–1: the larger of difflib's ratio over the words and the share
    of the shorter text's words found in the longer (a quoted sentence against a shortened
    rephrasing of it)."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    ratio = SequenceMatcher(None, wa, wb, autojunk=False).ratio()
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    pool = set(long_)
    contained = sum(1 for w in short if w in pool) / len(short)
    # Containment alone would let a two-word text match any sentence that has its words.
    if len(short) < 4:
        contained *= len(short) / 4
    return max(ratio, contained * 0.95)
