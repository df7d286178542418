"""``council import-peps``: decision records for resolved PEPs, from the vendored PEP data.

A resolved PEP is one the index lists as Accepted, Final, Active (a process PEP in force),
Rejected, Withdrawn or Superseded. A superseded record must be named in the ``supersedes`` of
an accepted successor's record, so a Superseded PEP is imported only together with the record
of its successor, written in the same run; when the successor's record already exists (this
command never rewrites one) or the successor is itself superseded, the PEP is listed for an
author to write by hand.

Each record gets the next free id and a new file; existing files are never touched, and a PEP
that an existing record is about (the first PEP of its ``peps``) is skipped, so a second run
writes nothing. Every record is checked with the site's own rules before it is written.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core.fields import link_problem
from ..core.text import long_date
from ..peps.index import PepHistory, PepInfo, index_provenance, pep_history, pep_index
from .model import DecisionRecord
from .pepstatus import subject_pep

# Index status -> the record's final status.
OUTCOMES = {
    "Accepted": "accepted",
    "Final": "accepted",
    "Active": "accepted",
    "Rejected": "rejected",
    "Withdrawn": "withdrawn",
}
# Index statuses that belong to each outcome, to date it from the status history.
OUTCOME_STATUSES = {
    "accepted": frozenset({"Accepted", "Provisional", "Final", "Active"}),
    "rejected": frozenset({"Rejected"}),
    "withdrawn": frozenset({"Withdrawn"}),
}
# A superseded record was first accepted: its title and file name say so.
VERBS = {
    "accepted": "Accept",
    "rejected": "Reject",
    "withdrawn": "Withdraw",
    "superseded": "Accept",
}
PYPI_WORDS = re.compile(r"PyPI|[Pp]ackage [Ii]ndex|[Rr]epository|Simple API|upload|[Mm]irror")


@dataclass(frozen=True)
class PlannedRecord:
    """One record the importer would write."""

    number: int
    record_id: str
    filename: str
    text: str


@dataclass(frozen=True)
class ImportPlan:
    """What an import writes, and the PEPs it leaves out with the reason."""

    records: tuple[PlannedRecord, ...]
    skipped: tuple[tuple[int, str], ...]


def plan_import(
    existing: Sequence[DecisionRecord],
    taken_files: Iterable[str],
    topic: str = "packaging",
    id_prefix: str = "PC-",
) -> ImportPlan:
    """Records for every resolved PEP of ``topic`` that no existing record is about."""
    covered = {subject_pep(r) for r in existing}
    skipped: list[tuple[int, str]] = []
    outcomes: dict[int, str] = {}
    for info in sorted(pep_index().values(), key=lambda i: i.number):
        if topic not in info.topics:
            continue
        reason = _skip_reason(info, covered)
        if reason:
            skipped.append((info.number, reason))
        elif outcome_date(pep_history(info.number), _outcome(info)) is None:
            skipped.append((info.number, "the index and history give no date for its outcome"))
        else:
            outcomes[info.number] = _outcome(info)
    for number in [n for n, outcome in outcomes.items() if outcome == "superseded"]:
        reason = _successor_problem(pep_index()[number], outcomes, covered)
        if reason:
            del outcomes[number]
            skipped.append((number, reason))
    ids = _assign_ids(outcomes, existing, set(taken_files), id_prefix)
    replaced: dict[int, list[tuple[str, int]]] = {}
    for number, outcome in outcomes.items():
        if outcome == "superseded":
            for successor in pep_index()[number].superseded_by:
                replaced.setdefault(successor, []).append((ids[number][0], number))
    planned = [
        PlannedRecord(
            number,
            record_id,
            filename,
            record_text(
                pep_index()[number],
                pep_history(number),
                outcomes[number],
                record_id,
                replaced.get(number, ()),
            ),
        )
        for number, (record_id, filename) in ids.items()
    ]
    return ImportPlan(tuple(planned), tuple(sorted(skipped)))


def _outcome(info: PepInfo) -> str:
    return "superseded" if info.status == "Superseded" else OUTCOMES[info.status]


def _skip_reason(info: PepInfo, covered: set[int | None]) -> str:
    if info.number in covered:
        return "an existing record is about it"
    if info.status == "Active" and info.type != "Process":
        return "an Active informational PEP records no decision"
    if info.status not in OUTCOMES and info.status != "Superseded":
        return f"not resolved ({info.status})"
    return ""


def _successor_problem(info: PepInfo, outcomes: dict[int, str], covered: set[int | None]) -> str:
    """Why a superseded PEP cannot be imported: the site's lifecycle needs its record to be
    named in the ``supersedes`` of an accepted record, which only a record written in the same
    run can be made to do (existing records are never rewritten)."""
    if not info.superseded_by:
        return "Superseded, but the index names no successor; write its record by hand"
    for successor in info.superseded_by:
        if successor in covered:
            return (
                f"Superseded by PEP {successor}, whose record exists: write this record by "
                "hand and add it to that record's supersedes"
            )
        if outcomes.get(successor) != "accepted":
            status = pep_index()[successor].status if successor in pep_index() else "unknown"
            return (
                f"Superseded by PEP {successor}, which is {status}; a superseded record needs "
                "an accepted successor"
            )
    return ""


def _assign_ids(
    outcomes: dict[int, str],
    existing: Sequence[DecisionRecord],
    taken: set[str],
    id_prefix: str,
) -> dict[int, tuple[str, str]]:
    """The id and file name of each PEP's record: the next free ones, in PEP number order."""
    numbers = [int(m[1]) for r in existing if (m := re.fullmatch(r".*?(\d+)", r.id))]
    next_number = max(numbers, default=0) + 1
    ids: dict[int, tuple[str, str]] = {}
    for number, outcome in sorted(outcomes.items()):
        while True:
            filename = f"{next_number:04d}-{VERBS[outcome].lower()}-pep-{number}.md"
            record_id = f"{id_prefix}{next_number:04d}"
            next_number += 1
            if filename not in taken:
                break
        ids[number] = (record_id, filename)
    return ids


