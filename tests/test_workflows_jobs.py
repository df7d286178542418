"""Every workflow job ends within a set time, and the council is asked to review what it owns."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

REPO = Path(__file__).parent.parent
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.y*ml"))
# GitHub's own limit is 360 minutes: a hung job would hold a runner (and the Pages deployment
# or the weekly refresh behind it) for six hours.
LONGEST_MINUTES = 90


def jobs(path: Path) -> dict[str, Any]:
    workflow: dict[str, Any] = YAML(typ="safe").load(path.read_text("utf-8"))
    return dict(workflow["jobs"])


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_job_has_a_timeout(path: Path) -> None:
    without = [name for name, job in jobs(path).items() if "timeout-minutes" not in job]
    assert without == [], f"{path.name}: jobs without timeout-minutes: {without}"
    for name, job in jobs(path).items():
        minutes = job["timeout-minutes"]
        assert isinstance(minutes, int), f"{path.name}: {name}"
        assert 0 < minutes <= LONGEST_MINUTES, f"{path.name}: {name}: {minutes}"


def test_the_workflows_were_found() -> None:
    assert len(WORKFLOWS) >= 5


def owners() -> dict[str, list[str]]:
    rules: dict[str, list[str]] = {}
    for line in (REPO / ".github" / "CODEOWNERS").read_text("utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            pattern, *teams = line.split()
            rules[pattern] = teams
    return rules


@pytest.mark.parametrize(
    "path",
    [
        "decisions/0016-adopt-x.md",
        "decisions/2026/nested.md",
        "council/roster.yaml",
        "news/notes/2026-W47.yaml",
    ],
)
def test_the_council_reviews_records_the_roster_and_notes(path: str) -> None:
    # The last matching pattern wins, as GitHub reads the file.
    matching = [teams for pattern, teams in owners().items() if _matches(pattern, path)]
    assert matching, path
    assert matching[-1] == ["@packaging-council/council-members"]


def test_code_outside_the_councils_files_asks_nobody_in_particular() -> None:
    assert not any(_matches(pattern, "ext/sphinx_council/cli/check.py") for pattern in owners())


def _matches(pattern: str, path: str) -> bool:
    """A CODEOWNERS pattern of the forms used here: /folder/ or /file, from the root."""
    assert pattern.startswith("/"), pattern
    if pattern.endswith("/"):
        return path.startswith(pattern[1:])
    return re.fullmatch(re.escape(pattern[1:]), path) is not None
