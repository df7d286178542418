"""What a number, a name and a date in a data file may be, judged on what the file says.

A pull request's files are data: a value must mean one thing to every reader. A number is
written in plain decimal digits (YAML also reads ``0x2ef``, ``7_51`` and ``1e3`` as numbers, and
a reviewer reading the diff may not); a name (an id, a member, a vocabulary word) holds no
space or line break that would make two names look alike; a date lies between 1990 and a year
after the build date, the date the site is built as of (:mod:`.clock`), never the wall clock.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .plaintext import code_point
from .problems import Check
from .yamlsource import WrittenNumber

# Before the first Python release nothing this project records can have happened.
EARLIEST = dt.date(1990, 1, 1)
# A build date is a UTC date; east of Greenwich the local date is up to a day ahead of it, so a
# record written and committed the same evening is never a day "after" its build.
AHEAD_OF_UTC = dt.timedelta(days=1)

_RADIX = {"0x": ("a hexadecimal", 16), "0o": ("an octal", 8), "0b": ("a binary", 2)}
_WHOLE = re.compile(r"[-+]?[0-9_]+", re.ASCII)


def _decimal_of(text: str) -> int | None:
    """The whole number YAML reads ``text`` as, when it reads a whole number."""
    plain = text.replace("_", "").lower()
    sign = -1 if plain.startswith("-") else 1
    plain = plain.lstrip("+-")
    try:
        if plain[:2] in _RADIX:
            return sign * int(plain[2:], _RADIX[plain[:2]][1])
        if _WHOLE.fullmatch(plain):
            return sign * int(plain)
        number = float(plain)
    except ValueError:
        return None
    return sign * int(number) if number.is_integer() else None


def _how_written(text: str) -> str:
    lowered = text.lower().lstrip("+-")
    if lowered[:2] in _RADIX:
        return f"is {_RADIX[lowered[:2]][0]} number"
    if "_" in text:
        return "has an underscore"
    if text.startswith("+"):
        return "has a plus sign"
    if _WHOLE.fullmatch(text):
        return "has a leading zero, which some YAML readers take for octal"
    if "e" in lowered:
        return "has an exponent"
    return "is not written as a whole number"


def number_problem(value: WrittenNumber) -> str:
    """What is wrong with a number written other than in plain decimal, and what to write."""
    decimal = _decimal_of(value.text)
    if decimal is None:
        return f"{value.text} is not a whole number; write a whole number in decimal digits"
    return f"{value.text} {_how_written(value.text)}; write it in decimal digits: {decimal}"


def whole_number_problem(value: object, expected: str, minimum: int) -> tuple[str, Check] | None:
    """Why ``value`` is not a whole number of at least ``minimum`` written in decimal, or None.

    ``expected`` names what the field holds (``a PEP number such as 517``).
    """
    if isinstance(value, WrittenNumber):
        return number_problem(value), Check.TYPE
    if isinstance(value, bool):
        return f"expected {expected}, got true/false", Check.TYPE
    if not isinstance(value, int) or value < minimum:
        return f"expected {expected}, got {value!r}", Check.TYPE
    return None


# Invisible characters that make two names look alike.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff")


def name_problem(value: str) -> str | None:
    """Why ``value`` cannot be a name (an id, a member id, a vocabulary word), or None.

    Whitespace at either end (which reading text would strip unseen), and any whitespace but a
    plain space or any invisible character inside; a plain space inside is left to the name's
    own pattern or list, whose message says what a name looks like.
    """
    if value != value.strip():
        if value[-1].isspace():
            return f"{value!r} ends with {_named(value[-1])}; {WRITE_NAME}"
        return f"{value!r} starts with {_named(value[0])}; {WRITE_NAME}"
    inside = next((c for c in value if c in _INVISIBLE or (c.isspace() and c != " ")), None)
    return None if inside is None else f"{value!r} contains {_named(inside)}; {WRITE_NAME}"


WRITE_NAME = "write the name without spaces or line breaks"


def _named(char: str) -> str:
    return {"\n": "a line break", "\t": "a tab"}.get(char) or code_point(char)


@dataclass(frozen=True)
class DateRule:
    """How far after the build date a date field may be.

    A date something happened on (``happened``) is refused more than a year after the build
    date and only warned about before that: a record written today is dated today, while a
    build is made as of the last commit. A date something is planned for may lie up to
    ``years_ahead`` years after the build date without a word.
    """

    what: str
    happened: bool = True
    years_ahead: int = 1


def years_after(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (28 February for 29 February), capped at the last date."""
    if day.year + years > dt.date.max.year:
        return dt.date.max
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def date_problem(day: dt.date, today: dt.date | None, rule: DateRule) -> tuple[str, Check] | None:
    """Why ``day`` is refused (Check.DATE) or warned about (Check.FUTURE), or None.

    ``today`` is the build date; None (a build with no build date) judges only the earliest
    date, since nothing else can say what "after the build date" means.
    """
    if day < EARLIEST:
        return (
            f"{day} is before 1990, earlier than anything this site records; {rule.what}",
            Check.DATE,
        )
    if today is None or day <= today + AHEAD_OF_UTC:
        return None
    limit = years_after(today, rule.years_ahead)
    if day > limit:
        span = "a year" if rule.years_ahead == 1 else f"{rule.years_ahead} years"
        return f"{day} is more than {span} after the build date ({today}); {rule.what}", Check.DATE
    if rule.happened:
        return (
            f"{day} is after the build date ({today}); right for a change not committed yet "
            f"(a build is dated by its last commit), otherwise {rule.what}",
            Check.FUTURE,
        )
    return None


__all__ = [
    "EARLIEST",
    "DateRule",
    "date_problem",
    "name_problem",
    "number_problem",
    "whole_number_problem",
    "years_after",
]
