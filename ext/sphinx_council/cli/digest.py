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

from ..core.addresses import (
    host_name_problem,
    mail_address_problem,
    site_address,
    site_address_problem,
)
from ..core.clock import build_date
from ..core.conf import ConfUnreadable, read_conf
from ..core.extras import NEWSLETTER, missing_message
from ..core.plaintext import shown
from ..core.project import (
    DEFAULT_CONF,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    UsageError,
    display_path,
)
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
from ..newsletter.events import PackagingEvent, pathway_check_events, pathway_events
from ..newsletter.feeds import FeedSite
from ..newsletter.mail import email_message
from ..newsletter.news import read_news_desk
from ..newsletter.outline import IssueAddresses, Link
from ..newsletter.render import digest_markdown, digest_text
from ..newsletter.sent import SENT_FOLDER
from ..pathways.checked import CHECKED_FILE, read_checked
from ..pathways.checks import check_pathways
from ..peps.index import use_pep_data
from .digest_record import published_issues, record_published
from .new_pathway import PATHWAYS_DIR, vendored_guide
from .options import check_options, output_file_problem, write_output_file
from .releases import digest_releases
from .send import add_send_arguments, environment_help, mailing_list_of, send_issue

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
        "that week has no issue. With --send, posts its e-mail edition to the mailing list "
        f"once (recorded in {SENT_FOLDER}/WEEK.json).",
        epilog=environment_help(),
    )
    digest.add_argument("week", help="ISO week, e.g. 2026-W16")
    digest.add_argument(
        "--format", choices=sorted(FORMATS), help="markdown (the default), text or email"
    )
    add_send_arguments(digest)
    digest.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="write to this file instead of standard output, replacing it if it exists (written "
        "beside it and moved into place; a folder, link, device or pipe is refused: redirect "
        "standard output for those)",
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
    _site_options(digest)
    digest.add_argument(
        "--links",
        choices=sorted(PAGE_ADDRESSES),
        default="html",
        help="how the site addresses its pages: html (page.html, the default) or dirhtml (page/)",
    )
    digest.add_argument(
        "--first-week",
        help="ISO week of issue #1 (default: council_digest_start of --conf, else "
        f"{DEFAULT_FIRST_WEEK})",
    )
    digest.add_argument(
        "--record",
        action="store_true",
        help="record the issue as published in the news folder's published.json, freezing it: "
        "its number and events stay as they are, and what is learned later goes into the next "
        "issue (the weekly job, once Monday's issue is out)",
    )
    digest.set_defaults(handler=run_digest)


def _site_options(digest: argparse.ArgumentParser) -> None:
    """The options whose values reach links, feed ids and mail headers (checked before the
    issue is gathered, as the values conf.py gives them are)."""
    digest.add_argument(
        "--base-url",
        metavar="URL",
        help="the site's address, an http(s) URL (default: html_baseurl of --conf, else "
        f"$COUNCIL_BASE_URL, else {PREVIEW_BASE_URL})",
    )
    digest.add_argument(
        "--sender",
        metavar="ADDRESS",
        help="From of --format email, e.g. 'This Week in Packaging <news@example.org>' "
        "(default: council_newsletter_sender of --conf, else newsletter@ the site's host)",
    )
    digest.add_argument("--to", metavar="ADDRESS", help="To of --format email")


# A page's address under each HTML builder a site may be published with.
PAGE_ADDRESSES: dict[str, Callable[[str], str]] = {
    "html": lambda page: f"{page}.html",
    "dirhtml": lambda page: f"{page}/",
}


def _checked_arguments(args: argparse.Namespace) -> IsoWeek:
    """The issue's week; a bad argument is a UsageError."""
    check_options(args, "--output", "--base-url", "--sender", "--to")
    week = IsoWeek.parse(args.week)
    for name, value, parsed in (
        ("week", args.week, week),
        ("--first-week", args.first_week, IsoWeek.parse(args.first_week or DEFAULT_FIRST_WEEK)),
    ):
        if parsed is None:
            raise UsageError(
                f"{name} {shown(value)!r} is not an ISO week; write it as YYYY-Www, e.g. 2026-W16"
            )
    if args.output is not None and (problem := output_file_problem(Path(args.output))):
        raise UsageError(f"cannot write --output {shown(args.output)}: {problem}")
    if not (args.root / args.decisions).is_dir():
        raise UsageError(f"no decisions folder at {shown(str(args.root / args.decisions))}")
    if args.send and (args.output or args.format not in (None, "email")):
        raise UsageError("--send sends the e-mail edition; leave out --output and --format")
    args.format = args.format or ("email" if args.send else "markdown")
    if args.format == "email" and (lacking := missing_message(NEWSLETTER, "the e-mail edition")):
        raise UsageError(lacking)
    assert week is not None
    return week


def _first_week(args: argparse.Namespace, conf: dict[str, Any], origins: dict[str, str]) -> IsoWeek:
    """Issue #1's week: the option, else conf.py's council_digest_start as the build reads it,
    so that the numbers the command prints and records are the site's."""
    if args.first_week:
        first = IsoWeek.parse(args.first_week)
        assert first is not None  # checked with the other arguments
        return first
    value = conf["council_digest_start"] or DEFAULT_FIRST_WEEK
    if (first := IsoWeek.parse(value)) is None:
        raise UsageError(
            f"{origins['council_digest_start']} {shown(value)!r} is not an ISO week; "
            "write it as YYYY-Www, e.g. 2026-W16"
        )
    return first


