"""Every issue's Releases section, from the snapshot a refresh wrote of PyPI's recorded answers:
exactly the releases of its week, as worked out from the recordings without the code under
test, and escaped wherever an issue is written."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from buildoutputs import assert_same_output, clean_build, rebuild
from conftest import ROOTS, sphinx_build
from pypiserver import serve_index
from releasenews import HORIZON, expected_project, expected_releases
from sphinx_council.cli import main
from sphinx_council.newsletter.digest import IsoWeek, Schedule, WeeklyDigest, weekly_digests
from sphinx_council.newsletter.outline import IssueAddresses, issue_outline
from sphinx_council.newsletter.release_news import release_events
from sphinx_council.newsletter.releases import (
    ProjectReleases,
    Release,
    ReleaseSnapshot,
    load_snapshot,
)
from sphinx_council.newsletter.render import digest_html, digest_markdown, digest_text

PROJECTS = ("build", "cibuildwheel", "hatchling", "pip")


@pytest.fixture(scope="module")
def snapshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("project")
    (root / "docs").mkdir()
    (root / "docs" / "conf.py").write_text(
        f'council_digest_start = "2026-W02"\ncouncil_release_watch = {list(PROJECTS)!r}\n',
        "utf-8",
    )
    with serve_index() as index:
        code = main(["releases", "refresh", "--pypi-url", index.base, "--root", str(root)])
    assert code == 0
    return root / "releases"


def _released(digest: WeeklyDigest) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """The Releases section of an issue's outline: each project's (title, link, detail)."""
    parts = [p for p in issue_outline(digest, IssueAddresses()) if p.key == "release"]
    return [
        (label, [(i.link.text, i.link.url, i.detail) for i in items])
        for part in parts
        for label, items in part.groups
    ]


def test_each_issue_lists_exactly_the_releases_of_its_week(snapshot_dir: Path) -> None:
    recorded = {"projects": {name: expected_project(name) for name in PROJECTS}}
    weeks = {
        dt.date.fromisoformat(r["uploaded"][:10]).isocalendar()[:2]
        for project in recorded["projects"].values()
        for r in project["releases"]
    }
    assert len(weeks) >= 8
    events = release_events(load_snapshot(snapshot_dir))
    digests = weekly_digests(events, Schedule(IsoWeek(2026, 2)))
    by_week = {(d.week.year, d.week.week): d for d in digests}
    assert set(by_week) == weeks  # every week with a release has an issue, and only those
    for week in sorted(weeks):
        assert _released(by_week[week]) == expected_releases(recorded, week), week
    # What the rules are about happens in the recordings: a pre-release shown only when its
    # project made no final release that week, a new major version, a yanked release.
    told = [item for d in digests for _, items in _released(d) for item in items]
    assert ("cibuildwheel 4.0.0rc1", "https://github.com/pypa/cibuildwheel#changelog",
            "Pre-release of a new major version.") in told  # fmt: skip
    assert not any(title == "cibuildwheel 4.0.0rc2" for title, _, _ in told)
    assert any(detail == "New major version." for _, _, detail in told)
    assert any(detail.startswith("Yanked: ") for _, _, detail in told)
    assert HORIZON == "2026-01-05"  # the first week of the fixture's conf.py


HOSTILE_REASON = "<b>bold</b> [click](javascript:alert(1)) **loud** `code` & more"


def _hostile_issue() -> WeeklyDigest:
    uploaded = dt.datetime(2026, 6, 3, 12, 0, tzinfo=dt.UTC)
    project = ProjectReleases(
        "demo",
        (Release("demo", "2.0.0", uploaded, True, HOSTILE_REASON),),
        "https://example.org/changes?a=1&b=2",
        "1.4",
    )
    snapshot = ReleaseSnapshot(uploaded, "https://pypi.org", dt.date(2026, 1, 5), (project,))
    return weekly_digests(release_events(snapshot), Schedule(IsoWeek(2026, 2)))[0]


def test_release_text_is_escaped_in_every_edition() -> None:
    issue = _hostile_issue()
    html = digest_html(issue, lambda link: link.url or link.page, IssueAddresses())
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html
    assert 'href="javascript:' not in html
    assert 'href="https://example.org/changes?a=1&amp;b=2"' in html
    markdown = digest_markdown(issue, "https://x.org/i", lambda link: link.url, IssueAddresses())
    assert "[click](javascript:alert(1))" not in markdown
    assert "**loud**" not in markdown
    text = digest_text(issue, "https://x.org/i", lambda link: link.url, IssueAddresses())
    assert "demo 2.0.0" in text and "New major version." in text


def test_a_broken_snapshot_is_named_by_the_build_reader(tmp_path: Path) -> None:
    (tmp_path / "releases.json").write_text(
        json.dumps(
            {
                "fetched": "2026-12-07T10:00:00Z",
                "format": 1,
                "since": "2026-04-13",
                "source": "https://pypi.org",
                "projects": {
                    "pip": {
                        "changelog": "javascript:alert(1)",
                        "earlier": None,
                        "releases": [],
                    }
                },
            }
        ),
        "utf-8",
    )
    with pytest.raises(Exception, match=r"releases.json: pip: 'javascript:alert\(1\)' is not"):
        load_snapshot(tmp_path)


@pytest.fixture
def site_with_releases(snapshot_dir: Path, tmp_path: Path) -> Path:
    source = Path(shutil.copytree(ROOTS / "test-newsletter", tmp_path / "src"))
    shutil.copytree(snapshot_dir, source / "releases")
    with (source / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(f'council_release_snapshot = "releases"\ncouncil_release_watch = {PROJECTS!r}\n')
    return source


def _yank(source: Path, project: str, version: str, reason: str) -> None:
    path = source / "releases" / "releases.json"
    data = json.loads(path.read_text("utf-8"))
    release = next(r for r in data["projects"][project]["releases"] if r["version"] == version)
    release.update(yanked=True, yank_reason=reason)
    path.write_text(json.dumps(data), "utf-8")


def test_a_refreshed_snapshot_rebuilds_the_issues_it_changes(
    site_with_releases: Path, tmp_path: Path
) -> None:
    incremental = clean_build(site_with_releases, tmp_path / "incremental")
    releases = json.loads((site_with_releases / "releases" / "releases.json").read_text())
    pip = releases["projects"]["pip"]["releases"][-1]
    week = "{}-W{:02d}".format(*dt.date.fromisoformat(pip["uploaded"][:10]).isocalendar()[:2])
    _yank(site_with_releases, "pip", pip["version"], "Broken <wheel> for macOS")
    rebuild(site_with_releases, incremental)
    issue = (incremental / "this-week" / f"{week}.html").read_text()
    assert "Yanked: Broken &lt;wheel&gt; for macOS." in issue
    assert_same_output(incremental, clean_build(site_with_releases, tmp_path / "clean"))


def test_a_missing_snapshot_is_a_build_warning(site_with_releases: Path, tmp_path: Path) -> None:
    (site_with_releases / "releases" / "releases.json").unlink()
    result = sphinx_build(site_with_releases, tmp_path / "out", "-W")
    assert result.returncode == 1
    assert (
        "WARNING: conf.py: council_release_snapshot: no releases.json in "
        f"{site_with_releases / 'releases'}; run council releases refresh to write it"
    ) in result.stderr
