"""The weekly refresh that fails ``council check`` becomes a pull request opened with the
council's GitHub App's token (one made with the default GITHUB_TOKEN starts no workflow, so CI
would never run on it), with the check's report in its body; without the app the job fails and
says so in its summary. The job's shell steps are run here as the runner runs them."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

REPO = Path(__file__).parent.parent
RUN_URL = "https://github.com/o/r/actions/runs/7"


def propose() -> dict[str, Any]:
    text = (REPO / ".github/workflows/publish.yml").read_text("utf-8")
    job: dict[str, Any] = YAML(typ="safe").load(text)["jobs"]["propose"]
    return job


def step(name: str) -> dict[str, Any]:
    (found,) = [s for s in propose()["steps"] if s.get("name") == name]
    return found


def run_step(name: str, workdir: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The step's script under ``bash -e``, GitHub's default shell on Linux."""
    return subprocess.run(
        ["bash", "-e", "-c", step(name)["run"]],
        cwd=workdir,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def runner(tmp_path: Path) -> dict[str, Path]:
    """A checkout of main and the refresh job's artifact, as the propose job finds them."""
    temp, work = tmp_path / "runner", tmp_path / "work"
    fetched = temp / "refresh"
    for folder in ("peps", "releases"):
        (work / folder).mkdir(parents=True)
        (work / folder / "old.json").write_text("{}")
        (fetched / folder).mkdir(parents=True)
    (fetched / "peps" / "peps.json").write_text('{"new": true}')
    (fetched / "releases" / "releases.json").write_text("[]")
    (fetched / "fetch.txt").write_text("peps/peps.json: 3 status changes recorded\n")
    return {"temp": temp, "work": work, "fetched": fetched}


def write_body(runner: dict[str, Path], check: str) -> str:
    (runner["fetched"] / "check.txt").write_text(check, "utf-8")
    env = {"RUNNER_TEMP": str(runner["temp"]), "RUN_URL": RUN_URL}
    result = run_step("The refreshed files, and the pull request's body", runner["work"], env)
    assert result.returncode == 0, result.stderr
    return (runner["temp"] / "pull-request.md").read_text("utf-8")


def test_the_body_carries_the_check_s_report_and_the_files_are_the_fetched_ones(
    runner: dict[str, Path],
) -> None:
    report = "peps/peps.json:1: PEP 9999: status 'Acepted' is not a PEP status\n1 problem(s)\n"
    body = write_body(runner, report)
    assert f"`council check` says:\n\n```\n{report}\n```\n" in body
    assert "What was fetched:\n\n```\npeps/peps.json: 3 status changes recorded\n\n```" in body
    # The pull request adds what the refresh fetched, in place of main's files.
    assert (runner["work"] / "peps" / "peps.json").read_text() == '{"new": true}'
    assert not (runner["work"] / "peps" / "old.json").exists()


def test_a_long_report_is_cut_and_says_where_the_rest_is(runner: dict[str, Path]) -> None:
    body = write_body(runner, "x" * 25000)
    assert (
        "x" * 20000 + f"\n[5000 more characters: the whole report is in the log of {RUN_URL}]"
        in body
    )
    assert "x" * 20001 not in body
    assert len(body) < 65536  # GitHub's limit for a pull request's body


def test_a_report_with_backticks_cannot_close_its_fence(runner: dict[str, Path]) -> None:
    body = write_body(runner, "title: ````` ``` end\n")
    assert "``````\ntitle: ````` ``` end\n\n``````" in body


def test_without_the_app_the_job_fails_and_says_so_in_its_summary(
    runner: dict[str, Path],
) -> None:
    (runner["temp"] / "pull-request.md").write_text("`council check` says: PEP 9999\n")
    summary = runner["temp"] / "summary.md"
    env = {"RUNNER_TEMP": str(runner["temp"]), "GITHUB_STEP_SUMMARY": str(summary)}
    result = run_step("Is the council's GitHub App set up?", runner["work"], env)
    message = (
        "council check fails on this week's refresh of the PEP index and the releases, and no "
        "pull request was opened: set the repository variable COUNCIL_APP_CLIENT_ID and the "
        "secret COUNCIL_APP_PRIVATE_KEY (the council's GitHub App, README: Published every "
        "week), then run Publish again."
    )
    assert result.returncode == 1
    assert f"::error::{message}" in result.stdout
    assert summary.read_text("utf-8") == (
        f"## The weekly refresh needs a person\n\n{message}\n\n`council check` says: PEP 9999\n"
    )
    # With both set, the step passes and the token is made.
    env |= {"CLIENT_ID": "Iv23li", "PRIVATE_KEY": "-----BEGIN"}
    assert run_step("Is the council's GitHub App set up?", runner["work"], env).returncode == 0


def test_the_pull_request_is_opened_with_the_app_s_token() -> None:
    steps = propose()["steps"]
    names = [s.get("uses", s.get("name", "")).partition("@")[0] for s in steps]
    # The check for the app comes before the token, and the token before the pull request.
    assert names.index("Is the council's GitHub App set up?") < names.index(
        "actions/create-github-app-token"
    )
    (app,) = [s for s in steps if "create-github-app-token" in s.get("uses", "")]
    assert app["with"]["client-id"] == "${{ vars.COUNCIL_APP_CLIENT_ID }}"
    assert app["with"]["private-key"] == "${{ secrets.COUNCIL_APP_PRIVATE_KEY }}"
    # Only what opening the pull request needs.
    assert {k: v for k, v in app["with"].items() if k.startswith("permission-")} == {
        "permission-contents": "write",
        "permission-pull-requests": "write",
    }
    (proposal,) = [s for s in steps if "create-pull-request" in s.get("uses", "")]
    assert proposal["with"]["token"] == f"${{{{ steps.{app['id']}.outputs.token }}}}"
    assert names.index("actions/create-github-app-token") < names.index(
        "peter-evans/create-pull-request"
    )
    # The default token is read-only here: it cannot open the pull request itself.
    assert propose()["permissions"] == {"contents": "read"}
    check = step("Is the council's GitHub App set up?")
    assert check["env"] == {
        "CLIENT_ID": "${{ vars.COUNCIL_APP_CLIENT_ID }}",
        "PRIVATE_KEY": "${{ secrets.COUNCIL_APP_PRIVATE_KEY }}",
    }
