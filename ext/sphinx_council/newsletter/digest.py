"""Weekly digests, "This Week in Packaging": events bucketed by ISO week, each fact told once,
numbered, with what is coming up in the four weeks after. Pure Python, no Sphinx; outline.py
lays an issue out and render.py writes it as Markdown, plain text or HTML.

Which weeks are published: an issue covers one complete ISO week (Monday to Sunday) and is
published on the Monday after it, so a build publishes every week from the newsletter's first
week whose Sunday is before the build date and that has at least one event; the week in
progress waits for next Monday. An issue's date is that Monday, on its page, in every feed and
in its e-mail, and never changes.

Which issues are frozen (published.py): an issue recorded as published in the record named by
``council_newsletter_published`` (``council digest WEEK --record``, run by the Monday job) keeps
its number and its items as sent; an event dated in such a week but not told then (a
backdated record, a late refresh) is told in the next issue not yet published. The first issue
sent, that of the launch week (``council_newsletter_launch``), records the archive compiled
before it too. Issues before the launch were never sent: they say they were compiled from the
record, on the launch's Monday (the build date until then).

How issues are numbered: consecutively, #1, #2, ..., over the issues that exist; an issue sent
keeps the number it was sent with.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

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
from .facts import last_status_only, one_line_per_pep, told_once
from .news import WEEK_NAME, EditorsNote, NewsItem, news_events
from .published import Published

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
    compiled: dt.date | None = None
    """For an issue of a week before the launch, never sent: the day it was compiled from the
    record. None for an issue sent (or to be sent) on its Monday."""
    covers: tuple[str, ...] = ()
    """The uids of every event the issue accounts for, shown or folded into another item (a
    Final into its acceptance, a comment period into the decision that ended it): what the
    record of published issues keeps, so that none of them is told again later. Sorted: a
    set's order changes from one process to the next, and pages are compared by repr."""

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
    def sent(self) -> dt.date:
        """The Monday after the week: the day the weekly build publishes the finished issue,
        the issue's date everywhere, and the day "closes in N days" counts from."""
        return self.week.sunday + dt.timedelta(days=1)

    @property
    def published(self) -> dt.date:
        """The issue's date in feeds: the day it is sent."""
        return self.sent

    @property
    def updated(self) -> dt.date:
        """The same as published: a published issue does not change (a correction is news of
        a later issue)."""
        return self.sent

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
    """Which weeks are published: the complete weeks from ``first_week`` up to ``build_date``;
    from ``launch`` on, those recorded in ``published`` are frozen as sent."""

    first_week: IsoWeek
    build_date: dt.date | None = None
    launch: IsoWeek | None = None  # the first issue really sent; None: every issue is
    published: Published = field(default_factory=Published)

    def complete(self, week: IsoWeek) -> bool:
        """Whether the week is over by the build date (its issue is out on the Monday after)."""
        return self.build_date is None or week.sunday < self.build_date

    def publishes(self, event: PackagingEvent) -> bool:
        week = IsoWeek.of(event.date)
        return week >= self.first_week and self.complete(week)

    def frozen(self, week: IsoWeek) -> bool:
        """Whether the week's issue is recorded as published (sent, or in the archive when the
        first issue was sent): nothing joins it any more."""
        return self.published.issue(str(week)) is not None

    def issue_week(self, event: PackagingEvent, told_in: dict[str, str]) -> IsoWeek | None:
        """The week whose issue tells the event: the one that told it when sent, else its own
        week, else (that issue was sent without it) the next issue not sent yet; None while
        that one's week is still in progress."""
        if event.uid in told_in:
            return IsoWeek.parse(told_in[event.uid])
        week = IsoWeek.of(event.date)
        while self.frozen(week):
            week = IsoWeek.of(week.monday + dt.timedelta(days=7))
        return week if self.complete(week) else None

    def compiled(self, week: IsoWeek) -> dt.date | None:
        """For a week before the launch, the day its issue was compiled from the record: the
        build date, until the launch's Monday fixes it."""
        if self.launch is None or week >= self.launch:
            return None
        launched = self.launch.sunday + dt.timedelta(days=1)
        return min(self.build_date, launched) if self.build_date else launched


def weekly_digests(
    events: Iterable[PackagingEvent], schedule: Schedule, notes: Sequence[EditorsNote] = ()
) -> list[WeeklyDigest]:
    """Every published issue, oldest first; each fact in the issue of the week it happened,
    unless that issue was sent without it."""
    published = [event for event in told_once(in_order(events)) if schedule.publishes(event)]
    told_in = schedule.published.told_in()
    weeks: dict[IsoWeek, list[PackagingEvent]] = {}
    for event in published:
        week = schedule.issue_week(event, told_in)
        if week is not None:
            weeks.setdefault(week, []).append(event)
    by_week = {note.week: note for note in notes}
    digests: list[WeeklyDigest] = []
    for week, found in sorted(weeks.items()):
        sent = schedule.published.issue(str(week)) if schedule.frozen(week) else None
        if sent is not None and sent.events:
            # Shown as it was sent, whatever was edited since.
            note = by_week.get(str(week))
            compiled = schedule.compiled(week)
            digests.append(
                WeeklyDigest(
                    week, sent.number, sent.events, note, sent.upcoming, compiled, sent.told
                )
            )
            continue
        number = sent.number if sent else (digests[-1].number + 1 if digests else 1)
        told = last_status_only(one_line_per_pep(found), week.sunday + dt.timedelta(days=1))
        if not told:
            continue
        upcoming = coming_up(
            published, week.sunday, week.sunday + dt.timedelta(days=1), COMING_UP_DAYS
        )
        digests.append(
            WeeklyDigest(
                week,
                number,
                tuple(told),
                by_week.get(str(week)),
                tuple(upcoming),
                schedule.compiled(week),
                tuple(sorted({event.uid for event in found})),
            )
        )
    return digests


def due_date(event: PackagingEvent) -> dt.date | None:
    """The day an event points to ahead of it: comments closing, an announced event."""
    return event.closes if event.kind is EventKind.COMMENT else event.happens


def coming_up(
    events: Sequence[PackagingEvent], known_on: dt.date, start: dt.date, days: int | None
) -> list[tuple[dt.date, PackagingEvent]]:
    """What is due from ``start`` (for ``days`` days, or ever after), as known on ``known_on``:
    announced by then, and for comment periods not ended early by a later status change of
    their record (even one the same day)."""
    end = start + dt.timedelta(days=days) if days is not None else dt.date.max
    moved_on: dict[str, int] = {}
    for event in events:
        if event.record and event.date <= known_on:
            moved_on[event.record] = max(moved_on.get(event.record, -1), event.step)
    due = []
    for event in events:
        day = due_date(event)
        if day is None or event.date > known_on or not start <= day < end:
            continue
        if event.kind is EventKind.COMMENT and moved_on.get(event.record, -1) > event.step:
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
        if schedule.complete(week):
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
