"""What ``council check`` remembers between runs: each record file's own findings.

A pre-commit hook runs ``council check`` after every edit, and nearly every file is the one it
read last time. Reading a record (YAML, then its prose) is most of the check's cost, so the
findings that depend on one file alone (the record, its problems, its references) are kept,
keyed by the file's name and content hash. Rules that relate records to each other always run
again, on the remembered records, so the answer is the one a cold check gives.

The cache lives in ``.council_cache/`` at the project's root (with its own ``.gitignore``, as
pytest and ruff keep theirs). A file is trusted only when it starts with this format's mark,
its payload matches its checksum, it unpickles into nothing but this package's record types,
and it was made by the same rules (the package's source) with the same vocabulary. Anything
else, a corrupt, truncated, foreign or older file, is ignored and replaced.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..core.files import write_bytes_atomically
from ..core.problems import Problem
from ..core.settings import RuleSettings
from .model import DecisionRecord
from .references import Reference

CACHE_DIR = ".council_cache"
CACHE_FILE = "check.pickle"
# Far above what 10,000 records take (about 1.6 KiB each).
MAX_CACHE_BYTES = 256 * 2**20
MARK = b"sphinx-council check cache 1\n"
# A cache folder says what it is: ignored by git, and by backup tools (CACHEDIR.TAG).
FOLDER_FILES = {
    ".gitignore": "# Made by council check; safe to delete.\n*\n",
    "CACHEDIR.TAG": "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This folder is a cache made by council check (sphinx-council).\n",
}
# The only types a cache may hold; an unpickler that met anything else would refuse it.
_TRUSTED = frozenset(
    {
        ("datetime", "date"),
        ("sphinx_council.core.problems", "Check"),
        ("sphinx_council.core.problems", "Problem"),
        ("sphinx_council.decisions.checkcache", "RecordFacts"),
        ("sphinx_council.decisions.references", "Reference"),
        *(
            ("sphinx_council.decisions.model", name)
            for name in ("DecisionRecord", "HistoryEntry", "DecidedBy", "Vote", "PersonaImpact")
        ),
    }
)


@dataclass(frozen=True)
class RecordFacts:
    """What one record file says on its own: the record (None if unreadable), the problems
    found in it alone, and its ``{pep}`` and ``{decision}`` references."""

    record: DecisionRecord | None
    problems: tuple[Problem, ...]
    references: tuple[Reference, ...]


class _TrustedUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> object:
        if (module, name) not in _TRUSTED:
            raise pickle.UnpicklingError(f"{module}.{name} is not a record type")
        return super().find_class(module, name)


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

    @classmethod
    def open(cls, root: Path | None, settings: RuleSettings) -> CheckCache:
        """The cache of the project at ``root`` (None: no cache), empty unless trusted."""
        if root is None:
            return cls(None)
        folder = root / CACHE_DIR
        context = hashlib.sha256(f"{rules_version()}\0{settings!r}".encode()).hexdigest()
        return cls(folder, context, _read(folder / CACHE_FILE, context))

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
        payload = pickle.dumps((self.context, self.used), protocol=pickle.HIGHEST_PROTOCOL)
        data = MARK + hashlib.sha256(payload).digest() + payload
        try:
            self.folder.mkdir(exist_ok=True)
            # A cache folder that is a link (a hostile clone can carry one) would take the
            # writes outside the project: no cache then. Files are replaced, never followed.
            if self.folder.is_symlink() or not self.folder.is_dir():
                return
            for name, text in FOLDER_FILES.items():
                if not os.path.lexists(self.folder / name):
                    write_bytes_atomically(self.folder / name, text.encode("utf-8"))
            write_bytes_atomically(self.folder / CACHE_FILE, data)
        except OSError:
            return


def _payload(path: Path) -> bytes:
    """The checked payload of a cache file, or b"" when it is not one a check wrote whole."""
    try:
        found = path.lstat()
        if not stat.S_ISREG(found.st_mode) or found.st_size > MAX_CACHE_BYTES:
            return b""  # a link, a device or a file no check wrote: not read at all
        data = path.read_bytes()
    except OSError:
        return b""
    checksum, payload = data[len(MARK) : len(MARK) + 32], data[len(MARK) + 32 :]
    if not data.startswith(MARK) or hashlib.sha256(payload).digest() != checksum:
        return b""
    return payload


def _read(path: Path, context: str) -> dict[str, RecordFacts]:
    """The entries of a trusted cache file made in this ``context``; else none."""
    payload = _payload(path)
    try:
        found = _TrustedUnpickler(io.BytesIO(payload)).load() if payload else None
    except Exception:
        return {}
    if not (isinstance(found, tuple) and len(found) == 2 and found[0] == context):
        return {}
    entries = found[1]
    if not isinstance(entries, dict) or not all(
        isinstance(key, str) and isinstance(value, RecordFacts) for key, value in entries.items()
    ):
        return {}
    return entries


__all__ = ["CACHE_DIR", "CheckCache", "RecordFacts", "file_key", "rules_version"]
