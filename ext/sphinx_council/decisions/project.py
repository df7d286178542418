"""A project's records and roster, loaded and checked together with the build's rules.

Every ``council`` command that reads records starts here; the Sphinx build applies the same
per-record and cross-record rules as it reads documents.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..core.contentwalk import RECORDS, walk_content
from ..core.problems import Check, Problem
from ..core.project import display_path, read_text
from ..core.settings import RuleSettings
from ..core.sourcefiles import SourceReader, absolute
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
    pep_status_warnings: bool = False,
    texts: Mapping[Path, str] | None = None,
    root: Path | None = None,
) -> CheckResult:
    """Load and check every record and the roster, with the same rules as the Sphinx build.

    ``extra_files`` are records outside the decisions folder, checked along with it.
    ``prose_files`` (pathway files) are other texts whose ``{pep}`` and ``{decision}``
    references are checked, as the records' prose is. ``cache`` remembers what each record
    file says on its own; the rules that relate records run again every time.
    ``pep_status_warnings`` reports ``{pep}`` citations of PEPs no longer in force, as the
    build does by default. ``texts`` are record files as an edit would leave them (path: new
    text), read instead of the disk, so a change is checked before it is written. ``root`` is
    the project's folder (default: the one holding the decisions folder): every file is read
    inside it and never through a link (:mod:`..core.sourcefiles`).
    """
    settings = settings or RuleSettings()
    cache = cache or CheckCache(None)
    root = decisions_dir.parent if root is None else root
    shown = _shown_paths()
    walk = walk_content(absolute(decisions_dir), root, RECORDS, shown)
    problems: list[Problem] = list(walk.problems)
    # A given file is named by its own path, never by where a link to it leads; its folders
    # are resolved, as the walk's are, so that each file is read once whichever way it was given.
    extra = {_by_real_folder(p) for p in extra_files}
    edited = {_by_real_folder(path): text for path, text in (texts or {}).items()}
    # The walk's files come sorted; sorting a thousand paths again was a tenth of a cached check.
    files = sorted({*walk.files, *edited}) if edited else list(walk.files)
    if extra:
        files += sorted(extra - {*walk.files, *walk.excluded, *edited})
    read: list[tuple[str, RecordFacts]] = []
    with SourceReader(root) as reader:
        for path in files:
            source = shown(path)
            if path in edited:
                text: str | None = edited[path]
            else:
                text = reader.read(path, problems, source=source)
            if text is not None:
                facts = cache.facts(source, text, partial(_facts, source, text, settings))
                read.append((source, facts))
    records = [facts.record for _, facts in read if facts.record is not None]
    roster = _roster(roster_file, root, settings, problems)
    known_ids = {r.id for r in records if r.id}
    for source, facts in read:
        problems += facts.problems
        subjects = facts.record.peps if facts.record is not None else ()
        warned = subjects if pep_status_warnings else None
        problems += resolve(source, facts.references, known_ids, warned)
    problems += corpus_problems(records, roster)
    problems += _prose_problems(prose_files, known_ids, root)
    cache.save()
    return CheckResult(tuple(records), len(files), tuple(sorted(set(problems))))


def _roster(
    roster_file: Path | None, root: Path, settings: RuleSettings, problems: list[Problem]
) -> Roster:
    """The roster (empty without one); its problems are added to ``problems``."""
    text = read_text(roster_file, problems, root) if roster_file is not None else None
    if roster_file is None or text is None:
        return Roster()
    roster, found = load_roster(display_path(roster_file), text, settings.build_date)
    problems += found
    return roster


def _facts(source: str, text: str, settings: RuleSettings) -> RecordFacts:
    record, problems = load_decision(source, text, settings)
    return RecordFacts(record, tuple(problems), record_references(text))


def _by_real_folder(path: Path) -> Path:
    """A file named as the walk names it: its folder's real path, then its own name."""
    return absolute(path).parent.resolve() / path.name


def _shown_paths() -> Callable[[Path], str]:
    """``display_path`` for absolute paths, with the working directory resolved once."""
    # Compared as text: pathlib's relative_to, lexical too, took a tenth of a cached check.
    below = f"{Path.cwd().resolve().as_posix().rstrip('/')}/"

    def shown(path: Path) -> str:
        return path.as_posix().removeprefix(below)

    return shown


def _prose_problems(prose_files: Sequence[Path], known_ids: set[str], root: Path) -> list[Problem]:
    """References to unknown PEPs and decisions in other texts (pathways); a file that cannot
    be read is reported by the pathway checks."""
    problems: list[Problem] = []
    for path in prose_files:
        content = read_text(path, [], root)
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
