"""Changes to the written HTML that the search index needs, in pure Python."""

from __future__ import annotations

import html
import re

from .facets import FACET_KEYS

# docutils puts a section's id on the <section>, and Pagefind splits a page into sub-results
# only at headings that carry an id: the heading gets one of its own, derived from the
# section's, so links to the section (and scripts that read section ids) keep working.
_SECTION_HEADING = re.compile(r'<section id="(?P<id>[^"]+)">(?P<gap>\s*)<h(?P<level>[1-6])>')

# The theme loads Sphinx's search index on every page for its search-as-you-type box.
_SPHINX_SEARCH_SCRIPT = re.compile(
    r'[ \t]*<script src="[^"]*(?:searchtools\.js|language_data\.js|searchindex\.js)"></script>\n?'
)


_HEADING = re.compile(r"<h[1-3][^>]*>(.*?)</h[1-3]>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[^\W\d_]{4,}")
INDEXED_MARK = "data-pagefind-body"


def heading_words(page: str) -> set[str]:
    """The lower-case words (four letters or more) of an indexed page's h1 to h3 headings:
    what a query with a typo is matched against."""
    if INDEXED_MARK not in page:
        return set()
    text = " ".join(_TAG.sub(" ", heading) for heading in _HEADING.findall(page))
    return {word.lower() for word in _WORD.findall(text)}


_FACET_META = re.compile(r'<meta property="council:(?P<key>[a-z]+)" content="(?P<value>[^"]*)"')


def page_facets(page: str) -> set[tuple[str, str]]:
    """The (facet, value) pairs an indexed page declares in its head."""
    if INDEXED_MARK not in page:
        return set()
    return {
        (m["key"], html.unescape(m["value"]))
        for m in _FACET_META.finditer(page)
        if m["key"] in FACET_KEYS
    }


def heading_id(section_id: str) -> str:
    """The id a section's heading gets: ``step-3`` gives ``step-3-title``."""
    return f"{section_id}-title"


def anchor_headings(body: str) -> str:
    """Give every section heading an id of its own (see above)."""
    return _SECTION_HEADING.sub(
        lambda m: f'<section id="{m["id"]}">{m["gap"]}<h{m["level"]} id="{heading_id(m["id"])}">',
        body,
    )


def without_sphinx_search(head: str) -> str:
    """The page head without the scripts that load Sphinx's search index."""
    return _SPHINX_SEARCH_SCRIPT.sub("", head)
