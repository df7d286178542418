"""What happened in packaging, as dated events: the raw material of the weekly digests and feeds.

Each source of events has its own collector, a plain function from that source's data to
:class:`PackagingEvent` values: :func:`decision_events` (decision history entries),
:func:`standard_events` (status changes of packaging PEPs in the vendored PEP history) and
:func:`.news.news_events` (news items authored as files). Pathway reviews and changes come
from :func:`pathway_events` (a pathway's dated changelog and its last review).

An event's :attr:`~PackagingEvent.uid` is built from what the event *is* (a record id, a status
and a date; a PEP number, a status and a date; a news file's name), never from its position in
a list or the time of a build, so feed entry ids stay the same when the site is rebuilt or an
older event is added later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from ..decisions.catalog import Catalog
from ..decisions.lifecycle import STATUS_LABELS
from ..decisions.model import DecisionRecord, HistoryEntry
from ..pathways.model import Pathway
from ..peps.index import PepInfo, PepStatusChange


class EventKind(StrEnum):
    """What kind of thing happened; each kind has its own section in a weekly digest."""

    DECISION = "decision"
    """A decision record changed status (proposed, accepted, rejected, superseded...)."""
    COMMENT = "comment"
    """A decision record opened for public comment until a closing date."""
    STANDARD = "standard"
    """A packaging PEP's status changed in the PEP index."""
    PATHWAY = "pathway"
    """A persona pathway was reviewed or changed."""
    NEWS = "news"
    """A short news item written by the editors."""


# Digest sections, in the order a reader meets them, with their headings.
SECTIONS: tuple[tuple[EventKind, str], ...] = (
    (EventKind.DECISION, "Council decisions"),
    (EventKind.COMMENT, "Open for comment"),
    (EventKind.STANDARD, "Standards"),
    (EventKind.PATHWAY, "Pathway updates"),
    (EventKind.NEWS, "News"),
)

# Draft decisions are work in progress, not news; every later status is.
UNANNOUNCED_STATUSES = frozenset({"draft"})


@dataclass(frozen=True)
class PackagingEvent:
    """One dated thing that happened, with where to read more about it.

    ``page`` is a document of the site (a docname) when the event is about one of its pages;
    ``url`` an absolute link elsewhere (a PEP, a news item's source). Links are resolved by
    whoever renders the event, since only they know the site's address and page suffix.
    """

    kind: EventKind
    date: dt.date
    key: str
    title: str
    summary: str = ""
    page: str = ""
    url: str = ""
    status: str = ""
    closes: dt.date | None = None
    areas: tuple[str, ...] = ()
    personas: tuple[str, ...] = ()

    @property
    def uid(self) -> str:
        """Unique and stable across builds: ``decision:PC-0001/accepted/2026-04-16``."""
        return f"{self.kind.value}:{self.key}"

    @property
    def sort_key(self) -> tuple[dt.date, int, str]:
        """Oldest first, then by section, then by uid: a total order, whatever the input order."""
        return (self.date, _SECTION_ORDER[self.kind], self.uid)


_SECTION_ORDER = {kind: position for position, (kind, _) in enumerate(SECTIONS)}


def in_order(events: Iterable[PackagingEvent]) -> list[PackagingEvent]:
    """Events without duplicates (the same uid twice keeps the first), oldest first."""
    unique: dict[str, PackagingEvent] = {}
    for event in events:
        unique.setdefault(event.uid, event)
    return sorted(unique.values(), key=lambda event: event.sort_key)


def decision_events(catalog: Catalog) -> list[PackagingEvent]:
    """One event per public status change of every decision record."""
    events: list[PackagingEvent] = []
    for record in catalog.records:
        for entry in record.history:
            if entry.status not in UNANNOUNCED_STATUSES:
                events.append(_decision_event(record, entry))
    return events


