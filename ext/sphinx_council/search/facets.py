"""What the search index knows about a page beyond its text: its kind, status, areas, personas
and year (the facets a reader narrows results by), and the summary a result shows.

Pure: the Sphinx side (:mod:`.site`) gathers the values from the domains; this module decides
how they are named, so the facets read the same on every kind of page.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ..core.text import readable

# The facet keys, in the order the search page shows them.
FACET_KEYS = ("kind", "status", "area", "persona", "year")

# Kinds of page, as the facet shows them.
DECISION, PEP, PATHWAY, NEWSLETTER, PAGE = "Decision", "PEP", "Pathway", "Newsletter", "Page"

TOKEN_LETTERS = "abcdefghijklmnop"

# Where generated pages live (their names are the site's, not the reader's).
PEP_PAGE = re.compile(r"(?:^|/)peps/pep-(?P<number>\d{4})$")
ISSUE_PAGE = re.compile(r"(?:^|/)this-week/(?P<year>\d{4})-W\d{2}$")


def facet_token(key: str, value: str) -> str:
    """The word a page carries in the index for one facet value, such as ``zfkdoalpecmbhq``.

    Facets are searched as words rather than as Pagefind filters: Pagefind writes its filter
    files in a different order on every run, and the site must build byte for byte the same.
    A token is letters only (Pagefind splits words at digits), all of one length and ending in
    ``q`` (which no English suffix ends with, so stemming leaves it whole): none is the start
    of another, as Pagefind matches the last word of a query as a prefix.
    """
    digest = hashlib.sha256(f"{key}={value}".encode()).digest()
    return "zf" + "".join(TOKEN_LETTERS[byte % len(TOKEN_LETTERS)] for byte in digest[:11]) + "q"


def pep_token(role: str, number: int) -> str:
    """The word that marks a PEP's own page (``role="page"``) or the decision about it
    (``"decides"``): ``zpageahfbq`` for PEP 751, digits spelt a-j so it stays one word. A
    query that is a PEP number puts these pages first, as peps.python.org jumps to a PEP."""
    digits = "".join(TOKEN_LETTERS[int(d)] for d in f"{number:04d}")
    return f"z{role}{digits}q"


@dataclass(frozen=True)
class SearchFacets:
    """A page as the search index files it; ``kind`` empty means the page is not indexed."""

    kind: str = ""
    status: str = ""
    areas: tuple[str, ...] = ()
    personas: tuple[str, ...] = ()
    year: str = ""
    summary: str = ""
    # The page's own id as readers type it ("PEP 751", "PC-0011"), weighted above its title.
    aliases: tuple[str, ...] = ()
    # PEP marks (see :func:`pep_token`).
    marks: tuple[str, ...] = ()
    # A pathway's level (beginner, intermediate, advanced): results list easier pathways first.
    level: str = ""

    def filters(self) -> list[tuple[str, str]]:
        """(facet, value) pairs, one per value, in facet order."""
        pairs = [("kind", self.kind), ("status", self.status)]
        pairs += [("area", readable(area)) for area in self.areas]
        pairs += [("persona", readable(persona)) for persona in self.personas]
        pairs.append(("year", self.year))
        return [(key, value) for key, value in pairs if value]

    @property
    def decided_pep(self) -> str:
        """On a decision's page, the number of the PEP it decides, so that a result can bring
        the PEP's page along (the page marked ``pep_token("page", number)``)."""
        decides = pep_token("decides", 0)[: -len("aaaaq")]
        found = (m for m in self.marks if m.startswith(decides))
        spelt = next((m[len(decides) : -1] for m in found), "")
        return str(int("".join(str(TOKEN_LETTERS.index(c)) for c in spelt))) if spelt else ""

    def tokens(self) -> list[str]:
        """The facet words and PEP marks of this page (see :func:`facet_token`)."""
        return [facet_token(key, value) for key, value in self.filters()] + list(self.marks)


def pep_aliases(number: int) -> tuple[str, ...]:
    """How readers write a PEP's number: ``PEP 751``, ``PEP751``, ``PEP-751``, ``751``."""
    return (f"PEP {number}", f"PEP{number}", f"PEP-{number}", str(number))


def record_aliases(record_id: str) -> tuple[str, ...]:
    """A decision's id as typed: ``PC-0011``, ``PC0011``. (The PEPs it decides are in its
    title and panel; only a PEP's own page carries its number as an alias, so that page comes
    first however many records cite it.)"""
    compact = record_id.replace("-", "")
    return (record_id, compact) if compact != record_id else (record_id,)


def page_kind(pagename: str) -> tuple[str, str]:
    """(kind, year) of a generated page known by its name alone; ("", "") otherwise."""
    if PEP_PAGE.search(pagename):
        return PEP, ""
    issue = ISSUE_PAGE.search(pagename)
    if issue:
        return NEWSLETTER, issue["year"]
    return "", ""


# A record id pattern such as ``PC-\d{4}``: letters, an optional separator, fixed digits.
_ID_SHAPE = re.compile(r"^(?P<prefix>[A-Za-z]+)(?P<sep>[-_]?)\\d\{(?P<digits>[1-9])\}$")


def id_shape(pattern: str) -> tuple[str, str, int] | None:
    """(prefix, separator, digits) of a record id pattern, so that a search reads ``pc11`` or
    ``PC 11`` as ``PC-0011``; None for a pattern of another shape (ids are then read as typed)."""
    found = _ID_SHAPE.match(pattern)
    if not found:
        return None
    return found["prefix"], found["sep"], int(found["digits"])
