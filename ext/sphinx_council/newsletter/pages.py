""" "This Week in Packaging" on the site: a page per weekly issue, the archive, the latest issue
on the home page, the feeds page, autodiscovery links, and the feed files.

The events and issues are derived once every document is read (``env-updated``) from the
council catalog, the vendored PEP history and the news folder; pages that show them are
rewritten only when what they show changed. Feed files are written after a successful build,
and only when their bytes changed.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from sphinx.domains import Domain
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..core.changes import changed_since, fingerprint
from ..core.clock import build_date
from ..core.problems import WARNING_TYPE, Check, Problem
from ..decisions.domain import council_domain
from ..pathways.domain import pathways_domain
from ..peps.index import index_digest
from ..sphinxext.config import config_warning, council_config
from ..sphinxext.nodes import Links, date_node, joined, link, paragraph
from ..sphinxext.outputs import page_path, publishes_site
from .digest import (
    DEFAULT_FIRST_WEEK,
    DIGEST_PAGE,
    IsoWeek,
    Schedule,
    WeeklyDigest,
    event_line,
    gather_events,
    tags,
    unpublished_notes,
    weekly_digests,
)
from .events import EventKind, PackagingEvent, pathway_events
from .feeds import (
    FEEDS_FOLDER,
    FORMATS,
    Feed,
    FeedPlan,
    FeedSite,
    feed_files,
    feed_paths,
    plan_feeds,
)
from .news import NewsDesk, read_news_desk

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

FEED_SUFFIXES = frozenset({".xml", ".atom", ".json", ".opml"})


def pathway_updates(env: BuildEnvironment) -> list[PackagingEvent]:
    """Changes and reviews of the pathways read in this build."""
    return pathway_events(pathways_domain(env).by_id().values())


# Collectors of further kinds of events, each a function of the environment once every document
# is read (decisions, standards and news are built in).
MORE_EVENTS: tuple[Callable[[BuildEnvironment], Iterable[PackagingEvent]], ...] = (pathway_updates,)


@dataclass(frozen=True)
class NewsletterConfig:
    """The newsletter's ``council_*`` options."""

    news_dir: str = ""
    """Folder of news items and editor's notes, relative to the configuration directory."""
    digest_start: str = DEFAULT_FIRST_WEEK
    """ISO week of issue #1; earlier events are history, not news."""
    feed_authority: str = ""
    """Authority of the feeds' ``tag:`` entry ids; default: the host of ``html_baseurl``."""


def newsletter_config(config: Config) -> NewsletterConfig:
    return NewsletterConfig(
        **{
            option.name: getattr(config, f"council_{option.name}")
            for option in fields(NewsletterConfig)
        }
    )


def check_newsletter_config(app: Sphinx, config: Config) -> None:
    """Warn about options that cannot work, and fall back to what can."""
    settings = newsletter_config(config)
    if IsoWeek.parse(str(settings.digest_start)) is None:
        config_warning(
            f"council_digest_start {settings.digest_start!r} is not an ISO week; write it "
            f"as YYYY-Www, e.g. {DEFAULT_FIRST_WEEK}; using {DEFAULT_FIRST_WEEK}"
        )
        config.council_digest_start = DEFAULT_FIRST_WEEK
    configured_date = config.council_build_date  # declared with the other council_* options
    if configured_date and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(configured_date)):
        config_warning(
            f"council_build_date {configured_date!r} is not a date; write it as "
            "YYYY-MM-DD; using SOURCE_DATE_EPOCH instead"
        )
        config.council_build_date = ""
    if settings.news_dir and not Path(app.confdir, settings.news_dir).is_dir():
        config_warning(f"council_news_dir: no folder at {Path(app.confdir, settings.news_dir)}")
    if not config.html_baseurl:
        config_warning(
            "html_baseurl is not set, so no feeds are written: feeds need the site's absolute "
            "address. Set html_baseurl = 'https://...' in conf.py (the bundled site reads it "
            "from the COUNCIL_BASE_URL environment variable)"
        )


# --- Data ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedLink:
    """A feed as pages link to it."""

    slug: str
    title: str
    description: str
    paths: tuple[tuple[str, str], ...]  # (format, path inside the site)