def outcome_date(history: PepHistory, outcome: str) -> dt.date | None:
    """When the PEP reached its outcome: the dated Resolution header, else the first change
    of the last run of outcome statuses in the history (517 was Accepted, back to Draft, then
    Accepted again: the second acceptance counts). A superseded PEP's outcome is the date it
    was superseded (see :func:`superseded_dates`)."""
    if outcome == "superseded":
        dates = superseded_dates(history)
        return dates[1] if dates else None
    if history.resolution is not None and history.resolution.date is not None:
        return history.resolution.date
    statuses = OUTCOME_STATUSES[outcome]
    when = None
    for change in reversed(history.changes):
        if change.status not in statuses:
            break
        when = change.date
    return when


def superseded_dates(history: PepHistory) -> tuple[dt.date, dt.date] | None:
    """When a superseded PEP was accepted, and when it was marked Superseded."""
    changes = history.changes
    last = max((i for i, c in enumerate(changes) if c.status == "Superseded"), default=None)
    if last is None:
        return None
    before = PepHistory(changes[:last], history.delegate, history.resolution)
    accepted = outcome_date(before, "accepted")
    return (accepted, max(accepted, changes[last].date)) if accepted else None


def record_text(
    info: PepInfo,
    history: PepHistory,
    outcome: str,
    record_id: str,
    replaced: Sequence[tuple[str, int]] = (),
) -> str:
    """The Markdown of one imported record; ``replaced`` are the (id, PEP) of the records
    this one supersedes."""
    dates = superseded_dates(history) if outcome == "superseded" else None
    decided = dates[0] if dates else outcome_date(history, outcome)
    if decided is None:
        raise ValueError(f"PEP {info.number} has no date for its outcome")
    opened = info.created_on or (history.changes[0].date if history.changes else decided)
    opened = min(opened, decided)
    title = clean_title(info.title)
    peps = [info.number, *(n for _, n in replaced)]
    peps += [n for n in info.superseded_by if n in pep_index() and n not in peps]
    lines = [
        "---",
        f"id: {record_id}",
        f"title: {_yaml(_record_title(info.number, title, outcome))}",
        f"kind: {'process' if info.type == 'Process' else 'pronouncement'}",
        f"summary: {_yaml(_summary(info, title, outcome))}",
        *([f"reason: {_yaml(_reason(info))}"] if outcome in ("rejected", "withdrawn") else []),
        f"status: {outcome}",
        "history:",
        f"  - date: {opened.isoformat()}",
        "    status: proposed",
        f"    note: {_yaml(f'PEP {info.number} created.')}",
        f"  - date: {decided.isoformat()}",
        f"    status: {'accepted' if dates else outcome}",
        f"    note: {_yaml(_outcome_note(info, history))}",
    ]
    resolution = history.resolution.url if history.resolution else ""
    if resolution and link_problem(resolution) is None:
        lines.append(f"    link: {resolution}")
    if dates:
        successors = ", ".join(f"PEP {n}" for n in info.superseded_by)
        note = f"Marked Superseded in python/peps; superseded by {successors}."
        lines += [
            f"  - date: {dates[1].isoformat()}",
            "    status: superseded",
            f"    note: {_yaml(note)}",
        ]
    if outcome != "withdrawn":
        delegate = history.delegate if history.delegate not in ("", "TODO") else ""
        lines += ["decided_by:", "  body: pep-delegate" if delegate else "  body: not-recorded"]
        if delegate:
            lines.append(f"  name: {_yaml(delegate)}")
    if replaced:
        lines.append(f"supersedes: [{', '.join(record for record, _ in replaced)}]")
    lines += [
        f"peps: [{', '.join(map(str, peps))}]",
        f"areas: [{', '.join(_areas(info))}]",
        "---",
        "",
        *_body(info, history, outcome, [n for _, n in replaced]),
    ]
    return "\n".join(lines) + "\n"


