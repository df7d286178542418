"""``feeds/deadlines.ics``: the dates readers can act on, for any calendar application: every
open comment period's closing day, every announced event, every pathway's next review. Written
with the icalendar package (RFC 5545). Pure Python, no Sphinx.

Each entry's UID is made from what it is (the event's id, or the pathway and its due date), and
DTSTAMP is the build date, so a rebuild writes the same bytes and a calendar that subscribed
updates entries instead of adding copies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from .digest import NEWSLETTER
from .events import EventKind, PackagingEvent
from .feeds import FEEDS_FOLDER, FeedSite
from .outline import event_link, summary_text
from .render import Address

CALENDAR_PATH = f"{FEEDS_FOLDER}/deadlines.ics"


@dataclass(frozen=True)
class Deadline:
    """One all-day calendar entry."""

    uid: str
    day: dt.date
    title: str
    summary: str
    url: str


def event_deadline(day: dt.date, event: PackagingEvent, address: Address) -> Deadline:
    """A comment period's closing day, or the day of an announced event."""
    name = event.subject or event.title
    title = f"Comments close: {name}" if event.kind is EventKind.COMMENT else name
    summary = summary_text(event)
    return Deadline(f"due:{event.uid}", day, title, summary, address(event_link(event)))


def deadlines_ics(deadlines: Sequence[Deadline], site: FeedSite, stamp: dt.date) -> bytes:
    """The calendar; one that has no entry still parses (a calendar app shows it empty)."""
    import icalendar  # noqa: PLC0415 (only the calendar needs it)

    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//sphinx-council//{NEWSLETTER}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{site.name}: deadlines")
    moment = dt.datetime.combine(stamp, dt.time(), tzinfo=dt.UTC)
    for deadline in sorted(deadlines, key=lambda d: (d.day, d.uid)):
        entry = icalendar.Event()
        entry.add("uid", site.tag(deadline.uid))
        entry.add("dtstamp", moment)
        entry.add("dtstart", deadline.day)
        entry.add("dtend", deadline.day + dt.timedelta(days=1))
        entry.add("summary", deadline.title)
        if deadline.summary:
            entry.add("description", deadline.summary)
        if deadline.url:
            entry.add("url", deadline.url)
        entry.add("transp", "TRANSPARENT")  # a deadline, not a meeting: the day stays free
        calendar.add_component(entry)
    return bytes(calendar.to_ical())
