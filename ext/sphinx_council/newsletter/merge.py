"""What merging a branch publishes: two :class:`~.publication.Publication` of one project (at
the base commit and in the working tree) compared, for ``council changes``. Pure Python.

Records and pathways are compared by id and by what they say, never by the lines they are on,
so moving a field or adding a comment is no change. Newsletter items are events an issue tells
that no issue told before; feed entries are compared by their stable ids, as readers do.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..decisions.model import DecisionRecord
from ..pathways.model import Pathway
from .digest import WeeklyDigest
from .events import SECTIONS, PackagingEvent
from .feeds import FORMATS, Feed, FeedEntry
from .publication import Publication

# What says where a value was read, not what it is: left out of every comparison.
_PLACES = frozenset({"line", "status_line", "lines", "source"})
_SECTION = dict(SECTIONS)


@dataclass(frozen=True)
class Transition:
    """A history entry the branch adds: the status a record reached, and when."""

    date: dt.date
    status: str


@dataclass(frozen=True)
class RecordChange:
    """A record added, changed, superseded or removed; ``before`` is its status at the base."""

    id: str
    title: str
    status: str  # "" when removed
    before: str  # "" when added
    transitions: tuple[Transition, ...] = ()
    fields: tuple[str, ...] = ()  # the other front-matter fields whose value changed
    superseded_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class IssueItem:
    """An item of an issue of the newsletter: which issue (week, number, the Monday it is
    published), in which section, about what."""

    week: str
    number: int
    published: dt.date
    upcoming: bool  # published after the build date: the next issue, not out yet
    section: str
    title: str
    uid: str
    record: str = ""


@dataclass(frozen=True)
class FeedChange:
    """A feed the merge adds entries to or changes entries of, with the files it is written to."""

    slug: str
    title: str
    paths: tuple[str, ...]
    added: tuple[FeedEntry, ...]
    updated: tuple[FeedEntry, ...]
    new_feed: bool  # the feed has no entry at the base, so the build does not write it yet


@dataclass(frozen=True)
class PathwayChange:
    id: str
    title: str
    change: str  # "added", "changed" or "removed"
    what: tuple[str, ...] = ()  # what changed, at a glance


@dataclass(frozen=True)
class Renumbered:
    """An issue not sent yet whose number the merge changes (an issue added before it)."""

    week: str
    before: int
    after: int


@dataclass(frozen=True)
class Changes:
    as_of: dt.date | None
    newsletter: bool = True  # False: the project publishes no newsletter (nor feeds)
    added: tuple[RecordChange, ...] = ()
    changed: tuple[RecordChange, ...] = ()
    superseded: tuple[RecordChange, ...] = ()
    removed: tuple[RecordChange, ...] = ()
    items: tuple[IssueItem, ...] = ()
    withdrawn: tuple[IssueItem, ...] = ()  # items an issue told at the base and no longer
    renumbered: tuple[Renumbered, ...] = ()
    feeds: tuple[FeedChange, ...] = ()
    pathways: tuple[PathwayChange, ...] = ()
    # The record each event of either side is about, by the event's (and feed entry's) id.
    event_records: dict[str, str] = field(default_factory=dict)

    @property
    def records(self) -> tuple[RecordChange, ...]:
        return self.added + self.changed + self.superseded + self.removed


def facts(value: object) -> object:
    """What a loaded value says, without the lines and files it was read from."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return tuple(
            (f.name, facts(getattr(value, f.name)))
            for f in dataclasses.fields(value)
            if f.name not in _PLACES
        )
    if isinstance(value, tuple | list):
        return tuple(facts(item) for item in value)
    return value


def _differing(old: object, new: object, skip: Iterable[str] = ()) -> tuple[str, ...]:
    """The names of the fields whose values differ (both of one dataclass type)."""
    left_out = _PLACES | set(skip)
    return tuple(
        f.name
        for f in dataclasses.fields(old)  # type: ignore[arg-type]
        if f.name not in left_out and facts(getattr(old, f.name)) != facts(getattr(new, f.name))
    )


def compare(base: Publication, head: Publication) -> Changes:
    """What the working tree (``head``) publishes that the base does not, and what it stops."""
    added, changed, superseded, removed = _record_changes(base, head)
    items, withdrawn = _items(base.issues, head.issues, head.as_of)
    return Changes(
        head.as_of,
        head.newsletter,
        added,
        changed,
        superseded,
        removed,
        items,
        withdrawn,
        _renumbered(base.issues, head.issues),
        _feed_changes(base.feeds, head.feeds),
        _pathway_changes(base.pathways, head.pathways),
        {e.uid: e.record for e in (*base.events, *head.events) if e.record},
    )


RecordChanges = tuple[
    tuple[RecordChange, ...],
    tuple[RecordChange, ...],
    tuple[RecordChange, ...],
    tuple[RecordChange, ...],
]


