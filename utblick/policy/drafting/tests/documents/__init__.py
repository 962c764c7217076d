"""Steering documents the drafter is measured on. Each file's first line cites its source and
is not part of the text."""

from pathlib import Path

HERE = Path(__file__).parent


def text_of(name: str) -> str:
    lines = (HERE / name).read_text(encoding="utf-8").split("\n")
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    return "\n".join(lines)
