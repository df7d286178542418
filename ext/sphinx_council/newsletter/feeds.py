"""The newsletter's feeds: RSS 2.0, Atom and JSON Feed 1.1 of the weekly issues, of decisions,
and of every area and persona, plus an OPML list of them all. Pure Python (feedgen), no Sphinx.

Rules every feed follows, because feed readers rely on them:

- Entry ids are ``tag:`` URIs made from what the entry is (``digest:2026-W16``,
  ``decision:PC-0001/accepted/2026-04-16``), never from a build or a position, so a rebuild or
  a reordering never shows an entry twice. An event keeps the same id in every feed it is in, so
  a reader subscribed to two feeds can tell it is one item; each *feed* has its own id.
- Dates come from the events: an entry is published on its event's date (a weekly issue on its
  Monday) and the feed's ``updated`` is its newest entry's. feedgen would stamp "now" on every
  date it is not given, so every date is given.
- RSS's channel ``<link>`` is the site page the feed is about; the feed's own address is the
  ``rel="self"`` link, absolute.
- Each text goes where its reader expects its kind: an item's RSS ``<description>`` is HTML (RSS
  2.0 says so, and readers render it), so the plain-text summary is HTML-escaped before the XML
  serializer escapes it again; titles are plain text in every format (the RSS profile's
  reading), Atom's and JSON Feed's HTML is ``content``/``content_html``, built as elements.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import quote, urljoin, urlsplit

from ..core.text import readable
from .digest import NEWSLETTER, WeeklyDigest
from .events import PackagingEvent
from .outline import IssueAddresses, event_link, issue_summary, summary_text
from .render import Address, digest_html, event_html

if TYPE_CHECKING:
    from feedgen.feed import FeedGenerator

FEEDS_FOLDER = "feeds"
OPML_PATH = f"{FEEDS_FOLDER}/feeds.opml"
# Each format: file suffix, MIME type, and how the feeds page names it.
FORMATS: dict[str, tuple[str, str, str]] = {
    "rss": (".xml", "application/rss+xml", "RSS"),
    "atom": (".atom", "application/atom+xml", "Atom"),
    "json": (".json", "application/feed+json", "JSON Feed"),
}
NEWSLETTER_LIMIT = 20
EVENT_FEED_LIMIT = 50


@dataclass(frozen=True)
class FeedSite:
    """Where the feeds live: the site's absolute address, its name, and the id authority."""

    base_url: str
    name: str
    authority: str = ""  # tag: URI authority; defaults to the base URL's host
    since_year: int = 2026  # the year the ids were first minted, part of every tag: URI
    id_base: str = ""  # the address feeds' own ids are made from; defaults to the base URL

    def url(self, path: str) -> str:
        """The absolute URL of a path inside the site."""
        return urljoin(self.base_url.rstrip("/") + "/", path)

    def feed_id(self, path: str) -> str:
        """A feed's own id: its address under the site's first address, so that it stays
        when the site moves."""
        return urljoin((self.id_base or self.base_url).rstrip("/") + "/", path)

    @property
    def host(self) -> str:
        """The site's host name, the default authority of its ids."""
        return urlsplit(self.base_url).hostname or "localhost"

    def tag(self, uid: str) -> str:
        """A ``tag:`` URI (RFC 4151) for a stable id."""
        authority = self.authority or self.host
        return f"tag:{authority},{self.since_year}:{quote(uid, safe=':/,-._~@=')}"


@dataclass(frozen=True)
class FeedEntry:
    """One entry of one feed, already resolved to absolute links."""

    uid: str  # the stable id before it becomes a tag: URI
    title: str
    link: str
    published: dt.date
    updated: dt.date
    content_html: str
    summary: str
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Feed:
    """A feed: its place on the site, what it is about, and its entries, newest first."""

    slug: str  # "newsletter", "decisions", "area/standards", "persona/publisher"
    title: str
    description: str
    home_page: str  # site path of the page the feed is about
    entries: tuple[FeedEntry, ...]

    def path(self, fmt: str) -> str:
        """The feed file's path inside the site, e.g. ``feeds/area/pypi.atom``."""
        return f"{FEEDS_FOLDER}/{self.slug}{FORMATS[fmt][0]}"

    @property
    def updated(self) -> dt.date:
        return max(entry.updated for entry in self.entries)