def _record_changes(base: Publication, head: Publication) -> RecordChanges:
    added, changed, superseded, removed = [], [], [], []
    for key in sorted(base.records.keys() | head.records.keys()):
        old, new = base.records.get(key), head.records.get(key)
        if new is None:
            assert old is not None
            removed.append(RecordChange(key, old.title, "", old.status))
            continue
        successors = head.successors.get(key, ())
        if old is None:
            steps = tuple(Transition(e.date, e.status) for e in new.history)
            added.append(RecordChange(key, new.title, new.status, "", steps, (), successors))
            continue
        if facts(old) == facts(new) and _page(old) == _page(new):
            continue
        change = _record_change(old, new, successors)
        if new.status == "superseded" and old.status != "superseded":
            superseded.append(change)
        else:
            changed.append(change)
    return tuple(added), tuple(changed), tuple(superseded), tuple(removed)


def _page(record: DecisionRecord) -> str:
    """The record's page, named after its file (publication.py): a renamed file moves it."""
    return record.source


def _record_change(
    old: DecisionRecord, new: DecisionRecord, successors: tuple[str, ...]
) -> RecordChange:
    before = {facts(entry) for entry in old.history}
    after = {facts(entry) for entry in new.history}
    steps = tuple(Transition(e.date, e.status) for e in new.history if facts(e) not in before)
    fields = _differing(old, new, skip=("history", "status"))
    if before - after:  # an entry the base has was edited or taken out, not only added to
        fields = ("history", *fields)
    if _page(old) != _page(new):
        fields = (*fields, "file name")
    return RecordChange(new.id, new.title, new.status, old.status, steps, fields, successors)


def _told(issue: WeeklyDigest, as_of: dt.date | None) -> list[IssueItem]:
    return [
        IssueItem(
            str(issue.week),
            issue.number,
            issue.published,
            as_of is not None and issue.published > as_of,
            _SECTION[event.kind],
            event.title,
            event.uid,
            event.record,
        )
        for event in _in_reading_order(issue.events)
    ]


def _in_reading_order(events: Iterable[PackagingEvent]) -> list[PackagingEvent]:
    order = {kind: place for place, (kind, _) in enumerate(SECTIONS)}
    return sorted(events, key=lambda e: order[e.kind])  # stable: each section as the issue has it


def _items(
    base: Iterable[WeeklyDigest], head: Iterable[WeeklyDigest], as_of: dt.date | None
) -> tuple[tuple[IssueItem, ...], tuple[IssueItem, ...]]:
    before = [item for issue in base for item in _told(issue, as_of)]
    after = [item for issue in head for item in _told(issue, as_of)]
    told_before, told_after = {i.uid for i in before}, {i.uid for i in after}
    added = tuple(item for item in after if item.uid not in told_before)
    withdrawn = tuple(item for item in before if item.uid not in told_after)
    return added, withdrawn


def _renumbered(
    base: Iterable[WeeklyDigest], head: Iterable[WeeklyDigest]
) -> tuple[Renumbered, ...]:
    numbers = {issue.week: issue.number for issue in base}
    return tuple(
        Renumbered(str(issue.week), numbers[issue.week], issue.number)
        for issue in head
        if issue.week in numbers and numbers[issue.week] != issue.number
    )


def _feed_changes(base: Iterable[Feed], head: Iterable[Feed]) -> tuple[FeedChange, ...]:
    before = {feed.slug: {entry.uid: entry for entry in feed.entries} for feed in base}
    changes = []
    for feed in head:
        old = before.get(feed.slug, {})
        added = tuple(e for e in feed.entries if e.uid not in old)
        updated = tuple(e for e in feed.entries if e.uid in old and old[e.uid] != e)
        if added or updated:
            paths = tuple(feed.path(fmt) for fmt in FORMATS)
            changes.append(
                FeedChange(feed.slug, feed.title, paths, added, updated, feed.slug not in before)
            )
    return tuple(changes)


def _pathway_changes(
    base: dict[str, Pathway], head: dict[str, Pathway]
) -> tuple[PathwayChange, ...]:
    changes = []
    for key in sorted(base.keys() | head.keys()):
        old, new = base.get(key), head.get(key)
        if new is None:
            assert old is not None
            changes.append(PathwayChange(key, old.title, "removed"))
        elif old is None:
            what = (f"for {new.persona}", f"{len(new.steps)} step(s)")
            changes.append(PathwayChange(key, new.title, "added", what))
        elif facts(old) != facts(new):
            changes.append(PathwayChange(key, new.title, "changed", _pathway_differences(old, new)))
    return tuple(changes)


def _pathway_differences(old: Pathway, new: Pathway) -> tuple[str, ...]:
    """The steps added, removed and changed (by id), and the other fields that changed."""
    steps_before = {step.id: facts(step) for step in old.steps}
    steps_after = {step.id: facts(step) for step in new.steps}
    what = [f"step {key} added" for key in steps_after if key not in steps_before]
    what += [f"step {key} removed" for key in steps_before if key not in steps_after]
    what += [
        f"step {key} changed"
        for key in steps_after
        if key in steps_before and steps_before[key] != steps_after[key]
    ]
    if not what and facts(old.steps) != facts(new.steps):
        what.append("steps reordered")
    logged = {facts(change) for change in old.changes}
    what += [
        f"change logged on {change.date.isoformat()}"
        for change in new.changes
        if facts(change) not in logged
    ]
    what += _differing(old, new, skip=("steps", "changes"))
    return tuple(what)


__all__ = [
    "Changes",
    "FeedChange",
    "IssueItem",
    "PathwayChange",
    "RecordChange",
    "Renumbered",
    "Transition",
    "compare",
    "facts",
]
