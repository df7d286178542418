"""The newsletter's ``council_*`` options, declared and checked when the configuration loads."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.addresses import host_name_problem, mail_address_problem, site_address_problem
from ..core.extras import NEWSLETTER
from ..sphinxext.config import config_warning, lacks_extra
from .digest import DEFAULT_FIRST_WEEK, IsoWeek
from .mailinglist import MailingList, read_mailing_list, subscribe_problem
from .releases import DEFAULT_WATCH, watch_problems

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


@dataclass(frozen=True)
class NewsletterConfig:
    """The newsletter's ``council_*`` options."""

    newsletter: bool = False
    """Publish This Week in Packaging: weekly issue pages, their archive and feeds. Off by
    default, so that a project using the extension for its decision records gets no pages,
    feeds or ``<link>`` tags it did not ask for."""
    news_dir: str = ""
    """Folder of news items and editor's notes, relative to the configuration directory."""
    digest_start: str = DEFAULT_FIRST_WEEK
    """ISO week of issue #1; earlier events are history, not news."""
    feed_authority: str = ""
    """Authority of the feeds' ``tag:`` entry ids, the calendar's UIDs and the e-mail editions'
    Message-IDs; default: the host of ``html_baseurl``. Set it once and keep it: readers tell
    entries apart by these ids, so a site that moves keeps it."""
    feed_id_base: str = ""
    """The address each Atom feed's own id is made from (the address joined with the feed's
    path, e.g. ``https://example.org/feeds/newsletter.atom``); default: ``html_baseurl``. Set
    it once with ``council_feed_authority``, to the address the site first had, and keep it."""
    newsletter_launch: str = ""
    """ISO week of the first issue really sent to readers. Issues of earlier weeks were never
    sent: they say they were compiled from the record. Issues from it on are frozen once
    recorded as published (``council_newsletter_published``). Default: the first week."""
    newsletter_published: str = ""
    """The record of the issues published (``council digest WEEK --record`` writes it),
    relative to the configuration directory: each recorded issue is shown as it was sent,
    and news learned later about its week goes into the next issue. Default: none."""
    newsletter_sender: str = ""
    """The From address of the e-mail editions; default: ``This Week in Packaging
    <newsletter@AUTHORITY>``."""
    release_watch: tuple[str, ...] = DEFAULT_WATCH
    """The PyPI projects whose releases ``council releases refresh`` records."""
    release_snapshot: str = ""
    """Folder of the release snapshot (``releases.json``), relative to the configuration
    directory; ``council releases refresh`` writes it there (when unset: into ``releases/``
    under the project root)."""
    newsletter_subscribe: str = ""
    """The https address where readers sign up for the e-mail edition (a mailing list's
    page); shown as "Subscribe by e-mail" on every issue, the feeds page and the home page."""
    newsletter_list: Mapping[str, object] | None = None
    """The mailing list the issues are posted to: ``id`` (its List-Id), ``post`` (its posting
    address), ``unsubscribe`` (mailto: and https: addresses) and optionally ``archive``. The
    e-mail editions carry its ``List-*`` headers; ``council digest --send`` posts to it."""


def newsletter_config(config: Config) -> NewsletterConfig:
    return NewsletterConfig(
        **{
            option.name: getattr(config, f"council_{option.name}")
            for option in fields(NewsletterConfig)
        }
    )


def check_newsletter_config(app: Sphinx, config: Config) -> None:
    """Warn about options that cannot work, and fall back to what can."""
    _check_build_date(config)
    settings = newsletter_config(config)
    if not settings.newsletter:
        # Nothing below is used: a project without the newsletter is not asked for its address.
        return
    if lacks_extra(NEWSLETTER, "council_newsletter = True (feeds, e-mail edition, calendar)"):
        config.council_newsletter = False
        return
    if IsoWeek.parse(str(settings.digest_start)) is None:
        config_warning(
            f"council_digest_start {settings.digest_start!r} is not an ISO week; write it "
            f"as YYYY-Www, e.g. {DEFAULT_FIRST_WEEK}; using {DEFAULT_FIRST_WEEK}"
        )
        config.council_digest_start = DEFAULT_FIRST_WEEK
    launch = str(settings.newsletter_launch)
    if launch and IsoWeek.parse(launch) is None:
        config_warning(
            f"council_newsletter_launch {launch!r} is not an ISO week; write it as YYYY-Www, "
            "e.g. 2026-W50 (the week of the first issue really sent); treating every issue as "
            "sent"
        )
        config.council_newsletter_launch = ""
    if problems := watch_problems(settings.release_watch)[1]:
        config_warning(f"council_release_watch {'; '.join(problems)}")
    _check_mailing_list(config, settings)
    if settings.news_dir and not Path(app.confdir, settings.news_dir).is_dir():
        config_warning(f"council_news_dir: no folder at {Path(app.confdir, settings.news_dir)}")
    _check_addresses(config)
    if not config.html_baseurl:
        config_warning(
            "html_baseurl is not set, so no feeds are written: feeds need the site's absolute "
            "address. Set html_baseurl = 'https://...' in conf.py (the bundled site reads it "
            "from the COUNCIL_BASE_URL environment variable)"
        )


def mailing_list_of(config: Config) -> MailingList | None:
    """The configured mailing list, once checked (None when there is none)."""
    settings = newsletter_config(config)
    return read_mailing_list(settings.newsletter_list, settings.newsletter_subscribe)[0]


def _check_mailing_list(config: Config, settings: NewsletterConfig) -> None:
    if problem := subscribe_problem(str(settings.newsletter_subscribe)):
        config_warning(f"{problem}; no e-mail sign-up link is shown")
        config.council_newsletter_subscribe = ""
    _, problems = read_mailing_list(settings.newsletter_list, config.council_newsletter_subscribe)
    for problem in problems:
        config_warning(f"{problem}; the e-mail editions carry no list headers")
    if problems:
        config.council_newsletter_list = None


def _check_addresses(config: Config) -> None:
    """The site's address, the id authority and the sender reach feed XML, page heads and the
    e-mail editions' headers: a value that would break out of them is refused with a warning
    (the authority and the sender fall back to their defaults)."""
    if config.html_baseurl and (problem := site_address_problem(str(config.html_baseurl))):
        config_warning(f"html_baseurl {problem}")
    for option, rule in (
        ("council_feed_authority", host_name_problem),
        ("council_feed_id_base", site_address_problem),
        ("council_newsletter_sender", mail_address_problem),
    ):
        value = getattr(config, option)
        if value and (problem := rule(str(value))):
            config_warning(f"{option} {problem}; using the default instead")
            setattr(config, option, "")


def _check_build_date(config: Config) -> None:
    # Declared with the other council_* options; pathway reviews use it too, so it is checked
    # whether or not the newsletter is on.
    configured_date = config.council_build_date
    if configured_date and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(configured_date)):
        config_warning(
            f"council_build_date {configured_date!r} is not a date; write it as "
            "YYYY-MM-DD; using SOURCE_DATE_EPOCH instead"
        )
        config.council_build_date = ""


def setup_config(app: Sphinx) -> None:
    for option in fields(NewsletterConfig):
        # A list of names may be written as a list or a tuple.
        types = frozenset((list, tuple)) if isinstance(option.default, tuple) else ()
        app.add_config_value(f"council_{option.name}", option.default, "env", types=types)
    app.connect("config-inited", check_newsletter_config)