class NewsletterDomain(Domain):
    """Which pages show the newsletter (per document), and the issues derived after reading."""

    name = "newsletter"
    label = "This Week in Packaging"
    initial_data: ClassVar[dict[str, Any]] = {
        "placeholders": {},  # docname -> kinds of newsletter block it holds
        "desk": NewsDesk(),  # read at builder-inited
        "digests": [],  # derived at env-updated, oldest first
        "feeds": [],  # derived at env-updated
        "fingerprints": {},  # to tell which pages changed
        "pending": [],  # generated issue pages to write
        "site": FeedSite("", ""),  # where the feeds live
    }

    @property
    def placeholders(self) -> dict[str, set[str]]:
        return cast("dict[str, set[str]]", self.data["placeholders"])

    @property
    def desk(self) -> NewsDesk:
        return cast("NewsDesk", self.data["desk"])

    @property
    def digests(self) -> list[WeeklyDigest]:
        return cast("list[WeeklyDigest]", self.data["digests"])

    @property
    def feeds(self) -> list[Feed]:
        return cast("list[Feed]", self.data["feeds"])

    @property
    def site(self) -> FeedSite:
        return cast("FeedSite", self.data["site"])

    def note_placeholder(self, docname: str, kind: str) -> None:
        self.placeholders.setdefault(docname, set()).add(kind)

    def clear_doc(self, docname: str) -> None:
        self.placeholders.pop(docname, None)

    def merge_domaindata(self, docnames: set[str], otherdata: dict[str, Any]) -> None:  # type: ignore[override]
        for docname, kinds in otherdata["placeholders"].items():
            if docname in docnames:
                self.placeholders[docname] = kinds

    def archive_page(self) -> str:
        """The page holding the archive (the home page when there is none)."""
        pages = sorted(doc for doc, kinds in self.placeholders.items() if "archive" in kinds)
        return pages[0] if pages else "index"


def newsletter_domain(env: BuildEnvironment) -> NewsletterDomain:
    return cast("NewsletterDomain", env.get_domain("newsletter"))


# --- Directives ------------------------------------------------------------------------------


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


# --- Reading ---------------------------------------------------------------------------------


def read_news(app: Sphinx) -> None:
    """Read the news folder once per build; its problems are reported with the other checks."""
    folder = newsletter_config(app.config).news_dir
    root = Path(app.confdir)
    desk = NewsDesk()
    if folder:

        def display(path: Path) -> str:
            return os.path.relpath(path, Path.cwd())

        desk = read_news_desk(root / folder, council_config(app.config).rules, display)
    newsletter_domain(app.env).data["desk"] = desk


def schedule_of(app: Sphinx) -> Schedule:
    settings = newsletter_config(app.config)
    first = IsoWeek.parse(settings.digest_start) or cast(
        "IsoWeek", IsoWeek.parse(DEFAULT_FIRST_WEEK)
    )
    return Schedule(first, build_date(app.config.council_build_date))


