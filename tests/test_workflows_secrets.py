"""The workflows keep secrets away from a pull request's code: no workflow runs on a trigger a
fork's pull request can set off with secrets (pull_request_target, comments); a workflow a pull
request triggers holds no secret, no write permission and no environment, and keeps no token in
its checkout; a job that holds any of those runs only from main (push to main, the schedule, or
a maintainer's workflow_dispatch) or on a pushed tag (which needs write access: the release).

One exception, for commenting on a fork's pull request: a workflow that runs on ``workflow_run``
alone (GitHub runs it from the default branch, after the pull request's read-only run) may write
pull requests, provided it runs no code at all: no checkout, no command, no action but reading
the run's artifacts and the GitHub API (actions/download-artifact, actions/github-script, whose
script is the workflow's own)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

WORKFLOWS = Path(__file__).parent.parent / ".github" / "workflows"
TRUSTED = {"push", "schedule", "workflow_dispatch"}
SECRET = re.compile(r"\bsecrets\s*\.\s*(\w+)|\bsecrets\s*\[\s*'([^']+)'")


def parsed(text: str) -> Any:
    return YAML(typ="safe").load(text)


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    on = workflow.get("on", {})
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return dict(on)


def writes(permissions: Any) -> list[str]:
    """The scopes ``permissions`` lets the token write; ['the default token'] when unset."""
    if permissions is None:
        return ["the default token"]
    if isinstance(permissions, str):
        return [] if permissions in ("read-all", "none", "{}") else [permissions]
    return [f"{scope}: {level}" for scope, level in permissions.items() if level == "write"]


def held(workflow: dict[str, Any], job: dict[str, Any]) -> list[str]:
    """What the job holds that a pull request's code must not reach."""
    found = [
        f"permission {scope}"
        for scope in writes(job.get("permissions", workflow.get("permissions")))
    ]
    text = json.dumps([job, workflow.get("env", {}), workflow.get("defaults", {})])
    found += sorted({f"secret {a or b}" for a, b in SECRET.findall(text)})
    if job.get("secrets") == "inherit":
        found.append("every secret (secrets: inherit)")
    if "environment" in job:
        environment = job["environment"]
        found.append(
            f"environment {environment.get('name') if isinstance(environment, dict) else environment}"
        )
    return found


def trusted_push(push: dict[str, Any]) -> bool:
    """Whether only pushes to main or pushed tags start the workflow: a tag filter without a
    branch filter ignores branch pushes."""
    if "branches" in push or "branches-ignore" in push:
        return push.get("branches") == ["main"]
    return "tags" in push or "tags-ignore" in push


AFTER_RUN = "workflow_run"
# What a job after a pull request's run may use: the run's artifacts and the API, no code.
AFTER_RUN_ACTIONS = ("actions/download-artifact@", "actions/github-script@")
AFTER_RUN_HOLDS = {"permission pull-requests: write"}


def after_run_problems(name: str, workflow: dict[str, Any]) -> list[str]:
    """A workflow_run workflow: that trigger alone, and jobs that run nothing of anyone's."""
    found = []
    if set(triggers(workflow)) != {AFTER_RUN}:
        found.append(
            f"{name}: runs on {AFTER_RUN} and on other triggers; a workflow that comments after "
            "a pull request's run runs on nothing else"
        )
    for job_id, job in workflow.get("jobs", {}).items():
        holds = [item for item in held(workflow, job) if item not in AFTER_RUN_HOLDS]
        if holds:
            found.append(
                f"{name}: job {job_id} runs after a pull request's run and holds "
                f"{', '.join(holds)}; it may only write pull requests"
            )
        for step in [job] if "uses" in job else job.get("steps", []):
            uses = step.get("uses", "")
            if "run" in step or not uses.startswith(AFTER_RUN_ACTIONS):
                found.append(
                    f"{name}: job {job_id} runs {uses or 'a command'} after a pull request's run; "
                    "it may only read the run's artifacts and use the API "
                    "(actions/download-artifact, actions/github-script), never run code"
                )
    return found


def problems(name: str, workflow: dict[str, Any]) -> list[str]:
    on = triggers(workflow)
    if AFTER_RUN in on:
        return after_run_problems(name, workflow)
    found = [
        f"{name}: runs on {trigger}, which a pull request from a fork can set off with the "
        "repository's secrets; use pull_request (read-only) or push, schedule, workflow_dispatch"
        for trigger in sorted(on.keys() - TRUSTED - {"pull_request"})
    ]
    if writes(workflow.get("permissions")):
        found.append(
            f"{name}: the workflow's token must be read-only by default (permissions: contents: read)"
        )
    push = on.get("push") or {}
    for job_id, job in workflow.get("jobs", {}).items():
        holds = ", ".join(held(workflow, job))
        if holds and "pull_request" in on:
            found.append(f"{name}: job {job_id} runs a pull request's code and holds {holds}")
        elif holds and push is not None and "push" in on and not trusted_push(push):
            found.append(
                f"{name}: job {job_id} holds {holds} and runs on pushes to any branch; push only main"
            )
        for step in job.get("steps", []) if "pull_request" in on else []:
            keeps = "actions/checkout" in step.get("uses", "")
            if keeps and (step.get("with") or {}).get("persist-credentials") is not False:
                found.append(
                    f"{name}: job {job_id} keeps the token in its checkout; add persist-credentials: false"
                )
    return found


