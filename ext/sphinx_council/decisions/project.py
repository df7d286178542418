"""A project's records and roster, loaded and checked together with the build's rules.

Every ``council`` command that reads records starts here; the Sphinx build applies the same
per-record and cross-record rules as it reads documents.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core.problems import Check, Problem
from ..core.project import display_path, read_text
from ..core.settings import RuleSettings
from .corpus import corpus_problems
from .load import load_decision
from .model import DecisionRecord
from .references import record_reference_problems, reference_problems
from .roster import Roster, load_roster

# Rules that relate records to each other: their problems can sit in a file other than the one
# that caused them (a duplicate id is reported on the later file).
CROSS_RECORD_CHECKS = frozenset({Check.DUPLICATE, Check.SUPERSEDES})


@dataclass(frozen=True)
class CheckResult:
    """What ``council check`` found: the records read and every problem."""

    records: tuple[DecisionRecord, ...]
    files: int
    problems: tuple[Problem, ...]


def check_project(
    decisions_dir: Path,
    roster_file: Path | None,
    settings: RuleSettings | None = None,
    extra_files: Sequence[Path] = (),
    prose_files: Sequence[Path] = (),
) -> CheckResult:
    """Load and check every record and the roster, with the same rules as the Sphinx build.

    ``extra_files`` are records outside the decisions folder, checked along with it.
    ``prose_files`` (pathway files) are other texts whose ``{pep}`` and ``{decision}``
    references are checked, as the records' prose is.
    """
    settings = settings or RuleSettings()
    records: list[DecisionRecord] = []
    problems: list[Problem] = []
    texts: list[tuple[str, str]] = []  # (source, text) of every record read
    inside = {path.resolve() for path in decisions_dir.rglob("*.md")}
    files = sorted(inside) + sorted({p.resolve() for p in extra_files} - inside)
    for path in files:
        text = read_text(path, problems)
        if text is None:
            continue
        record, found = load_decision(display_path(path), text, settings)
        texts.append((display_path(path), text))
        problems += found
        if record is not None:
            records.append(record)
    roster = None
    roster_text = read_text(roster_file, problems) if roster_file is not None else None
    if roster_file is not None and roster_text is not None:
        roster, found = load_roster(display_path(roster_file), roster_text)
        problems += found
    problems += corpus_problems(records, roster or Roster())
    problems += _reference_problems(texts, prose_files, {r.id for r in records if r.id})
    return CheckResult(tuple(records), len(files), tuple(sorted(set(problems))))


def _reference_problems(
    texts: Sequence[tuple[str, str]], prose_files: Sequence[Path], known_ids: set[str]
) -> list[Problem]:
    """References to unknown PEPs and decisions, in the records' prose and in other texts."""
    problems: list[Problem] = []
    for source, text in texts:
        problems += record_reference_problems(source, text, known_ids)
    for path in prose_files:
        content = read_text(path, problems)
        if content is not None:
            problems += reference_problems(display_path(path), content.split("\n"), known_ids)
    return problems


def problems_for(result: CheckResult, chosen: set[str]) -> list[Problem]:
    """The problems in the chosen files, and cross-record problems elsewhere that name them.

    A pull request that changes one record can break another (a duplicate id, a supersession
    that now disagrees): those problems are shown too, since the change is what must be fixed.
    """
    names = set(chosen) | {r.id for r in result.records if r.source in chosen and r.id}
    mentions = [re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])") for name in names]
    return [
        p
        for p in result.problems
        if p.source in chosen
        or (p.check in CROSS_RECORD_CHECKS and any(m.search(p.message) for m in mentions))
    ]
