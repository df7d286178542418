"""Each fact once: a PEP's status change that a council decision on that PEP already tells is
not told again, and a PEP accepted and made final in the same week is one item.

The decision records imported from the PEP index date a PEP's outcome by its Resolution header,
while the PEP index dates the same outcome by the later commit that changed the PEP's Status
header; without this, readers would hear "PEP 833 accepted" twice, weeks apart. Pure Python.
"""

from __future__ import annotations

import dataclasses
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
        if event.kind is EventKind.STANDARD:
            changes.setdefault(event.pep, []).append(event)
    told: set[str] = set()
    for event in events:
        if event.kind not in (EventKind.DECISION, EventKind.COMMENT) or not event.pep:
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
    return [event for event in events if event.uid not in told]


def one_line_per_pep(events: Iterable[PackagingEvent]) -> list[PackagingEvent]:
    """A week's events, with a PEP's Final folded into its acceptance in the same week.

    The folded item keeps the acceptance's id (a feed reader that showed "accepted" earlier in
    the week sees the same item, now "accepted and final").
    """
    week = list(events)
    finals = {
        e.pep: e for e in week if e.kind is EventKind.STANDARD and e.status == "Final" and e.pep
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
        status="Final" if accepted.kind is EventKind.STANDARD else accepted.status,
    )
