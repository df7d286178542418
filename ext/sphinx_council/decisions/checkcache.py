"""What ``council check`` remembers between runs: each record file's own findings.

A pre-commit hook runs ``council check`` after every edit, and nearly every file is the one it
read last time. Reading a record (YAML, then its prose) is most of the check's cost, so the
findings that depend on one file alone (the record, its problems, its references) are kept,
keyed by the file's name and content hash. Rules that relate records to each other always run
again, on the remembered records, so the answer is the one a cold check gives.

The cache lives in ``.council_cache/`` at the project's root (with its own ``.gitignore``, as
pytest and ruff keep theirs). A cache is a claim that a record has no problems, so a cache that
arrives with the project (committed, in a pull request, copied from elsewhere) must never be
believed. Its payload is therefore signed with HMAC-SHA256 under a key that only this checkout
on this machine can compute: a random secret the check writes once into ``key`` in the cache
folder, combined with that file's identity here (device, inode and change time in
nanoseconds). A clone or a copy recreates the file, with an identity its author could not
predict, so even a committed secret signs nothing; an edited payload fails the signature. The
signature is verified before anything is unpickled, and the unpickler still accepts only this
package's record types.

The signed context holds everything that changes what a file says on its own: the rules (the
package's source), the vocabulary and other rule settings from ``conf.py``, the PEP data the
project reads and the build date. Anything else, a corrupt, truncated, forged, foreign or
older file, is ignored and replaced.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import io
import os
import pickle
import secrets
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..core.files import write_bytes_atomically
from ..core.problems import Problem
from ..core.settings import RuleSettings
from ..peps.index import index_digest
from .model import DecisionRecord
from .references import Reference

CACHE_DIR = ".council_cache"
CACHE_FILE = "check.pickle"
KEY_FILE = "key"
KEY_BYTES = 32
# Far above what 10,000 records take (about 1.6 KiB each).
MAX_CACHE_BYTES = 256 * 2**20
MARK = b"sphinx-council check cache 2\n"
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
    def open(cls, root: Path | None, settings: RuleSettings, build_date: str = "") -> CheckCache:
        """The cache of the project at ``root`` (None: no cache), empty unless trusted;
        ``build_date`` is the configuration's ``council_build_date``."""
        if root is None:
            return cls(None)
        folder = root / CACHE_DIR
        given = f"{findings_context()}\0{settings!r}\0{build_date}"
        context = hashlib.sha256(given.encode()).hexdigest()
        key = _signing_key(folder, create=False)
        return cls(folder, context, _read(folder / CACHE_FILE, context, key) if key else {})

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
        try:
            self.folder.mkdir(exist_ok=True)
            # A cache folder that is a link (a hostile clone can carry one) would take the
            # writes outside the project: no cache then. Files are replaced, never followed.
            if self.folder.is_symlink() or not self.folder.is_dir():
                return
            for name, text in FOLDER_FILES.items():
                if not os.path.lexists(self.folder / name):
                    write_bytes_atomically(self.folder / name, text.encode("utf-8"))
            key = _signing_key(self.folder, create=True)
            if key is None:
                return
            data = MARK + hmac.digest(key, payload, "sha256") + payload
            write_bytes_atomically(self.folder / CACHE_FILE, data)
        except OSError:
            return


def findings_context() -> str:
    """Everything besides a file's text and the rule settings that changes what a record file
    says on its own: the rules, the PEP data in use and the build date (a rule may compare a
    record's dates with it)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    when = epoch or dt.datetime.now(dt.UTC).date().isoformat()
    return f"{rules_version()}\0{index_digest()}\0{when}"


def _open_regular(path: Path, flags: int) -> int:
    """A descriptor of ``path`` opened without following a link; OSError unless it is a
    regular file (a pipe or a device is never read)."""
    handle = os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK)
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        os.close(handle)
        raise OSError(f"{path} is not a regular file")
    return handle


def _signing_key(folder: Path, create: bool) -> bytes | None:
    """The key that signs this checkout's cache: the secret in ``folder/key`` bound to that
    file's identity on this machine, or None when there is none. ``create`` makes a new secret
    when there is none usable (a link, a pipe or a file of the wrong size is removed, never
    followed)."""
    path = folder / KEY_FILE
    key = _read_key(path)
    if key is None and create:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)  # a link itself, never its target
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
            with os.fdopen(handle, "wb") as stream:
                stream.write(secrets.token_bytes(KEY_BYTES))
        key = _read_key(path)
    return key


def _read_key(path: Path) -> bytes | None:
    try:
        handle = _open_regular(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        secret, found = os.read(handle, KEY_BYTES + 1), os.fstat(handle)
    except OSError:
        return None
    finally:
        os.close(handle)
    if len(secret) != KEY_BYTES:
        return None
    identity = f"{found.st_dev}:{found.st_ino}:{found.st_ctime_ns}".encode()
    return hmac.digest(secret, identity, "sha256")


def _payload(path: Path, key: bytes) -> bytes:
    """The payload of a cache file this checkout signed, or b"" when it is anything else."""
    try:
        handle = _open_regular(path, os.O_RDONLY)
    except OSError:
        return b""  # a link, a device or a missing file: not read at all
    try:
        with os.fdopen(handle, "rb") as stream:
            data = stream.read(MAX_CACHE_BYTES + 1)
    except OSError:
        return b""
    signature, payload = data[len(MARK) : len(MARK) + 32], data[len(MARK) + 32 :]
    if len(data) > MAX_CACHE_BYTES or not data.startswith(MARK):
        return b""
    if not hmac.compare_digest(hmac.digest(key, payload, "sha256"), signature):
        return b""
    return payload


def _read(path: Path, context: str, key: bytes) -> dict[str, RecordFacts]:
    """The entries of a cache file this checkout signed in this ``context``; else none."""
    payload = _payload(path, key)
    try:
        found = _TrustedUnpickler(io.BytesIO(payload)).load() if payload else None
    except Exception:
        return {}
    if not (isinstance(found, tuple) and len(found) == 2 and found[0] == context):
        return {}
    entries = found[1]
    if not isinstance(entries, dict) or not all(
        isinstance(name, str) and isinstance(value, RecordFacts) for name, value in entries.items()
    ):
        return {}
    return entries


__all__ = ["CACHE_DIR", "CheckCache", "RecordFacts", "file_key", "rules_version"]
