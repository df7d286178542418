"""``council import-peps``: decision records for resolved PEPs, from the vendored PEP data.

A resolved PEP is one the index lists as Accepted, Final, Active (a process PEP in force),
Rejected or Withdrawn. Superseded PEPs are left out: a superseded record must be named in the
``supersedes`` of its successor's record, which may be an existing record this command never
rewrites, so those are listed for an author to write by hand.

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

from .corpus import corpus_problems
from .pepindex import PepHistory, PepInfo, index_provenance, pep_history, pep_index
from .pepstatus import subject_pep
from .problems import Problem
from .records import DecisionRecord, RuleSettings
from .rules import link_problem, load_decision

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
VERBS = {"accepted": "Accept", "rejected": "Reject", "withdrawn": "Withdraw"}
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
    numbers = [int(m[1]) for r in existing if (m := re.fullmatch(r".*?(\d+)", r.id))]
    next_number = max(numbers, default=0) + 1
    taken = set(taken_files)
    planned: list[PlannedRecord] = []
    skipped: list[tuple[int, str]] = []
    for info in sorted(pep_index().values(), key=lambda i: i.number):
        if topic not in info.topics:
            continue
        outcome = OUTCOMES.get(info.status)
        reason = _skip_reason(info, outcome, covered)
        if reason:
            skipped.append((info.number, reason))
            continue
        assert outcome is not None
        while True:
            record_id = f"{id_prefix}{next_number:04d}"
            filename = f"{next_number:04d}-{VERBS[outcome].lower()}-pep-{info.number}.md"
            next_number += 1
            if filename not in taken:
                break
        text = record_text(info, pep_history(info.number), outcome, record_id)
        if text is None:
            skipped.append((info.number, "the index and history give no date for its outcome"))
            continue
        planned.append(PlannedRecord(info.number, record_id, filename, text))
        taken.add(filename)
    return ImportPlan(tuple(planned), tuple(skipped))


def _skip_reason(info: PepInfo, outcome: str | None, covered: set[int | None]) -> str:
    if info.number in covered:
        return "an existing record is about it"
    if info.status == "Active" and info.type != "Process":
        return "an Active informational PEP records no decision"
    if info.status == "Superseded":
        return (
            "Superseded: its record must be listed in the supersedes of the record of "
            f"PEP {', '.join(map(str, info.superseded_by)) or '(none named)'}; write it by hand"
        )
    if outcome is None:
        return f"not resolved ({info.status})"
    return ""


def outcome_date(history: PepHistory, outcome: str) -> dt.date | None:
    """When the PEP reached its outcome: the dated Resolution header, else the first change
    of the last run of outcome statuses in the history (517 was Accepted, back to Draft, then
    Accepted again: the second acceptance counts)."""
    if history.resolution is not None and history.resolution.date is not None:
        return history.resolution.date
    statuses = OUTCOME_STATUSES[outcome]
    when = None
    for change in reversed(history.changes):
        if change.status not in statuses:
            break
        when = change.date
    return when


def record_text(info: PepInfo, history: PepHistory, outcome: str, record_id: str) -> str | None:
    """The Markdown of one imported record, or None when its outcome cannot be dated."""
    decided = outcome_date(history, outcome)
    if decided is None:
        return None
    opened = info.created_on or (history.changes[0].date if history.changes else decided)
    opened = min(opened, decided)
    title = clean_title(info.title)
    peps = [info.number, *(n for n in info.superseded_by if n in pep_index())]
    lines = [
        "---",
        f"id: {record_id}",
        f"title: {_yaml(_record_title(info.number, title, outcome))}",
        f"kind: {'process' if info.type == 'Process' else 'pronouncement'}",
        f"summary: {_yaml(_summary(info, title, outcome))}",
        f"status: {outcome}",
        "history:",
        f"  - date: {opened.isoformat()}",
        "    status: proposed",
        f"    note: {_yaml(f'PEP {info.number} created.')}",
        f"  - date: {decided.isoformat()}",
        f"    status: {outcome}",
        f"    note: {_yaml(_outcome_note(info, history))}",
    ]
    resolution = history.resolution.url if history.resolution else ""
    if resolution and link_problem(resolution) is None:
        lines.append(f"    link: {resolution}")
    if outcome != "withdrawn":
        delegate = history.delegate if history.delegate not in ("", "TODO") else ""
        lines += ["decided_by:", "  body: pep-delegate" if delegate else "  body: not-recorded"]
        if delegate:
            lines.append(f"  name: {_yaml(delegate)}")
    lines += [
        f"peps: [{', '.join(map(str, peps))}]",
        f"areas: [{', '.join(_areas(info))}]",
        "---",
        "",
        *_body(info, history, outcome),
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
    said = {"accepted": "was accepted", "rejected": "was rejected", "withdrawn": "was withdrawn"}
    return (
        f"PEP {info.number}, “{title}”, {said[outcome]} (status in the PEP index: {info.status})."
    )


def _outcome_note(info: PepInfo, history: PepHistory) -> str:
    source = (
        "Date of the PEP's Resolution header."
        if history.resolution is not None and history.resolution.date is not None
        else "Date of the python/peps change that set this status."
    )
    changes = ", ".join(f"{c.status} {c.date.isoformat()}" for c in history.changes)
    trail = f" Status changes in python/peps: {changes}." if changes else ""
    return f"{source}{trail}"


def _areas(info: PepInfo) -> list[str]:
    if "governance" in info.topics:
        return ["governance"]
    areas = ["standards"]
    if PYPI_WORDS.search(info.title):
        areas.append("pypi")
    return areas


def _body(info: PepInfo, history: PepHistory, outcome: str) -> list[str]:
    authors = info.authors or "authors not recorded"
    created = info.created_on.isoformat() if info.created_on else "an unrecorded date"
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


def check_plan(
    plan: ImportPlan, existing: Sequence[DecisionRecord], settings: RuleSettings, folder: str
) -> list[Problem]:
    """The problems the site's checks find in the planned records, alongside existing ones."""
    problems: list[Problem] = []
    records = list(existing)
    for planned in plan.records:
        record, found = load_decision(f"{folder}/{planned.filename}", planned.text, settings)
        problems += found
        if record is not None:
            records.append(record)
    sources = {f"{folder}/{p.filename}" for p in plan.records}
    problems += [p for p in corpus_problems(records) if p.source in sources]
    return problems


def write_plan(plan: ImportPlan, folder: Path) -> list[Path]:
    """Write each planned record to a new file; an existing file is never replaced."""
    written = []
    for planned in plan.records:
        path = folder / planned.filename
        with path.open("x", encoding="utf-8") as stream:  # "x": fail rather than overwrite
            stream.write(planned.text)
        written.append(path)
    return written