def _moment(day: dt.date) -> dt.datetime:
    """Midnight UTC of a day: a date-only fact, stated in the one zone every reader shares."""
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def _newest_first(entries: list[FeedEntry], limit: int) -> tuple[FeedEntry, ...]:
    ordered = sorted(entries, key=lambda e: (e.updated, e.published, e.uid), reverse=True)
    return tuple(ordered[:limit])


# --- Which feeds there are ------------------------------------------------------------------


def digest_entry(
    digest: WeeklyDigest, address: Address, url: str, addresses: IssueAddresses
) -> FeedEntry:
    """An issue as an entry: the editor's note or the headlines, then the whole issue."""
    return FeedEntry(
        uid=digest.uid,
        title=digest.title,
        link=url,
        published=digest.published,
        updated=digest.updated,
        content_html=digest_html(digest, address, addresses),
        summary=issue_summary(digest),
    )


def event_entry(event: PackagingEvent, address: Address) -> FeedEntry:
    """An event as an entry: what happened as the title, what it means as the description."""
    return FeedEntry(
        uid=event.uid,
        title=event.title,
        link=address(event_link(event)),
        published=event.date,
        updated=event.date,
        content_html=event_html(event, address),
        summary=summary_text(event) or event.title,
        categories=tuple(readable(area) for area in event.areas),
    )


@dataclass(frozen=True)
class FeedPlan:
    """What the feeds are built from: the published issues and their events."""

    digests: Sequence[WeeklyDigest]
    decisions: Sequence[PackagingEvent]  # every decision event up to the build date
    areas: Sequence[str]
    personas: Sequence[str]
    archive_page: str  # site path of the archive page
    decisions_page: str  # site path of the decisions index
    addresses: IssueAddresses = field(default_factory=IssueAddresses)  # what issues link to

    def events(self) -> list[PackagingEvent]:
        return [event for digest in self.digests for event in digest.events]


def plan_feeds(
    plan: FeedPlan, site: FeedSite, address: Address, issue_url: Callable[[WeeklyDigest], str]
) -> list[Feed]:
    """Every feed with at least one entry: newsletter, decisions, each area, each persona.

    The newsletter and the area and persona feeds start with issue #1; the decisions feed is the
    record itself, so it carries every status change up to the build date (the newest 50).
    """
    newsletter = Feed(
        "newsletter",
        NEWSLETTER,
        "Weekly digest of the Python Packaging Council's decisions, packaging standards and news.",
        plan.archive_page,
        _newest_first(
            [digest_entry(d, address, issue_url(d), plan.addresses) for d in plan.digests],
            NEWSLETTER_LIMIT,
        ),
    )
    decisions = [e for e in plan.decisions if e.record]
    feeds = [
        newsletter,
        _event_feed(
            "decisions",
            "Packaging decisions",
            "Every status change of a decision record: proposed, open for comment, accepted, "
            "rejected, superseded; decided by the council, or before it by a PEP-Delegate or "
            "the Steering Council, as each record says.",
            plan.decisions_page,
            decisions,
            address,
        ),
        *_topic_feeds(plan, address),
    ]
    return [feed for feed in feeds if feed.entries]


def _topic_feeds(plan: FeedPlan, address: Address) -> list[Feed]:
    """A feed per area and per persona (who you are), of the published issues' events: each
    fact once, as the issues tell it."""
    events = plan.events()
    by_area = [
        _event_feed(
            f"area/{area}",
            f"{NEWSLETTER}: {readable(area)}",
            f"Council decisions, packaging standards and news about {readable(area)}.",
            plan.archive_page,
            [e for e in events if area in e.areas],
            address,
        )
        for area in plan.areas
    ]
    by_persona = [
        _event_feed(
            f"persona/{persona}",
            f"{NEWSLETTER} for: {readable(persona)}",
            f"For {readable(persona)}: the decisions, standards, pathways and news that change "
            "something for you.",
            plan.archive_page,
            [e for e in events if persona in e.personas],
            address,
        )
        for persona in plan.personas
    ]
    return by_area + by_persona


def _event_feed(
    slug: str,
    title: str,
    description: str,
    home: str,
    events: list[PackagingEvent],
    address: Address,
) -> Feed:
    # Pick the newest events before rendering them: most events never reach a feed.
    newest = sorted(events, key=lambda e: (e.date, e.uid), reverse=True)[:EVENT_FEED_LIMIT]
    entries = _newest_first([event_entry(e, address) for e in newest], EVENT_FEED_LIMIT)
    return Feed(slug, title, description, home, entries)