def run_digest(args: argparse.Namespace) -> int:
    try:
        week = _checked_arguments(args)
        conf, origins = _site_settings(args.root / args.conf if args.conf else None, args.conf)
        first = _first_week(args, conf, origins)
        site, sender = _site_and_sender(args, conf, origins)
    except ConfUnreadable as error:
        print(f"council digest: {args.conf}: cannot be read: {error}", file=sys.stderr)
        return EXIT_USAGE
    except UsageError as error:
        print(f"council digest: {error}", file=sys.stderr)
        return EXIT_USAGE
    decisions_dir: Path = args.root / args.decisions
    try:
        if conf["council_pep_index"]:
            # The PEP index the site's build reads, so the Standards section is the site's.
            use_pep_data((args.root / Path(args.conf).parent / conf["council_pep_index"]).resolve())
        releases = digest_releases(args.root / args.conf if args.conf else None)
        launch = IsoWeek.parse(conf["council_newsletter_launch"] or str(first))
        published = published_issues(args.root, args.conf, conf)
        if published is None:
            return EXIT_PROBLEMS
        schedule = Schedule(first, _build_date(), launch, published)
        digests = _digests(args.root, decisions_dir, args.news, schedule, releases)
    finally:
        use_pep_data(None)
    issue = next((d for d in digests if d.week == week), None)
    if issue is None:
        latest = ", ".join(str(d.week) for d in digests[-5:]) or "none"
        print(
            f"council digest: no issue for {week}: it has no published events "
            f"(latest issues: {latest})",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    if args.record and not record_published(args.root, args.conf, conf, digests, issue, schedule):
        return EXIT_PROBLEMS
    return _write_issue(args, issue, conf, site, sender)


def _site_and_sender(
    args: argparse.Namespace, conf: dict[str, Any], origins: dict[str, str]
) -> tuple[FeedSite, str]:
    """The site's address and authority and the From address, each checked where it came from
    (an option, conf.py or the environment): they reach links, ids and mail headers."""
    base_url = args.base_url or conf["html_baseurl"]
    authority = conf["council_feed_authority"]
    sender = args.sender or (conf["council_newsletter_sender"] if args.format == "email" else "")
    for name, value, problem in (
        ("html_baseurl", "" if args.base_url else base_url, site_address_problem),
        ("council_feed_authority", authority, host_name_problem),
        ("council_newsletter_sender", "" if args.sender else sender, mail_address_problem),
    ):
        if value and (why := problem(value)):
            fix = "--sender" if name.endswith("sender") else "--base-url"
            raise UsageError(f"{origins.get(name) or name} {why} (or override it with {fix})")
    return FeedSite(site_address(base_url), "", authority), sender


def _write_issue(
    args: argparse.Namespace, issue: WeeklyDigest, conf: dict[str, Any], site: FeedSite, sender: str
) -> int:
    mailing_list, subscribe, problems = mailing_list_of(conf)
    for problem in problems:
        print(f"council digest: {args.conf}: {problem}", file=sys.stderr)
    if problems:
        return EXIT_USAGE
    page_address = PAGE_ADDRESSES[args.links]

    def address(link: Link) -> str:
        if not link.page:
            return link.url
        return site.url(page_address(link.page)) + (f"#{link.anchor}" if link.anchor else "")

    addresses = IssueAddresses(feed_url=site.url("feeds/newsletter.xml"), subscribe_url=subscribe)
    issue_url = site.url(page_address(issue.page))
    if args.format == "email":
        authority = site.authority or site.host
        data = email_message(
            issue,
            issue_url,
            address,
            addresses,
            authority,
            sender,
            args.to or "",
            mailing_list=mailing_list,
        )
        if args.send:
            sent = args.root / SENT_FOLDER
            return send_issue(
                data, str(issue.week), sent, display_path(sent), insecure=args.insecure_no_tls
            )
    else:
        text = FORMATTERS[args.format](issue, issue_url, address, addresses)
        if args.output is None:
            sys.stdout.write(text)
            return EXIT_OK
        data = text.encode("utf-8")
    if args.output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    elif failure := write_output_file(Path(args.output), data):
        where = shown(args.output)
        print(f"council digest: cannot write --output {where}: {failure}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _site_settings(conf_file: Path | None, given: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The site's address, id authority, sender and mailing list from ``conf.py`` when there is
    one, and where each came from."""
    settings: dict[str, Any] = {
        "html_baseurl": os.environ.get("COUNCIL_BASE_URL") or PREVIEW_BASE_URL,
        "council_feed_authority": "",
        "council_newsletter_sender": "",
        "council_newsletter_subscribe": "",
        "council_pep_index": "",
        "council_newsletter_launch": "",
        "council_newsletter_published": "",
        "council_digest_start": "",
    }
    origins = {"html_baseurl": "COUNCIL_BASE_URL" if os.environ.get("COUNCIL_BASE_URL") else ""}
    if conf_file is None or not conf_file.is_file():
        if given != DEFAULT_CONF:
            raise ConfUnreadable("no such file")
        return settings, origins
    namespace = read_conf(conf_file)
    for name in settings:
        value = namespace.get(name)
        if isinstance(value, str) and value:
            settings[name] = value
            origins[name] = f"{display_path(conf_file)}: {name}"
    # Checked, as the build checks it, by mailing_list_of.
    settings["council_newsletter_list"] = namespace.get("council_newsletter_list")
    return settings, origins


def _build_date() -> dt.date | None:
    return build_date()


def _digests(
    root: Path,
    decisions_dir: Path,
    news: str,
    schedule: Schedule,
    releases: list[PackagingEvent],
) -> list[WeeklyDigest]:
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
    checked = read_checked(root / PATHWAYS_DIR / CHECKED_FILE)
    checks = pathway_check_events(checked.runs()) if checked else []
    catalog = Catalog.build(records)
    events = gather_events(catalog, desk.items, pathway_events(pages), checks, releases)
    return weekly_digests(events, schedule, desk.notes)
