"""What a project publishes as of its build date, without Sphinx: its records, its pathways, and
the newsletter's issues and feeds made from them with the build's own derivation (gather the
events, bucket them into issues, plan the feeds), so that two states of one project can be
compared (:mod:`.merge`). Pure Python.

Unlike a build, it looks one issue ahead: the week in progress on the build date is shown as
the issue its Monday will publish, since that is where what a pull request adds goes next.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

from ..decisions.catalog import Catalog
from ..decisions.model import DecisionRecord
from ..pathways.model import Pathway
from .digest import DIGEST_PAGE, IsoWeek, Schedule, WeeklyDigest, gather_events, weekly_digests
from .events import PackagingEvent, pathway_events
from .feeds import Feed, FeedPlan, FeedSite, plan_feeds
from .news import NewsDesk
from .outline import IssueAddresses, Link

# Where the bundled site puts records' and pathways' pages, and the pages feeds are about:
# the same on both sides of a comparison, so only what the sources say can differ.
RECORD_PAGES = "decisions"
PATHWAY_PAGES = "pathways"
ARCHIVE_PAGE = DIGEST_PAGE.format("index")
DECISIONS_PAGE = f"{RECORD_PAGES}/index"
_SITE = FeedSite("https://site.invalid/", "")


@dataclass(frozen=True)
class Sources:
    """What the publication is made from, as the loaders read it at one commit."""

    records: Sequence[DecisionRecord]
    pathways: Sequence[Pathway]
    news: NewsDesk = field(default_factory=NewsDesk)
    checks: Sequence[PackagingEvent] = ()  # the weekly runs of the pathways' commands
    releases: Sequence[PackagingEvent] = ()
    areas: Sequence[str] = ()
    personas: Sequence[str] = ()


@dataclass(frozen=True)
class Publication:
    """Records and pathways by id; the issues published by the Monday after the build date,
    and every feed the build would write from them (with entries)."""

    records: dict[str, DecisionRecord]
    successors: dict[str, tuple[str, ...]]
    pathways: dict[str, Pathway]
    issues: tuple[WeeklyDigest, ...] = ()
    feeds: tuple[Feed, ...] = ()
    as_of: dt.date | None = None
    events: tuple[PackagingEvent, ...] = ()  # every event known on the build date
    newsletter: bool = False  # whether the project publishes the newsletter at all


def next_issue_day(day: dt.date) -> dt.date:
    """The Monday that publishes the issue of the week ``day`` is in."""
    return IsoWeek.of(day).sunday + dt.timedelta(days=1)


def _address(link: Link) -> str:
    return _SITE.url(f"{link.page}.html") if link.page else link.url


def publication(sources: Sources, schedule: Schedule, newsletter: bool = True) -> Publication:
    """What ``sources`` publish as of ``schedule.build_date``; without the newsletter
    (``council_newsletter`` off), records and pathways only."""
    records = [
        dataclasses.replace(r, source=f"{RECORD_PAGES}/{PurePath(r.source).stem}")
        for r in sources.records
    ]
    catalog = Catalog.build(records)
    pathways = {p.id: p for p in sorted(sources.pathways, key=lambda p: p.source) if p.id}
    base = Publication(dict(catalog.index), catalog.superseded_by, pathways)
    if not newsletter:
        return dataclasses.replace(base, as_of=schedule.build_date)
    pages = [(f"{PATHWAY_PAGES}/{key}", pathway) for key, pathway in pathways.items()]
    events = gather_events(
        catalog,
        sources.news.items,
        pathway_events(pages),
        sources.checks,
        sources.releases,
    )
    as_of = schedule.build_date
    known = [e for e in events if as_of is None or e.date <= as_of]
    ahead = dataclasses.replace(schedule, build_date=next_issue_day(as_of)) if as_of else schedule
    issues = weekly_digests(known, ahead, sources.news.notes)
    plan = FeedPlan(
        issues,
        known,
        tuple(sources.areas),
        tuple(sources.personas),
        ARCHIVE_PAGE,
        DECISIONS_PAGE,
        IssueAddresses(),
    )
    feeds = plan_feeds(plan, _SITE, _address, lambda issue: _SITE.url(f"{issue.page}.html"))
    return dataclasses.replace(
        base,
        issues=tuple(issues),
        feeds=tuple(feeds),
        as_of=as_of,
        events=tuple(known),
        newsletter=True,
    )


__all__ = ["Publication", "Sources", "next_issue_day", "publication"]
