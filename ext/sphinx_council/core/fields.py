"""Reading the fields of a YAML data file, one problem per bad value, in pure Python.

Decision records, pathways and news items are all read with a :class:`FieldChecker`: each
value is checked as it is read, a bad one is reported with its file, line and field and left
out, and reading goes on, so one typo never hides the rest of a file.
"""

from __future__ import annotations

import datetime as dt
import difflib
import ipaddress
import re
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any, TypeVar
from urllib.parse import urlsplit

from .plaintext import code_point, shown, text_problem
from .problems import Check, Problem
from .values import DateRule, date_problem, name_problem, whole_number_problem
from .yamlsource import WrittenNumber, YamlList, YamlMap, item_line, key_line

T = TypeVar("T")

LINK_SCHEMES = ("https", "http")


_TYPE_NAMES: tuple[tuple[type | tuple[type, ...], str], ...] = (
    (type(None), "nothing"),
    (bool, "true/false"),
    ((int, float), "a number"),
    (dict, "a mapping"),
    (list, "a list"),
)


def describe_type(value: object) -> str:
    """A reader's name for the YAML type of ``value``."""
    if isinstance(value, WrittenNumber):
        return f"the number {value.text}"
    return next((name for kind, name in _TYPE_NAMES if isinstance(value, kind)), "text")


def one_of(value: str, choices: tuple[str, ...] | frozenset[str]) -> str:
    """``'x' is not one of a, b, c`` with a suggestion when one is close."""
    ordered = list(choices)
    message = f"{value!r} is not one of {', '.join(ordered)}"
    close = difflib.get_close_matches(value, ordered, n=1)
    return f"{message} (did you mean {close[0]!r}?)" if close else message


def link_problem(value: str) -> str | None:
    """Why ``value`` is not an acceptable link, or None when it is.

    A link leads to a public site named by its domain: not to an address (a reader's browser
    reads ``https://2130706433/`` and ``https://127.1/`` as this computer), not to a name only a
    local network resolves, and never with a user name or password in it.
    """
    text = value.strip()
    if problem := text_problem(text, multiline=False):
        return f"{shown(text)!r} {problem}"
    if any(char.isspace() for char in text):
        return f"{text!r} contains a space; write it as %20, or check the link was not split"
    try:
        parts = urlsplit(text)
        hostname, _ = parts.hostname, parts.port
    except ValueError as error:
        return f"{text!r} is not a valid web address ({error}); check the part after https://"
    if parts.scheme.lower() not in LINK_SCHEMES or not parts.netloc:
        return f"{text!r} is not an https: link; only https: (and http:) URLs are accepted"
    if "@" in parts.netloc and hostname:
        site = parts.netloc.rpartition("@")[2]  # the rest is not repeated: it may be a password
        return (
            f"{parts.scheme}://…@{site} carries a user name or password before the site's "
            "name; remove the part up to '@': a link never holds credentials"
        )
    return _site_problem(text, hostname)


def _site_problem(text: str, hostname: str | None) -> str | None:
    """Why the site a well-formed link names cannot be linked to, or None."""
    if not hostname:
        return f"{text!r} names no site; write the site's name after https://"
    changed = next((c for c in text if unicodedata.normalize("NFKC", c) != c), None)
    if changed is not None:
        return (
            f"{text!r} contains {code_point(changed)}, which reads as another character; "
            "write the address in plain characters"
        )
    if "%" in hostname or "\\" in hostname:
        return f"{text!r} has escapes in the site's name; write the name in plain characters"
    return _host_problem(text, hostname)


def _host_problem(text: str, hostname: str) -> str | None:
    """Why a link's host is no public site's name, or None."""
    if _is_address(hostname):
        return (
            f"{text!r} names its site by a numeric address ({hostname}); link to the site by "
            "its name, e.g. https://pypi.org/"
        )
    if _is_local(hostname):
        return f"{text!r} leads to this computer or a private network; link to a public site"
    labels = hostname.rstrip(".").split(".")
    if len(labels) < 2 or "" in labels:
        return (
            f"{text!r} names the site {hostname!r}, which only a local network can find; "
            "write the site's full name, e.g. https://pypi.org/"
        )
    return None


# Top-level names that only this computer or a private network resolves (RFC 6761, RFC 6762,
# RFC 8375, ICANN's .internal, and names routers hand out).
LOCAL_DOMAINS = frozenset(
    {
        "localhost",
        "localdomain",
        "local",
        "internal",
        "intranet",
        "lan",
        "home",
        "corp",
        "private",
        "arpa",
    }
)
# The last label of a host that browsers read as a number, so the host as an IPv4 address
# (the WHATWG URL standard): decimal, 0x hexadecimal, or octal with a leading zero.
_NUMERIC_LABEL = re.compile(r"[0-9]+|0x[0-9a-f]*", re.ASCII | re.IGNORECASE)


def _is_address(hostname: str) -> bool:
    """Whether a link's host is an IP address, however written (IPv6, dotted, one number)."""
    if ":" in hostname:
        return True
    try:
        ipaddress.ip_address(hostname)
    except ValueError:
        return bool(_NUMERIC_LABEL.fullmatch(hostname.rstrip(".").rpartition(".")[2]))
    return True


