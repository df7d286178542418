"""``council peps refresh``: replace the vendored PEP index with the live one, safely.

The download is read whole, parsed and checked before anything is written; the new file is
written next to the old one and moved over it with ``os.replace``, so a failed, truncated or
invalid download leaves the vendored copy as it was.

The status history (``pep-status-history.json``) is built from python/peps' git history, which
the API does not serve: the refresh keeps it as it is and names the PEPs whose current status
it does not record yet.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import http.client
import json
import os
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .index import REFRESH_RECORD
from .status import index_shape_problems

API_URL = "https://peps.python.org/api/peps.json"
DATA_DIR = Path(__file__).parent.parent / "data"
INDEX_NAME = "peps.json"
HISTORY_NAME = "pep-status-history.json"
TIMEOUT = 60  # seconds; the index is a few megabytes


class RefreshError(Exception):
    """Why the vendored index was left unchanged."""


@dataclass(frozen=True)
class RefreshReport:
    """What a refresh changed."""

    peps: int
    added: tuple[int, ...]
    status_changes: tuple[tuple[int, str, str], ...]  # number, old status, new status
    missing_history: tuple[int, ...]  # PEPs whose current status the history does not record


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
    problems = index_shape_problems(data, sorted(int(k) for k in previous))
    if problems:
        shown = "\n  ".join(problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise RefreshError(
            f"the index from {url} does not have the expected shape:\n  {shown}{more}"
        )
    return dict(sorted(data.items(), key=lambda item: int(item[0])))


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path`` and move it over ``path``."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).replace(path)  # os.replace: atomic on the same file system
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def refresh_index(
    url: str = API_URL, data_dir: Path = DATA_DIR, today: dt.date | None = None
) -> RefreshReport:
    """Download, check and install the PEP index; raise RefreshError and change nothing
    when any step fails."""
    index_path = data_dir / INDEX_NAME
    try:
        previous: dict[str, Any] = json.loads(index_path.read_text("utf-8"))
        history = json.loads((data_dir / HISTORY_NAME).read_text("utf-8"))["peps"]
    except (OSError, ValueError, KeyError) as error:
        raise RefreshError(f"cannot read the vendored data in {data_dir}: {error}") from error
    body = download(url)
    fresh = parse_index(body, url, previous)
    text = json.dumps(fresh, indent=1, ensure_ascii=False) + "\n"
    write_atomically(index_path, text)
    when = (today or dt.datetime.now(dt.UTC).date()).isoformat()
    source = {"url": url, "retrieved": when, "sha256": hashlib.sha256(body).hexdigest()}
    write_atomically(data_dir / REFRESH_RECORD, json.dumps(source, indent=1) + "\n")
    return _report(previous, fresh, history)


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
