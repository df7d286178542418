"""The ``digest-latest``, ``digest-archive``, ``feed-list`` and ``comment-periods`` directives:
placeholders while reading, filled once the issues and feeds are known (``doctree-resolved``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from ..core.clock import build_date
from ..sphinxext.nodes import Links, date_node, joined, link, paragraph
from ..sphinxext.outputs import publishes_site
from .calendar import CALENDAR_PATH
from .config import newsletter_config
from .domain import NewsletterDomain, newsletter_domain
from .feeds import FORMATS, OPML_PATH, Feed
from .outline import headlines
from .pages import digest_sections

CLOSING_SOON_DAYS = 7
# What a feed-list shows: ``:show: areas`` lists the feeds by area only; ``:show: email`` the
# e-mail sign-up link, when there is a mailing list (nothing otherwise).
FEED_GROUPS = ("email", "newsletter", "decisions", "areas", "personas", "calendar", "opml")

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class newsletter_block(nodes.General, nodes.Element):
    """Placeholder for the newsletter's latest issue, archive or feed list."""


class _NewsletterDirective(SphinxDirective):
    kind: ClassVar[str]

    def run(self) -> list[nodes.Node]:
        newsletter_domain(self.env).note_placeholder(self.env.docname, self.kind)
        node = newsletter_block(kind=self.kind, show=self.options.get("show", ""))
        self.set_source_info(node)
        return [node]


class LatestDigestDirective(_NewsletterDirective):
    """The latest issue of This Week in Packaging."""

    kind = "latest"


class DigestArchiveDirective(_NewsletterDirective):
    """Every issue, newest first."""

    kind = "archive"


class FeedListDirective(_NewsletterDirective):
    """Every feed, in every format, the calendar and the OPML file; ``:show:`` one group."""

    kind = "feeds"
    option_spec: ClassVar = {"show": lambda arg: directives.choice(arg, FEED_GROUPS)}


class CommentPeriodsDirective(_NewsletterDirective):
    """The decisions open for comment on the build date, "closing soon" within a week."""

    kind = "comment-periods"


