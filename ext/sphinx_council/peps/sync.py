"""``council peps refresh``: replace a project's PEP index with the live one, safely.

The index is written into the project (the folder ``council_pep_index`` names), never into the
installed package. The download is read whole, parsed and checked before anything is written;
the new files are written next to the old ones and moved over them together (``core.files``),
so a failed, truncated or invalid download, or a file that cannot be written, leaves the
project's copy as it was. A folder without an index
yet starts from the vendored one (to check that no PEP went missing and to report changes).

The status history (``pep-status-history.json``) is built from python/peps' git history, which
the API does not serve, and stops at the snapshot it was built from. Each refresh extends it
with what it observes: a PEP whose status differs from the previous index's, or a PEP new in
the index, gets an entry dated the day of the refresh and marked ``"observed": true`` (no
commit), written into the project's folder beside the index. The PEPs whose current status the
history still does not record (gaps older than the previous index) are named.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import http.client
import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.files import WriteFailed, write_all
from ..core.sourcefiles import FileRefused
from .index import HISTORY_NAME, INDEX_NAME, REFRESH_RECORD, VENDORED_DIR, read_pep_bytes
from .status import index_shape_problems

API_URL = "https://peps.python.org/api/peps.json"
TIMEOUT = 60  # seconds; the index is a few megabytes


class RefreshError(Exception):
    """Why the project's index was left unchanged."""


@dataclass(frozen=True)
class RefreshReport:
    """What a refresh changed."""

    peps: int
    added: tuple[int, ...]
    status_changes: tuple[tuple[int, str, str], ...]  # number, old status, new status
    missing_history: tuple[int, ...]  # PEPs whose current status the history does not record
    recorded: tuple[tuple[int, str], ...] = ()  # changes added to the history: number, status
    observed: str = ""  # the date they were recorded with


def download(url: str, timeout: float = TIMEOUT) -> bytes:
    """The response body, whole; a short read or an HTTP error raises RefreshError."""
    request = urllib.request.Request(url, headers={"User-Agent": "sphinx-council peps refresh"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body: bytes = response.read()
            expected = response.headers.get("Content-Length")
    except urllib.error.HTTPError as error:
        raise RefreshError(f"{url} answered HTTP {error.code} {error.reason}") from error
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise RefreshError(f"cannot download {url}: {reason}") from error
    except (http.client.HTTPException, ValueError) as error:  # IncompleteRead is neither
        raise RefreshError(f"the download from {url} is truncated: {error!r}") from error
    if expected is not None and expected.isdigit() and int(expected) != len(body):
        raise RefreshError(f"the download from {url} is truncated: {len(body)} of {expected} bytes")
    return body


def parse_index(body: bytes, url: str, previous: dict[str, Any]) -> dict[str, Any]:
    """The downloaded index, checked; every problem is named at once."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise RefreshError(
            f"the download from {url} is not valid JSON ({error}); it may be truncated"
        ) from error
    except RecursionError as error:  # nested deeper than any index: not the PEP index
        raise RefreshError(
            f"the download from {url} is nested too deeply to be the PEP index"
        ) from error
    problems = index_shape_problems(data, sorted(int(k) for k in previous))
    if problems:
        shown = "\n  ".join(problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise RefreshError(
            f"the index from {url} does not have the expected shape:\n  {shown}{more}"
        )
    return dict(sorted(data.items(), key=lambda item: int(item[0])))


def _read_data(path: Path, what: str) -> Any:
    try:
        return json.loads(read_pep_bytes(path))
    except (OSError, ValueError, FileRefused) as error:
        raise RefreshError(f"cannot read the {what} {path}: {error}") from error


def _existing(data_dir: Path, name: str) -> Path:
    """The project's copy of a data file, or the vendored one until it has its own."""
    own = data_dir / name
    # Whatever is there is the project's (a link or a pipe is refused when it is read).
    return own if os.path.lexists(own) else VENDORED_DIR / name


def refresh_index(url: str, data_dir: Path, today: dt.date | None = None) -> RefreshReport:
    """Download, check and install the PEP index in ``data_dir``; raise RefreshError and change
    nothing when any step fails."""
    previous = _read_data(_existing(data_dir, INDEX_NAME), "PEP index")
    history_file = _read_data(_existing(data_dir, HISTORY_NAME), "PEP status history")
    history = history_file.get("peps") if isinstance(history_file, dict) else None
    if not isinstance(previous, dict) or not isinstance(history, dict):
        raise RefreshError(f"the PEP data in {data_dir} is not the expected JSON objects")
    body = download(url)
    fresh = parse_index(body, url, previous)
    when = (today or dt.datetime.now(dt.UTC).date()).isoformat()
    recorded = record_observed(previous, fresh, history, when)
    texts = {data_dir / INDEX_NAME: json.dumps(fresh, indent=1, ensure_ascii=False) + "\n"}
    if recorded or not (data_dir / HISTORY_NAME).is_file():
        updated = json.dumps(recorded_history(history_file, history), indent=1, ensure_ascii=False)
        texts[data_dir / HISTORY_NAME] = updated + "\n"
    source = {"url": url, "retrieved": when, "sha256": hashlib.sha256(body).hexdigest()}
    texts[data_dir / REFRESH_RECORD] = json.dumps(source, indent=1) + "\n"
    try:
        # The index, its history and the refresh record change together or not at all.
        write_all(texts)
    except WriteFailed as error:
        raise RefreshError(str(error)) from None
    report = _report(previous, fresh, history)
    return dataclasses.replace(report, recorded=tuple(recorded), observed=when)


def record_observed(
    previous: dict[str, Any], fresh: dict[str, Any], history: dict[str, Any], when: str
) -> list[tuple[int, str]]:
    """Add to ``history`` each status change between the two indexes, dated ``when``.

    A change already recorded (the history's last status for the PEP is the new one) is not
    added twice, so running the refresh again the same day changes nothing.
    """
    recorded = []
    for key, entry in fresh.items():
        before = previous.get(key, {}).get("status")
        status = entry["status"]
        if before == status or _history_ends_with(history.get(key), status):
            continue
        pep = history.setdefault(key, {})
        changes = pep.setdefault("status_history", [])
        changes.append({"date": when, "status": status, "commit": "", "observed": True})
        recorded.append((int(key), status))
    return recorded


def recorded_history(history_file: dict[str, Any], history: dict[str, Any]) -> dict[str, Any]:
    """The whole history file: its ``_meta`` as it was, every PEP in number order."""
    return {**history_file, "peps": dict(sorted(history.items(), key=lambda item: int(item[0])))}


def _report(
    previous: dict[str, Any], fresh: dict[str, Any], history: dict[str, Any]
) -> RefreshReport:
    changes = tuple(
        (int(key), previous[key]["status"], entry["status"])
        for key, entry in fresh.items()
        if key in previous and previous[key].get("status") != entry["status"]
    )
    missing = tuple(
        int(key)
        for key, entry in fresh.items()
        if not _history_ends_with(history.get(key), entry["status"])
    )
    added = tuple(int(key) for key in fresh if key not in previous)
    return RefreshReport(len(fresh), added, changes, missing)


def _history_ends_with(entry: Any, status: str) -> bool:
    changes = (entry or {}).get("status_history") or []
    return bool(changes) and changes[-1].get("status") == status
