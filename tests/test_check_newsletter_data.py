"""``council check`` reads the release snapshot and the record of published issues as a build
that publishes the newsletter reads them: a file that fails the build fails the check, at the
configuration's line, and the project hook runs when either changes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from sphinx_council.cli import main

REPO = Path(__file__).parent.parent


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This repository's content, whose conf.py publishes the newsletter."""
    for folder in ("decisions", "pathways", "council", "docs", "peps", "news", "releases"):
        shutil.copytree(REPO / folder, tmp_path / folder, symlinks=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def conf_line(name: str) -> int:
    lines = (REPO / "docs" / "conf.py").read_text("utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(f"{name} = "))


def test_the_bundled_data_passes(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0, capsys.readouterr().out


def test_a_broken_release_snapshot_fails_the_check(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / "releases" / "releases.json").write_text("{broken", "utf-8")
    assert main(["check"]) == 1
    assert capsys.readouterr().out == (
        f"docs/conf.py:{conf_line('council_release_snapshot')}: council_release_snapshot: "
        "docs/../releases/releases.json: is not JSON (Expecting property name enclosed in "
        "double quotes: line 1 column 2 (char 1)); run council releases refresh [council.config]\n"
    )


def test_a_snapshot_without_a_watched_project_fails_the_check(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    conf = site / "docs" / "conf.py"
    conf.write_text(conf.read_text("utf-8") + 'council_release_watch = ["not-in-it"]\n', "utf-8")
    assert main(["check"]) == 1
    assert "council_release_snapshot: the snapshot has no releases of not-in-it; run council " in (
        capsys.readouterr().out
    )


def test_a_broken_record_of_published_issues_fails_the_check(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / "newsletter").mkdir()
    (site / "newsletter" / "published.json").write_text("[1", "utf-8")
    assert main(["check"]) == 1
    assert capsys.readouterr().out.startswith(
        f"docs/conf.py:{conf_line('council_newsletter_published')}: council_newsletter_published: "
        "docs/../newsletter/published.json: cannot be read as the record of published issues"
    )


def test_the_project_hook_runs_when_either_changes() -> None:
    for config in (".pre-commit-hooks.yaml", ".pre-commit-config.yaml"):
        loaded = YAML(typ="safe").load((REPO / config).read_text("utf-8"))
        hooks = loaded if isinstance(loaded, list) else loaded["repos"][0]["hooks"]
        (project,) = [hook for hook in hooks if hook["id"] == "council-check-project"]
        for path in ("releases/releases.json", "newsletter/published.json"):
            assert re.search(project["files"], path), (config, path)
