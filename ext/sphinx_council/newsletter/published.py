"""What has really been published: the committed record of the issues sent, and what each told.

A build sees the records, the PEP history and the news as they are today, not as they were on
the Monday an issue went out: a record added now may carry a history entry dated weeks ago (a
backdated record, a late refresh). So the weekly job, once it has published Monday's issue,
adds it to ``newsletter/published.json`` (:func:`record_issue`, through ``council digest WEEK
--record``): the issue's week, number, the day it was sent, the id of every event it accounts
for, and its items as they read (what happened and what is coming up). A build then shows
every recorded issue as it was sent (its number, its date and its items, even when a record's
summary is edited later: frozen), and an event not told by any recorded issue but dated in a
recorded week is told in the next issue not yet sent: "learned" means "not in the issue as
sent". Issues before the newsletter's launch were never sent: they are compiled from the
record as it is, and say so; the first issue sent records them too, as the archive stood then.

Pure Python, no Sphinx.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from enum import Enum
from pathlib import Path

from ..core.files import write_atomically
from ..core.sourcefiles import FileRefused, read_source_bytes
from .events import PackagingEvent

# Under the project root beside the records of what was mailed (newsletter/sent/), outside the
# content folders; committed by the weekly job. A site names it with council_newsletter_published.
PUBLISHED_PATH = "newsletter/published.json"


@dataclass(frozen=True)
class PublishedIssue:
    """One issue as it was sent."""

    week: str  # ISO week, "2026-W50"
    number: int
    sent: dt.date
    told: tuple[str, ...]  # the uids of its events, shown or folded into another item, sorted
    events: tuple[PackagingEvent, ...] = ()  # its items as sent; () in an older record
    upcoming: tuple[tuple[dt.date, PackagingEvent], ...] = ()  # its "Coming up" as sent


@dataclass(frozen=True)
class Published:
    """Every issue sent, by week; empty before the launch."""

    issues: Mapping[str, PublishedIssue] = field(default_factory=dict)

    def issue(self, week: str) -> PublishedIssue | None:
        return self.issues.get(week)

    def told_in(self) -> dict[str, str]:
        """Which week's issue told each event, by uid."""
        return {uid: issue.week for issue in self.issues.values() for uid in issue.told}


# Every issue ever published, with its items: years of them fit in this many bytes.
RECORD_BYTES = 16 << 20


class PublishedUnreadable(ValueError):
    """The record of sent issues is not what :func:`record_issue` writes."""


def read_published(path: Path) -> Published:
    """The issues recorded as sent; none when there is no record yet.

    Raises :class:`PublishedUnreadable` with what is wrong: a build must not guess which
    issues readers already have.
    """
    if not os.path.lexists(path):
        return Published()
    try:
        # Never through a link, nor a pipe: the record is data in the repository.
        data = json.loads(read_source_bytes(path, path.parent, RECORD_BYTES).decode("utf-8"))
        issues = {
            week: PublishedIssue(
                week,
                int(entry["number"]),
                dt.date.fromisoformat(entry["sent"]),
                tuple(sorted(map(str, entry["told"]))),
                tuple(map(_event_from, entry.get("events", []))),
                tuple(
                    (dt.date.fromisoformat(day), _event_from(event))
                    for day, event in entry.get("upcoming", [])
                ),
            )
            for week, entry in data["issues"].items()
        }
    except (FileRefused, OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise PublishedUnreadable(
            f"cannot be read as the record of published issues ({error}); restore it from "
            "the repository's history"
        ) from error
    return Published(issues)


def record_issue(path: Path, issue: PublishedIssue, *archive: PublishedIssue) -> bool:
    """Add an issue to the record, sorted; False (and nothing written) when its week is there
    already: a sent issue is never recorded twice, nor changed. ``archive``, the issues
    compiled before the launch, is recorded with the first issue sent: the archive as readers
    first saw it, so that news learned later of those weeks goes to the next issue too, and no
    number changes."""
    published = read_published(path)
    if published.issue(issue.week) is not None:
        return False
    added = {i.week: i for i in archive} if not published.issues else {}
    entries = {
        week: {
            "number": i.number,
            "sent": i.sent.isoformat(),
            "told": list(i.told),
            "events": [_event_json(event) for event in i.events],
            "upcoming": [[day.isoformat(), _event_json(event)] for day, event in i.upcoming],
        }
        for week, i in {**published.issues, **added, issue.week: issue}.items()
    }
    text = json.dumps({"issues": dict(sorted(entries.items()))}, indent=2) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, text)
    return True


# An event's fields as JSON: dates as ISO strings, tuples as lists, the kind by its value; a
# field left at its default is not written.
_DEFAULTS = {f.name: f.default for f in fields(PackagingEvent)}


def _event_json(event: PackagingEvent) -> dict[str, object]:
    data: dict[str, object] = {}
    for name, default in _DEFAULTS.items():
        value = getattr(event, name)
        if value == default and name not in ("kind", "date", "key", "title"):
            continue
        if isinstance(value, Enum):
            value = value.value
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        data[name] = value
    return data


def _event_from(data: dict[str, object]) -> PackagingEvent:
    hints = typing.get_type_hints(PackagingEvent)
    values: dict[str, object] = {}
    for name, value in data.items():
        if name not in hints:
            raise ValueError(f"an event has no field {name!r}")
        hint = hints[name]
        kinds = typing.get_args(hint) or (hint,)
        if value is None:
            values[name] = None
        elif isinstance(hint, type) and issubclass(hint, Enum):
            values[name] = hint(value)
        elif dt.date in kinds:
            values[name] = dt.date.fromisoformat(str(value))
        elif typing.get_origin(hint) is tuple:
            if not isinstance(value, list):
                raise ValueError(f"an event's {name} is not a list")
            values[name] = tuple(value)
        else:
            values[name] = value
    return PackagingEvent(**values)  # type: ignore[arg-type]
