"""The releases an issue tells, from the release snapshot: the newsletter's collector for
them, and how an issue groups and describes them. Pure Python.

In each ISO week (of the first file's upload, UTC), a project's final releases are told, or
its pre-releases when it made no final release that week; a release of a new major version is
marked, and comes first in its project's group.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from packaging.version import Version

from .events import EventKind, PackagingEvent
from .releases import ProjectReleases, Release, ReleaseSnapshot

# A release event's status.
MAJOR, MAJOR_PRERELEASE = "major", "major pre-release"
FINAL, PRERELEASE = "release", "pre-release"
DETAILS = {
    MAJOR: "New major version.",
    MAJOR_PRERELEASE: "Pre-release of a new major version.",
    PRERELEASE: "Pre-release.",
}


def release_events(
    snapshot: ReleaseSnapshot, watched: Collection[str] | None = None
) -> list[PackagingEvent]:
    """Each release to tell, dated by its first upload (UTC): in each ISO week, a project's
    final releases, or its pre-releases when it made no final release that week."""
    events = []
    for project in snapshot.projects:
        if watched is not None and project.name not in watched:
            continue
        majors = project.majors()
        weeks: dict[tuple[int, int], list[Release]] = {}
        for release in project.releases:
            year, week, _ = release.uploaded.date().isocalendar()
            weeks.setdefault((year, week), []).append(release)
        for found in weeks.values():
            finals = [r for r in found if not r.is_prerelease]
            events += [_release_event(project, r, r in majors) for r in finals or found]
    return events


def _release_event(project: ProjectReleases, release: Release, major: bool) -> PackagingEvent:
    status = PRERELEASE if release.is_prerelease else FINAL
    if major:
        status = MAJOR_PRERELEASE if release.is_prerelease else MAJOR
    return PackagingEvent(
        EventKind.RELEASE,
        release.uploaded.date(),
        f"{project.name}/{release.version}",
        f"{project.name} {release.version}",
        summary=(f"Yanked: {release.yank_reason}" if release.yank_reason else "Yanked")
        if release.yanked
        else "",
        url=project.link(release),
        status=status,
        subject=project.name,
    )


def release_groups(
    events: Iterable[PackagingEvent],
) -> list[tuple[str, list[PackagingEvent]]]:
    """A week's releases by project (in name order): a project's new major versions first,
    then newest version first."""
    by_project: dict[str, list[PackagingEvent]] = {}
    for event in events:
        by_project.setdefault(event.subject, []).append(event)
    groups = []
    for name, found in sorted(by_project.items()):
        found.sort(key=lambda e: Version(e.key.partition("/")[2]), reverse=True)
        # Stable: newest first among each kind.
        found.sort(key=lambda e: e.status not in (MAJOR, MAJOR_PRERELEASE))
        groups.append((name, found))
    return groups


def release_detail(event: PackagingEvent) -> str:
    """What a reader should know of a release besides its version."""
    parts = [DETAILS[event.status]] if event.status in DETAILS else []
    if event.summary:
        parts.append(" ".join(event.summary.split()).rstrip(".") + ".")
    return " ".join(parts)
