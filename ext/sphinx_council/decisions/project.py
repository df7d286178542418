"""A project's records and roster, loaded and checked together with the build's rules.

Every ``council`` command that reads records starts here; the Sphinx build applies the same
per-record and cross-record rules as it reads documents.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..core.problems import Check, Problem
from ..core.project import display_path, read_text
from ..core.settings import RuleSettings
from .checkcache import CheckCache, RecordFacts
from .corpus import corpus_problems
from .load import load_decision
from .model import DecisionRecord
from .references import record_references, reference_problems, resolve
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
    cache: CheckCache | None = None,
) -> CheckResult:
    """Load and check every record and the roster, with the same rules as the Sphinx build.

    ``extra_files`` are records outside the decisions folder, checked along with it.
    ``prose_files`` (pathway files) are other texts whose ``{pep}`` and ``{decision}``
    references are checked, as the records' prose is. ``cache`` remembers what each record
    file says on its own; the rules that relate records run again every time.
    """
    settings = settings or RuleSettings()
    cache = cache or CheckCache(None)
    problems: list[Problem] = []
    # The folder is resolved once: resolving each of a thousand files costs more than reading it.
    inside = set(decisions_dir.resolve().rglob("*.md"))
    files = sorted(inside) + sorted({p.resolve() for p in extra_files} - inside)
    shown = _shown_paths()
    read: list[tuple[str, RecordFacts]] = []
    for path in files:
        text = read_text(path, problems)
        if text is not None:
            source = shown(path)
            read.append(
                (source, cache.facts(source, text, partial(_facts, source, text, settings)))
            )
    records = [facts.record for _, facts in read if facts.record is not None]
    roster = None
    roster_text = read_text(roster_file, problems) if roster_file is not None else None
    if roster_file is not None and roster_text is not None:
        roster, found = load_roster(display_path(roster_file), roster_text, settings.build_date)
        problems += found
    known_ids = {r.id for r in records if r.id}
    for source, facts in read:
        problems += facts.problems
        problems += resolve(source, facts.references, known_ids)
    problems += corpus_problems(records, roster or Roster())
    problems += _prose_problems(prose_files, known_ids)
    cache.save()
    return CheckResult(tuple(records), len(files), tuple(sorted(set(problems))))


def _facts(source: str, text: str, settings: RuleSettings) -> RecordFacts:
    record, problems = load_decision(source, text, settings)
    return RecordFacts(record, tuple(problems), record_references(text))


def _shown_paths() -> Callable[[Path], str]:
    """``display_path`` for resolved paths, with the working directory resolved once."""
    cwd = Path.cwd().resolve()

    def shown(path: Path) -> str:
        return path.relative_to(cwd).as_posix() if path.is_relative_to(cwd) else path.as_posix()

    return shown


def _prose_problems(prose_files: Sequence[Path], known_ids: set[str]) -> list[Problem]:
    """References to unknown PEPs and decisions in other texts (pathways)."""
    problems: list[Problem] = []
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
