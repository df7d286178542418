"""How an issue reads: its fixed sections in order, each item a link and a sentence, laid out
once so that the web page, the e-mail, the feeds and ``council digest`` say the same thing.

Sections, each shown only when it has items: Council decisions, Open for comment, Standards
(grouped by what happened to the PEPs), Pathway updates (several pathways in one item),
Community news, Releases (grouped by project), Coming up; then How to contribute an item and
Subscribe. The editor's note comes first and is the issue's own (``WeeklyDigest.note``). Pure
Python.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ..core.text import long_date, readable
from .digest import WeeklyDigest
from .events import EventKind, PackagingEvent
from .release_news import release_detail, release_groups


@dataclass(frozen=True)
class Link:
    """Text that leads somewhere: a page of the site (a docname, and an anchor in it), an
    absolute address, or nowhere (plain text)."""

    text: str
    page: str = ""
    url: str = ""
    anchor: str = ""


@dataclass(frozen=True)
class Item:
    """One thing that happened: its linked title, then what it means, in a sentence or two."""

    link: Link
    detail: str = ""
    parts: tuple[Item, ...] = ()  # the pathways of one "eight new pathways" item
    day: dt.date | None = None  # shown in "Coming up" only: the issue's week dates the rest


@dataclass(frozen=True)
class Part:
    """A section of an issue: a heading, then groups of items (a group's label may be empty),
    or a paragraph of text and links."""

    key: str
    heading: str
    groups: tuple[tuple[str, tuple[Item, ...]], ...] = ()
    prose: tuple[str | Link, ...] = ()


@dataclass(frozen=True)
class IssueAddresses:
    """The site's pages an issue points readers to."""

    archive_page: str = "this-week"
    feeds_page: str = "feeds"
    feed_url: str = ""  # the newsletter's RSS feed, absolute; empty when none is published
    subscribe_url: str = ""  # the mailing list's sign-up page; empty when there is no list


CONTRIBUTE_ANCHOR = "contribute-an-item"
STANDARD_GROUPS: tuple[tuple[str, frozenset[str]], ...] = (
    ("New drafts", frozenset({"Draft"})),
    ("Accepted", frozenset({"Accepted", "Provisional"})),
    ("Final", frozenset({"Final"})),
    ("Rejected or withdrawn", frozenset({"Rejected", "Withdrawn"})),
)
PATHWAY_GROUPS = {"published": "new pathways", "updated": "pathways updated"}
_NUMBERS = (
    "zero one two three four five six seven eight nine ten eleven twelve".split()  # noqa: SIM905
)


def in_words(count: int) -> str:
    """``8`` as "eight", as prose writes small numbers."""
    return _NUMBERS[count] if count < len(_NUMBERS) else str(count)


def event_link(event: PackagingEvent) -> Link:
    return Link(event.title, event.page, event.url)


def event_detail(event: PackagingEvent, sent: dt.date | None = None) -> str:
    """What an event means, from its record's, PEP's or news item's own summary."""
    parts = []
    if event.closes:
        parts.append(f"Comments close {long_date(event.closes)}{_in_days(event.closes, sent)}.")
    if event.summary:
        parts.append(_sentence(event.summary))
    if event.kind is EventKind.NEWS and event.source:
        parts.append(f"Source: {event.source}.")
    if event.kind is EventKind.PATHWAY and event.personas:
        parts.append("For: " + ", ".join(map(readable, event.personas)) + ".")
    return " ".join(parts)


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."


def _in_days(day: dt.date, sent: dt.date | None) -> str:
    if sent is None:
        return ""
    days = (day - sent).days
    if days < 0:
        return " (closed)"
    return " (today)" if days == 0 else f" (in {days} day{'s' if days != 1 else ''})"


def issue_outline(
    digest: WeeklyDigest, addresses: IssueAddresses, closing: bool = True
) -> list[Part]:
    """The sections of an issue that have items, in order; with ``closing``, the two closing
    sections every issue ends with (How to contribute an item, Subscribe)."""
    parts = []
    for kind, heading, events in digest.sections():
        groups = _groups(kind, events, digest.sent)
        parts.append(Part(kind.value, heading, groups))
    if digest.upcoming:
        items = tuple(_coming(day, event, digest.sent) for day, event in digest.upcoming)
        parts.append(Part("coming-up", "Coming up", (("", items),)))
    if closing:
        parts += [_contribute(addresses), _subscribe(addresses)]
    return parts


def _groups(
    kind: EventKind, events: Sequence[PackagingEvent], sent: dt.date
) -> tuple[tuple[str, tuple[Item, ...]], ...]:
    if kind is EventKind.STANDARD:
        return _standards(events)
    if kind is EventKind.PATHWAY:
        return (("", _pathways(events)),)
    if kind is EventKind.RELEASE:
        return tuple(
            (project, tuple(Item(event_link(e), release_detail(e)) for e in found))
            for project, found in release_groups(events)
        )
    return (("", tuple(Item(event_link(e), event_detail(e, sent)) for e in events)),)


def _standards(events: Sequence[PackagingEvent]) -> tuple[tuple[str, tuple[Item, ...]], ...]:
    groups = []
    placed: set[str] = set()
    for label, statuses in STANDARD_GROUPS:
        found = [e for e in events if e.status in statuses]
        placed.update(e.uid for e in found)
        groups.append((label, found))
    groups.append(("Other changes", [e for e in events if e.uid not in placed]))
    return tuple(
        (label, tuple(Item(event_link(e), event_detail(e)) for e in found))
        for label, found in groups
        if found
    )


def _pathways(events: Sequence[PackagingEvent]) -> tuple[Item, ...]:
    """One item per kind of change; several pathways published (or updated) together are one
    item that lists them."""
    items = []
    for what in ("published", "updated", "reviewed"):
        found = [e for e in events if e.status == what]
        if len(found) > 1 and what in PATHWAY_GROUPS:
            parts = tuple(
                Item(Link(e.subject or e.title, e.page, e.url), event_detail(e)) for e in found
            )
            title = f"{in_words(len(found)).capitalize()} {PATHWAY_GROUPS[what]}"
            items.append(Item(Link(title), "", parts))
        else:
            items += [Item(event_link(e), event_detail(e)) for e in found]
    return tuple(items)


def _coming(day: dt.date, event: PackagingEvent, sent: dt.date) -> Item:
    name = event.subject or event.title
    title = f"Comments close: {name}" if event.kind is EventKind.COMMENT else name
    when = _in_days(day, sent).strip(" ()")
    return Item(Link(title, event.page, event.url), when.capitalize() + ".", day=day)


def _contribute(addresses: IssueAddresses) -> Part:
    return Part(
        "contribute",
        "How to contribute an item",
        prose=(
            "Know of news for packaging users? Add a short file to the news folder of the "
            "site's repository in a pull request: a title, the date, a link, its source and a "
            "one-sentence summary. ",
            Link("How to send an item", addresses.archive_page, anchor=CONTRIBUTE_ANCHOR),
            ".",
        ),
    )


def _subscribe(addresses: IssueAddresses) -> Part:
    feed: tuple[str | Link, ...] = ()
    if addresses.feed_url:
        feed = (
            "Follow ",
            Link("the newsletter's feed", url=addresses.feed_url),
            " in any feed reader, or ",
        )
    else:
        feed = ("Follow the newsletter in any feed reader, or ",)
    email: tuple[str | Link, ...] = ()
    if addresses.subscribe_url:
        email = (
            "Get each issue in your inbox: ",
            Link("Subscribe by e-mail", url=addresses.subscribe_url),
            ". ",
        )
    return Part(
        "subscribe",
        "Subscribe",
        prose=(
            *email,
            *feed,
            "choose feeds by area or by who you are on ",
            Link("the feeds page", addresses.feeds_page),
            ". A new issue comes out every Monday when the week had news.",
        ),
    )


def headlines(digest: WeeklyDigest, limit: int = 3) -> str:
    """The issue in one sentence, for the archive and the feed: its first few items."""
    titles = [
        item.link.text
        for part in issue_outline(digest, IssueAddresses(), closing=False)
        if part.key != "coming-up"
        for _, items in part.groups
        for item in items
    ]
    shown = "; ".join(titles[:limit])
    more = len(titles) - limit
    return shown + (f"; and {in_words(more)} more." if more > 0 else ".")


def issue_summary(digest: WeeklyDigest) -> str:
    """What a feed reader shows under the issue's title: the editor's first paragraph, else
    the headlines."""
    if digest.note and digest.note.paragraphs:
        return digest.note.paragraphs[0]
    return headlines(digest)