def _is_local(hostname: str) -> bool:
    return hostname.rstrip(".").rpartition(".")[2].lower() in LOCAL_DOMAINS


def parse_date(value: object) -> dt.date | None:
    """An ISO ``YYYY-MM-DD`` date, or None."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


# What a date of something that happened should be, when no field says better.
HAPPENED = DateRule("write the date it happened")


class FieldChecker:
    """Collects the problems of one file while its fields are read.

    ``today`` is the build date dates are judged against (None: only the earliest date is).
    """

    def __init__(self, source: str, first_line: int, today: dt.date | None = None) -> None:
        self.source = source
        self.first_line = first_line
        self.today = today
        self.problems: list[Problem] = []

    def report(self, line: int, field: str, message: str, check: Check) -> None:
        self.problems.append(Problem(self.source, line, field, message, check))

    def line_of(self, mapping: YamlMap, key: str) -> int:
        return key_line(mapping, key, self.first_line)

    def line_of_item(self, sequence: YamlList, index: int) -> int:
        return item_line(sequence, index, self.first_line)

    def unknown_keys(self, mapping: YamlMap, allowed: tuple[str, ...], where: str) -> None:
        for key in mapping:
            if key in allowed:
                continue
            name = f"{where}.{key}" if where else str(key)
            message = f"unknown field {key!r}; allowed fields are {', '.join(allowed)}"
            close = difflib.get_close_matches(str(key), list(allowed), n=1)
            if close:
                message = f"unknown field {key!r} (did you mean {close[0]!r}?)"
            self.report(self.line_of(mapping, key), name, message, Check.FIELD)

    def text(self, value: object, line: int, field: str) -> str | None:
        if isinstance(value, str) and value.strip():
            if problem := text_problem(value.strip()):
                self.report(line, field, problem, Check.VALUE)
                return None
            return value.strip()
        if isinstance(value, str):
            self.report(line, field, "is empty; write some text", Check.VALUE)
        else:
            self.report(line, field, f"expected text, got {describe_type(value)}", Check.TYPE)
        return None

    def name(self, value: object, line: int, field: str) -> str | None:
        """An id or a vocabulary word: text with no space, line break or invisible character
        anywhere (``PC-0001\\n`` and ``PC-0001`` must never be two names, nor one silently)."""
        if isinstance(value, str) and value.strip() and (problem := name_problem(value)):
            self.report(line, field, problem, Check.VALUE)
            return None
        return self.text(value, line, field)

    def whole_number(
        self, value: object, line: int, field: str, expected: str, minimum: int
    ) -> int | None:
        """A whole number written in decimal digits, at least ``minimum``."""
        if found := whole_number_problem(value, expected, minimum):
            self.report(line, field, *found)
            return None
        return value  # type: ignore[return-value]

    def choice(self, value: object, line: int, field: str, choices: tuple[str, ...]) -> str | None:
        text = self.name(value, line, field)
        if text is None:
            return None
        if text not in choices:
            self.report(line, field, one_of(text, choices), Check.VALUE)
            return None
        return text

    def date(
        self, value: object, line: int, field: str, rule: DateRule = HAPPENED
    ) -> dt.date | None:
        """A YYYY-MM-DD date within ``rule``'s bounds; one only warned about is kept."""
        parsed = parse_date(value)
        if parsed is None:
            shown_value = value.text if isinstance(value, WrittenNumber) else value
            self.report(
                line,
                field,
                f"{shown_value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-04-16",
                Check.DATE,
            )
            return None
        if found := date_problem(parsed, self.today, rule):
            self.report(line, field, *found)
            return parsed if found[1] is Check.FUTURE else None
        return parsed

    def link(self, value: object, line: int, field: str) -> str | None:
        text = self.text(value, line, field)
        if text is None:
            return None
        problem = link_problem(text)
        if problem:
            self.report(line, field, problem, Check.LINK)
            return None
        return text

    def sequence(self, value: object, line: int, field: str) -> YamlList | None:
        if isinstance(value, list):
            return value  # type: ignore[return-value]
        self.report(
            line,
            field,
            f"expected a list, got {describe_type(value)}; write each item as "
            "'- item' on its own line or as [a, b]",
            Check.TYPE,
        )
        return None

    def mapping(self, value: object, line: int, field: str) -> YamlMap | None:
        if isinstance(value, dict):
            return value  # type: ignore[return-value]
        self.report(
            line,
            field,
            f"expected a mapping of 'key: value' lines, got {describe_type(value)}",
            Check.TYPE,
        )
        return None

    def items(
        self, value: object, line: int, field: str, read: Callable[[Any, int, str], T | None]
    ) -> Iterator[T]:
        """Read each item of a list field, yielding those that are valid."""
        sequence = self.sequence(value, line, field)
        if sequence is None:
            return
        for index, item in enumerate(sequence):
            result = read(item, self.line_of_item(sequence, index), f"{field}[{index}]")
            if result is not None:
                yield result


__all__ = ["LINK_SCHEMES", "FieldChecker", "describe_type", "link_problem", "one_of", "parse_date"]
