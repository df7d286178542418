"""Writing the project's files all or nothing.

A command that edits records writes each new text to a temporary file beside its target and
moves it into place (``os.replace``, atomic on one file system), so a reader never sees half a
file. A change to several files first makes sure every one can be written, and puts back the
ones already replaced if a later one fails, so the records never disagree with each other.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Mapping
from pathlib import Path


class WriteFailed(Exception):
    """A file could not be written; the message names it and why. Nothing was changed."""


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def _temporary(path: Path, data: bytes) -> Path:
    """``data`` in a new file beside ``path``, with the mode ``path`` has (if it exists)."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists():
            temporary.chmod(stat.S_IMODE(path.stat().st_mode))
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def writable_problem(path: Path) -> str | None:
    """Why ``path`` cannot be written (or created), or None when it can."""
    if path.exists() and not path.is_file():
        return "is not a file"
    if path.exists() and not os.access(path, os.W_OK):
        return "cannot be written: permission denied"
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return "cannot be written: its folder is not writable"
    return None


def write_all(texts: Mapping[Path, str], shown: Mapping[Path, str] | None = None) -> None:
    """Write every text to its file, or leave every file as it was and raise WriteFailed.

    ``shown`` gives the name each path has in messages (as editors see it).
    """
    names = {path: (shown or {}).get(path, str(path)) for path in texts}
    for path in texts:
        if problem := writable_problem(path):
            raise WriteFailed(f"{names[path]} {problem}; nothing was written")
    originals = {path: path.read_bytes() if path.is_file() else None for path in texts}
    temporaries: dict[Path, Path] = {}
    replaced: list[Path] = []
    try:
        for path, text in texts.items():
            temporaries[path] = _temporary(path, text.encode("utf-8"))
        for path, temporary in temporaries.items():
            temporary.replace(path)
            replaced.append(path)
    except OSError as error:
        failed = next((p for p in texts if p not in replaced), next(iter(texts)))
        for path in replaced:
            _restore(path, originals[path])
        raise WriteFailed(
            f"{names[failed]} cannot be written: {_reason(error)}; nothing was changed"
        ) from error
    finally:
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)


def _restore(path: Path, original: bytes | None) -> None:
    if original is None:
        path.unlink(missing_ok=True)
    else:
        _temporary(path, original).replace(path)


def write_atomically(path: Path, text: str, shown: str = "") -> None:
    """Write one file through a temporary file; raise WriteFailed naming it on failure."""
    write_all({path: text}, {path: shown} if shown else None)


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Replace one file with ``data`` through a temporary file beside it (a cache, say);
    raises OSError, and leaves the old file whole, when it cannot."""
    temporary = _temporary(path, data)
    try:
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


__all__ = [
    "WriteFailed",
    "writable_problem",
    "write_all",
    "write_atomically",
    "write_bytes_atomically",
]
