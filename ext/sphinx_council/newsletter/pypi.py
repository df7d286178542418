"""What PyPI says about one project, read from its two answers and checked. Pure Python.

The Simple API as JSON (PEP 691, with PEP 700's ``versions`` and ``upload-time``) lists every
file of every version: the first file's upload time decides a release's week, and a release is
yanked when all its files are (PEP 592). The JSON API's ``info.project_urls`` gives the
changelog link. Everything in the answers is data from outside: a version that is not plain
text, a time that is not one, a link that is not https: or a name that is not the project's
makes the whole answer unusable, and the message says which and why.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from packaging.utils import parse_sdist_filename, parse_wheel_filename
from packaging.version import InvalidVersion, Version

from ..core.plaintext import shown
from ..core.pypinames import normalized_name
from .releases import (
    ProjectReleases,
    Release,
    changelog_problem,
    in_upload_order,
    utc_time,
    version_problem,
    yank_reason_problem,
)

# PyPI opened in 2003; an upload dated before it, or after the refresh, is not a real one.
EARLIEST_UPLOAD = dt.datetime(2003, 1, 1, tzinfo=dt.UTC)
# This computer's clock may run behind PyPI's: an upload a little "later" than now is real.
CLOCK_SKEW = dt.timedelta(days=1)
# The project_urls labels that name a changelog, in order of preference, compared as PyPI
# compares them (lowercase, without punctuation or spaces).
CHANGELOG_LABELS = ("changelog", "releasenotes", "changes", "history")
FILENAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+!_-]{0,299}")


class AnswerProblem(Exception):
    """An answer from PyPI is unusable; the message says why."""


@dataclass(frozen=True)
class _File:
    version: Version | None  # None: neither a wheel nor an sdist (an old installer, an egg)
    uploaded: dt.datetime | None  # PEP 700 allows an index to leave it out
    yanked: bool
    reason: str
    filename: str


def json_object(body: bytes, what: str) -> dict[str, Any]:
    """The answer as a JSON object."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise AnswerProblem(f"the {what} is not JSON ({error}); it may be truncated") from None
    except RecursionError:
        raise AnswerProblem(f"the {what} is nested too deeply to be JSON from PyPI") from None
    if not isinstance(data, dict):
        raise AnswerProblem(f"the {what} is not a JSON object")
    return data


def _same_project(data: Any, name: str, what: str) -> None:
    if not isinstance(data, str) or normalized_name(data) != name:
        raise AnswerProblem(f"the {what} is about {shown(repr(data))}, not {name!r}")


def project_releases(
    simple: bytes, project_json: bytes, name: str, since: dt.date, now: dt.datetime
) -> ProjectReleases:
    """``name``'s releases first uploaded on or after ``since``, its changelog link and the
    highest final version before ``since``, from its Simple API and JSON API answers."""
    page = json_object(simple, "Simple API page")
    meta, versions, files = page.get("meta"), page.get("versions"), page.get("files")
    api = meta.get("api-version") if isinstance(meta, dict) else None
    if not isinstance(api, str) or not re.fullmatch(r"1\.([1-9]\d*)", api):
        raise AnswerProblem(
            f"the Simple API page has api-version {shown(repr(api))}; 1.1 or later (PEP 700, "
            "which lists versions and upload times) is needed"
        )
    _same_project(page.get("name"), name, "Simple API page")
    if not isinstance(versions, list) or not isinstance(files, list):
        raise AnswerProblem("the Simple API page lacks its versions or files list")
    listed = _listed_versions(versions)
    firsts = _first_uploads(files, listed, since, now)
    horizon = dt.datetime.combine(since, dt.time(), dt.UTC)
    kept, earlier = [], None
    for version, (uploaded, yanked, reason) in firsts.items():
        if uploaded >= horizon:
            shown_version = listed[version]
            if isinstance(shown_version, str):
                kept.append(Release(name, shown_version, uploaded, yanked, reason))
        elif not version.is_prerelease and (earlier is None or version > earlier):
            earlier = version
    changelog = changelog_link(json_object(project_json, "JSON API answer"), name)
    return ProjectReleases(name, in_upload_order(kept), changelog, str(earlier or ""))


