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

from docutils import nodes
from sphinx.builders.epub3 import Epub3Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.errors import NoUri

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


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


def relative_uri_or_none(builder: Builder, fromdoc: str, page: str, anchor: str = "") -> str | None:
    """The builder's link from ``fromdoc`` to ``page``, or None when its output has no ``page``.

    ``page`` is a document or a generated page; ``anchor`` an id on it. A LaTeX build holds
    only the documents in its toctree and raises :class:`NoUri` for the others; a single-page
    build holds only the documents its root toctree reaches, all on one page, where an
    anchor is addressed on its own.
    """
    if not in_output(builder, page):
        return None
    try:
        uri = builder.get_relative_uri(fromdoc, page)
    except NoUri:
        return None
    if anchor and isinstance(builder, SingleFileHTMLBuilder):
        return f"#{anchor}"
    return f"{uri}#{anchor}" if anchor else uri


def in_output(builder: Builder, page: str) -> bool:
    """Whether the builder's output holds ``page`` (LaTeX's own check raises NoUri later)."""
    if page not in builder.env.all_docs:
        return writes_generated_pages(builder)
    if isinstance(builder, SingleFileHTMLBuilder):
        return page in toctree_reach(builder.env, builder.config.root_doc)
    return True


def toctree_reach(env: BuildEnvironment, root: str) -> set[str]:
    """The documents the toctrees under ``root`` include, hidden ones too (as a single-page
    build inlines them)."""
    reached = {root}
    waiting = [root]
    while waiting:
        for child in env.toctree_includes.get(waiting.pop(), []):
            if child not in reached:
                reached.add(child)
                waiting.append(child)
    return reached


def refnode(
    builder: Builder,
    fromdoc: str,
    todoc: str,
    anchor: str,
    child: nodes.Node,
    title: str = "",
) -> nodes.reference:
    """A cross-reference to ``todoc`` (a domain's ``resolve_xref`` result).

    Raises :class:`NoUri` when the output has no such page, so Sphinx shows the text alone.
    Unlike Sphinx's ``make_refnode`` it addresses anchors the single-page way there.
    """
    if fromdoc == todoc and anchor:
        node = nodes.reference("", "", refid=anchor, internal=True)
    else:
        uri = relative_uri_or_none(builder, fromdoc, todoc, anchor)
        if uri is None:
            raise NoUri(todoc, None)
        node = nodes.reference("", "", refuri=uri, internal=True)
    if title:
        node["reftitle"] = title
    node += child
    return node