@pytest.mark.parametrize("path", sorted(WORKFLOWS.glob("*.y*ml")), ids=lambda p: p.name)
def test_every_workflow_keeps_secrets_from_pull_requests(path: Path) -> None:
    assert problems(path.name, parsed(path.read_text("utf-8"))) == []


def test_the_comment_after_a_pull_requests_run_runs_none_of_its_code() -> None:
    workflow = parsed((WORKFLOWS / "changes-comment.yml").read_text("utf-8"))
    assert triggers(workflow) == {"workflow_run": {"workflows": ["CI"], "types": ["completed"]}}
    assert workflow["permissions"] == {}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    assert [step["uses"].split("@")[0] for step in job["steps"]] == [
        "actions/download-artifact",
        "actions/github-script",
    ]
    assert after_run_problems("changes-comment.yml", workflow) == []


def test_the_pathway_commands_of_a_pull_request_run_in_a_read_only_job() -> None:
    workflow = parsed((WORKFLOWS / "pathways.yml").read_text("utf-8"))
    assert "pull_request" in triggers(workflow)
    (job,) = workflow["jobs"].values()
    runs = [step.get("run", "") for step in job["steps"]]
    assert "python3 noxfile.py -s pathways" in runs
    assert any("install -y -qq bubblewrap" in run for run in runs)
    assert held(workflow, job) == []


CHECKOUT = "{uses: actions/checkout@v7, with: {persist-credentials: false}}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "on: pull_request_target\npermissions: {contents: read}\njobs: {}",
            "runs on pull_request_target, which a pull request from a fork can set off with the "
            "repository's secrets; use pull_request (read-only) or push, schedule, "
            "workflow_dispatch",
        ),
        (
            "on: [push, workflow_run]\npermissions: read-all\njobs: {}",
            "runs on workflow_run and on other triggers; a workflow that comments after a pull "
            "request's run runs on nothing else",
        ),
        (
            "on: workflow_run\npermissions: {}\njobs: {c: {permissions: {pull-requests: "
            "write, contents: write}, steps: [{uses: actions/checkout@v7}, {run: make}, "
            "{uses: actions/github-script@v8}]}}",
            "job c runs after a pull request's run and holds permission contents: write; it may "
            "only write pull requests\n"
            "job c runs actions/checkout@v7 after a pull request's run; it may only read the "
            "run's artifacts and use the API (actions/download-artifact, actions/github-script), "
            "never run code\n"
            "job c runs a command after a pull request's run; it may only read the run's "
            "artifacts and use the API (actions/download-artifact, actions/github-script), never "
            "run code",
        ),
        (
            "on: workflow_run\npermissions: {}\njobs: {c: {permissions: {pull-requests: write}, "
            "steps: [{uses: actions/download-artifact@v8}, {uses: actions/github-script@v8}]}}",
            "",
        ),
        (
            "on: schedule\njobs: {}",
            "the workflow's token must be read-only by default (permissions: contents: read)",
        ),
        (
            "on: pull_request\npermissions: {contents: read}\n"
            "jobs: {mail: {steps: [{run: send, env: {P: '${{ secrets.SMTP_PASSWORD }}'}}]}}",
            "job mail runs a pull request's code and holds secret SMTP_PASSWORD",
        ),
        (
            "on: [pull_request, push]\npermissions: {contents: read}\n"
            "jobs: {up: {if: \"github.event_name == 'push'\", permissions: {pages: write}, steps: []}}",
            "job up runs a pull request's code and holds permission pages: write",
        ),
        (
            "on: pull_request\npermissions: {contents: read}\n"
            "jobs: {d: {environment: github-pages, steps: []}, r: {uses: ./x.yml, secrets: inherit}}",
            "job d runs a pull request's code and holds environment github-pages\n"
            "job r runs a pull request's code and holds every secret (secrets: inherit)",
        ),
        (
            "on: pull_request\npermissions: {contents: read}\njobs: {t: {steps: [{uses: actions/checkout@v7}]}}",
            "job t keeps the token in its checkout; add persist-credentials: false",
        ),
        (
            "on: {push: {branches: ['*']}}\npermissions: {contents: read}\n"
            "jobs: {p: {steps: [{run: \"echo ${{ secrets['PAGES'] }}\"}]}}",
            "job p holds secret PAGES and runs on pushes to any branch; push only main",
        ),
        (
            f"on: pull_request\npermissions: {{contents: read}}\njobs: {{t: {{steps: [{CHECKOUT}]}}}}",
            "",
        ),
        (
            "on: {push: {tags: ['v*']}}\npermissions: {contents: read}\n"
            "jobs: {pypi: {environment: pypi, permissions: {id-token: write}, steps: []}}",
            "",
        ),
        (
            "on: {push: {tags: ['v*'], branches: ['*']}}\npermissions: {contents: read}\n"
            "jobs: {pypi: {environment: pypi, steps: []}}",
            "job pypi holds environment pypi and runs on pushes to any branch; push only main",
        ),
        (
            "on: {push: {tags: ['v*']}, pull_request: {}}\npermissions: {contents: read}\n"
            "jobs: {pypi: {environment: pypi, steps: []}}",
            "job pypi runs a pull request's code and holds environment pypi",
        ),
    ],
)
def test_the_rules_name_what_a_workflow_hands_to_a_pull_request(text: str, expected: str) -> None:
    expected_lines = [f"w.yml: {line}" for line in expected.splitlines()]
    assert problems("w.yml", parsed(text)) == expected_lines
