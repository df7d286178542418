"""What has been sent: one record per issue posted to the mailing list, committed in the
repository (``newsletter/sent/2026-W47.json``) as the PEP refresh commits what it observed, so that
no run, on this machine or another, posts an issue twice. Pure Python, no Sphinx.

A run that sends first takes the issue's lock, a file created only if it does not exist
(``O_EXCL``), then checks the record, sends, writes the record (atomically) and lets the lock
go. A second run at the same time finds the lock and refuses; a later one finds the record.
When the message went out but its record could not be written, the lock stays, so that nobody
sends it again before a person has looked.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from ..core.files import write_atomically
from ..core.sourcefiles import FileRefused, read_source_bytes

# Under the project root, outside the content folders (news/ holds news items and nothing else).
SENT_FOLDER = "newsletter/sent"


class AlreadySent(Exception):
    """The issue was sent, or is being sent by another run; the message says when and where."""


@dataclass(frozen=True)
class SentRecord:
    """One issue posted: which, when, to whom, and what exactly. Not through which server: the
    record is public, the server's name is the maintainers' (a secret of the workflow)."""

    week: str
    message_id: str
    sent: str  # UTC, ISO 8601, to the second
    to: str
    sha256: str  # of the message as published (CRLF line endings)

    def describe(self) -> str:
        return f"on {self.sent} to {self.to} (Message-ID {self.message_id})"


def record_path(folder: Path, week: str) -> Path:
    return folder / f"{week}.json"


def lock_path(folder: Path, week: str) -> Path:
    # A dot file, so that committing the records (``git add newsletter/sent/*.json``) never
    # takes it.
    return folder / f".{week}.lock"


def read_record(path: Path) -> SentRecord | None:
    """The record at ``path``; None when there is none. A record that cannot be read still
    counts as sent: refusing is safe, sending twice is not."""
    if not os.path.lexists(path):
        return None
    try:
        # Never through a link, nor a pipe: a record that cannot be read counts as a sending.
        data = json.loads(read_source_bytes(path, path.parent).decode("utf-8"))
        return SentRecord(**{key: str(data[key]) for key in SentRecord.__dataclass_fields__})
    except (FileRefused, OSError, ValueError, KeyError, TypeError) as error:
        raise AlreadySent(
            f"{path} exists but cannot be read ({error}); it may record a sending. Check the "
            "list's archive, then fix or delete the file"
        ) from error


@contextlib.contextmanager
def sending_lock(folder: Path, week: str, shown: str) -> Iterator[Callable[[], None]]:
    """Hold the issue's lock while sending; refuse when another run holds it or the issue was
    already sent. Yields ``keep``: call it to leave the lock in place."""
    path = lock_path(folder, week)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise AlreadySent(
            f"another run is sending {week} (lock file {shown}/{path.name}); if none is, check "
            "the list's archive, then delete the lock file"
        ) from None
    with os.fdopen(handle, "w") as stream:
        stream.write(f"pid {os.getpid()} since {now()}\n")
    kept: list[bool] = []
    try:
        done = read_record(record_path(folder, week))
        if done is not None:
            raise AlreadySent(f"{week} was already sent {done.describe()}")
        yield lambda: kept.append(True)
    finally:
        if not kept:
            path.unlink(missing_ok=True)


def write_record(folder: Path, record: SentRecord, shown: str) -> None:
    """Write the record atomically; raises ``WriteFailed`` naming the file."""
    text = json.dumps(asdict(record), indent=2, sort_keys=True) + "\n"
    path = record_path(folder, record.week)
    write_atomically(path, text, f"{shown}/{path.name}")


def now() -> str:
    """The moment of sending, UTC to the second (a record of the event, not of a build)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