# --- Writing them ---------------------------------------------------------------------------


def _generator(feed: Feed, site: FeedSite, fmt: str) -> FeedGenerator:
    # Imported here: feedgen and lxml take longer to import than a one-page rebuild spends
    # on the newsletter, and most builds have no feed to render.
    from feedgen.feed import FeedGenerator  # noqa: PLC0415

    generator = FeedGenerator()
    self_url = site.url(feed.path(fmt))
    generator.id(site.feed_id(feed.path(fmt)))  # distinct for every feed and format
    generator.title(feed.title)
    generator.subtitle(feed.description)
    generator.author({"name": site.name})
    if fmt == "rss":
        # RSS's own author fields need an e-mail address; feedgen drops a name without one.
        generator.load_extension("dc")
        generator.dc.dc_creator(site.name)
    generator.language("en")
    generator.generator("sphinx-council")
    generator.link(href=self_url, rel="self", type=FORMATS[fmt][1])
    # Last, because feedgen takes RSS's channel <link> from the last alternate link given.
    generator.link(href=site.url(feed.home_page), rel="alternate", type="text/html")
    generator.updated(_moment(feed.updated))
    for entry in feed.entries:
        item = generator.add_entry(order="append")
        item.id(site.tag(entry.uid))
        item.guid(site.tag(entry.uid), permalink=False)
        item.title(entry.title)
        item.link(href=entry.link, rel="alternate", type="text/html")
        item.published(_moment(entry.published))
        item.updated(_moment(entry.updated))
        # RSS readers render a description as HTML: the summary is text, so it is escaped
        # for HTML here, and for XML by the serializer.
        item.description(html.escape(entry.summary))
        item.content(entry.content_html, type="html")
        for category in entry.categories:
            item.category(term=category)
    return generator


def rss_bytes(feed: Feed, site: FeedSite) -> bytes:
    return _generator(feed, site, "rss").rss_str(pretty=True)  # type: ignore[no-any-return]


def atom_bytes(feed: Feed, site: FeedSite) -> bytes:
    return _generator(feed, site, "atom").atom_str(pretty=True)  # type: ignore[no-any-return]


def json_feed_bytes(feed: Feed, site: FeedSite) -> bytes:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1), keys in a fixed order."""
    data = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": site.url(feed.home_page),
        "feed_url": site.url(feed.path("json")),
        "description": feed.description,
        "language": "en",
        "authors": [{"name": site.name}],
        "items": [
            {
                "id": site.tag(entry.uid),
                "url": entry.link,
                "title": entry.title,
                "content_html": entry.content_html,
                "summary": entry.summary,
                "date_published": _moment(entry.published).isoformat(),
                "date_modified": _moment(entry.updated).isoformat(),
                **({"tags": list(entry.categories)} if entry.categories else {}),
            }
            for entry in feed.entries
        ],
    }
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


WRITERS: dict[str, Callable[[Feed, FeedSite], bytes]] = {
    "rss": rss_bytes,
    "atom": atom_bytes,
    "json": json_feed_bytes,
}


def feed_files(feeds: Sequence[Feed], site: FeedSite) -> dict[str, bytes]:
    """Every feed file, and the OPML list, by path inside the site."""
    files = {feed.path(fmt): write(feed, site) for feed in feeds for fmt, write in WRITERS.items()}
    files[OPML_PATH] = opml_bytes(feeds, site)
    return files


def feed_paths(feeds: Sequence[Feed]) -> list[str]:
    """The paths :func:`feed_files` writes, without rendering anything."""
    return [*(feed.path(fmt) for feed in feeds for fmt in WRITERS), OPML_PATH]


def opml_bytes(feeds: Sequence[Feed], site: FeedSite) -> bytes:
    """OPML 2.0 of every RSS feed, for importing them all into a reader at once."""
    opml = ET.Element("opml", version="2.0")
    head = ET.SubElement(opml, "head")
    ET.SubElement(head, "title").text = f"{site.name}: feeds"
    body = ET.SubElement(opml, "body")
    for feed in feeds:
        ET.SubElement(
            body,
            "outline",
            type="rss",
            text=feed.title,
            title=feed.title,
            xmlUrl=site.url(feed.path("rss")),
            htmlUrl=site.url(feed.home_page),
        )
    ET.indent(opml)
    text = ET.tostring(opml, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{text}\n'.encode()