def fill_blocks(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace each placeholder by what it shows; by nothing while the newsletter is off (the
    consistency check has said so once, in derive.py)."""
    domain = newsletter_domain(app.env)
    links = Links(app.builder, docname)
    on = newsletter_config(app.config).newsletter
    today = build_date(app.config.council_build_date)
    for block in list(doctree.findall(newsletter_block)):
        kind = block["kind"]
        if not on:
            block.replace_self([])
        elif kind == "comment-periods":
            block.replace_self(_comment_periods(domain, links, today))
        elif kind == "feeds":
            block.replace_self(_feed_list(domain, links, block.get("show", "")))
        else:
            block.replace_self({"latest": _latest, "archive": _archive}[kind](domain, links))


def _latest(domain: NewsletterDomain, links: Links) -> list[nodes.Node]:
    if not domain.digests:
        return [paragraph("No issue has been published yet.")]
    digest = domain.digests[-1]
    box = nodes.container(classes=["council-latest-digest"])
    box += paragraph(link(digest.title, links.to_doc(digest.page), "council-digest-title"))
    box.extend(digest_sections(digest, links, domain.data["addresses"], closing=False))
    return [box]


def _archive(domain: NewsletterDomain, links: Links) -> list[nodes.Node]:
    if not domain.digests:
        return [paragraph("No issue has been published yet.")]
    items = nodes.bullet_list(classes=["council-digest-archive"])
    for digest in reversed(domain.digests):
        items += nodes.list_item(
            "", paragraph(link(digest.title, links.to_doc(digest.page)), f": {headlines(digest)}")
        )
    return [items]


def _comment_periods(
    domain: NewsletterDomain, links: Links, today: dt.date | None
) -> list[nodes.Node]:
    """Each open comment period with its closing day; "closing soon" within a week."""
    box = nodes.container(classes=["council-comment-periods"])
    box += paragraph(nodes.strong("", "Open for comment"))
    periods = domain.data.get("open_comments", [])
    if not periods:
        box += paragraph("Nothing is open for comment right now.")
        return [box]
    items = nodes.bullet_list()
    for closes, event in periods:
        para = paragraph(link(event.subject or event.title, links.to_doc(event.page)), ": closes ")
        para += date_node(closes)
        if today is not None and (closes - today).days <= CLOSING_SOON_DAYS:
            para += nodes.Text(" ")
            para += nodes.inline(
                "", "closing soon", classes=["council-badge", "council-closing-soon"]
            )
        para += nodes.Text(".")
        items += nodes.list_item("", para)
    box += items
    return [box]


def _feed_list(domain: NewsletterDomain, links: Links, show: str) -> list[nodes.Node]:
    email = _email_signup(domain) if show in ("", "email") else []
    return email if show == "email" else email + _feeds(domain, links, show)


def _email_signup(domain: NewsletterDomain) -> list[nodes.Node]:
    """ "Subscribe by e-mail", to the mailing list's sign-up page, when there is one."""
    addresses = domain.data.get("addresses")
    url = addresses.subscribe_url if addresses else ""
    if not url:
        return []
    box = paragraph(
        link("Subscribe by e-mail", url),
        ": each issue of This Week in Packaging in your inbox on Monday.",
    )
    box["classes"].append("council-subscribe-email")
    return [box]


def _feeds(domain: NewsletterDomain, links: Links, show: str) -> list[nodes.Node]:
    if not domain.feeds and domain.site.base_url and not publishes_site(links.builder):
        # A book or a single page has no feeds of its own; the web site publishes them.
        home = domain.site.base_url
        return [paragraph("The feeds are published with the web site, ", link(home, home), ".")]
    if not domain.feeds:
        return [paragraph("No feeds are published: this build has no site address (html_baseurl).")]
    site = domain.site
    shown: list[nodes.Node] = []
    groups = {
        "newsletter": [f for f in domain.feeds if f.slug == "newsletter"],
        "decisions": [f for f in domain.feeds if f.slug == "decisions"],
        "areas": [f for f in domain.feeds if f.slug.startswith("area/")],
        "personas": [f for f in domain.feeds if f.slug.startswith("persona/")],
    }
    for group in (show,) if show else FEED_GROUPS[1:]:
        if groups.get(group):
            items = nodes.bullet_list(classes=["council-feed-list"])
            items += [_feed_item(feed, site.url, group) for feed in groups[group]]
            shown.append(items)
        elif group == "calendar":
            ics = link("deadlines.ics", site.url(CALENDAR_PATH))
            shown.append(paragraph("Deadlines, for any calendar application: ", ics, "."))
        elif group == "opml":
            opml = link("feeds.opml", site.url(OPML_PATH))
            shown.append(paragraph("Every feed at once, to import into a feed reader: ", opml, "."))
    return shown


def _feed_item(feed: Feed, url: Callable[[str], str], group: str) -> nodes.list_item:
    formats = [
        link(FORMATS[fmt][2], url(feed.path(fmt)), title=f"{feed.title} ({FORMATS[fmt][2]})")
        for fmt in FORMATS
    ]
    # By area or by who you are, the name says it all; the others say what they carry.
    name = feed.title.split(": ", 1)[-1] if group in ("areas", "personas") else feed.title
    about = "" if group in ("areas", "personas") else f": {feed.description}"
    return nodes.list_item(
        "", paragraph(nodes.strong("", name), f"{about} ", *joined(formats, " · "))
    )


def setup_blocks(app: Sphinx) -> None:
    app.add_node(newsletter_block)
    app.add_directive("digest-latest", LatestDigestDirective)
    app.add_directive("digest-archive", DigestArchiveDirective)
    app.add_directive("feed-list", FeedListDirective)
    app.add_directive("comment-periods", CommentPeriodsDirective)
    app.connect("doctree-resolved", fill_blocks)
