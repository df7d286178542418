"""What a release snapshot must hold, from PyPI's recorded answers, and what an issue's
Releases section must list, from a snapshot's JSON, worked out with none of the code under
test: plain string and date handling, the rules as the issue states them."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

# (link text, link address, what follows it) of each release, by project in name order.
Expected = list[tuple[str, list[tuple[str, str, str]]]]

RECORDED = Path(__file__).parent / "data" / "pypi"
HORIZON = "2026-01-05"  # the Monday of 2026-W02, the tests' first week

PRE_RELEASE = re.compile(r"\d(a|b|rc|c|alpha|beta|pre|preview)\d*|dev", re.IGNORECASE)


def _numbers(version: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", version)]


def _week(uploaded: str) -> tuple[int, int]:
    year, week, _ = dt.date.fromisoformat(uploaded[:10]).isocalendar()
    return year, week


def expected_releases(snapshot: dict[str, Any], week: tuple[int, int]) -> Expected:
    """The Releases section of the issue for ``week`` (ISO year, week number)."""
    section = []
    for name, project in sorted(snapshot["projects"].items()):
        majors, highest = set(), None
        if project["earlier"]:
            highest = _numbers(project["earlier"])[0]
        for release in sorted(project["releases"], key=lambda r: r["uploaded"]):
            major = _numbers(release["version"])[0]
            if highest is not None and major > highest:
                majors.add(release["version"])
            if not PRE_RELEASE.search(release["version"]):
                highest = major if highest is None else max(highest, major)
        found = [r for r in project["releases"] if _week(r["uploaded"]) == week]
        finals = [r for r in found if not PRE_RELEASE.search(r["version"])]
        found = finals or found
        if not found:
            continue
        found.sort(key=lambda r: _numbers(r["version"]), reverse=True)
        found.sort(key=lambda r: r["version"] not in majors)
        items = []
        for release in found:
            version = release["version"]
            detail = []
            pre = PRE_RELEASE.search(version)
            if version in majors:
                detail.append(
                    "Pre-release of a new major version." if pre else "New major version."
                )
            elif pre:
                detail.append("Pre-release.")
            if release["yanked"]:
                reason = release["yank_reason"].rstrip(".")
                detail.append(f"Yanked: {reason}." if reason else "Yanked.")
            link = project["changelog"] or f"https://pypi.org/project/{name}/{version}/"
            items.append((f"{name} {version}", link, " ".join(detail)))
        section.append((name, items))
    return section


def expected_project(name: str, horizon: str = HORIZON) -> dict[str, Any]:
    """What the recorded answers say about ``name``, worked out here from the raw files: the
    version is what a file name holds between the project and the tags or extension."""
    page = json.loads((RECORDED / "simple" / f"{name}.json").read_text("utf-8"))
    files: dict[str, list[dict[str, Any]]] = {}
    for file in page["files"]:
        match = re.fullmatch(r"[^-]+-([^-]+?)(?:-.*\.whl|\.tar\.gz|\.zip)", file["filename"])
        assert match, file["filename"]
        files.setdefault(match[1], []).append(file)
    releases, earlier = [], []
    for version, its in files.items():
        first = min(f["upload-time"] for f in its)[:19] + "Z"
        yanked = all(f["yanked"] is not False for f in its)
        reasons = sorted((f["filename"], f["yanked"]) for f in its if isinstance(f["yanked"], str))
        if first >= horizon:
            reason = reasons[0][1] if yanked and reasons else ""
            releases.append(
                {"uploaded": first, "version": version, "yank_reason": reason, "yanked": yanked}
            )
        elif re.fullmatch(r"[\d.]+", version):
            earlier.append(tuple(map(int, version.split("."))))
    urls = json.loads((RECORDED / "json" / f"{name}.json").read_text("utf-8"))["info"]
    labels = {label.lower(): url for label, url in urls["project_urls"].items()}
    changelog = next(
        (labels[k] for k in ("changelog", "release notes", "changes", "history") if k in labels),
        None,
    )
    return {
        "changelog": changelog,
        "earlier": ".".join(map(str, max(earlier))) if earlier else None,
        "releases": sorted(releases, key=lambda r: (r["uploaded"], r["version"])),
    }
