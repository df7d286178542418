"""What each Sphinx builder writes, so pages link only to what exists in that output.

The area, year, PEP and newsletter issue pages are generated through ``html-collect-pages``,
which only the multi-page HTML builders (html, dirhtml, epub and the serialising builders)
emit. The single-page, LaTeX, text and manual-page builders have no such pages; links to them
fall back to plain text or to an address on the web. Feeds, ``decisions.json`` and the
schemas describe a web site, so only the builders that write one (html, dirhtml) publish them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.builders.epub3 import Epub3Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.errors import NoUri

if TYPE_CHECKING:
    from sphinx.builders import Builder


def writes_generated_pages(builder: Builder) -> bool:
    """Whether the builder writes the pages extensions add at ``html-collect-pages``."""
    return isinstance(builder, StandaloneHTMLBuilder) and not isinstance(
        builder, SingleFileHTMLBuilder
    )


def publishes_site(builder: Builder) -> bool:
    """Whether the output is a web site, the home of the feeds, JSON data and schemas.

    A single page and an e-book are read on their own; files beside them that link to the
    site's pages would point at pages they do not contain.
    """
    return writes_generated_pages(builder) and not isinstance(builder, Epub3Builder)


def page_path(builder: Builder, page: str) -> Path:
    """The file a multi-page HTML builder writes ``page`` to (``page/index.html`` in dirhtml)."""
    assert isinstance(builder, StandaloneHTMLBuilder)
    return Path(builder.get_outfilename(page))


def relative_uri_or_none(builder: Builder, fromdoc: str, page: str) -> str | None:
    """The builder's link from ``fromdoc`` to ``page``, or None when its output has no ``page``.

    ``page`` is a document or a generated page; a LaTeX build holds only the documents in
    its toctree and raises :class:`NoUri` for the others.
    """
    if page not in builder.env.all_docs and not writes_generated_pages(builder):
        return None
    try:
        return builder.get_relative_uri(fromdoc, page)
    except NoUri:
        return None
