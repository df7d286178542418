"""Each fact once: a PEP's status change that a decision on that PEP already tells is not told
again, a news item announcing what a record's history entry records (the same link) is that
entry's item, a PEP accepted and made final in the same week is one item, and one issue says
one status per record or PEP: the last it reached that week.

The decision records imported from the PEP index date a PEP's outcome by its Resolution header,
while the PEP index dates the same outcome by the later commit that changed the PEP's Status
header; without this, readers would hear "PEP 833 accepted" twice, weeks apart. Pure Python.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence

from .events import EventKind, PackagingEvent

# The PEP statuses a decision on a PEP tells: its "accepted" is the PEP's Accepted (or
# Provisional, for a provisional acceptance), its "proposed" the PEP's first draft.
TOLD_BY_DECISION: dict[str, frozenset[str]] = {
    "proposed": frozenset({"Draft"}),
    "accepted": frozenset({"Accepted", "Provisional"}),
    "rejected": frozenset({"Rejected"}),
    "withdrawn": frozenset({"Withdrawn"}),
    "deferred": frozenset({"Deferred"}),
    "superseded": frozenset({"Superseded"}),
}
ACCEPTED = frozenset({"accepted", "Accepted", "Provisional"})


def told_once(events: Sequence[PackagingEvent]) -> list[PackagingEvent]:
    """The events without the PEP status changes that a decision on the same PEP tells.

    Each decision event takes the one matching change of its PEP nearest to it in time, so a
    PEP provisionally accepted and accepted later keeps its second step as news.
    """
    changes: dict[int, list[PackagingEvent]] = {}
    for event in events:
        if event.kind is EventKind.STANDARD and not event.record:
            changes.setdefault(event.pep, []).append(event)
    told: set[str] = set()
    for event in events:
        if not event.record or not event.pep:
            continue
        statuses = TOLD_BY_DECISION.get(event.status, frozenset())
        matching = [
            change
            for change in changes.get(event.pep, ())
            if change.status in statuses and change.uid not in told
        ]
        if matching:
            nearest = min(matching, key=lambda c: (abs((c.date - event.date).days), c.uid))
            told.add(nearest.uid)
    announced = {_plain_url(e.url) for e in events if e.record and e.url}
    told |= {e.uid for e in events if e.kind is EventKind.NEWS and _plain_url(e.url) in announced}
    return [event for event in events if event.uid not in told]


def _plain_url(url: str) -> str:
    return url.strip().rstrip("/")


def last_status_only(week: Sequence[PackagingEvent], sent: dt.date) -> list[PackagingEvent]:
    """A week's events with one status per record and per PEP: the last one reached, by date
    and then by the order of the record's history; a comment period only while it is still
    open on the day the issue is sent."""
    last: dict[str, PackagingEvent] = {}
    for event in week:
        subject = _subject(event)
        if subject and (subject not in last or _when(last[subject]) <= _when(event)):
            last[subject] = event
    kept = []
    for event in week:
        subject = _subject(event)
        if subject and last[subject] is not event:
            continue
        if event.kind is EventKind.COMMENT and event.closes is not None and event.closes < sent:
            continue
        kept.append(event)
    return kept


def _subject(event: PackagingEvent) -> str:
    if event.record:
        return f"record:{event.record}"
    if event.kind is EventKind.STANDARD and event.pep:
        return f"pep:{event.pep}"
    return ""


def _when(event: PackagingEvent) -> tuple[dt.date, int]:
    return (event.date, event.step)


def one_line_per_pep(events: Iterable[PackagingEvent]) -> list[PackagingEvent]:
    """A week's events, with a PEP's Final folded into its acceptance in the same week.

    The folded item keeps the acceptance's id (a feed reader that showed "accepted" earlier in
    the week sees the same item, now "accepted and final").
    """
    week = list(events)
    finals = {
        e.pep: e
        for e in week
        if e.kind is EventKind.STANDARD and not e.record and e.status == "Final" and e.pep
    }
    folded: dict[str, PackagingEvent] = {}
    done: set[int] = set()
    for event in week:
        final = finals.get(event.pep)
        if final is not None and event.status in ACCEPTED and event.pep not in done:
            done.add(event.pep)
            folded[event.uid] = folded[final.uid] = _accepted_and_final(event, final)
    result: list[PackagingEvent] = []
    for event in week:
        merged = folded.get(event.uid, event)
        if merged not in result:
            result.append(merged)
    return result


def _accepted_and_final(accepted: PackagingEvent, final: PackagingEvent) -> PackagingEvent:
    said = accepted.title.split(":", 1)[0]
    title = accepted.title.replace(said, f"{said} and final", 1)
    return dataclasses.replace(
        accepted,
        title=title,
        summary=accepted.summary or final.summary,
        areas=tuple(dict.fromkeys((*accepted.areas, *final.areas))),
        personas=tuple(dict.fromkeys((*accepted.personas, *final.personas))),
        status="Final" if not accepted.record else accepted.status,
    )
