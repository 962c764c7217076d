"""Which characters stored text may hold. No Django imports.

Control characters (NUL and the other C0 codes except tab, line feed and carriage return, and
DEL), lone surrogates and the two non-characters U+FFFE/U+FFFF cannot be stored in PostgreSQL
(NUL), cannot be encoded as UTF-8 (surrogates) or cannot be written into XML, which is what an
.xlsx or .docx file is. Input that holds them is refused where a person can be told (a form,
the API, an import row) and stripped where nobody can (an EU portal file); every file Utblick
writes strips them too, so that text stored before this rule cannot break an export.
"""

import dataclasses
import re

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def has_control_characters(value: str) -> bool:
    return _FORBIDDEN.search(value) is not None


def without_control_characters(value: str) -> str:
    return _FORBIDDEN.sub("", value)


def printable(value):
    """`value` with the forbidden characters removed if it is text; anything else as it is."""
    return _FORBIDDEN.sub("", value) if isinstance(value, str) else value


def printable_tree(value):
    """A copy of `value` (dataclasses, lists, tuples, dicts of them) with every string printable:
    for a document about to be written to a file from stored text."""
    if isinstance(value, str):
        return without_control_characters(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: printable_tree(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.init
        }
        return dataclasses.replace(value, **changes)
    if isinstance(value, list):
        return [printable_tree(item) for item in value]
    if isinstance(value, tuple):
        return (
            type(value)(*map(printable_tree, value))
            if hasattr(value, "_fields")
            else tuple(printable_tree(item) for item in value)
        )
    if isinstance(value, dict):
        return {printable_tree(k): printable_tree(v) for k, v in value.items()}
    return value
