"""Releases of the packaging tools: the snapshot ``council releases refresh`` writes, and the
same snapshot read back and checked by the build. Pure Python, no Sphinx.

The snapshot (``releases/releases.json`` in the bundled site) holds, for each watched project,
the releases first uploaded since the horizon (the Monday of the newsletter's first week): the
version as PyPI lists it, the time of its first file's upload (which decides its week), whether
it is yanked and why, and the project's changelog link. It also keeps the highest final version
released before the horizon, so that the first release of a new major version is known as such
even when the previous one is older than the snapshot.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packaging.version import InvalidVersion, Version

from ..core.fields import link_problem
from ..core.plaintext import shown, text_problem
from ..core.pypinames import PROJECT_NAME, normalized_name
from ..core.sourcefiles import FileRefused, read_source_bytes

SNAPSHOT_NAME = "releases.json"
SNAPSHOT_FORMAT = 1
RELEASE_PAGE = "https://pypi.org/project/{project}/{version}/"

# The packaging tools the bundled site follows (council_release_watch's default).
DEFAULT_WATCH = (
    "pip",
    "uv",
    "setuptools",
    "hatchling",
    "flit-core",
    "poetry",
    "pdm",
    "build",
    "twine",
    "virtualenv",
    "packaging",
    "wheel",
    "pipx",
    "cibuildwheel",
    "maturin",
    "scikit-build-core",
    "meson-python",
    "pip-tools",
)

# The characters of a version as PyPI lists it (PEP 440 and the legacy versions before it): never
# markup, spaces or control characters, whatever the response says.
VERSION_TEXT = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+!_-]{0,99}")
MAX_YANK_REASON = 500
MAX_SNAPSHOT_BYTES = 16 * 1024 * 1024  # a year of 18 tools' releases is well under 100 kB
URL_UNSAFE = "<>\"'\\{}|^`"  # RFC 3986 leaves them out of addresses; markup needs them
UTC_TIME = "%Y-%m-%dT%H:%M:%SZ"


@dataclass(frozen=True)
class Release:
    """One version of a project, as first uploaded."""

    project: str  # normalized name
    version: str
    uploaded: dt.datetime  # UTC; the first file's upload
    yanked: bool = False
    yank_reason: str = ""

    @property
    def parsed(self) -> Version:
        return Version(self.version)

    @property
    def is_prerelease(self) -> bool:
        return self.parsed.is_prerelease


@dataclass(frozen=True)
class ProjectReleases:
    """What the snapshot knows of one watched project."""

    name: str  # normalized
    releases: tuple[Release, ...]  # in upload order
    changelog: str = ""  # an https: link, or "" (the release page stands in)
    earlier: str = ""  # the highest final version first uploaded before the horizon

    def link(self, release: Release) -> str:
        """Where a reader learns what changed in ``release``."""
        return self.changelog or RELEASE_PAGE.format(project=self.name, version=release.version)

    def majors(self) -> set[Release]:
        """The releases that open a new major version: a major number above every final
        release's before it (a pre-release of that version included)."""
        highest = Version(self.earlier).major if self.earlier else None
        found = set()
        for release in self.releases:
            major = release.parsed.major
            if highest is not None and major > highest:
                found.add(release)
            if not release.is_prerelease:
                highest = major if highest is None else max(highest, major)
        return found


@dataclass(frozen=True)
class ReleaseSnapshot:
    """Every watched project's releases since the horizon, and when they were fetched."""

    fetched: dt.datetime
    source: str
    since: dt.date
    projects: tuple[ProjectReleases, ...]  # in name order


class SnapshotProblem(Exception):
    """The snapshot cannot be read; the message says what is wrong and what to do."""


def watch_problems(value: Any) -> tuple[tuple[str, ...], list[str]]:
    """The normalized project names of a ``council_release_watch`` value, and its problems."""
    if isinstance(value, str) or not isinstance(value, list | tuple):
        return (), [f"must be a list of PyPI project names, not {shown(repr(value))}"]
    names: dict[str, str] = {}
    problems = []
    for item in value:
        if not isinstance(item, str) or not PROJECT_NAME.fullmatch(item):
            problems.append(
                f"{shown(repr(item))} is not a PyPI project name (letters, digits, '.', '_' "
                "and '-', starting and ending with a letter or digit)"
            )
            continue
        name = normalized_name(item)
        if name in names:
            problems.append(f"names {name!r} twice ({names[name]!r} and {item!r})")
        names[name] = item
    return tuple(names), problems


