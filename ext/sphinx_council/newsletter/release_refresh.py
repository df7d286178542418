"""``council releases refresh``: the watched projects' releases from PyPI into the project's
snapshot, all or nothing. Pure Python; the only network access the newsletter has, and never
made by a build.

Each answer is bounded by what PyPI really sends: a Simple API page lists every file of every
version (uv's, with its many wheels, is 2.6 MB), a JSON API answer every release's files as
well (uv's is 4.9 MB); the bounds leave room for several times that. Each answer must arrive
whole within ``timeout`` seconds, however slowly it trickles, and the whole refresh within
``DEADLINE``. Every project is asked even after one fails, so that one run names every
problem; the snapshot is written only when every answer was good.
"""

from __future__ import annotations

import datetime as dt
import http.client
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..core.files import WriteFailed, write_atomically
from .pypi import AnswerProblem, project_releases
from .releases import SNAPSHOT_NAME, ProjectReleases, ReleaseSnapshot, snapshot_text

PYPI_URL = "https://pypi.org"
SIMPLE_TYPE = "application/vnd.pypi.simple.v1+json"
JSON_TYPE = "application/json"
SIMPLE_LIMIT = 20 * 1024 * 1024  # uv's page is 2.6 MB
JSON_LIMIT = 32 * 1024 * 1024  # uv's answer is 4.9 MB
TIMEOUT = 60.0  # seconds for one answer, whole
DEADLINE = 900.0  # seconds for the whole refresh
CHUNK = 64 * 1024


class _WebRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to another http(s) address (urllib would follow one to ftp:)."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise AnswerProblem(f"{req.full_url} redirects to {newurl!r}, not a web address")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


OPENER = urllib.request.build_opener(_WebRedirects)


class ReleaseRefreshError(Exception):
    """Why the snapshot was left unchanged: one line per project that failed."""


@dataclass(frozen=True)
class Answer:
    """What one request asks for and accepts."""

    url: str
    media_type: str
    limit: int


def download(answer: Answer, timeout: float, deadline: float) -> bytes:
    """The whole body of a 200 answer of the expected type, within its size and time bounds;
    AnswerProblem otherwise. ``deadline`` is a ``time.monotonic()`` value."""
    ends = min(time.monotonic() + timeout, deadline)
    request = urllib.request.Request(
        answer.url,
        headers={"Accept": answer.media_type, "User-Agent": "sphinx-council releases refresh"},
    )
    try:
        with OPENER.open(request, timeout=max(ends - time.monotonic(), 0.01)) as reply:
            media_type = reply.headers.get_content_type()
            if media_type != answer.media_type:
                raise AnswerProblem(
                    f"{answer.url} answered {media_type!r}, not {answer.media_type!r}"
                )
            return _body(reply, answer, ends)
    except urllib.error.HTTPError as error:
        raise AnswerProblem(f"{answer.url} answered HTTP {error.code} {error.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", None) or error
        raise AnswerProblem(f"{answer.url} could not be read: {reason}") from None
    except http.client.HTTPException as error:
        raise AnswerProblem(f"the answer from {answer.url} is cut short ({error!r})") from None


def _body(reply: http.client.HTTPResponse, answer: Answer, ends: float) -> bytes:
    declared = reply.headers.get("Content-Length")
    length = int(declared) if declared is not None and declared.isdigit() else None
    if length is not None and length > answer.limit:
        raise AnswerProblem(
            f"{answer.url} announces {length} bytes, more than the {answer.limit} accepted"
        )
    chunks, size = [], 0
    while chunk := reply.read1(CHUNK):
        size += len(chunk)
        if size > answer.limit:
            raise AnswerProblem(f"{answer.url} sent more than the {answer.limit} bytes accepted")
        if time.monotonic() > ends:
            raise AnswerProblem(f"{answer.url} did not answer in time (a slow or stalled server)")
        chunks.append(chunk)
    if length is not None and size != length:
        raise AnswerProblem(f"the answer from {answer.url} is cut short: {size} of {length} bytes")
    return b"".join(chunks)


def check_pypi_url(url: str) -> str | None:
    """Why ``url`` cannot be the index to ask, or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc or parts.query:
        return f"{url!r} is not an http(s) address of a package index, like {PYPI_URL}"
    return None


def fetch_project(
    base: str, name: str, since: dt.date, timeout: float, deadline: float
) -> ProjectReleases:
    """One project's releases, from its two answers."""
    simple = download(
        Answer(f"{base}/simple/{name}/", SIMPLE_TYPE, SIMPLE_LIMIT), timeout, deadline
    )
    info = download(Answer(f"{base}/pypi/{name}/json", JSON_TYPE, JSON_LIMIT), timeout, deadline)
    now = dt.datetime.now(dt.UTC)
    return project_releases(simple, info, name, since, now)


def refresh_releases(
    base: str,
    names: Sequence[str],
    since: dt.date,
    data_dir: Path,
    timeout: float = TIMEOUT,
) -> ReleaseSnapshot:
    """Ask the index at ``base`` about every project of ``names`` (normalized) and write the
    snapshot into ``data_dir``; ReleaseRefreshError, and nothing written, when any answer is
    unusable."""
    base = base.rstrip("/")
    deadline = time.monotonic() + DEADLINE
    found, failures = [], []
    for name in names:
        try:
            found.append(fetch_project(base, name, since, timeout, deadline))
        except AnswerProblem as error:
            failures.append(f"{name}: {error}")
    if failures:
        raise ReleaseRefreshError("\n".join(failures))
    fetched = dt.datetime.now(dt.UTC).replace(microsecond=0)
    projects = tuple(sorted(found, key=lambda project: project.name))
    snapshot = ReleaseSnapshot(fetched, base, since, projects)
    try:
        write_atomically(data_dir / SNAPSHOT_NAME, snapshot_text(snapshot))
    except WriteFailed as error:
        raise ReleaseRefreshError(str(error)) from None
    return snapshot
