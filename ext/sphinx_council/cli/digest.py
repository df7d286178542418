"""``council digest 2026-W16``: one week's issue of This Week in Packaging, ready to post to
Discourse (``--format markdown``), to paste into a mail (``--format text``) or to send as it is
(``--format email``: a MIME message), without Sphinx.

Links are absolute: pages of the site are joined to ``--base-url`` (default: the
``html_baseurl`` of the project's ``conf.py``, else the ``COUNCIL_BASE_URL`` environment
variable, else the local preview address), addressed as the site's builder writes them
(``--links html``: ``page.html``; ``--links dirhtml``: ``page/``).
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
from ..core.conf import ConfUnreadable, read_conf
from ..core.extras import NEWSLETTER, missing_message
from ..core.project import DEFAULT_CONF, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, display_path
from ..core.settings import RuleSettings
from ..decisions.catalog import Catalog
from ..decisions.project import check_project
from ..newsletter.digest import (
    DEFAULT_FIRST_WEEK,
    IsoWeek,
    Schedule,
    WeeklyDigest,
    gather_events,
    weekly_digests,
)
from ..newsletter.events import pathway_events
from ..newsletter.feeds import FeedSite
from ..newsletter.mail import email_message
from ..newsletter.news import read_news_desk
from ..newsletter.outline import IssueAddresses, Link
from ..newsletter.render import digest_markdown, digest_text
from ..pathways.checks import check_pathways
from ..peps.index import use_pep_data
from .new_pathway import PATHWAYS_DIR, vendored_guide

PREVIEW_BASE_URL = "http://localhost:8000/"
SITE_DECISIONS = "decisions"  # council_decisions_dir of the site the links point into
FORMATTERS = {"markdown": digest_markdown, "text": digest_text}
FORMATS = (*FORMATTERS, "email")


def add_digest_command(commands: Any) -> None:
    """Register ``council digest`` on the CLI's subcommands."""
    digest = commands.add_parser(
        "digest",
        help="print one week's This Week in Packaging issue as Markdown, text or an e-mail",
        description="Print the issue of This Week in Packaging for one ISO week, with absolute "
        "links, ready to post, or (--format email) a MIME message ready to send. Exits 1 when "
        "that week has no issue.",
    )
    digest.add_argument("week", help="ISO week, e.g. 2026-W16")
    digest.add_argument("--format", choices=sorted(FORMATS), default="markdown")
    digest.add_argument(
        "--output", "-o", type=Path, help="write to this file instead of standard output"
    )
    digest.add_argument(
        "--root", type=Path, default=Path(), help="project root (default: the current directory)"
    )
    digest.add_argument(
        "--decisions", default="decisions", help="decisions folder (default: decisions)"
    )
    digest.add_argument("--news", default="news", help="news folder (default: news)")
    digest.add_argument(
        "--conf",
        default=DEFAULT_CONF,
        help="Sphinx configuration giving the site's address (html_baseurl), the id authority "
        f"(council_feed_authority) and the sender, relative to the root (default: {DEFAULT_CONF}"
        ", if present)",
    )
    digest.add_argument(
        "--base-url",
        help="the site's address (default: html_baseurl of --conf, else $COUNCIL_BASE_URL, "
        f"else {PREVIEW_BASE_URL})",
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
    if args.format == "email" and (lacking := missing_message(NEWSLETTER, "--format email")):
        print(f"council digest: {lacking}", file=sys.stderr)
        return EXIT_USAGE
    decisions_dir: Path = args.root / args.decisions
    if not decisions_dir.is_dir():
        print(f"council digest: no decisions folder at {decisions_dir}", file=sys.stderr)
        return EXIT_USAGE
    try:
        conf = _site_settings(args.root / args.conf if args.conf else None, args.conf)
    except ConfUnreadable as error:
        print(f"council digest: {args.conf}: cannot be read: {error}", file=sys.stderr)
        return EXIT_USAGE
    try:
        if conf["council_pep_index"]:
            # The PEP index the site's build reads, so the Standards section is the site's.
            use_pep_data((args.root / Path(args.conf).parent / conf["council_pep_index"]).resolve())
        digests = _digests(args.root, decisions_dir, args.news, Schedule(first, _build_date()))
    finally:
        use_pep_data(None)
    issue = next((d for d in digests if d.week == week), None)
    if issue is None:
        published = ", ".join(str(d.week) for d in digests[-5:]) or "none"
        print(
            f"council digest: no issue for {week}: it has no published events "
            f"(latest issues: {published})",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    return _write_issue(args, issue, conf)


def _write_issue(args: argparse.Namespace, issue: WeeklyDigest, conf: dict[str, str]) -> int:
    site = FeedSite(args.base_url or conf["html_baseurl"], "", conf["council_feed_authority"])
    page_address = PAGE_ADDRESSES[args.links]

    def address(link: Link) -> str:
        if not link.page:
            return link.url
        return site.url(page_address(link.page)) + (f"#{link.anchor}" if link.anchor else "")

    addresses = IssueAddresses(feed_url=site.url("feeds/newsletter.xml"))
    issue_url = site.url(page_address(issue.page))
    if args.format == "email":
        authority = site.authority or site.host
        sender = conf["council_newsletter_sender"]
        message = email_message(issue, issue_url, address, addresses, authority, sender)
        if args.output:
            args.output.write_bytes(message)
        else:
            sys.stdout.flush()
            sys.stdout.buffer.write(message)
            sys.stdout.buffer.flush()
        return EXIT_OK
    text = FORMATTERS[args.format](issue, issue_url, address, addresses)
    if args.output:
        args.output.write_text(text, "utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _site_settings(conf_file: Path | None, given: str) -> dict[str, str]:
    """The site's address, id authority and sender from ``conf.py`` when there is one."""
    settings = {
        "html_baseurl": os.environ.get("COUNCIL_BASE_URL") or PREVIEW_BASE_URL,
        "council_feed_authority": "",
        "council_newsletter_sender": "",
        "council_pep_index": "",
    }
    if conf_file is None or not conf_file.is_file():
        if given != DEFAULT_CONF:
            raise ConfUnreadable("no such file")
        return settings
    namespace = read_conf(conf_file)
    for name in settings:
        value = namespace.get(name)
        if isinstance(value, str) and value:
            settings[name] = value
    return settings


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
