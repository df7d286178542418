"""Weekly digests, "This Week in Packaging": events bucketed by ISO week, numbered, and written
out as Markdown, plain text or an HTML fragment (for feeds). Pure Python, no Sphinx.

Which weeks are published: every ISO week from the newsletter's first week (2026-W16 for the
bundled site, the week PEP 772 was accepted) up to the week of the build date that has at least
one event. Events dated after the build date wait for a later build.

How issues are numbered: issue #N is the N-th ISO week counted from the first week, so a
number depends only on the calendar. Adding an event to an older week, or publishing a week that
had none, never renumbers another issue; quiet weeks leave gaps in the numbering instead.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..core.text import long_date, readable
from ..decisions.catalog import Catalog
from ..peps.index import packaging_peps, pep_status_history
from .events import (
    SECTIONS,
    EventKind,
    PackagingEvent,
    decision_events,
    in_order,
    standard_events,
)
from .news import WEEK_NAME, EditorsNote, NewsItem, news_events

DIGEST_PAGE = "this-week/{}"
NEWSLETTER = "This Week in Packaging"


@dataclass(frozen=True, order=True)
class IsoWeek:
    """An ISO 8601 week: Monday to Sunday, numbered within its ISO year."""

    year: int
    week: int

    @classmethod
    def of(cls, day: dt.date) -> IsoWeek:
        year, week, _ = day.isocalendar()
        return cls(year, week)

    @classmethod
    def parse(cls, text: str) -> IsoWeek | None:
        """``2026-W16`` as a week, or None when it is not one."""
        match = WEEK_NAME.fullmatch(text.strip())
        if not match:
            return None
        try:
            return cls.of(dt.date.fromisocalendar(int(match[1]), int(match[2]), 1))
        except ValueError:
            return None

    @property
    def monday(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    def weeks_since(self, first: IsoWeek) -> int:
        return (self.monday - first.monday).days // 7

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"


@dataclass(frozen=True)
class WeeklyDigest:
    """One issue of the newsletter: a week's events by section, and the editor's note."""

    week: IsoWeek
    number: int
    events: tuple[PackagingEvent, ...]
    note: EditorsNote | None = None

    @property
    def title(self) -> str:
        return f"{NEWSLETTER} #{self.number}, week of {long_date(self.week.monday)}"

    @property
    def page(self) -> str:
        """The page (docname) of the issue on the site."""
        return DIGEST_PAGE.format(self.week)

    @property
    def uid(self) -> str:
        """Stable id of the issue: its week never changes, whatever else does."""
        return f"digest:{self.week}"

    @property
    def published(self) -> dt.date:
        """The Monday of the week: fixed once, even when a later event joins the issue."""
        return self.week.monday

    @property
    def updated(self) -> dt.date:
        """The date of the newest event in the issue."""
        return max(event.date for event in self.events)

    def sections(self) -> list[tuple[EventKind, str, list[PackagingEvent]]]:
        """The non-empty sections, in reading order."""
        result = []
        for kind, heading in SECTIONS:
            events = [event for event in self.events if event.kind is kind]
            if events:
                result.append((kind, heading, events))
        return result

    def summary(self) -> str:
        """One line for archives and feed summaries: how many of what."""
        return "; ".join(f"{heading}: {len(events)}" for _, heading, events in self.sections())


@dataclass(frozen=True)
class Schedule:
    """Which weeks are published: from ``first_week`` up to the week of ``build_date``."""

    first_week: IsoWeek
    build_date: dt.date | None = None

    def publishes(self, event: PackagingEvent) -> bool:
        if IsoWeek.of(event.date) < self.first_week:
            return False
        return self.build_date is None or event.date <= self.build_date

    def number(self, week: IsoWeek) -> int:
        return week.weeks_since(self.first_week) + 1


def weekly_digests(
    events: Iterable[PackagingEvent], schedule: Schedule, notes: Sequence[EditorsNote] = ()
) -> list[WeeklyDigest]:
    """Every published issue, oldest first."""
    weeks: dict[IsoWeek, list[PackagingEvent]] = {}
    for event in in_order(events):
        if schedule.publishes(event):
            weeks.setdefault(IsoWeek.of(event.date), []).append(event)
    by_week = {note.week: note for note in notes}
    return [
        WeeklyDigest(week, schedule.number(week), tuple(found), by_week.get(str(week)))
        for week, found in sorted(weeks.items())
    ]


def unpublished_notes(
    digests: Sequence[WeeklyDigest], notes: Sequence[EditorsNote], schedule: Schedule
) -> list[EditorsNote]:
    """Notes for a week that is due but has no issue: the editor wrote for nothing."""
    published = {str(digest.week) for digest in digests}
    due = []
    for note in notes:
        week = IsoWeek.parse(note.week)
        if week is None or str(week) in published:
            continue
        if schedule.build_date is None or week.monday <= schedule.build_date:
            due.append(note)
    return due


# --- Rendering ------------------------------------------------------------------------------

Resolve = Callable[[PackagingEvent], str]
"""The absolute URL of an event's page or link."""