def _decision_event(record: DecisionRecord, entry: HistoryEntry) -> PackagingEvent:
    opens_comments = entry.status == "comment-period"
    label = STATUS_LABELS.get(entry.status, entry.status).lower()
    title = f"{record.id} {label}: {record.title}"
    if opens_comments:
        title = f"{record.id} open for comment: {record.title}"
    return PackagingEvent(
        kind=EventKind.COMMENT if opens_comments else EventKind.DECISION,
        date=entry.date,
        key=f"{record.id}/{entry.status}/{entry.date.isoformat()}",
        title=title,
        summary=entry.note or record.summary,
        page=record.source,
        status=entry.status,
        closes=entry.closes,
        areas=record.areas,
        personas=tuple(impact.persona for impact in record.personas),
    )


# How a PEP's new status reads in a sentence.
PEP_STATUS_PHRASES = {
    "Draft": "published as a draft",
    "Provisional": "provisionally accepted",
    "Accepted": "accepted",
    "Final": "final",
    "Active": "active",
    "Rejected": "rejected",
    "Withdrawn": "withdrawn",
    "Deferred": "deferred",
    "Superseded": "superseded",
}


def standard_events(
    peps: Sequence[PepInfo],
    history: Mapping[int, Sequence[PepStatusChange]],
    catalog: Catalog | None = None,
) -> list[PackagingEvent]:
    """One event per status change of these PEPs.

    A PEP's event reaches the per-area and per-persona feeds of the decisions that cite it, so a
    publisher who follows the council's decisions also hears when the standard behind one moves.
    """
    cited = catalog.peps() if catalog else {}
    events: list[PackagingEvent] = []
    for info in peps:
        records = cited.get(info.number, [])
        areas = _union(("standards",), *(r.areas for r in records))
        personas = _union((), *((p.persona for p in r.personas) for r in records))
        for change in history.get(info.number, ()):
            phrase = PEP_STATUS_PHRASES.get(change.status, change.status.lower())
            events.append(
                PackagingEvent(
                    kind=EventKind.STANDARD,
                    date=dt.date.fromisoformat(change.date),
                    key=f"pep-{info.number}/{change.status}/{change.date}",
                    title=f"PEP {info.number} {phrase}: {info.title}",
                    summary=f"The PEP index lists PEP {info.number} as {change.status}.",
                    url=info.url,
                    status=change.status,
                    areas=areas,
                    personas=personas,
                )
            )
    return events


PATHWAY_TITLES = {
    "published": "New pathway",
    "updated": "Pathway updated",
    "reviewed": "Pathway reviewed",
}


def pathway_events(pathways: Iterable[tuple[str, Pathway]]) -> list[PackagingEvent]:
    """One event per day a pathway changed (its changelog) and one for its last review.

    Takes ``(docname, pathway)`` pairs. Entries of one pathway on one day are one event, since
    the date is what identifies it; a review on a day with a changelog entry is that update.
    """
    events: list[PackagingEvent] = []
    for page, pathway in pathways:
        by_day: dict[dt.date, list[str]] = {}
        for change in pathway.changes:
            by_day.setdefault(change.date, []).append(change.summary)
        first = min(by_day, default=None)
        for day, summaries in by_day.items():
            what = "published" if day == first else "updated"
            events.append(_pathway_event(page, pathway, day, what, " ".join(summaries)))
        if pathway.reviewed is not None and pathway.reviewed not in by_day:
            due = pathway.review_due
            summary = "Reviewed and still current" + (
                f"; next review by {due.isoformat()}." if due else "."
            )
            events.append(_pathway_event(page, pathway, pathway.reviewed, "reviewed", summary))
    return events


def _pathway_event(
    page: str, pathway: Pathway, day: dt.date, what: str, summary: str
) -> PackagingEvent:
    return PackagingEvent(
        kind=EventKind.PATHWAY,
        date=day,
        key=f"{pathway.id}/{what}/{day.isoformat()}",
        title=f"{PATHWAY_TITLES[what]}: {pathway.title}",
        summary=summary,
        page=page,
        personas=(pathway.persona,),
    )


def _union(first: Iterable[str], *more: Iterable[str]) -> tuple[str, ...]:
    """Names in first-seen order, each once."""
    seen: dict[str, None] = dict.fromkeys(first)
    for names in more:
        seen.update(dict.fromkeys(names))
    return tuple(seen)
