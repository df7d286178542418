"""A page per weekly issue of This Week in Packaging, added through ``html-collect-pages``;
only issues whose content changed, or whose file is missing, are written again. Each page
has its e-mail edition beside it (``this-week/2026-W16.eml``, written with the feeds)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

from docutils import nodes

from ..sphinxext.nodes import Links, date_node, link, paragraph
from ..sphinxext.outputs import page_path
from .digest import WeeklyDigest
from .domain import newsletter_domain
from .markup import Span, spans
from .outline import IssueAddresses, Item, Link, Part, dateline, issue_outline, issue_summary
from .render import signed

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def _link(target: Link, links: Links) -> nodes.Node:
    if target.page:
        return link(target.text, links.to_doc(target.page, target.anchor))
    return link(target.text, target.url) if target.url else nodes.strong("", target.text)


def markdown_nodes(source: str) -> list[nodes.Node]:
    """A paragraph of the editors' Markdown as inline nodes."""
    return [_span_node(span) for span in spans(source)]


def _span_node(span: Span) -> nodes.Node:
    if span.kind == "text":
        return nodes.Text(span.text)
    if span.kind == "code":
        return nodes.literal("", span.text)
    inner = [_span_node(child) for child in span.children]
    if span.kind == "link":
        return nodes.reference("", "", *inner, refuri=span.href)
    return (nodes.strong if span.kind == "strong" else nodes.emphasis)("", "", *inner)


def outline_item(item: Item, links: Links) -> nodes.list_item:
    """One item: its date where it has one, its linked title, what it means, its parts."""
    para = paragraph(date_node(item.day), ": ") if item.day else paragraph()
    para += _link(item.link, links)
    para += nodes.Text(". " if item.detail else ".")
    para += markdown_nodes(item.detail)
    entry = nodes.list_item("", para)
    if item.parts:
        parts = nodes.bullet_list()
        parts += [outline_item(part, links) for part in item.parts]
        entry += parts
    return entry


def outline_nodes(
    parts: list[Part], links: Links, heading: type[nodes.Element]
) -> list[nodes.Node]:
    """Sections as nodes: a titled section each on an issue page; a strong heading each in a
    box of another page (``heading`` is ``nodes.section`` or ``nodes.container``)."""
    content: list[nodes.Node] = []
    for part in parts:
        box = heading(ids=[f"council-{part.key}"], classes=["council-digest-section"])
        box += (
            nodes.title("", part.heading)
            if heading is nodes.section
            else paragraph(nodes.strong("", part.heading))
        )
        for label, items in part.groups:
            if label:
                box += paragraph(nodes.emphasis("", label))
            listing = nodes.bullet_list(classes=["council-digest-events"])
            listing += [outline_item(item, links) for item in items]
            box += listing
        if part.prose:
            box += paragraph(*(p if isinstance(p, str) else _link(p, links) for p in part.prose))
        content.append(box)
    return content


def digest_sections(
    digest: WeeklyDigest, links: Links, addresses: IssueAddresses, closing: bool = True
) -> list[nodes.Node]:
    """The note and the sections of one issue, as nodes."""
    content: list[nodes.Node] = []
    if digest.note:
        quote = nodes.block_quote(classes=["council-editors-note"])
        quote += [paragraph(*markdown_nodes(text)) for text in digest.note.paragraphs]
        if signed(digest.note):
            quote += nodes.attribution("", signed(digest.note))
        content.append(quote)
    parts = issue_outline(digest, addresses, closing)
    content += outline_nodes(parts, links, nodes.section if closing else nodes.container)
    return content


def issue_page_body(app: Sphinx, digest: WeeklyDigest, index: int) -> str:
    """The HTML of an issue's page: heading, the week, the sections, and its neighbours."""
    domain = newsletter_domain(app.env)
    links = Links(app.builder, digest.page)
    section = nodes.section(ids=["this-week"])
    section += nodes.title("", digest.title)
    week = digest.week
    section += paragraph(
        f"Issue {digest.number}, {week}: ",
        date_node(week.monday),
        " to ",
        date_node(week.sunday),
        ". ",
        link("All issues", links.to_doc(domain.archive_page())),
        ".",
    )
    section += nodes.paragraph("", dateline(digest), classes=["council-dateline"])
    section.extend(digest_sections(digest, links, domain.data["addresses"]))
    if domain.feeds and domain.site.base_url:
        email = domain.site.url(email_path(digest))
        section += paragraph(
            "This issue as an e-mail, ready to send or to open in a mail program: ",
            link(f"{digest.week}.eml", email),
            ".",
        )
    neighbours = _neighbours(domain.digests, index, links)
    if neighbours:
        section += paragraph(*neighbours)
    # The issue page has no numbered figures; Sphinx only sets this while it writes a document,
    # and a rebuild where only the news changed writes none before the extra pages.
    app.builder.fignumbers = {}  # type: ignore[attr-defined]
    return cast("str", app.builder.render_partial(section)["fragment"])  # type: ignore[attr-defined]


def _neighbours(digests: list[WeeklyDigest], index: int, links: Links) -> list[nodes.Node | str]:
    """Links to the previous and the next issue, where there are some."""
    neighbours: list[nodes.Node | str] = []
    if index > 0:
        older = digests[index - 1]
        neighbours += ["Previous: ", link(older.title, links.to_doc(older.page)), ". "]
    if index + 1 < len(digests):
        newer = digests[index + 1]
        neighbours += ["Next: ", link(newer.title, links.to_doc(newer.page)), "."]
    return neighbours


def collect_issue_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, object], str]]:
    """One page per issue, written when its content changed or it is missing."""
    domain = newsletter_domain(app.env)
    pending = set(domain.data["pending"])
    for index, digest in enumerate(domain.digests):
        if digest.page not in pending and page_path(app.builder, digest.page).exists():
            continue
        yield (
            digest.page,
            {
                "title": digest.title,
                "body": issue_page_body(app, digest, index),
                # The issue's own summary, as feeds show it, for the page's link preview.
                "description": issue_summary(digest),
            },
            "page.html",
        )


def email_path(digest: WeeklyDigest) -> str:
    """Where the e-mail edition of an issue is published, beside its page."""
    return f"{digest.page}.eml"


def setup_pages(app: Sphinx) -> None:
    app.connect("html-collect-pages", collect_issue_pages)