def event_line(event: PackagingEvent) -> str:
    """The sentence after an event's title: when comments close, and the summary."""
    parts = []
    if event.closes:
        parts.append(f"Comments close {long_date(event.closes)}.")
    if event.summary:
        parts.append(event.summary.strip().rstrip(".") + ".")
    return " ".join(parts)


def tags(event: PackagingEvent) -> str:
    """``Areas: Standards. Personas: Publisher.`` or empty."""
    parts = []
    if event.areas:
        parts.append("Areas: " + ", ".join(map(readable, event.areas)) + ".")
    if event.personas:
        parts.append("For: " + ", ".join(map(readable, event.personas)) + ".")
    return " ".join(parts)


# Characters that start markup inside a line; "#" and "-" only matter at a line's start, and
# no line here starts with record text.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def _md(text: str) -> str:
    """Text that Markdown (CommonMark, Discourse) shows as written, never as markup."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def digest_markdown(digest: WeeklyDigest, issue_url: str, resolve: Resolve) -> str:
    """The issue as Markdown for a Discourse post or a mailing list, with absolute links."""
    lines = [f"# {_md(digest.title)}", "", f"Read it on the web: <{issue_url}>", ""]
    if digest.note:
        lines += [f"> {_md(paragraph)}\n>" for paragraph in digest.note.paragraphs]
        if digest.note.author:
            lines.append(f"> — {_md(digest.note.author)}")
        lines.append("")
    for _, heading, events in digest.sections():
        lines += [f"## {heading}", ""]
        for event in events:
            item = f"- {long_date(event.date)}: [{_md(event.title)}](<{resolve(event)}>)"
            detail = " ".join(filter(None, [event_line(event), tags(event)]))
            lines.append(item + (f". {_md(detail)}" if detail else ""))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def digest_text(digest: WeeklyDigest, issue_url: str, resolve: Resolve, width: int = 72) -> str:
    """The issue as plain text, wrapped for e-mail."""
    wrap = textwrap.TextWrapper(width=width, break_long_words=False, break_on_hyphens=False)
    bullet = textwrap.TextWrapper(width=width, subsequent_indent="  ", break_long_words=False)
    indent = textwrap.TextWrapper(
        width=width, initial_indent="  ", subsequent_indent="  ", break_long_words=False
    )
    lines = [
        digest.title,
        "=" * min(len(digest.title), width),
        "",
        f"Read it on the web: {issue_url}",
    ]
    if digest.note:
        for paragraph in digest.note.paragraphs:
            lines += ["", *wrap.wrap(paragraph)]
        if digest.note.author:
            lines.append(f"-- {digest.note.author}")
    for _, heading, events in digest.sections():
        lines += ["", heading, "-" * len(heading)]
        for event in events:
            lines.append("")
            lines += bullet.wrap(f"* {long_date(event.date)}: {event.title}")
            detail = " ".join(filter(None, [event_line(event), tags(event)]))
            lines += indent.wrap(detail) if detail else []
            lines.append(f"  {resolve(event)}")
    return "\n".join(lines) + "\n"


def digest_html(digest: WeeklyDigest, resolve: Resolve) -> str:
    """The issue as an HTML fragment with absolute links, for feed entries.

    Built as an element tree, so every piece of record and news text is escaped by the
    serializer, never pasted into markup.
    """
    root = ET.Element("div")
    if digest.note:
        quote = ET.SubElement(root, "blockquote")
        for paragraph in digest.note.paragraphs:
            ET.SubElement(quote, "p").text = paragraph
        if digest.note.author:
            ET.SubElement(quote, "p").text = f"— {digest.note.author}"
    for _, heading, events in digest.sections():
        ET.SubElement(root, "h2").text = heading
        items = ET.SubElement(root, "ul")
        for event in events:
            _event_html(ET.SubElement(items, "li"), event, resolve)
    return ET.tostring(root, encoding="unicode", method="html")


def event_html(event: PackagingEvent, resolve: Resolve) -> str:
    """One event as an HTML fragment, for entries of the decisions, area and persona feeds."""
    root = ET.Element("p")
    _event_html(root, event, resolve)
    return ET.tostring(root, encoding="unicode", method="html")


def _event_html(parent: ET.Element, event: PackagingEvent, resolve: Resolve) -> None:
    parent.text = f"{long_date(event.date)}: "
    anchor = ET.SubElement(parent, "a", href=resolve(event))
    anchor.text = event.title
    detail = " ".join(filter(None, [event_line(event), tags(event)]))
    anchor.tail = f". {detail}" if detail else ""


# --- Gathering ------------------------------------------------------------------------------

DEFAULT_FIRST_WEEK = "2026-W16"  # the week PEP 772 was accepted and the council created


def gather_events(
    catalog: Catalog, news: Sequence[NewsItem], *more: Iterable[PackagingEvent]
) -> list[PackagingEvent]:
    """Every event the newsletter knows, from every collector, without duplicates, oldest first.

    ``more`` takes the events of further collectors (pathway reviews and changes, once pathways
    exist), so adding a source of events changes no existing one.
    """
    standards = standard_events(packaging_peps(), pep_status_history(), catalog)
    return in_order(
        [
            *decision_events(catalog),
            *standards,
            *news_events(tuple(news)),
            *(e for m in more for e in m),
        ]
    )
