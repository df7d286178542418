"""A page per weekly issue of This Week in Packaging, added through ``html-collect-pages``;
only issues whose content changed, or whose file is missing, are written again."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

from docutils import nodes

from ..sphinxext.nodes import Links, date_node, link, paragraph
from ..sphinxext.outputs import page_path
from .digest import WeeklyDigest, event_line, tags
from .domain import newsletter_domain
from .events import EventKind, PackagingEvent

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def event_item(event: PackagingEvent, links: Links) -> nodes.list_item:
    """One event as a list item: its date, its linked title, and what it says."""
    target = links.to_doc(event.page) if event.page else event.url
    para = paragraph(date_node(event.date), ": ")
    para += link(event.title, target) if target else nodes.Text(event.title)
    # Area names stay text: linking them would make every issue page depend on which areas
    # have decision pages, which changes with records the issue does not show.
    detail = " ".join(filter(None, [event_line(event), tags(event)]))
    if detail:
        para += nodes.Text(f". {detail}")
    return nodes.list_item("", para)


def digest_sections(digest: WeeklyDigest, links: Links) -> list[nodes.Node]:
    """The note and the sections of one issue, as nodes."""
    content: list[nodes.Node] = []
    if digest.note:
        quote = nodes.block_quote(classes=["council-editors-note"])
        quote += [paragraph(text) for text in digest.note.paragraphs]
        if digest.note.author:
            quote += nodes.attribution("", digest.note.author)
        content.append(quote)
    for kind, heading, events in digest.sections():
        section = nodes.section(ids=[kind.value], classes=["council-digest-section"])
        section += nodes.title("", heading)
        items = nodes.bullet_list(classes=["council-digest-events"])
        items += [event_item(event, links) for event in events]
        section += items
        content.append(section)
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
    section.extend(digest_sections(digest, links))
    neighbours = _neighbours(domain.digests, index, links)
    if neighbours:
        section += paragraph(*neighbours)
    if any(event.kind is EventKind.STANDARD for event in digest.events):
        section += paragraph(
            "Standards are dated by the change to the PEP's header in the PEP repository, "
            "which can lag the decision by a few days."
        )
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
            {"title": digest.title, "body": issue_page_body(app, digest, index)},
            "page.html",
        )


def setup_pages(app: Sphinx) -> None:
    app.connect("html-collect-pages", collect_issue_pages)
