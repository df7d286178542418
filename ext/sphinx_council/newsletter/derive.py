"""The issues and feeds of a build, derived once every document is read (``env-updated``) from
the council catalog, the vendored PEP history, the pathways and the news folder.

Deriving names the pages to rewrite: only those whose shown facts changed (core.changes).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from sphinx.util import logging

from ..core.changes import changed_since, fingerprint
from ..core.clock import build_date
from ..core.problems import WARNING_TYPE, Check, Problem
from ..decisions.domain import council_domain
from ..pathways.checked import CHECKED_FILE, read_checked
from ..pathways.domain import pathways_domain
from ..peps.index import index_digest
from ..sphinxext.config import config_warning, council_config
from ..sphinxext.outputs import publishes_site
from ..sphinxext.sources import project_root
from .calendar import Deadline, event_deadline
from .config import mailing_list_of, newsletter_config
from .digest import (
    DEFAULT_FIRST_WEEK,
    DIGEST_PAGE,
    IsoWeek,
    Schedule,
    WeeklyDigest,
    coming_up,
    gather_events,
    unpublished_notes,
    weekly_digests,
)
from .domain import NewsletterDomain, newsletter_domain
from .events import EventKind, PackagingEvent, pathway_check_events, pathway_events
from .feeds import FEEDS_FOLDER, Feed, FeedPlan, FeedSite, plan_feeds
from .news import NewsDesk, read_news_desk
from .outline import IssueAddresses, Link, issue_summary
from .published import Published, PublishedUnreadable, read_published
from .release_news import release_events
from .releases import SnapshotProblem, load_snapshot, watch_problems
from .render import Address

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


def pathway_updates(env: BuildEnvironment) -> list[PackagingEvent]:
    """Changes and reviews of the pathways read in this build."""
    return pathway_events(pathways_domain(env).by_id().values())


def pathway_checks(env: BuildEnvironment) -> list[PackagingEvent]:
    """The weekly runs of the pathways' commands, from the record beside the pathway files."""
    folders = {Path(env.doc2path(page)).parent for page, _ in pathways_domain(env).by_id().values()}
    for folder in sorted(folders):
        run = read_checked(folder / CHECKED_FILE)
        if run is not None:
            return pathway_check_events(run.runs())
    return []


def snapshot_releases(env: BuildEnvironment) -> list[PackagingEvent]:
    """The packaging tools' releases, as read from the snapshot when the build began."""
    return cast("list[PackagingEvent]", newsletter_domain(env).data["releases"])


# Collectors of further kinds of events, each a function of the environment once every document
# is read (decisions, standards and news are built in).
MORE_EVENTS: tuple[Callable[[BuildEnvironment], Iterable[PackagingEvent]], ...] = (
    pathway_updates,
    pathway_checks,
    snapshot_releases,
)


def read_releases(app: Sphinx) -> None:
    """Read the release snapshot once per build (never PyPI): the releases the issues tell."""
    settings = newsletter_config(app.config)
    events: list[PackagingEvent] = []
    if settings.newsletter and settings.release_snapshot:
        try:
            snapshot = load_snapshot(Path(app.confdir, settings.release_snapshot))
        except SnapshotProblem as problem:
            config_warning(f"council_release_snapshot: {problem}")
        else:
            watched = watch_problems(settings.release_watch)[0]
            missing = sorted(set(watched) - {project.name for project in snapshot.projects})
            if missing:
                config_warning(
                    f"council_release_snapshot: the snapshot has no releases of "
                    f"{', '.join(missing)}; run council releases refresh"
                )
            events = release_events(snapshot, watched)
    newsletter_domain(app.env).data["releases"] = events


def read_news(app: Sphinx) -> None:
    """Read the news folder once per build; its problems are reported with the other checks."""
    settings = newsletter_config(app.config)
    desk = NewsDesk()
    if settings.newsletter and settings.news_dir:

        def display(path: Path) -> str:
            return os.path.relpath(path, Path.cwd())

        folder = Path(app.confdir, settings.news_dir)
        rules = council_config(app.config).rules
        desk = read_news_desk(folder, rules, display, root=project_root(app.confdir))
    newsletter_domain(app.env).data["desk"] = desk
    published = Published()
    if settings.newsletter and settings.newsletter_published:
        path = Path(app.confdir, settings.newsletter_published)
        try:
            published = read_published(path)
        except PublishedUnreadable as error:
            config_warning(f"council_newsletter_published: {path}: {error}")
    newsletter_domain(app.env).data["published"] = published


def schedule_of(app: Sphinx) -> Schedule:
    settings = newsletter_config(app.config)
    first = IsoWeek.parse(settings.digest_start) or cast(
        "IsoWeek", IsoWeek.parse(DEFAULT_FIRST_WEEK)
    )
    launch = IsoWeek.parse(settings.newsletter_launch or str(first))
    published = cast("Published", newsletter_domain(app.env).data.get("published", Published()))
    return Schedule(first, build_date(app.config.council_build_date), launch, published)


