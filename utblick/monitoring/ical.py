"""iCalendar (RFC 5545) written by hand: text escaping, line folding at 75 octets, CRLF.

Plain Python, no Django. Only what Utblick's feed needs: all-day events and timed events in
UTC, each with UID, DTSTAMP, SUMMARY and optional DESCRIPTION, URL and CATEGORIES.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

CRLF = "\r\n"
FOLD_AT = 75  # octets per line, not counting the CRLF (RFC 5545 §3.1)


@dataclass(frozen=True)
class Event:
    uid: str
    summary: str
    start: dt.date | dt.datetime  # a date: an all-day event; a datetime: aware, written in UTC
    end: dt.date | dt.datetime | None = None
    description: str = ""
    url: str = ""
    categories: tuple[str, ...] = ()


def escape_text(value: str) -> str:
    """TEXT value escaping (§3.3.11): backslash, semicolon, comma and newlines."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into lines of at most 75 octets, never splitting a UTF-8
    character; continuation lines start with one space (§3.1)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= FOLD_AT:
        return line
    parts: list[str] = []
    current = ""
    size = 0
    limit = FOLD_AT
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = char, width, FOLD_AT - 1  # the leading space counts
        else:
            current += char
            size += width
    parts.append(current)
    return (CRLF + " ").join(parts)


def _date(value: dt.date) -> str:
    return value.strftime("%Y%m%d")


def _utc(value: dt.datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("timed events need an aware datetime")
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _when(name: str, value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        return f"{name}:{_utc(value)}"
    return f"{name};VALUE=DATE:{_date(value)}"


def calendar(
    events: Iterable[Event],
    *,
    name: str,
    stamp: dt.datetime,
    product: str = "-//Utblick//Utblick kalender//SV",
) -> str:
    """The whole VCALENDAR as text (CRLF line ends, folded)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{product}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        "X-WR-TIMEZONE:Europe/Stockholm",
    ]
    for event in events:
        end = event.end
        if end is None:
            end = (
                event.start + dt.timedelta(days=1)
                if not isinstance(event.start, dt.datetime)
                else event.start + dt.timedelta(hours=1)
            )
        lines += [
            "BEGIN:VEVENT",
            f"UID:{escape_text(event.uid)}",
            f"DTSTAMP:{_utc(stamp)}",
            _when("DTSTART", event.start),
            _when("DTEND", end),
            f"SUMMARY:{escape_text(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        if event.categories:
            lines.append("CATEGORIES:" + ",".join(escape_text(c) for c in event.categories))
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
