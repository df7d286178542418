"""What happened in packaging, as dated events: the raw material of the weekly digests and feeds.

Each source of events has its own collector, a plain function from that source's data to
:class:`PackagingEvent` values: :func:`decision_events` (decision history entries),
:func:`standard_events` (status changes of packaging PEPs in the vendored PEP history) and
:func:`.news.news_events` (news items authored as files). Pathway reviews and changes come
from :func:`pathway_events` (a pathway's dated changelog and its last review), and the weekly
runs of every pathway command from :func:`pathway_check_events` (``pathways/checked.json``).

A decision record's entry is a council decision only when the council decided it; a record of
a decision taken before the council, by a PEP-Delegate or the Steering Council, is told as a
standards event naming who decided (``decider``), never as the council's.

An event's :attr:`~PackagingEvent.uid` is built from what the event *is* (a record id, a status
and a date; a PEP number, a status and a date; a news file's name), never from its position in
a list or the time of a build, so feed entry ids stay the same when the site is rebuilt or an
older event is added later.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from ..core.text import plain_title
from ..decisions.lifecycle import DECIDED_STATUSES, STATUS_LABELS

if TYPE_CHECKING:  # only named here: the check reads news items without loading pathways
    from ..decisions.catalog import Catalog
    from ..decisions.model import DecisionRecord
    from ..pathways.checked import RunSummary
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
    """A community news item chosen by the editors."""
    RELEASE = "release"
    """A watched packaging tool released a version on PyPI (``release_news.release_events``)."""


# Digest sections, in the order a reader meets them, with their headings.
SECTIONS: tuple[tuple[EventKind, str], ...] = (
    (EventKind.DECISION, "Council decisions"),
    (EventKind.COMMENT, "Open for comment"),
    (EventKind.STANDARD, "Standards"),
    (EventKind.PATHWAY, "Pathway updates"),
    (EventKind.NEWS, "Community news"),
    (EventKind.RELEASE, "Releases"),
)

# Draft decisions are work in progress, not news; every later status is.
UNANNOUNCED_STATUSES = frozenset({"draft"})


@dataclass(frozen=True)
class PackagingEvent:
    """One dated thing that happened, with where to read more about it.

    ``page`` is a document of the site (a docname) when the event is about one of its pages;
    ``url`` an absolute link elsewhere (a PEP, a news item's source). Links are resolved by
    whoever renders the event, since only they know the site's address and page suffix.
    ``summary`` is the plain-language sentence of the record, PEP or news item the event is
    about: what it means for readers, never where a date came from.
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
    subject: str = ""  # the name of what changed: a record's or PEP's title, a pathway's
    pep: int = 0  # the PEP the event is about: its own change, or a decision on it
    happens: dt.date | None = None  # the day a news item's event takes place
    source: str = ""  # who tells a news item ("discuss.python.org")
    record: str = ""  # the decision record whose history entry the event is ("PC-0011")
    step: int = 0  # the entry's place in that history: same-day entries keep their order
    decider: str = ""  # who decided, when not the council ("PEP-Delegate Donald Stufft")

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


def decision_events(
    catalog: Catalog, pep_titles: Mapping[int, str] | None = None
) -> list[PackagingEvent]:
    """One event per public status change of every decision record.

    A decision on one PEP (its title names it: "Accept PEP 751, ...") is told as that PEP's
    news, "PEP 751 accepted: A file format to record Python dependencies", when ``pep_titles``
    knows the PEP's title. A record superseded is told as what changed, the record: "PC-0011
    superseded by PC-0082", never as its PEP, which may well still be Final.

    Only what the council decided is a council decision (``DecisionRecord.by_council``); a
    record of a decision taken before it, by a PEP-Delegate or the Steering Council, is told in
    Standards, naming who decided.
    """
    titles = pep_titles or {}
    events: list[PackagingEvent] = []
    for record in catalog.records:
        for step, entry in enumerate(record.history):
            if entry.status not in UNANNOUNCED_STATUSES:
                events.append(_decision_event(catalog, record, step, titles))
    return events


def subject_pep(record: DecisionRecord) -> int:
    """The PEP a record decides on: the cited PEP its title names, else 0."""
    return next(
        (n for n in record.peps if re.search(rf"\bPEP {n}\b", record.title)),
        0,
    )


def _decision_event(
    catalog: Catalog, record: DecisionRecord, step: int, pep_titles: Mapping[int, str]
) -> PackagingEvent:
    entry = record.history[step]
    opens_comments = entry.status == "comment-period"
    label = STATUS_LABELS.get(entry.status, entry.status).lower()
    if opens_comments:
        label = "open for comment"
    elif entry.status == "accepted" and record.title.lower().startswith("provisionally"):
        label = "provisionally accepted"
    pep = subject_pep(record)
    subject = plain_title(pep_titles.get(pep, "")) if pep else ""
    name = plain_title(record.title)
    by_council, decider = record.by_council, record.decider
    if entry.status == "superseded":
        successors = catalog.successors(record.id)
        newer = [r for r in map(catalog.get, successors) if r is not None]
        by_council = all(new.by_council for new in newer) if newer else by_council
        decider = "" if by_council or not newer else newer[0].decider
        label += f" by {', '.join(successors)}" if successors else ""
        title = f"{record.id} {label}: {name}"
    else:
        named = f"PEP {pep}" if subject else record.id
        title = f"{named} {label}: {subject or name}"
    kind = EventKind.DECISION if by_council else EventKind.STANDARD
    # Who decided is told with the decision, not with a proposal or a withdrawal by its authors.
    decider = decider if entry.status in (*DECIDED_STATUSES, "superseded") else ""
    return PackagingEvent(
        kind=EventKind.COMMENT if opens_comments else kind,
        date=entry.date,
        key=f"{record.id}/{entry.status}/{entry.date.isoformat()}",
        title=title,
        summary=record.summary,
        page=record.source,
        url=entry.link,  # the announcement; the record's page is what the item links to
        status=entry.status,
        closes=entry.closes,
        areas=record.areas,
        personas=tuple(impact.persona for impact in record.personas),
        subject=name,
        pep=pep,
        record=record.id,
        step=step,
        decider=decider,
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
    Its summary is that of the decision on the PEP, where the council recorded one: the PEP
    index itself says what a PEP is called, not what it means for anyone.
    """
    cited = catalog.peps() if catalog else {}
    events: list[PackagingEvent] = []
    for info in peps:
        records = cited.get(info.number, [])
        areas = _union(("standards",), *(r.areas for r in records))
        personas = _union((), *((p.persona for p in r.personas) for r in records))
        deciding = [r for r in records if subject_pep(r) == info.number]
        summary = deciding[0].summary if deciding else ""
        for change in history.get(info.number, ()):
            phrase = PEP_STATUS_PHRASES.get(change.status, change.status.lower())
            events.append(
                PackagingEvent(
                    kind=EventKind.STANDARD,
                    date=dt.date.fromisoformat(change.date),
                    key=f"pep-{info.number}/{change.status}/{change.date}",
                    title=f"PEP {info.number} {phrase}: {plain_title(info.title)}",
                    summary=summary,
                    url=info.url,
                    status=change.status,
                    areas=areas,
                    personas=personas,
                    subject=plain_title(info.title),
                    pep=info.number,
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
    A pathway's first publication is summarised by the pathway's own summary.
    """
    events: list[PackagingEvent] = []
    for page, pathway in pathways:
        by_day: dict[dt.date, list[str]] = {}
        for change in pathway.changes:
            by_day.setdefault(change.date, []).append(change.summary)
        first = min(by_day, default=None)
        for day, summaries in by_day.items():
            # A new pathway is news for what it offers; a changed one for what changed.
            what = "published" if day == first else "updated"
            told = [pathway.summary] if what == "published" and pathway.summary else summaries
            events.append(_pathway_event(page, pathway, day, what, " ".join(told)))
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
        status=what,
        personas=(pathway.persona,),
        subject=pathway.title,
    )


def pathway_check_events(runs: Sequence[RunSummary]) -> list[PackagingEvent]:
    """One event per recorded weekly run of every pathway command: the tools it ran on, how
    many commands ran, and which steps broke or were fixed since the run before."""
    events = []
    before: RunSummary | None = None
    for run in sorted(runs, key=lambda r: r.date):
        if run.ran == 0 and not run.failed:
            before = run
            continue  # nothing ran: there is nothing to tell
        tools = ", ".join(f"{tool} {version}" for tool, version in sorted(run.tools.items()))
        told = [f"{run.ran} commands ran" + (f" on {tools}" if tools else "")]
        told.append(f"{run.skipped} cannot run on a CI machine and were skipped")
        earlier = set(before.failed) if before else set()
        broke = [f for f in run.failed if f not in earlier]
        fixed = sorted(earlier - set(run.failed))
        if broke:
            told.append("broke since the run before: " + "; ".join(broke))
        still = [f for f in run.failed if f in earlier]
        if still:
            told.append("still failing: " + "; ".join(still))
        if fixed:
            told.append("fixed since the run before: " + "; ".join(fixed))
        if not run.failed:
            told.append("every command did what its pathway says")
        passed = "a step failed" if run.failed else "all passed"
        events.append(
            PackagingEvent(
                kind=EventKind.PATHWAY,
                date=run.date,
                key=f"commands/checked/{run.date.isoformat()}",
                title=f"Pathway commands checked: {passed}",
                summary="; ".join(told) + ".",
                status="checked",
                subject="Pathway commands",
            )
        )
        before = run
    return events


def _union(first: Iterable[str], *more: Iterable[str]) -> tuple[str, ...]:
    """Names in first-seen order, each once."""
    seen: dict[str, None] = dict.fromkeys(first)
    for names in more:
        seen.update(dict.fromkeys(names))
    return tuple(seen)
