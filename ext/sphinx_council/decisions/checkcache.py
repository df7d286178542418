"""What ``council check`` remembers between runs: each record file's own findings.

A pre-commit hook runs ``council check`` after every edit, and nearly every file is the one it
read last time. Reading a record (YAML, then its prose) is most of the check's cost, so the
findings that depend on one file alone (the record, its problems, its references) are kept,
keyed by the file's name and content hash. Rules that relate records to each other always run
again, on the remembered records, so the answer is the one a cold check gives.

The cache lives in ``.council_cache/`` at the project's root (with its own ``.gitignore``, as
pytest and ruff keep theirs), in files this checkout signs (:mod:`.cachefiles` says how, and
why a cache from anywhere else is never believed). ``check.pickle`` holds every record's
findings. After an edit, rewriting all of them was a tenth of the check, so the few findings
that changed go to ``check-changes.pickle`` instead: the entries added and the keys dropped
since, bound to that exact ``check.pickle`` by its signature. Once the changes reach an eighth
of the records, ``check.pickle`` is written whole again and the changes file removed.

The signed context holds everything that changes what a file says on its own: the rules (the
package's source), the vocabulary and other rule settings from ``conf.py``, the PEP data the
project reads and the build date. Anything else, a corrupt, truncated, forged, foreign or
older file, is ignored and replaced.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..core.problems import Problem
from ..core.settings import RuleSettings
from ..peps.index import index_digest
from .cachefiles import read_signed, signing_key, writable_folder, write_signed
from .model import DecisionRecord
from .references import Reference

CACHE_DIR = ".council_cache"
CACHE_FILE = "check.pickle"
CHANGES_FILE = "check-changes.pickle"
# The changes file holds at most this share of the records (or a few) before a full rewrite.
CHANGES_SHARE = 8
MIN_CHANGES = 16


@dataclass(frozen=True)
class RecordFacts:
    """What one record file says on its own: the record (None if unreadable), the problems
    found in it alone, and its ``{pep}`` and ``{decision}`` references."""

    record: DecisionRecord | None
    problems: tuple[Problem, ...]
    references: tuple[Reference, ...]


@cache
def rules_version() -> str:
    """A hash of the package's source: any change to a rule (or anything else) starts over."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def file_key(source: str, text: str) -> str:
    return hashlib.sha256(f"{source}\0{text}".encode()).hexdigest()


@dataclass
class CheckCache:
    """Remembered facts by file key; ``folder`` None keeps nothing (``--no-cache``)."""

    folder: Path | None
    context: str = ""
    entries: dict[str, RecordFacts] = field(default_factory=dict)
    used: dict[str, RecordFacts] = field(default_factory=dict)
    hits: int = 0
    # What check.pickle holds, and its signature: the changes file is written against them.
    whole: Mapping[str, RecordFacts] = field(default_factory=dict)
    signature: bytes = b""

    @classmethod
    def open(cls, root: Path | None, settings: RuleSettings, build_date: str = "") -> CheckCache:
        """The cache of the project at ``root`` (None: no cache), empty unless trusted;
        ``build_date`` is the configuration's ``council_build_date``."""
        if root is None:
            return cls(None)
        folder = root / CACHE_DIR
        given = f"{findings_context()}\0{settings!r}\0{build_date}"
        context = hashlib.sha256(given.encode()).hexdigest()
        key = signing_key(folder, create=False)
        if key is None:
            return cls(folder, context)
        signature, whole = _read_whole(folder / CACHE_FILE, context, key)
        entries = _with_changes(folder / CHANGES_FILE, context, key, signature, whole)
        return cls(folder, context, entries, whole=whole, signature=signature)

    def facts(self, source: str, text: str, read: Callable[[], RecordFacts]) -> RecordFacts:
        """The facts of ``source`` with this ``text``: remembered, or ``read()`` now."""
        key = file_key(source, text)
        found = self.entries.get(key)
        if found is None:
            found = read()
        else:
            self.hits += 1
        self.used[key] = found
        return found

    def save(self) -> None:
        """Keep this run's facts (only those: a deleted record's are dropped), if anything
        changed. A folder that cannot be written means no cache, never a failed check."""
        if self.folder is None or self.used.keys() == self.entries.keys():
            return
        key = writable_folder(self.folder)
        if key is None:
            return
        added = {name: facts for name, facts in self.used.items() if name not in self.whole}
        dropped = tuple(sorted(self.whole.keys() - self.used.keys()))
        few = max(MIN_CHANGES, len(self.used) // CHANGES_SHARE)
        try:
            if self.signature and len(added) + len(dropped) <= few:
                changes = (self.context, self.signature, added, dropped)
                write_signed(self.folder / CHANGES_FILE, changes, key)
            else:
                write_signed(self.folder / CACHE_FILE, (self.context, self.used), key)
                (self.folder / CHANGES_FILE).unlink(missing_ok=True)
        except OSError:
            return


def findings_context() -> str:
    """Everything besides a file's text and the rule settings that changes what a record file
    says on its own: the rules, the PEP data in use and the build date (a rule may compare a
    record's dates with it)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    when = epoch or dt.datetime.now(dt.UTC).date().isoformat()
    return f"{rules_version()}\0{index_digest()}\0{when}"


def _facts_by_key(found: object) -> dict[str, RecordFacts] | None:
    if not isinstance(found, dict) or not all(
        isinstance(name, str) and isinstance(value, RecordFacts) for name, value in found.items()
    ):
        return None
    return found


def _read_whole(path: Path, context: str, key: bytes) -> tuple[bytes, dict[str, RecordFacts]]:
    """The signature and entries of ``check.pickle`` signed here in this ``context``; else none."""
    read = read_signed(path, key)
    if read is None:
        return b"", {}
    signature, found = read
    if not (isinstance(found, tuple) and len(found) == 2 and found[0] == context):
        return b"", {}
    entries = _facts_by_key(found[1])
    return (signature, entries) if entries is not None else (b"", {})


def _with_changes(
    path: Path, context: str, key: bytes, signature: bytes, whole: dict[str, RecordFacts]
) -> dict[str, RecordFacts]:
    """``whole`` with the changes file applied, when it was written against that very file."""
    read = read_signed(path, key) if signature else None
    found = read[1] if read is not None else None
    if not (isinstance(found, tuple) and len(found) == 4):
        return whole
    changes_context, base, added, dropped = found
    entries = _facts_by_key(added)
    if changes_context != context or base != signature or entries is None:
        return whole
    if not (isinstance(dropped, tuple) and all(isinstance(name, str) for name in dropped)):
        return whole
    gone = set(dropped)
    return {name: facts for name, facts in whole.items() if name not in gone} | entries


__all__ = [
    "CACHE_DIR",
    "CACHE_FILE",
    "CHANGES_FILE",
    "CheckCache",
    "RecordFacts",
    "file_key",
    "rules_version",
]
