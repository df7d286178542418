"""The ``digest-latest``, ``digest-archive`` and ``feed-list`` directives: placeholders while
reading, filled once the issues and feeds are known (``doctree-resolved``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..sphinxext.nodes import Links, joined, link, paragraph
from ..sphinxext.outputs import publishes_site
from .config import newsletter_config
from .domain import NewsletterDomain, newsletter_domain
from .feeds import FORMATS, OPML_PATH
from .pages import event_item

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class newsletter_block(nodes.General, nodes.Element):
    """Placeholder for the newsletter's latest issue, archive or feed list."""


class _NewsletterDirective(SphinxDirective):
    kind: ClassVar[str]

    def run(self) -> list[nodes.Node]:
        newsletter_domain(self.env).note_placeholder(self.env.docname, self.kind)
        node = newsletter_block(kind=self.kind)
        self.set_source_info(node)
        return [node]


class LatestDigestDirective(_NewsletterDirective):
    """The latest issue of This Week in Packaging."""

    kind = "latest"


class DigestArchiveDirective(_NewsletterDirective):
    """Every issue, newest first."""

    kind = "archive"


class FeedListDirective(_NewsletterDirective):
    """Every feed, in every format, and the OPML file."""

    kind = "feeds"


def fill_blocks(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace each placeholder by what it shows; by nothing while the newsletter is off (the
    consistency check has said so once, in derive.py)."""
    domain = newsletter_domain(app.env)
    links = Links(app.builder, docname)
    on = newsletter_config(app.config).newsletter
    for block in list(doctree.findall(newsletter_block)):
        render = {"latest": _latest, "archive": _archive, "feeds": _feed_list}[block["kind"]]
        block.replace_self(render(domain, links) if on else [])


def _latest(domain: NewsletterDomain, links: Links) -> list[nodes.Node]:
    if not domain.digests:
        return [paragraph("No issue has been published yet.")]
    digest = domain.digests[-1]
    box = nodes.container(classes=["council-latest-digest"])
    box += paragraph(link(digest.title, links.to_doc(digest.page), "council-digest-title"))
    for _, heading, events in digest.sections():
        box += paragraph(nodes.strong("", heading))
        items = nodes.bullet_list(classes=["council-digest-events"])
        items += [event_item(event, links) for event in events]
        box += items
    return [box]


def _archive(domain: NewsletterDomain, links: Links) -> list[nodes.Node]:
    if not domain.digests:
        return [paragraph("No issue has been published yet.")]
    items = nodes.bullet_list(classes=["council-digest-archive"])
    for digest in reversed(domain.digests):
        items += nodes.list_item(
            "", paragraph(link(digest.title, links.to_doc(digest.page)), f". {digest.summary()}.")
        )
    return [items]


def _feed_list(domain: NewsletterDomain, links: Links) -> list[nodes.Node]:
    if not domain.feeds and domain.site.base_url and not publishes_site(links.builder):
        # A book or a single page has no feeds of its own; the web site publishes them.
        home = domain.site.base_url
        return [paragraph("The feeds are published with the web site, ", link(home, home), ".")]
    if not domain.feeds:
        return [paragraph("No feeds are published: this build has no site address (html_baseurl).")]
    site = domain.site
    items = nodes.bullet_list(classes=["council-feed-list"])
    for feed in domain.feeds:
        formats = [
            link(
                FORMATS[fmt][2], site.url(feed.path(fmt)), title=f"{feed.title} ({FORMATS[fmt][2]})"
            )
            for fmt in FORMATS
        ]
        items += nodes.list_item(
            "",
            paragraph(
                nodes.strong("", feed.title), f": {feed.description} ", *joined(formats, " · ")
            ),
        )
    opml = link("feeds.opml", site.url(OPML_PATH))
    return [
        items,
        paragraph("Every feed at once, for importing into a feed reader: ", opml, "."),
    ]


def setup_blocks(app: Sphinx) -> None:
    app.add_node(newsletter_block)
    app.add_directive("digest-latest", LatestDigestDirective)
    app.add_directive("digest-archive", DigestArchiveDirective)
    app.add_directive("feed-list", FeedListDirective)
    app.connect("doctree-resolved", fill_blocks)
