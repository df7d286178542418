"""Changing records safely: the decisions folder as the editing commands read it, and a change
checked with every rule before it is written.

Every edit command passes the same gate (:func:`refuse_new_problems`): the whole project is
checked as ``council check`` checks it (each record's own rules and those across records, with
the roster, PEP index and ``suppress_warnings`` of ``conf.py``), once as it is and once as the
edit would leave it, and an edit whose result has a problem the project did not have before
is refused, naming it, before anything is written. Problems the project already had do not
block an unrelated edit. The edits themselves are in :mod:`.frontmatter_edit`.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from ..core.contentwalk import RECORDS, walk_content
from ..core.files import WriteFailed, write_all
from ..core.layout import is_suppressed, pep_status_warnings
from ..core.problems import Check, Problem
from ..core.project import CouncilProject, UsageError, display_path
from ..core.sourcefiles import FileRefused, read_source_bytes
from .checkcache import CheckCache
from .frontmatter_edit import EditRefused
from .lifecycle import allowed_next
from .load import load_decision
from .model import DecisionRecord
from .project import check_project

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
        walk = walk_content(project.decisions_dir, project.root, RECORDS, display_path)
        unreadable += [problem.source for problem in walk.problems]
        for path in walk.files:
            try:  # bytes, not read_text: CRLF line endings must survive the edit
                text = read_source_bytes(path, project.root).decode("utf-8")
            except (FileRefused, UnicodeDecodeError):
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
        hint = f" (did you mean {close[0]!r}?)" if close else _known_ids(ids)
        if self.unreadable:
            hint += (
                f"; {', '.join(self.unreadable)} cannot be read as a record, so its id is "
                "unknown: run 'council check' and fix it first"
            )
        raise UsageError(f"no record has the id {record_id!r}{hint}")


# Up to this many ids are named in full; more are given as a range.
KNOWN_IDS_SHOWN = 12


def _known_ids(ids: list[str]) -> str:
    """What ids there are, for an unknown one with no close match."""
    if not ids:
        return "; the decisions folder has no record yet"
    if len(ids) <= KNOWN_IDS_SHOWN:
        return f"; the known ids are {', '.join(ids)}"
    return f"; the {len(ids)} known ids run from {ids[0]} to {ids[-1]}"


def _problem_key(problem: Problem) -> tuple[str, str, str, str]:
    # Lines move when an entry is added, so problems are compared without them.
    return (problem.source, problem.field, problem.message, problem.check.value)


def _project_problems(
    project: CouncilProject, memory: CheckCache, texts: Mapping[Path, str] | None = None
) -> list[Problem]:
    """What ``council check`` reports on the records (and roster), with ``texts`` in place."""
    result = check_project(
        project.decisions_dir,
        project.roster_file,
        project.settings,
        cache=memory,
        pep_status_warnings=pep_status_warnings(project.conf_values),
        texts=texts,
        root=project.root,
    )
    silenced = project.conf_values.get("suppress_warnings")
    return [p for p in result.problems if not is_suppressed(p, silenced)]


def refuse_new_problems(
    project: CouncilProject,
    texts: Mapping[Path, str],
    expected: Callable[[Problem], bool] = lambda _problem: False,
) -> None:
    """Raise :class:`EditRefused` with every problem the project would have once ``texts``
    (path: new text, for edited and new record files) are written and does not have now,
    but for those ``expected`` allows (a new record's summary, written next)."""
    # What council check remembered speeds the first check up; nothing is written back (an edit
    # writes only the files it names), and files the edit leaves alone are read once.
    build_date = str(project.conf_values.get("council_build_date") or "")
    memory = replace(CheckCache.open(project.root, project.settings, build_date), folder=None)
    before = {_problem_key(p) for p in _project_problems(project, memory)}
    memory.entries.update(memory.used)
    after = _project_problems(project, memory, texts)
    # A reminder (a date after the build date) is reported by the check; it refuses no edit.
    new = sorted(
        {p for p in after if not p.advisory and _problem_key(p) not in before and not expected(p)}
    )
    if new:
        raise EditRefused(new)


def apply_edits(
    project: CouncilProject, stored: list[StoredRecord], edits: dict[Path, str]
) -> None:
    """Write the edited files, all or none, once the result passes the gate."""
    for item in stored:
        if item.path in edits:
            record, found = load_decision(item.record.source, edits[item.path], project.settings)
            if record is None:  # an edit that breaks the YAML: its own problems say where
                raise EditRefused(found)
    refuse_new_problems(project, edits)
    try:  # every edited file or none, so records never disagree with each other
        write_all(edits, {path: display_path(path) for path in edits})
    except WriteFailed as error:
        raise UsageError(str(error)) from error


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
    "refuse_new_problems",
    "transition_problem",
]
