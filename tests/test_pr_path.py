"""The pull-request path: the pre-commit hook, CI, the Read the Docs preview, the template."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from sphinx_council.cli import main

REPO = Path(__file__).parent.parent


def load(path: str) -> Any:
    return YAML(typ="safe").load((REPO / path).read_text("utf-8"))


# A path of every kind `council check` reads, and the hook that must run for it: the content a
# commit changes is checked file by file; what every file is checked against, as a whole.
EVERY_KIND = {
    "decisions/0016-adopt-x.md": "council-check",
    "decisions/2026/0017-nested.md": "council-check",
    "decisions/0018-other-suffix.markdown": "council-check",
    "pathways/first-release.yaml": "council-check",
    "pathways/misnamed.yml": "council-check",
    "news/2026-04-16-created.yaml": "council-check",
    "news/notes/2026-W47.yaml": "council-check",
    "council/roster.yaml": "council-check",
    "docs/conf.py": "council-check-project",
    "peps/peps.json": "council-check-project",
    "peps/pep-status-history.json": "council-check-project",
    "releases/releases.json": "council-check-project",
    "pathways/checked.json": "council-check-project",
    "newsletter/published.json": "council-check-project",
    "docs/index.md": None,
    "peps/README.md": None,
    "releases/README.md": None,
    "ext/sphinx_council/cli/check.py": None,
}


@pytest.mark.parametrize("config", [".pre-commit-hooks.yaml", ".pre-commit-config.yaml"])
def test_the_hooks_cover_every_file_kind_council_check_reads(config: str) -> None:
    loaded = load(config)
    hooks = loaded if config == ".pre-commit-hooks.yaml" else loaded["repos"][0]["hooks"]
    assert [hook["language"] for hook in hooks] == ["python", "python"]
    for path, expected in EVERY_KIND.items():
        matching = [hook["id"] for hook in hooks if re.search(hook["files"], path)]
        assert matching == ([expected] if expected else []), path
    by_id = {hook["id"]: hook for hook in hooks}
    assert by_id["council-check"].get("pass_filenames", True) is True
    assert by_id["council-check-project"]["pass_filenames"] is False
    assert all(hook["require_serial"] is True for hook in hooks)


def test_this_repositorys_hooks_match_the_published_ones_and_install_what_council_needs() -> None:
    published = {hook["id"]: hook for hook in load(".pre-commit-hooks.yaml")}
    local = {hook["id"]: hook for hook in load(".pre-commit-config.yaml")["repos"][0]["hooks"]}
    assert {i: h["files"] for i, h in local.items()} == {
        i: h["files"] for i, h in published.items()
    }
    assert all(shlex.split(hook["entry"]) == ["council", "check"] for hook in published.values())
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    assert "council" in scripts
    # pre-commit never installs the repository into a local hook: its dependencies are listed.
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    for hook in local.values():
        assert hook["additional_dependencies"] == project["dependencies"]


def test_this_repositorys_hook_runs_council_from_the_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The local hook's command, as pre-commit runs it from the repository's root, reports a
    pathway typo (which the records-only pattern used to skip)."""
    (hook, _) = load(".pre-commit-config.yaml")["repos"][0]["hooks"]
    for folder in ("decisions", "pathways", "council", "docs", "peps", "news", "releases"):
        shutil.copytree(REPO / folder, tmp_path / folder, symlinks=True)
    (tmp_path / "ext").symlink_to(REPO / "ext")
    pathway = tmp_path / "pathways" / "first-release.yaml"
    pathway.write_text(pathway.read_text("utf-8").replace("    why: ", "    whyy: ", 1), "utf-8")
    command = [sys.executable, *shlex.split(hook["entry"])[1:], "pathways/first-release.yaml"]
    monkeypatch.delenv("PYTHONPATH", raising=False)
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stderr
    assert "steps[0].whyy: unknown field 'whyy' (did you mean 'why'?)" in done.stdout
    assert "1 file(s) checked against" in done.stderr


def test_the_hook_command_passes_on_this_repositorys_records(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(REPO)
    hook = load(".pre-commit-hooks.yaml")[0]
    files = [
        p.relative_to(REPO).as_posix()
        for folder in ("decisions", "pathways", "news/notes")
        for p in sorted(p for p in (REPO / folder).iterdir() if p.suffix in (".md", ".yaml"))[:2]
        if re.search(hook["files"], p.relative_to(REPO).as_posix())
    ]
    assert len(files) == 6
    assert main([*shlex.split(hook["entry"])[1:], *files]) == 0
    assert "6 file(s) checked against" in capsys.readouterr().err


def test_ci_runs_the_nox_sessions_and_annotates_records() -> None:
    workflow = load(".github/workflows/ci.yml")
    steps = [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]
    noxfile = (REPO / "noxfile.py").read_text("utf-8")
    for session in ("lint", "tests", "docs", "lowest"):
        assert f"python3 noxfile.py -s {session}" in steps
        assert f"def {session}(session" in noxfile
    assert 'council check --format github ${BASE_REF:+--base "origin/$BASE_REF"}' in steps
    # The build date is the last commit's (noxfile.py), not a constant pinned here.
    assert "SOURCE_DATE_EPOCH" not in workflow["env"]
    assert 'git", "log", "-1", "--format=%ct"' in noxfile
    # Everything the tests drive is installed: Chromium, newsboat, axe-core.
    assert any("chromium newsboat" in step for step in steps)
    assert any("axe-core" in step for step in steps)


def test_read_the_docs_builds_the_site_with_python_311() -> None:
    config = load(".readthedocs.yaml")
    assert config["build"]["tools"]["python"] == "3.11"
    # The site's theme, search and feeds are the site extra (pyproject.toml).
    assert config["python"]["install"] == [
        {"method": "pip", "path": ".", "extra_requirements": ["site"]}
    ]
    assert (REPO / config["sphinx"]["configuration"]).is_file()
    assert config["sphinx"]["fail_on_warning"] is True


def test_pull_request_template_asks_for_a_checked_record() -> None:
    template = (REPO / ".github" / "PULL_REQUEST_TEMPLATE" / "decision.md").read_text("utf-8")
    assert "`council check` reports no problems" in template
    assert "decided_by" in template