def clean_title(title: str) -> str:
    """A PEP title without reST literal markup (``build-details.json`` -> build-details.json)."""
    return title.replace("``", "")


def _record_title(number: int, title: str, outcome: str) -> str:
    if outcome == "withdrawn":
        return f"PEP {number} withdrawn: {title}"
    return f"{VERBS[outcome]} PEP {number}: {title}"


def _summary(info: PepInfo, title: str, outcome: str) -> str:
    said = {
        "accepted": "was accepted",
        "rejected": "was rejected",
        "withdrawn": "was withdrawn",
        "superseded": "was accepted and later superseded",
    }
    return (
        f"PEP {info.number}, “{title}”, {said[outcome]} (status in the PEP index: {info.status})."
    )


def _reason(info: PepInfo) -> str:
    """What the PEP data says about why; the member importing replaces it with the PEP's own
    reason, in their words, where the PEP gives one."""
    successors = [f"PEP {n}" for n in info.superseded_by]
    if successors:
        return (
            f"The PEP index lists {', '.join(successors)} as taking its place; "
            "the PEP's text or its resolution gives the reasons."
        )
    return "The PEP index does not record why; the PEP's text or its resolution may say."


def _outcome_note(info: PepInfo, history: PepHistory) -> str:
    source = (
        "Date of the PEP's Resolution header."
        if history.resolution is not None and history.resolution.date is not None
        else "Date of the python/peps change that set this status."
    )
    changes = ", ".join(f"{c.status} {long_date(c.date)}" for c in history.changes)
    trail = f" Status changes in python/peps: {changes}." if changes else ""
    return f"{source}{trail}"


def _areas(info: PepInfo) -> list[str]:
    if "governance" in info.topics:
        return ["governance"]
    areas = ["standards"]
    if PYPI_WORDS.search(info.title):
        areas.append("pypi")
    return areas


def _body(info: PepInfo, history: PepHistory, outcome: str, replaced: list[int]) -> list[str]:
    authors = info.authors or "authors not recorded"
    created = long_date(info.created_on) if info.created_on else "an unrecorded date"
    lines = [
        "## What the PEP index records",
        "",
        f"{{pep}}`{info.number}` was written by {authors} and created on {created}. "
        f"The PEP index lists it as {info.type}, with the status {info.status}.",
    ]
    if history.delegate and history.delegate != "TODO" and outcome != "withdrawn":
        lines += ["", f"The PEP names {history.delegate} as its delegate."]
    successors = [n for n in info.superseded_by if n in pep_index()]
    if successors:
        cited = ", ".join(f"{{pep}}`{n}`" for n in successors)
        lines += ["", f"The index names {cited} as superseding it."]
    if replaced:
        cited = ", ".join(f"{{pep}}`{n}`" for n in replaced)
        lines += ["", f"It supersedes {cited}."]
    lines += [
        "",
        "This record was imported from the PEP data bundled with the site "
        f"({index_provenance()}); the history dates are those of the python/peps changes "
        "that set each status, or the PEP's own dated Resolution header.",
    ]
    return lines


def _yaml(text: str) -> str:
    """A YAML scalar: JSON strings are valid double-quoted YAML."""
    return json.dumps(text, ensure_ascii=False)


def write_plan(plan: ImportPlan, folder: Path) -> list[Path]:
    """Write each planned record to a new file; an existing file is never replaced."""
    written = []
    for planned in plan.records:
        path = folder / planned.filename
        with path.open("x", encoding="utf-8") as stream:  # "x": fail rather than overwrite
            stream.write(planned.text)
        written.append(path)
    return written