def _listed_versions(versions: list[Any]) -> dict[Version, str | None]:
    """The listed versions by their PEP 440 value; None for an old non-PEP 440 one."""
    listed: dict[Version, str | None] = {}
    for value in versions:
        if problem := version_problem(value):
            raise AnswerProblem(f"the versions list has {problem}")
        try:
            listed[Version(value)] = value
        except InvalidVersion:
            continue  # released before PEP 440; never in the horizon (checked below)
    return listed


def _first_uploads(
    files: list[Any], listed: dict[Version, str | None], since: dt.date, now: dt.datetime
) -> dict[Version, tuple[dt.datetime, bool, str]]:
    """Each version's first upload time, and whether (and why) all its files are yanked."""
    horizon = dt.datetime.combine(since, dt.time(), dt.UTC)
    by_version: dict[Version, list[_File]] = {}
    for file in _files(files, now):
        if file.version is not None:
            by_version.setdefault(file.version, []).append(file)
        elif file.uploaded is not None and file.uploaded >= horizon:
            raise AnswerProblem(
                f"the file {file.filename!r}, uploaded {file.uploaded:%Y-%m-%d}, is neither a "
                "wheel nor a source distribution"
            )
    firsts = {}
    for version, its_files in sorted(by_version.items()):
        times = [f.uploaded for f in its_files if f.uploaded is not None]
        if not times:
            continue
        if min(times) >= horizon and listed.get(version) is None:
            raise AnswerProblem(
                f"the file {its_files[0].filename!r} is of version {str(version)!r}, which the "
                "versions list does not hold as a PEP 440 version"
            )
        yanked = all(f.yanked for f in its_files)
        reasons = sorted((f.filename, f.reason) for f in its_files if f.reason)
        firsts[version] = (min(times), yanked, reasons[0][1] if yanked and reasons else "")
    return firsts


def _files(files: list[Any], now: dt.datetime) -> Iterator[_File]:
    for entry in files:
        if not isinstance(entry, dict) or not isinstance(entry.get("filename"), str):
            raise AnswerProblem("the files list has an entry without a filename")
        filename: str = entry["filename"]
        if not FILENAME.fullmatch(filename):
            raise AnswerProblem(f"the files list has a file named {shown(repr(filename))}")
        uploaded = None
        if "upload-time" in entry:
            uploaded = utc_time(entry["upload-time"])
            if uploaded is None or not EARLIEST_UPLOAD <= uploaded <= now + CLOCK_SKEW:
                raise AnswerProblem(
                    f"the file {filename!r} has the upload time "
                    f"{shown(repr(entry['upload-time']))}, which is not a time between 2003 "
                    "and now"
                )
        yanked = entry.get("yanked", False)
        if not isinstance(yanked, bool | str):
            raise AnswerProblem(f"the file {filename!r} has yanked {shown(repr(yanked))}")
        reason = yanked.strip() if isinstance(yanked, str) else ""
        if reason and (problem := yank_reason_problem(reason)):
            raise AnswerProblem(f"the file {filename!r}: {problem}")
        yield _File(_file_version(filename), uploaded, yanked is not False, reason, filename)


def _file_version(filename: str) -> Version | None:
    try:
        if filename.endswith(".whl"):
            return parse_wheel_filename(filename)[1]
        return parse_sdist_filename(filename)[1]
    except ValueError:  # the packaging.utils errors and InvalidVersion are ValueErrors
        return None


def changelog_link(data: dict[str, Any], name: str) -> str:
    """The https: changelog link of ``info.project_urls``, or "" when it names none."""
    info = data.get("info")
    if not isinstance(info, dict):
        raise AnswerProblem("the JSON API answer has no info object")
    _same_project(info.get("name"), name, "JSON API answer")
    urls = info.get("project_urls") or {}
    if not isinstance(urls, dict):
        raise AnswerProblem("the JSON API answer's project_urls is not an object")
    labelled = {re.sub(r"[^a-z0-9]", "", str(label).lower()): url for label, url in urls.items()}
    for label in CHANGELOG_LABELS:
        url = labelled.get(label)
        if url is None:
            continue
        if not isinstance(url, str):
            raise AnswerProblem(f"the {label} link is {shown(repr(url))}, not a link")
        if (problem := changelog_problem(url.strip())) is None:
            return url.strip()
        if not url.strip().lower().startswith("http:"):
            raise AnswerProblem(f"the {label} link {problem}")
        # A plain http: changelog is not linked; the next label, or the release page, is.
    return ""