def derive_digests(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Issues and feeds from everything read; names the pages to rewrite because they changed."""
    domain = newsletter_domain(env)
    if not newsletter_config(app.config).newsletter:
        # Forget what an earlier build derived, so that turning it on again rewrites every page.
        domain.data.update(
            digests=[], feeds=[], pending=[], fingerprints={}, inputs=None, deadlines=[]
        )
        return []
    schedule = schedule_of(app)
    more = [list(collect(env)) for collect in MORE_EVENTS]
    inputs = _inputs_fingerprint(app, env, domain, schedule, more)
    if domain.data.get("inputs") == inputs:
        # Nothing the issues and feeds are made from changed (a record's prose was edited):
        # what was derived last time still holds, and no page needs rewriting for it.
        domain.data["pending"] = []
        return []
    domain.data["inputs"] = inputs
    events = gather_events(council_domain(env).catalog, domain.desk.items, *more)
    digests = weekly_digests(events, schedule, domain.desk.notes)
    domain.data["digests"] = digests
    settings = newsletter_config(app.config)
    site = FeedSite(
        app.config.html_baseurl or "",
        app.config.project,
        settings.feed_authority,
        schedule.first_week.year,
        settings.feed_id_base,
    )
    domain.data["site"] = site
    _plan_publication(app, env, domain, events, schedule)
    return _plan_rewrites(env, domain)


def _plan_publication(
    app: Sphinx,
    env: BuildEnvironment,
    domain: NewsletterDomain,
    events: list[PackagingEvent],
    schedule: Schedule,
) -> None:
    """The feeds, the calendar and what the e-mail editions link to; what is open for comment."""
    site, digests = domain.site, domain.digests
    # The decisions feed reaches back before the first issue; nothing goes past the build date.
    until_build = [e for e in events if not schedule.build_date or e.date <= schedule.build_date]
    # Feeds link to the site's pages: other builders (LaTeX, text, a single page, an e-book)
    # have no addresses to give them.
    writes_feeds = bool(site.base_url) and publishes_site(app.builder)
    newsletter_feed = site.url(f"{FEEDS_FOLDER}/newsletter.xml") if writes_feeds and digests else ""
    subscribe = newsletter_config(app.config).newsletter_subscribe
    addresses = IssueAddresses(
        domain.archive_page(), domain.feeds_page(), newsletter_feed, subscribe
    )
    domain.data["addresses"] = addresses
    feeds = _plan_feeds(app, domain, digests, until_build, site) if writes_feeds else []
    domain.data["feeds"] = feeds
    today = schedule.build_date or (until_build[-1].date if until_build else None)
    open_now = coming_up(until_build, today, today, None) if today else []
    domain.data["open_comments"] = [(d, e) for d, e in open_now if e.kind is EventKind.COMMENT]
    address = link_address(app.builder, site)
    deadlines = _deadlines(env, open_now, today, address) if writes_feeds and today else []
    domain.data["deadlines"] = deadlines
    # The calendar and the e-mail editions are written with the feeds, from these.
    mail = (newsletter_config(app.config).newsletter_sender, mailing_list_of(app.config))
    published = (feeds, site, digests, deadlines, addresses, today, mail)
    domain.data["feeds_fingerprint"] = fingerprint(published)
    domain.data["calendar_stamp"] = today


def link_address(builder: Builder, site: FeedSite) -> Address:
    """Absolute addresses of an issue's links, as this builder names pages."""

    def address(link: Link) -> str:
        if not link.page:
            return link.url
        anchor = f"#{link.anchor}" if link.anchor else ""
        return site.url(builder.get_target_uri(link.page)) + anchor

    return address


def _deadlines(
    env: BuildEnvironment,
    open_now: list[tuple[dt.date, PackagingEvent]],
    today: dt.date,
    address: Address,
) -> list[Deadline]:
    """Every date still ahead of the build: comments closing, announced events, reviews."""
    due = [event_deadline(day, event, address) for day, event in open_now]
    for page, pathway in pathways_domain(env).by_id().values():
        review = pathway.review_due
        if review is not None and review >= today:
            due.append(
                Deadline(
                    f"review:{pathway.id}/{review.isoformat()}",
                    review,
                    f"Pathway review due: {pathway.title}",
                    "The editors check that the pathway's advice is still current.",
                    address(Link(pathway.title, page)),
                )
            )
    return due


def _inputs_fingerprint(
    app: Sphinx,
    env: BuildEnvironment,
    domain: NewsletterDomain,
    schedule: Schedule,
    more: list[list[PackagingEvent]],
) -> str:
    """A hash of everything the issues, the feeds and the pages showing them are made from.

    Records stand in by the digests taken when they were read, and the PEP histories by the
    digest of the vendored data, so telling that nothing changed costs a fraction of deriving.
    """
    council = council_domain(env)
    builder = app.builder
    config = app.config
    return fingerprint(
        (
            [council.digest(record) for record in council.catalog.records],
            index_digest(),
            domain.desk,
            more,
            schedule,
            newsletter_config(config),
            council_config(config).areas,
            council_config(config).personas,
            (config.html_baseurl, config.project),
            (builder.name, type(builder).__qualname__, getattr(builder, "link_suffix", None)),
            publishes_site(builder),
            sorted((doc, sorted(kinds)) for doc, kinds in domain.placeholders.items()),
            sorted((doc, sorted(kinds)) for doc, kinds in council.listing_docs.items()),
            sorted(env.found_docs & set(domain.placeholders)),
        )
    )


def _plan_feeds(
    app: Sphinx,
    domain: NewsletterDomain,
    digests: list[WeeklyDigest],
    decisions: list[PackagingEvent],
    site: FeedSite,
) -> list[Feed]:
    uri = app.builder.get_target_uri
    config = council_config(app.config)
    plan = FeedPlan(
        digests,
        decisions,
        config.areas,
        config.personas,
        uri(domain.archive_page()),
        uri(_decisions_page(app.env)),
        domain.data["addresses"],
    )
    address = link_address(app.builder, site)
    return plan_feeds(plan, site, address, lambda digest: site.url(uri(digest.page)))


def _decisions_page(env: BuildEnvironment) -> str:
    listing = council_domain(env).listing_docs
    pages = sorted(doc for doc, kinds in listing.items() if "index" in kinds)
    return pages[0] if pages else "index"


def _plan_rewrites(env: BuildEnvironment, domain: NewsletterDomain) -> list[str]:
    digests = domain.digests
    archive = domain.archive_page()
    facts: dict[str, object] = {
        digest.page: (archive, _page_facts(digests, index)) for index, digest in enumerate(digests)
    }
    facts["latest"] = digests[-1:]
    facts["archive"] = [(d.page, d.title, issue_summary(d)) for d in digests]
    facts["comment-periods"] = domain.data.get("open_comments", [])
    facts["feeds"] = [(f.slug, f.title, f.description) for f in domain.feeds]
    changed = changed_since(domain.data, "fingerprints", facts)
    domain.data["pending"] = sorted(
        page for page in changed & facts.keys() if page.startswith(DIGEST_PAGE.format(""))
    )
    # A pathway page links the feed of its readers (publish.own_feed).
    pathway_pages = {page for page, _ in pathways_domain(env).by_id().values()}
    rewrite = {doc for doc, kinds in domain.placeholders.items() if kinds & changed} | (
        pathway_pages if "feeds" in changed else set()
    )
    return sorted(doc for doc in rewrite if doc in env.found_docs)


def _page_facts(digests: list[WeeklyDigest], index: int) -> object:
    """What an issue's page shows: the issue, and the titles of its neighbours."""
    before = digests[index - 1].title if index > 0 else ""
    after = digests[index + 1].title if index + 1 < len(digests) else ""
    return (digests[index], before, after)


# How each kind of placeholder is written in a page.
DIRECTIVES = {
    "latest": "digest-latest",
    "archive": "digest-archive",
    "feeds": "feed-list",
    "comment-periods": "comment-periods",
}


def check_news(app: Sphinx, env: BuildEnvironment) -> None:
    """Report the news folder's problems, and notes written for weeks without an issue."""
    domain = newsletter_domain(env)
    if not newsletter_config(app.config).newsletter:
        _warn_blocks_while_off(domain, env)
        return
    problems = list(domain.desk.problems)
    for note in unpublished_notes(domain.digests, domain.desk.notes, schedule_of(app)):
        problems.append(
            Problem(
                note.source,
                1,
                "",
                f"no issue is published for {note.week} (the week has no events), so this "
                "editor's note appears nowhere; move it to a week with an issue",
                Check.VALUE,
            )
        )
    for problem in sorted(problems):
        logger.warning(
            problem.text,
            type=WARNING_TYPE,
            subtype=problem.check.value,
            location=f"{problem.source}:{problem.line}",
        )


def _warn_blocks_while_off(domain: NewsletterDomain, env: BuildEnvironment) -> None:
    """One warning for every newsletter directive of a project that has not turned it on."""
    used = sorted(
        (doc, DIRECTIVES[kind])
        for doc, kinds in domain.placeholders.items()
        if doc in env.found_docs
        for kind in kinds
    )
    if used:
        where = ", ".join(f"{directive} in {doc}" for doc, directive in used)
        config_warning(
            f"council_newsletter is off, so the newsletter directives show nothing ({where}); "
            "set council_newsletter = True to publish This Week in Packaging"
        )


def setup_derive(app: Sphinx) -> None:
    app.connect("builder-inited", read_news)
    app.connect("builder-inited", read_releases)
    app.connect("env-updated", derive_digests, priority=700)
    app.connect("env-check-consistency", check_news)
