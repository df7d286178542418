"""The PEP index and status history, read from files (never the network).

The index is the copy vendored in the package unless the project names its own folder
(``council_pep_index``, written by ``council peps refresh``). Every reader is cached by the
identity of the files it read (path, inode, mtime, size), so a refreshed file is seen by the
next call in the same process, and a build never reads a cache another project filled.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..core.sourcefiles import read_source_bytes, refusal
from ..core.text import long_date, parse_pep_date

PEP_URL = "https://peps.python.org/pep-{number:04d}/"

VENDORED_DIR = Path(__file__).resolve().parent.parent / "data"
INDEX_NAME = "peps.json"
HISTORY_NAME = "pep-status-history.json"
# Written by ``council peps refresh`` beside peps.json: where and when the index was taken.
REFRESH_RECORD = "peps-refresh.json"

# A few entries: the vendored data and a project's, with room for a refresh in between.
_CACHED = 4

# The folder of the running build or command (None: the vendored data). Set on every build's
# config-inited, so it never carries one project's choice into the next build.
_project_dir: Path | None = None


def use_pep_data(folder: Path | None) -> None:
    """Read the index from ``folder`` (a project's refreshed copy), or the vendored one."""
    global _project_dir  # noqa: PLW0603 (one choice per build, made when its config loads)
    _project_dir = folder


def pep_data_file(name: str) -> Path:
    """Where a PEP data file is read from: the project's folder when it names one (its
    status history only if it has one: the refresh leaves the vendored history in use)."""
    if name != HISTORY_NAME:  # asked for on every PEP link a page shows: no new Path each time
        return _data_path(_project_dir, name)
    if _project_dir is not None and (_project_dir / name).is_file():
        return _project_dir / name
    return VENDORED_DIR / name


@lru_cache(maxsize=8)
def _data_path(folder: Path | None, name: str) -> Path:
    return (folder or VENDORED_DIR) / name


FileStamp = tuple[str, int, int, int]


def file_stamp(path: Path) -> FileStamp:
    """What tells one version of a file from the next: a replaced file has a new inode."""
    try:
        found = path.stat()
    except FileNotFoundError:
        return (str(path), -1, -1, -1)
    return (str(path), found.st_ino, found.st_mtime_ns, found.st_size)


@dataclass(frozen=True)
class PepInfo:
    """The headers of one PEP that the site shows."""

    number: int
    title: str
    status: str
    type: str
    topic: str
    url: str
    authors: str = ""
    created: str = ""
    resolution: str = ""
    replaces: tuple[int, ...] = ()
    superseded_by: tuple[int, ...] = ()

    @property
    def label(self) -> str:
        return f"PEP {self.number}"

    @property
    def topics(self) -> tuple[str, ...]:
        """The topics of ``topic`` ("governance, packaging" has two)."""
        return tuple(t.strip() for t in self.topic.split(",") if t.strip())

    @property
    def created_on(self) -> dt.date | None:
        """``Created:`` as a date (the index writes it as 22-Jun-2020)."""
        return parse_pep_date(self.created)


@dataclass(frozen=True)
class StatusChange:
    """One change of a PEP's ``Status:`` header, dated by the python/peps commit that made it."""

    date: dt.date
    status: str
    commit: str


@dataclass(frozen=True)
class Resolution:
    """A PEP's ``Resolution:`` header: a link, dated when the header carries a date."""

    url: str
    date: dt.date | None = None


@dataclass(frozen=True)
class PepHistory:
    """What the vendored status history knows about one PEP."""

    changes: tuple[StatusChange, ...] = ()
    delegate: str = ""
    resolution: Resolution | None = None


def pep_numbers(text: str | None) -> tuple[int, ...]:
    """The numbers in a ``Replaces:``/``Superseded-By:`` header such as ``"513, 571, 599"``."""
    return tuple(int(n) for n in re.findall(r"\d+", text or ""))


# A dated resolution is written in reST: `21-Oct-2023 <https://...>`__
_DATED_LINK = re.compile(r"`\s*(?P<date>[^<`]+?)\s*<(?P<url>[^>]+)>`_*")


def parse_resolution(text: str | None) -> Resolution | None:
    """The ``Resolution:`` header as a link and, when it has one, a date."""
    text = (text or "").strip()
    if not text:
        return None
    dated = _DATED_LINK.fullmatch(text)
    if dated:
        return Resolution(dated["url"].strip(), parse_pep_date(dated["date"]))
    return Resolution(text)


# The project's copy arrives in pull requests (the weekly refresh): it is read as every input
# file is (core/sourcefiles.py), never through a link, with room for the index to grow.
PEP_DATA_BYTES = 16 << 20


def read_pep_bytes(path: Path) -> bytes:
    """A PEP data file's bytes: the vendored copy as it is, a project's as an input file."""
    if path.parent == VENDORED_DIR:
        return path.read_bytes()
    return read_source_bytes(path, path.parent, PEP_DATA_BYTES)


def project_data_problem(folder: Path) -> str | None:
    """Why a project's PEP data folder cannot be read (a file in it is a link, a pipe, too
    big), or None when every file it has can be."""
    for name in (INDEX_NAME, HISTORY_NAME, REFRESH_RECORD):
        try:
            found = (folder / name).lstat()
        except FileNotFoundError:
            continue
        except OSError as error:
            return f"{name} cannot be read: {error.strerror or error}"
        if problem := refusal(found.st_mode):
            return f"{name} {problem}"
        if found.st_size > PEP_DATA_BYTES:
            return f"{name} is {found.st_size} bytes, more than a PEP index ever needs"
    return None


def _read_json(stamp: FileStamp) -> Any:
    return json.loads(read_pep_bytes(Path(stamp[0])))


def pep_index() -> dict[int, PepInfo]:
    """Every PEP in the index, by number (read again only when the file changes)."""
    return _pep_index(file_stamp(pep_data_file(INDEX_NAME)))


@lru_cache(maxsize=_CACHED)
def _pep_index(stamp: FileStamp) -> dict[int, PepInfo]:
    return {
        int(number): PepInfo(
            number=int(number),
            title=entry["title"],
            status=entry["status"],
            type=entry["type"],
            topic=entry.get("topic") or "",
            url=entry.get("url") or PEP_URL.format(number=int(number)),
            authors=entry.get("authors") or "",
            created=entry.get("created") or "",
            resolution=entry.get("resolution") or "",
            replaces=pep_numbers(entry.get("replaces")),
            superseded_by=pep_numbers(entry.get("superseded_by")),
        )
        for number, entry in _read_json(stamp).items()
    }


def pep_histories() -> dict[int, PepHistory]:
    """Every PEP's dated status changes, delegate and resolution, by number."""
    return _pep_histories(file_stamp(pep_data_file(HISTORY_NAME)))


@lru_cache(maxsize=_CACHED)
def _pep_histories(stamp: FileStamp) -> dict[int, PepHistory]:
    return {
        int(number): PepHistory(
            changes=tuple(
                StatusChange(dt.date.fromisoformat(c["date"]), c["status"], c.get("commit", ""))
                for c in entry.get("status_history") or ()
            ),
            delegate=entry.get("delegate") or "",
            resolution=parse_resolution(entry.get("resolution")),
        )
        for number, entry in _read_json(stamp)["peps"].items()
    }


def pep_history(number: int) -> PepHistory:
    """The status history of one PEP (empty when the vendored history has none)."""
    return pep_histories().get(number, PepHistory())


def index_provenance() -> str:
    """Where and when the index was taken, for messages and page footers."""
    history = file_stamp(pep_data_file(HISTORY_NAME))
    return _index_provenance(history, file_stamp(pep_data_file(REFRESH_RECORD)))


@lru_cache(maxsize=_CACHED)
def _index_provenance(history_stamp: FileStamp, refresh_stamp: FileStamp) -> str:
    meta = _read_json(history_stamp)["_meta"]
    committed = long_date(dt.date.fromisoformat(meta["commit_date"][:10]))
    history = f"python/peps at {meta['commit'][:12]} ({committed})"
    if refresh_stamp[1] == -1:  # never refreshed: the history's commit dates the index too
        return history
    source = _read_json(refresh_stamp)
    return f"{source['url']} as of {source['retrieved']}; status history from {history}"


def index_digest() -> str:
    """A hash of the PEP data in use, to tell when ``council peps refresh`` changed it."""
    names = (INDEX_NAME, HISTORY_NAME, REFRESH_RECORD)
    return _index_digest(tuple(file_stamp(pep_data_file(name)) for name in names))


@lru_cache(maxsize=_CACHED)
def _index_digest(stamps: tuple[FileStamp, ...]) -> str:
    digest = hashlib.sha256()
    for stamp in stamps:
        digest.update(read_pep_bytes(Path(stamp[0])) if stamp[1] != -1 else b"-")
    return digest.hexdigest()


def pep_url(number: int) -> str:
    """The PEP's page on peps.python.org."""
    info = pep_index().get(number)
    return info.url if info else PEP_URL.format(number=number)


@dataclass(frozen=True)
class PepStatusChange:
    """One change of a PEP's ``Status:`` header, dated by the commit that made it."""

    number: int
    date: str  # ISO date of the commit, which can lag the decision itself
    status: str
    commit: str


def pep_status_history() -> dict[int, tuple[PepStatusChange, ...]]:
    """Every PEP's status changes, oldest first, from the status history."""
    return _pep_status_history(file_stamp(pep_data_file(HISTORY_NAME)))


@lru_cache(maxsize=_CACHED)
def _pep_status_history(stamp: FileStamp) -> dict[int, tuple[PepStatusChange, ...]]:
    peps = _read_json(stamp)["peps"]
    return {
        int(number): tuple(
            PepStatusChange(int(number), change["date"], change["status"], change["commit"])
            for change in sorted(entry.get("status_history") or (), key=lambda c: c["date"])
        )
        for number, entry in peps.items()
    }


def packaging_peps() -> list[PepInfo]:
    """The PEPs of the index's ``packaging`` topic, by number."""
    return [
        info
        for number, info in sorted(pep_index().items())
        if "packaging" in (topic.strip() for topic in info.topic.split(","))
    ]
