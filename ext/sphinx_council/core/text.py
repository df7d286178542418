"""Dates and words as readers see them, the same on every machine; titles' inline literals
(reStructuredText's ``double backticks``).

Dates are spelled in English whatever the locale: ``strftime("%B")`` follows ``LC_TIME``, which
``sphinx-build`` sets from the environment, so pages would change with the machine.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
SHORT_MONTHS = tuple(month[:3] for month in MONTHS)

# Words of vocabulary slugs that have their own spelling.
PROPER_WORDS = {"pypi": "PyPI", "pypa": "PyPA", "ci": "CI"}


def long_date(day: dt.date) -> str:
    """``16 April 2026``: unambiguous for every reader, independent of locale."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def parse_pep_date(text: str) -> dt.date | None:
    """A PEP header date, ``15-Apr-2026``, read without the locale; None when it is not one."""
    parts = text.strip().split("-")
    if len(parts) != 3 or parts[1].title() not in SHORT_MONTHS:
        return None
    day, year = parts[0], parts[2]
    if not (day.isascii() and day.isdigit() and year.isascii() and year.isdigit()):
        return None
    try:
        return dt.date(int(year), SHORT_MONTHS.index(parts[1].title()) + 1, int(day))
    except ValueError:
        return None


def readable(slug: str) -> str:
    """``package-user`` as a reader sees it: ``Package user`` (and ``pypi``: ``PyPI``)."""
    words = " ".join(PROPER_WORDS.get(word, word) for word in slug.split("-"))
    return words[:1].upper() + words[1:]


# ``literal``, or a backslash escape; anything else is plain text.
_INLINE = re.compile(r"``(?P<literal>.+?)``|\\(?P<escaped>.)", re.DOTALL)


def inline_literals(text: str) -> list[tuple[str, bool]]:
    """Split a title into (text, is_literal) runs; backslash escapes are resolved and an
    escaped space (reStructuredText's separator) disappears."""
    runs: list[tuple[str, bool]] = []

    def add(piece: str, literal: bool) -> None:
        if runs and runs[-1][1] == literal and not literal:
            runs[-1] = (runs[-1][0] + piece, False)
        elif piece:
            runs.append((piece, literal))

    position = 0
    for match in _INLINE.finditer(text):
        add(text[position : match.start()], False)
        if match["literal"] is not None:
            add(match["literal"], True)
        elif match["escaped"] != " ":
            add(match["escaped"], False)
        position = match.end()
    add(text[position:], False)
    return runs


def plain_title(text: str) -> str:
    """The title's text without markup, for hover titles and the browser's title bar."""
    return "".join(piece for piece, _ in inline_literals(text))
