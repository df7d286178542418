"""Publishing the feeds: autodiscovery ``<link>``\\ s in every page's head, and the feed files,
the deadlines calendar and each issue's e-mail edition, written after a successful build and
only when their bytes changed."""

from __future__ import annotations

import html
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..decisions.pagelinks import AREA_PAGE
from ..pathways.domain import pathways_domain
from ..sphinxext.outputs import publishes_site
from .calendar import CALENDAR_PATH, deadlines_ics
from .config import mailing_list_of, newsletter_config
from .derive import link_address
from .domain import NewsletterDomain, newsletter_domain
from .feeds import FEEDS_FOLDER, FORMATS, Feed, feed_files, feed_paths
from .mail import email_message
from .pages import email_path

if TYPE_CHECKING:
    from sphinx.application import Sphinx

FEED_SUFFIXES = frozenset({".xml", ".atom", ".json", ".opml", ".ics"})

# Beside the environment, what the feed files on disk were last rendered from, and their size
# and modification time then. The environment is saved before pages are written, so it cannot
# tell whether the last build got as far as writing the feeds; this file, written after them,
# can. When the planned feeds and the files are as they were, rendering them again is skipped.
FEEDS_STAMP = "council-feeds.json"


def autodiscovery(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """``<link rel="alternate">`` to the newsletter and decisions feeds in every page's head;
    an area page and a pathway page also name their own feed, in the head and in the page."""
    domain = newsletter_domain(app.env)
    own = own_feed(app, pagename)
    tags = []
    for feed in domain.feeds:
        if feed.slug not in ("newsletter", "decisions") and feed is not own:
            continue
        for fmt in ("rss", "atom"):
            tags.append(
                f'<link rel="alternate" type="{FORMATS[fmt][1]}" '
                f'title="{html.escape(feed.title)} ({FORMATS[fmt][2]})" '
                f'href="{html.escape(domain.site.url(feed.path(fmt)))}">'
            )
    if tags:
        context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(tags)
    if own is not None and isinstance(context.get("body"), str):
        context["body"] += _own_feed_paragraph(own, domain.site.url)


def own_feed(app: Sphinx, pagename: str) -> Feed | None:
    """The feed of the area an area page lists, or of the readers a pathway is written for."""
    domain = newsletter_domain(app.env)
    if not domain.feeds:
        return None
    area = pagename.removeprefix(AREA_PAGE.format(""))
    slug = f"area/{area}" if area != pagename and "/" not in area else ""
    if not slug:
        personas = {page: p.persona for page, p in pathways_domain(app.env).by_id().values()}
        slug = f"persona/{personas[pagename]}" if personas.get(pagename) else ""
    return next((feed for feed in domain.feeds if feed.slug == slug), None)


def _own_feed_paragraph(feed: Feed, url: Callable[[str], str]) -> str:
    links = " · ".join(
        f'<a href="{html.escape(url(feed.path(fmt)))}">{FORMATS[fmt][2]}</a>' for fmt in FORMATS
    )
    title, about = html.escape(feed.title), html.escape(feed.description)
    return (
        f'\n<p class="council-own-feed">Follow <strong>{title}</strong> in a feed reader '
        f"({links}). {about}</p>\n"
    )


def write_feeds(app: Sphinx, exception: Exception | None) -> None:
    """Write every feed file after a successful HTML build, leaving unchanged files untouched.

    Without feeds (the newsletter off, or no site address) nothing in the output is touched.
    """
    if exception is not None or not publishes_site(app.builder):
        return
    domain = newsletter_domain(app.env)
    if not domain.feeds:
        return
    stamp = Path(app.doctreedir, FEEDS_STAMP)
    emails = [email_path(digest) for digest in domain.digests]
    paths = [*feed_paths(domain.feeds), CALENDAR_PATH, *emails]
    planned = domain.data.get("feeds_fingerprint", "")
    if not planned or _stamp(app.outdir, planned, paths) != _read_stamp(stamp):
        files = feed_files(domain.feeds, domain.site) | _editions(app, domain)
        for path, content in files.items():
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
    for stale in Path(app.outdir).glob("*/*.eml"):
        if stale not in wanted:
            stale.unlink()
    if planned:
        stamp.write_text(json.dumps(_stamp(app.outdir, planned, paths)), "utf-8")


def _editions(app: Sphinx, domain: NewsletterDomain) -> dict[str, bytes]:
    """The calendar and every issue's e-mail, by path inside the site."""
    site = domain.site
    address = link_address(app.builder, site)
    authority = site.authority or site.host
    sender = newsletter_config(app.config).newsletter_sender
    files = {
        email_path(digest): email_message(
            digest,
            site.url(app.builder.get_target_uri(digest.page)),
            address,
            domain.data["addresses"],
            authority,
            sender,
            mailing_list=mailing_list_of(app.config),
        )
        for digest in domain.digests
    }
    stamp = domain.data.get("calendar_stamp")
    if stamp is not None:
        files[CALENDAR_PATH] = deadlines_ics(domain.data["deadlines"], site, stamp)
    return files


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


def setup_publish(app: Sphinx) -> None:
    app.connect("html-page-context", autodiscovery)
    app.connect("build-finished", write_feeds)
