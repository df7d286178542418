"""Changing records safely: the decisions folder as the editing commands read it, and a change
checked with every rule before it is written.

Each edited text is checked with the same rules as ``council check`` (each record's own, and
those across records) before anything is written, and a change that would add a problem is
refused. The edits themselves are in :mod:`.frontmatter_edit`.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..core.files import WriteFailed, write_all
from ..core.problems import Check, Problem
from ..core.project import CouncilProject, UsageError, display_path, read_text
from .corpus import corpus_problems
from .frontmatter_edit import EditRefused
from .lifecycle import allowed_next
from .load import load_decision
from .model import DecisionRecord
from .roster import Roster, load_roster

SUPERSEDE_HINT = (
    "a record becomes superseded through 'council supersede OLD NEW', once NEW is accepted"
)


@dataclass(frozen=True)
class StoredRecord:
    """A record with its file and text, as the editing commands need it."""

    path: Path
    text: str
    record: DecisionRecord
    # The record's own problems, so a change is compared without loading every file twice.
    problems: tuple[Problem, ...] = ()


def existing_records(project: CouncilProject) -> list[DecisionRecord]:
    """Every loadable record in the decisions folder (problems are for ``council check``)."""
    return [stored.record for stored in RecordFiles.read(project).stored]


@dataclass(frozen=True)
class RecordFiles:
    """The decisions folder as the editing commands see it."""

    stored: list[StoredRecord]
    # Files that are not records yet (unreadable, no front matter, broken YAML).
    unreadable: list[str]

    @classmethod
    def read(cls, project: CouncilProject) -> RecordFiles:
        stored, unreadable = [], []
        for path in sorted(project.decisions_dir.rglob("*.md")):
            try:  # bytes, not read_text: CRLF line endings must survive the edit
                text = path.read_bytes().decode("utf-8")
            except (OSError, UnicodeDecodeError):
                unreadable.append(display_path(path))
                continue
            record, problems = load_decision(display_path(path), text, project.settings)
            if record is None:
                unreadable.append(display_path(path))
            else:
                stored.append(StoredRecord(path, text, record, tuple(problems)))
        return cls(stored, unreadable)

    def find(self, record_id: str) -> StoredRecord:
        """The record with this id; an unknown id is a usage error with a suggestion."""
        for candidate in self.stored:
            if candidate.record.id == record_id:
                return candidate
        ids = sorted(s.record.id for s in self.stored if s.record.id)
        close = difflib.get_close_matches(record_id, ids, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else "; 'council check' lists the records"
        if self.unreadable:
            hint += (
                f"; {', '.join(self.unreadable)} cannot be read as a record, so its id is "
                "unknown: run 'council check' and fix it first"
            )
        raise UsageError(f"no record has the id {record_id!r}{hint}")


def _problem_key(problem: Problem) -> tuple[str, str, str, str]:
    # Lines move when an entry is added, so problems are compared without them.
    return (problem.source, problem.field, problem.message, problem.check.value)


def _corpus(project: CouncilProject, stored: Sequence[StoredRecord]) -> list[Problem]:
    roster = Roster()
    if project.roster_file is not None:
        roster_text = read_text(project.roster_file, [])
        if roster_text is not None:
            roster, _ = load_roster(
                display_path(project.roster_file), roster_text, project.settings.build_date
            )
    return corpus_problems([s.record for s in stored], roster)


def _all_problems(project: CouncilProject, stored: Sequence[StoredRecord]) -> list[Problem]:
    problems = [problem for item in stored for problem in item.problems]
    return problems + _corpus(project, stored)


def apply_edits(
    project: CouncilProject, stored: list[StoredRecord], edits: dict[Path, str]
) -> list[Problem]:
    """Check the edited files with every rule; refuse new problems in them, else write them.

    Returns new problems in files that were not edited (a change can call for another, such as
    superseding the record an accepted one replaces), for the command to mention.
    """
    before = {_problem_key(p) for p in _all_problems(project, stored)}
    after_stored = []
    edited_problems: list[Problem] = []
    for item in stored:
        if item.path not in edits:
            after_stored.append(item)
            continue
        record, found = load_decision(item.record.source, edits[item.path], project.settings)
        edited_problems += found
        if record is None:
            raise EditRefused(found)
        after_stored.append(
            replace(item, text=edits[item.path], record=record, problems=tuple(found))
        )
    corpus = _corpus(project, after_stored)
    sources = {item.record.source for item in stored if item.path in edits}
    after = edited_problems + [p for p in corpus if p.source in sources]
    # A reminder (a date after the build date) is reported by the check; it refuses no edit.
    new = sorted({p for p in after if not p.advisory and _problem_key(p) not in before})
    if new:
        raise EditRefused(new)
    try:  # every edited file or none, so records never disagree with each other
        write_all(edits, {path: display_path(path) for path in edits})
    except WriteFailed as error:
        raise UsageError(str(error)) from error
    return sorted({p for p in corpus if p.source not in sources and _problem_key(p) not in before})


def transition_problem(item: StoredRecord, status: str) -> Problem | None:
    """Why ``item`` cannot move to ``status`` as the lifecycle stands, or None when it can."""
    record = item.record
    current = record.history[-1].status if record.history else record.status
    if status in allowed_next(current):
        return None
    allowed = ", ".join(sorted(allowed_next(current))) or "nothing: it is final"
    message = (
        f"{record.id} is {current!r}, which cannot move to {status!r}; "
        f"after {current!r} comes {allowed}"
    )
    return Problem(record.source, record.line_of("status"), "status", message, Check.HISTORY)


__all__ = [
    "SUPERSEDE_HINT",
    "EditRefused",
    "RecordFiles",
    "StoredRecord",
    "apply_edits",
    "existing_records",
    "transition_problem",
]
