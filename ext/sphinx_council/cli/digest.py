"""``council digest 2026-W16``: print one week's issue of This Week in Packaging, ready to post
to Discourse (``--format markdown``) or a mailing list (``--format text``), without Sphinx.

Links are absolute: pages of the site are joined to ``--base-url`` (default: the
``COUNCIL_BASE_URL`` environment variable, else the local preview address), addressed as the
site's builder writes them (``--links html``: ``page.html``; ``--links dirhtml``: ``page/``).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..core.clock import build_date
from ..core.project import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, display_path
from ..core.settings import RuleSettings
from ..decisions.catalog import Catalog
from ..decisions.project import check_project
from ..newsletter.digest import (
    DEFAULT_FIRST_WEEK,
    IsoWeek,
    Schedule,
    WeeklyDigest,
    digest_markdown,
    digest_text,
    gather_events,
    weekly_digests,
)
from ..newsletter.events import PackagingEvent, pathway_events
from ..newsletter.feeds import FeedSite
from ..newsletter.news import read_news_desk
from ..pathways.checks import check_pathways
from .new_pathway import PATHWAYS_DIR, vendored_guide

PREVIEW_BASE_URL = "http://localhost:8000/"
SITE_DECISIONS = "decisions"  # council_decisions_dir of the site the links point into
FORMATTERS = {"markdown": digest_markdown, "text": digest_text}


def add_digest_command(commands: Any) -> None:
    """Register ``council digest`` on the CLI's subcommands."""
    digest = commands.add_parser(
        "digest",
        help="print one week's This Week in Packaging issue as Markdown or text",
        description="Print the issue of This Week in Packaging for one ISO week, with absolute "
        "links, ready to post. Exits 1 when that week has no issue.",
    )
    digest.add_argument("week", help="ISO week, e.g. 2026-W16")
    digest.add_argument("--format", choices=sorted(FORMATTERS), default="markdown")
    digest.add_argument(
        "--root", type=Path, default=Path(), help="project root (default: the current directory)"
    )
    digest.add_argument(
        "--decisions", default="decisions", help="decisions folder (default: decisions)"
    )
    digest.add_argument("--news", default="news", help="news folder (default: news)")
    digest.add_argument(
        "--base-url",
        default=os.environ.get("COUNCIL_BASE_URL") or PREVIEW_BASE_URL,
        help="the site's address (default: $COUNCIL_BASE_URL, else %(default)s)",
    )
    digest.add_argument(
        "--links",
        choices=sorted(PAGE_ADDRESSES),
        default="html",
        help="how the site addresses its pages: html (page.html, the default) or dirhtml (page/)",
    )
    digest.add_argument(
        "--first-week",
        default=DEFAULT_FIRST_WEEK,
        help=f"ISO week of issue #1, as council_digest_start (default: {DEFAULT_FIRST_WEEK})",
    )
    digest.set_defaults(handler=run_digest)


# A page's address under each HTML builder a site may be published with.
PAGE_ADDRESSES: dict[str, Callable[[str], str]] = {
    "html": lambda page: f"{page}.html",
    "dirhtml": lambda page: f"{page}/",
}


def run_digest(args: argparse.Namespace) -> int:
    week, first = IsoWeek.parse(args.week), IsoWeek.parse(args.first_week)
    for name, value, parsed in (
        ("week", args.week, week),
        ("--first-week", args.first_week, first),
    ):
        if parsed is None:
            print(
                f"council digest: {name} {value!r} is not an ISO week; write it as YYYY-Www, "
                "e.g. 2026-W16",
                file=sys.stderr,
            )
            return EXIT_USAGE
    assert week is not None and first is not None
    decisions_dir: Path = args.root / args.decisions
    if not decisions_dir.is_dir():
        print(f"council digest: no decisions folder at {decisions_dir}", file=sys.stderr)
        return EXIT_USAGE
    digests = _digests(args.root, decisions_dir, args.news, Schedule(first, _build_date()))
    issue = next((d for d in digests if d.week == week), None)
    if issue is None:
        published = ", ".join(str(d.week) for d in digests[-5:]) or "none"
        print(
            f"council digest: no issue for {week}: it has no published events "
            f"(latest issues: {published})",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    site = FeedSite(args.base_url, "")
    address = PAGE_ADDRESSES[args.links]

    def resolve(event: PackagingEvent) -> str:
        return site.url(address(event.page)) if event.page else event.url

    text = FORMATTERS[args.format](issue, site.url(address(issue.page)), resolve)
    sys.stdout.write(text)
    return EXIT_OK


def _build_date() -> dt.date | None:
    return build_date()


def _digests(root: Path, decisions_dir: Path, news: str, schedule: Schedule) -> list[WeeklyDigest]:
    """Every issue, from the records and news as the site builds them; problems go to stderr."""
    result = check_project(decisions_dir, None)
    desk = read_news_desk(root / news, RuleSettings(), display_path)
    for problem in (*result.problems, *desk.problems):
        print(f"{problem} [council.{problem.check.value}]", file=sys.stderr)
    # A record's page on the site is named after its file, inside the site's decisions folder.
    records = [
        dataclasses.replace(r, source=f"{SITE_DECISIONS}/{Path(r.source).stem}")
        for r in result.records
    ]
    ids = [record.id for record in records if record.id]
    pathways, problems = check_pathways(
        root / PATHWAYS_DIR, ids, schedule.build_date, display_path, guide=vendored_guide
    )
    for problem in problems:
        print(f"{problem} [council.{problem.check.value}]", file=sys.stderr)
    # A pathway's page is named after its file, inside the site's pathways folder.
    pages = [(f"{PATHWAYS_DIR}/{pathway.id}", pathway) for pathway in pathways if pathway.id]
    events = gather_events(Catalog.build(records), desk.items, pathway_events(pages))
    return weekly_digests(events, schedule, desk.notes)
