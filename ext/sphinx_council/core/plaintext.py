"""Text is text: what a value from a file may contain, and how it is shown on a terminal.

Records arrive from people the maintainers may not know. A control character, a
bidirectional override or a string of invisible characters can hide what a title says or, once
printed, move the cursor and forge a ``file:line`` line; such values are refused with the code
point named, and anything the commands print from a file is escaped.
"""

from __future__ import annotations

import re
import unicodedata

# Bidirectional embeddings, overrides and isolates reorder the text around them.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Characters YAML (and many editors) read as a line break although Python's "\n" count does not.
LINE_BREAKS = frozenset("\r\x85\u2028\u2029")
# A name that becomes part of a file or page name: lowercase words joined by hyphens.
SAFE_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*", re.ASCII)


def code_point(char: str) -> str:
    """``U+001B (ESCAPE)``: a character named so a reader can find it."""
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(char, "a control character")
    return f"U+{ord(char):04X} ({name})"


_CONTROL_NAMES = {"\x00": "NULL", "\x07": "BELL", "\x08": "BACKSPACE", "\x1b": "ESCAPE"}


def _unwanted(char: str, multiline: bool) -> bool:
    if char == "\t" or (multiline and char == "\n"):
        return False
    category = unicodedata.category(char)
    return category in ("Cc", "Zl", "Zp", "Cs") or char in BIDI_CONTROLS


def text_problem(value: str, multiline: bool = True) -> str | None:
    """Why ``value`` cannot be shown as text, or None when it can.

    Tab (and, where ``multiline``, newline) are the only control characters a value may hold.
    """
    if value.isprintable():  # the common case: no control, format or separator character
        return None
    if problem := control_problem(value, multiline):
        return problem
    if value and all(char.isspace() or unicodedata.category(char) == "Cf" for char in value):
        return "has only invisible characters; write some text"
    return None


def control_problem(value: str, multiline: bool = True) -> str | None:
    """Why ``value`` holds a character that is not text (a control character or a
    bidirectional override), naming the first; None when it holds none.

    The part of :func:`text_problem` that applies to prose too, where a line may be empty.
    """
    for char in value:
        if char in BIDI_CONTROLS:
            return f"contains {code_point(char)}, which reorders the text around it; remove it"
        if _unwanted(char, multiline):
            return f"contains {code_point(char)}, a control character; remove it"
    return None


def slug_problem(value: str) -> str | None:
    """Why ``value`` cannot name a file or page, or None when it is a safe slug."""
    if SAFE_SLUG.fullmatch(value):
        return None
    return (
        f"{shown(value)!r} cannot name a page or file; use lowercase letters, digits and "
        "hyphens, starting with a letter or digit (e.g. 'user-guide')"
    )


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def shown(text: str) -> str:
    """``text`` safe to print on one terminal line: control, line-break and bidi characters
    are written as escapes (``\\x1b``), the way Python's ``repr`` writes them."""
    if text.isprintable() and not BIDI_CONTROLS.intersection(text):
        return text
    return "".join(_escape(c) if _unwanted(c, False) or c == "\n" else c for c in text)


__all__ = [
    "BIDI_CONTROLS",
    "LINE_BREAKS",
    "SAFE_SLUG",
    "code_point",
    "control_problem",
    "shown",
    "slug_problem",
    "text_problem",
]
