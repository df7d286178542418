"""Docutils building blocks every page family uses: links, paragraphs, dates, badges, fields.

Everything here builds ordinary docutils nodes, so every writer escapes the text, and links are
made by the caller's :class:`Links` (which knows the page being written). What a decision
page shows is in :mod:`sphinx_council.decisions.nodes`, a record's link and status badge in
:mod:`sphinx_council.decisions.pagelinks`, a plain PEP link in :mod:`sphinx_council.peps.role`.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple, overload

from docutils import nodes

from ..core.text import inline_literals, long_date

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.writers.html5 import HTML5Translator


class Place(NamedTuple):
    """A place on the site to link to: a document, an anchor on it, and what to call it."""

    docname: str
    label: str
    anchor: str = ""


@dataclass(frozen=True)
class Links:
    """Relative URLs from the page being written to other pages of the site.

    Each is None when the output has no such page (a generated page in a LaTeX or single-page
    build, a document outside a LaTeX build's toctree); :func:`link` then shows plain text.
    """

    builder: Builder
    fromdoc: str

    def to_doc(self, docname: str, anchor: str = "") -> str | None:
        # Imported here: this module is also used without Sphinx (the digest command).
        from .outputs import relative_uri_or_none  # noqa: PLC0415

        return relative_uri_or_none(self.builder, self.fromdoc, docname, anchor)


# What docutils' HTML writers escape in text and attribute values, so that HTML written as a
# string (a table of a thousand rows) reads exactly as the writers' own.
_HTML_SPECIAL = str.maketrans({"&": "&amp;", "<": "&lt;", '"': "&quot;", ">": "&gt;", "@": "&#64;"})


def html_text(text: str) -> str:
    """Text (or an attribute value) escaped as docutils' HTML writers escape it."""
    return text.translate(_HTML_SPECIAL)


class unindexed(nodes.container):
    """A block the site's search leaves out: links that repeat other pages' titles (pathway
    steps, issue names) would make a page match searches about those pages. Writers other
    than HTML show it as a plain container."""


def visit_unindexed(self: HTML5Translator, node: unindexed) -> None:
    # The mark is for Pagefind: a site without the council's search carries none.
    searched = getattr(self.config, "council_search", False)
    ignored: dict[str, object] = {"data-pagefind-ignore": "all"} if searched else {}
    self.body.append(self.starttag(node, "div", CLASS="docutils container", **ignored))  # type: ignore[arg-type]


def depart_unindexed(self: HTML5Translator, node: unindexed) -> None:
    self.body.append("</div>\n")


def date_node(day: dt.date) -> nodes.inline:
    return nodes.inline("", long_date(day), classes=["council-date"])


@overload
def link(text: str, uri: str, *classes: str, title: str = "") -> nodes.reference: ...
@overload
def link(
    text: str, uri: str | None, *classes: str, title: str = ""
) -> nodes.reference | nodes.inline: ...
def link(
    text: str, uri: str | None, *classes: str, title: str = ""
) -> nodes.reference | nodes.inline:
    """A link to ``uri``, or the text alone when the output has no page to link to."""
    if uri is None:
        return nodes.inline("", text, classes=list(classes))
    ref = nodes.reference("", text, refuri=uri, internal=not uri.startswith(("http:", "https:")))
    ref["classes"].extend(classes)
    if title:
        ref["reftitle"] = title
    return ref


def title_nodes(text: str) -> list[nodes.Node]:
    """A PEP or record title as text, with its ``double backtick`` runs shown as code."""
    return [
        nodes.literal(piece, piece) if literal else nodes.Text(piece)
        for piece, literal in inline_literals(text)
    ]


def joined(items: Iterable[nodes.Node], separator: str = ", ") -> list[nodes.Node]:
    """Nodes separated by text, for inline lists."""
    result: list[nodes.Node] = []
    for item in items:
        if result:
            result.append(nodes.Text(separator))
        result.append(item)
    return result


def paragraph(*children: nodes.Node | str) -> nodes.paragraph:
    para = nodes.paragraph()
    for child in children:
        para += nodes.Text(child) if isinstance(child, str) else child
    return para


def field(name: str, *body: nodes.Node | str) -> nodes.field:
    item = nodes.field()
    item += nodes.field_name("", name)
    content = nodes.field_body()
    content += paragraph(*body)
    item += content
    return item


def describe_page(document: nodes.document, metadata: dict[str, object], summary: str) -> None:
    """The page's own summary as its description, for search engines and link previews."""
    # Read by Sphinx into <meta name="description">, and by Open Graph extensions.
    document.insert(0, nodes.meta(name="description", content=summary))
    # Open Graph extensions take page metadata over their guess from the page's first text.
    metadata["og:description"] = html.escape(summary, False)