def utc_time(text: Any) -> dt.datetime | None:
    """An ISO 8601 time with a time zone, in UTC to the second; None when it is not one."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return moment.astimezone(dt.UTC).replace(microsecond=0)


def version_problem(value: Any) -> str | None:
    """Why ``value`` cannot be shown as a version, or None when it can."""
    if isinstance(value, str) and VERSION_TEXT.fullmatch(value):
        return None
    return f"{shown(repr(value))} is not a version (only letters, digits and . + ! _ -)"


def yank_reason_problem(value: str) -> str | None:
    if problem := text_problem(value, multiline=False):
        return f"the yank reason {shown(repr(value))} {problem}"
    if len(value) > MAX_YANK_REASON:
        return f"the yank reason is {len(value)} characters long, more than {MAX_YANK_REASON}"
    return None


def changelog_problem(value: str) -> str | None:
    """Why ``value`` cannot be kept as a changelog link (only https: links are)."""
    if problem := link_problem(value):
        return problem
    if unsafe := sorted(set(value) & set(URL_UNSAFE)):
        return f"{value!r} contains {''.join(unsafe)!r}, which an address never holds unescaped"
    if not value.lower().startswith("https:"):
        return f"{value!r} is not an https: link"
    return None


def snapshot_text(snapshot: ReleaseSnapshot) -> str:
    """The snapshot as committed: sorted keys, one order, ending in a newline."""
    projects = {
        project.name: {
            "changelog": project.changelog or None,
            "earlier": project.earlier or None,
            "releases": [
                {
                    "uploaded": release.uploaded.strftime(UTC_TIME),
                    "version": release.version,
                    "yank_reason": release.yank_reason,
                    "yanked": release.yanked,
                }
                for release in project.releases
            ],
        }
        for project in snapshot.projects
    }
    data = {
        "fetched": snapshot.fetched.strftime(UTC_TIME),
        "format": SNAPSHOT_FORMAT,
        "projects": projects,
        "since": snapshot.since.isoformat(),
        "source": snapshot.source,
    }
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def in_upload_order(releases: Iterable[Release]) -> tuple[Release, ...]:
    return tuple(sorted(releases, key=lambda r: (r.uploaded, r.parsed, r.version)))


def load_snapshot(folder: Path) -> ReleaseSnapshot:
    """The snapshot in ``folder``; SnapshotProblem, naming the file, when it cannot be used."""
    path = folder / SNAPSHOT_NAME
    try:
        # Never through a link, nor a pipe: the snapshot arrives by pull request like any data.
        if path.lstat().st_size > MAX_SNAPSHOT_BYTES:
            raise SnapshotProblem(f"is larger than {MAX_SNAPSHOT_BYTES} bytes")
        text = read_source_bytes(path, folder, MAX_SNAPSHOT_BYTES).decode("utf-8")
        return read_snapshot(text)
    except FileNotFoundError:
        raise SnapshotProblem(
            f"no {SNAPSHOT_NAME} in {folder}; run council releases refresh to write it"
        ) from None
    except FileRefused as refused:
        raise SnapshotProblem(f"{path}: {refused.message}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise SnapshotProblem(f"{path}: cannot be read: {error}") from None
    except SnapshotProblem as problem:
        raise SnapshotProblem(f"{path}: {problem}") from None


def read_snapshot(text: str) -> ReleaseSnapshot:
    """The snapshot a refresh wrote, checked as the refresh checks PyPI's answers."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise SnapshotProblem(f"is not JSON ({error}); run council releases refresh") from None
    if not isinstance(data, dict) or data.get("format") != SNAPSHOT_FORMAT:
        raise SnapshotProblem(f"is not a format {SNAPSHOT_FORMAT} release snapshot")
    fetched, since = utc_time(data.get("fetched")), data.get("since")
    projects = data.get("projects")
    if fetched is None or not isinstance(since, str) or not isinstance(projects, dict):
        raise SnapshotProblem("lacks its fetched time, its horizon or its projects")
    try:
        horizon = dt.date.fromisoformat(since)
    except ValueError:
        raise SnapshotProblem(f"since {shown(repr(since))} is not a date") from None
    read = tuple(_read_project(name, entry) for name, entry in sorted(projects.items()))
    return ReleaseSnapshot(fetched, str(data.get("source", "")), horizon, read)


def _read_project(name: str, entry: Any) -> ProjectReleases:
    if not PROJECT_NAME.fullmatch(name) or normalized_name(name) != name:
        raise SnapshotProblem(f"{shown(repr(name))} is not a normalized project name")
    if not isinstance(entry, dict) or not isinstance(entry.get("releases"), list):
        raise SnapshotProblem(f"{name}: lacks its releases")
    changelog, earlier = entry.get("changelog") or "", entry.get("earlier") or ""
    problem = (changelog and changelog_problem(changelog)) or (earlier and _pep440_problem(earlier))
    if problem:
        raise SnapshotProblem(f"{name}: {problem}")
    releases = in_upload_order(_read_release(name, item) for item in entry["releases"])
    return ProjectReleases(name, releases, changelog, earlier)


def _read_release(project: str, item: Any) -> Release:
    if not isinstance(item, dict):
        raise SnapshotProblem(f"{project}: a release is not an object")
    version, uploaded = item.get("version"), utc_time(item.get("uploaded"))
    reason, yanked = item.get("yank_reason", ""), item.get("yanked")
    problem = _pep440_problem(version)
    if problem is None and uploaded is None:
        problem = f"{version}: its upload time {shown(repr(item.get('uploaded')))} is not a time"
    if problem is None and (not isinstance(yanked, bool) or not isinstance(reason, str)):
        problem = f"{version}: yanked must be true or false, yank_reason a text"
    if problem is None:
        problem = yank_reason_problem(reason)
    if problem is not None or uploaded is None:
        raise SnapshotProblem(f"{project}: {problem}")
    return Release(project, str(version), uploaded, bool(yanked), reason)


def _pep440_problem(version: Any) -> str | None:
    if problem := version_problem(version):
        return problem
    try:
        Version(version)
    except InvalidVersion:
        return f"{version!r} is not a PEP 440 version"
    return None