def derive_digests(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Issues and feeds from everything read; names the pages to rewrite because they changed."""
    domain = newsletter_domain(env)
    desk = domain.desk
    schedule = schedule_of(app)
    more = [list(collect(env)) for collect in MORE_EVENTS]
    inputs = _inputs_fingerprint(app, env, domain, schedule, more)
    if domain.data.get("inputs") == inputs:
        # Nothing the issues and feeds are made from changed (a record's prose was edited):
        # what was derived last time still holds, and no page needs rewriting for it.
        domain.data["pending"] = []
        return []
    domain.data["inputs"] = inputs
    events = gather_events(council_domain(env).catalog, desk.items, *more)
    digests = weekly_digests(events, schedule, desk.notes)
    domain.data["digests"] = digests
    site = FeedSite(
        app.config.html_baseurl or "",
        app.config.project,
        newsletter_config(app.config).feed_authority,
        schedule.first_week.year,
    )
    domain.data["site"] = site
    # The decisions feed reaches back before the first issue; nothing goes past the build date.
    until_build = [e for e in events if not schedule.build_date or e.date <= schedule.build_date]
    # Feeds link to the site's pages: other builders (LaTeX, text, a single page, an e-book)
    # have no addresses to give them.
    writes_feeds = bool(site.base_url) and publishes_site(app.builder)
    feeds = _plan_feeds(app, domain, digests, until_build, site) if writes_feeds else []
    domain.data["feeds"] = feeds
    domain.data["feeds_fingerprint"] = fingerprint((feeds, site))
    return _plan_rewrites(env, domain)


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
    decisions_page = _decisions_page(app.env)

    def resolve(event: PackagingEvent) -> str:
        return site.url(uri(event.page)) if event.page else event.url

    plan = FeedPlan(
        digests,
        decisions,
        config.areas,
        config.personas,
        uri(domain.archive_page()),
        uri(decisions_page),
    )
    return plan_feeds(plan, site, resolve, lambda digest: site.url(uri(digest.page)))


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
    facts["archive"] = [(d.page, d.title, d.summary()) for d in digests]
    facts["feeds"] = [(f.slug, f.title, f.description) for f in domain.feeds]
    changed = changed_since(domain.data, "fingerprints", facts)
    domain.data["pending"] = sorted(
        page for page in changed & facts.keys() if page.startswith(DIGEST_PAGE.format(""))
    )
    return sorted(
        doc
        for doc, kinds in domain.placeholders.items()
        if kinds & changed and doc in env.found_docs
    )


def _page_facts(digests: list[WeeklyDigest], index: int) -> object:
    """What an issue's page shows: the issue, and the titles of its neighbours."""
    before = digests[index - 1].title if index > 0 else ""
    after = digests[index + 1].title if index + 1 < len(digests) else ""
    return (digests[index], before, after)


def check_news(app: Sphinx, env: BuildEnvironment) -> None:
    """Report the news folder's problems, and notes written for weeks without an issue."""
    domain = newsletter_domain(env)
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


# --- Pages -----------------------------------------------------------------------------------


def _event_item(event: PackagingEvent, links: Links) -> nodes.list_item:
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
        items += [_event_item(event, links) for event in events]
        section += items
        content.append(section)
    return content


def issue_page_body(app: Sphinx, digest: WeeklyDigest, index: int) -> str:
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
    neighbours: list[nodes.Node | str] = []
    if index > 0:
        older = domain.digests[index - 1]
        neighbours += ["Previous: ", link(older.title, links.to_doc(older.page)), ". "]
    if index + 1 < len(domain.digests):
        newer = domain.digests[index + 1]
        neighbours += ["Next: ", link(newer.title, links.to_doc(newer.page)), "."]
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


def fill_blocks(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    domain = newsletter_domain(app.env)
    links = Links(app.builder, docname)
    for block in list(doctree.findall(newsletter_block)):
        render = {"latest": _latest, "archive": _archive, "feeds": _feed_list}[block["kind"]]
        block.replace_self(render(domain, links))


def _latest(domain: NewsletterDomain, links: Links) -> list[nodes.Node]:
    if not domain.digests:
        return [paragraph("No issue has been published yet.")]
    digest = domain.digests[-1]
    box = nodes.container(classes=["council-latest-digest"])
    box += paragraph(link(digest.title, links.to_doc(digest.page), "council-digest-title"))
    for _, heading, events in digest.sections():
        box += paragraph(nodes.strong("", heading))
        items = nodes.bullet_list(classes=["council-digest-events"])
        items += [_event_item(event, links) for event in events]
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
    opml = link("feeds.opml", site.url("feeds/feeds.opml"))
    return [
        items,
        paragraph("Every feed at once, for importing into a feed reader: ", opml, "."),
    ]


def autodiscovery(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """``<link rel="alternate">`` to the newsletter and decisions feeds in every page's head."""
    domain = newsletter_domain(app.env)
    tags = []
    for feed in domain.feeds:
        if feed.slug not in ("newsletter", "decisions"):
            continue
        for fmt in ("rss", "atom"):
            tags.append(
                f'<link rel="alternate" type="{FORMATS[fmt][1]}" '
                f'title="{html.escape(feed.title)} ({FORMATS[fmt][2]})" '
                f'href="{html.escape(domain.site.url(feed.path(fmt)))}">'
            )
    if tags:
        context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(tags)


def write_feeds(app: Sphinx, exception: Exception | None) -> None:
    """Write every feed file after a successful HTML build, leaving unchanged files untouched."""
    if exception is not None or not publishes_site(app.builder):
        return
    domain = newsletter_domain(app.env)
    if not domain.feeds:
        return
    stamp = Path(app.doctreedir, FEEDS_STAMP)
    paths = feed_paths(domain.feeds)
    planned = domain.data.get("feeds_fingerprint", "")
    if not planned or _stamp(app.outdir, planned, paths) != _read_stamp(stamp):
        for path, content in feed_files(domain.feeds, domain.site).items():
            target = Path(app.outdir, path)
            if target.exists() and target.read_bytes() == content:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
    # A feed left with no entry is gone from the feeds page; its old file must not linger.
    wanted = {Path(app.outdir, path) for path in paths}
    for stale in Path(app.outdir, FEEDS_FOLDER).rglob("*"):
        if stale.suffix in FEED_SUFFIXES and stale not in wanted:
            stale.unlink()
    if planned:
        stamp.write_text(json.dumps(_stamp(app.outdir, planned, paths)), "utf-8")


# Beside the environment, what the feed files on disk were last rendered from, and their size
# and modification time then. The environment is saved before pages are written, so it cannot
# tell whether the last build got as far as writing the feeds; this file, written after them,
# can. When the planned feeds and the files are as they were, rendering them again is skipped.
FEEDS_STAMP = "council-feeds.json"


def _stamp(outdir: str | os.PathLike[str], planned: str, paths: list[str]) -> object:
    files: dict[str, list[int]] = {}
    for path in paths:
        try:
            status = Path(outdir, path).stat()
        except OSError:
            return None  # a missing file is never up to date
        files[path] = [status.st_size, status.st_mtime_ns]
    return {"outdir": os.fspath(Path(outdir).resolve()), "feeds": planned, "files": files}


def _read_stamp(stamp: Path) -> object:
    try:
        return json.loads(stamp.read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def setup_newsletter(app: Sphinx) -> None:
    for option in fields(NewsletterConfig):
        app.add_config_value(f"council_{option.name}", option.default, "env")
    app.connect("config-inited", check_newsletter_config)
    app.add_domain(NewsletterDomain)
    app.add_node(newsletter_block)
    app.add_directive("digest-latest", LatestDigestDirective)
    app.add_directive("digest-archive", DigestArchiveDirective)
    app.add_directive("feed-list", FeedListDirective)
    app.connect("builder-inited", read_news)
    app.connect("env-updated", derive_digests, priority=700)
    app.connect("env-check-consistency", check_news)
    app.connect("doctree-resolved", fill_blocks)
    app.connect("html-collect-pages", collect_issue_pages)
    app.connect("html-page-context", autodiscovery)
    app.connect("build-finished", write_feeds)
