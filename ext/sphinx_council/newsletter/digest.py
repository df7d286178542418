"""Weekly digests, "This Week in Packaging": events bucketed by ISO week, each fact told once,
numbered, with what is coming up in the four weeks after. Pure Python, no Sphinx; outline.py
lays an issue out and render.py writes it as Markdown, plain text or HTML.

Which weeks are published: every ISO week from the newsletter's first week (2026-W16 for the
bundled site, the week PEP 772 was accepted) up to the week of the build date that has at least
one event. Events dated after the build date wait for a later build.

How issues are numbered: issue #N is the N-th ISO week counted from the first week, so a
number depends only on the calendar. Adding an event to an older week, or publishing a week that
had none, never renumbers another issue; quiet weeks leave gaps in the numbering instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..core.text import long_date
from ..decisions.catalog import Catalog
from ..peps.index import packaging_peps, pep_index, pep_status_history
from .events import (
    SECTIONS,
    EventKind,
    PackagingEvent,
    decision_events,
    in_order,
    standard_events,
)
from .facts import one_line_per_pep, told_once
from .news import WEEK_NAME, EditorsNote, NewsItem, news_events

COMING_UP_DAYS = 28  # "Coming up" looks four weeks ahead of an issue

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
    upcoming: tuple[tuple[dt.date, PackagingEvent], ...] = ()
    """Comment periods closing and announced events in the four weeks after the issue's week,
    by date: what readers can still act on."""

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
    def sent(self) -> dt.date:
        """The Monday after the week: the day the weekly build publishes the finished issue,
        and the day "closes in N days" counts from."""
        return self.week.sunday + dt.timedelta(days=1)

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
    """Every published issue, oldest first; each fact in the issue of the week it happened."""
    published = [event for event in told_once(in_order(events)) if schedule.publishes(event)]
    weeks: dict[IsoWeek, list[PackagingEvent]] = {}
    for event in published:
        weeks.setdefault(IsoWeek.of(event.date), []).append(event)
    by_week = {note.week: note for note in notes}
    return [
        WeeklyDigest(
            week,
            schedule.number(week),
            tuple(one_line_per_pep(found)),
            by_week.get(str(week)),
            tuple(
                coming_up(
                    published, week.sunday, week.sunday + dt.timedelta(days=1), COMING_UP_DAYS
                )
            ),
        )
        for week, found in sorted(weeks.items())
    ]


def due_date(event: PackagingEvent) -> dt.date | None:
    """The day an event points to ahead of it: comments closing, an announced event."""
    return event.closes if event.kind is EventKind.COMMENT else event.happens


def coming_up(
    events: Sequence[PackagingEvent], known_on: dt.date, start: dt.date, days: int | None
) -> list[tuple[dt.date, PackagingEvent]]:
    """What is due from ``start`` (for ``days`` days, or ever after), as known on ``known_on``:
    announced by then, and for comment periods not ended early by a later status change."""
    end = start + dt.timedelta(days=days) if days is not None else dt.date.max
    moved_on = {
        event.key.split("/", 1)[0]: event.date
        for event in events
        if event.kind is EventKind.DECISION and event.date <= known_on
    }
    due = []
    for event in events:
        day = due_date(event)
        if day is None or event.date > known_on or not start <= day < end:
            continue
        record = event.key.split("/", 1)[0]
        if event.kind is EventKind.COMMENT and moved_on.get(record, dt.date.min) > event.date:
            continue
        due.append((day, event))
    return sorted(due, key=lambda pair: (pair[0], pair[1].uid))


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
    titles = {number: info.title for number, info in pep_index().items()}
    return in_order(
        [
            *decision_events(catalog, titles),
            *standards,
            *news_events(tuple(news)),
            *(e for m in more for e in m),
        ]
    )
