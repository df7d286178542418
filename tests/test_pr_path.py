"""The pull-request path: the pre-commit hook, CI, the Read the Docs preview, the template."""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from sphinx_council.cli import main

REPO = Path(__file__).parent.parent


def load(path: str) -> Any:
    return YAML(typ="safe").load((REPO / path).read_text("utf-8"))


def test_pre_commit_hook_runs_council_check_on_records_and_the_roster() -> None:
    (hook,) = load(".pre-commit-hooks.yaml")
    assert hook["id"] == "council-check"
    assert shlex.split(hook["entry"]) == ["council", "check"]
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    assert "council" in scripts
    files = re.compile(hook["files"])
    assert files.search("decisions/0016-adopt-x.md")
    assert files.search("council/roster.yaml")
    assert not files.search("docs/index.md")
    assert hook["require_serial"] is True


def test_the_hook_command_passes_on_this_repositorys_records(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(REPO)
    (hook,) = load(".pre-commit-hooks.yaml")
    files = [
        p.relative_to(REPO).as_posix()
        for p in sorted((REPO / "decisions").glob("*.md"))[:3]
        if re.search(hook["files"], p.relative_to(REPO).as_posix())
    ]
    assert len(files) == 3
    assert main([*shlex.split(hook["entry"])[1:], *files]) == 0
    assert "3 file(s) checked against" in capsys.readouterr().err


def test_ci_runs_the_nox_sessions_and_annotates_records() -> None:
    workflow = load(".github/workflows/ci.yml")
    steps = [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]
    noxfile = (REPO / "noxfile.py").read_text("utf-8")
    for session in ("lint", "tests", "docs", "lowest"):
        assert f"python3 noxfile.py -s {session}" in steps
        assert f"def {session}(session" in noxfile
    assert "council check --format github" in steps
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
