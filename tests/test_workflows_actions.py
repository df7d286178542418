"""Every action the workflows use is one of tests/data/actions.json, at the major listed there,
on a runtime GitHub keeps running (Node 24, a composite of such actions, or a container), and
given only the inputs its action.yml declares. The table was read once from each action's own
repository (its ``source``); a new major is read the same way and written into the table."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

REPO = Path(__file__).parent.parent
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.y*ml"))
TABLE = json.loads((Path(__file__).parent / "data" / "actions.json").read_text("utf-8"))
# GitHub runs Node 20 actions on Node 24 from 2026 on and then drops Node 20 from its runners.
OLDEST_NODE = 24


def listed(table: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {entry["action"]: entry for entry in table["actions"]}


def runtime_problem(entry: dict[str, Any]) -> str | None:
    """Why the runtime an action declares is on borrowed time, or None."""
    using = entry["using"]
    node = re.fullmatch(r"node(\d+)", using)
    if using in ("composite", "docker") or (node and int(node.group(1)) >= OLDEST_NODE):
        return None
    return (
        f"{entry['action']}@{entry['ref']} runs on {using}; use a major whose action.yml "
        f"declares node{OLDEST_NODE} or newer"
    )


def steps_using(workflow: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(job, ``uses:``, ``with:``) of every step and job that calls an action or workflow."""
    found = []
    for job_id, job in (workflow.get("jobs") or {}).items():
        if "uses" in job:
            found.append((job_id, str(job["uses"]), dict(job.get("with") or {})))
        for step in job.get("steps") or []:
            if "uses" in step:
                found.append((job_id, str(step["uses"]), dict(step.get("with") or {})))
    return found


def problems(name: str, workflow: dict[str, Any], table: dict[str, Any]) -> list[str]:
    actions = listed(table)
    found = []
    for job_id, uses, given in steps_using(workflow):
        if uses.startswith("./"):
            continue  # this repository's own action or workflow, at this commit
        action, _, ref = uses.partition("@")
        entry = actions.get(action)
        where = f"{name}: job {job_id}: {uses}"
        if entry is None:
            found.append(
                f"{where} is not in tests/data/actions.json; read its action.yml at that ref "
                "and add it (runs.using, its inputs, the commit)"
            )
        elif ref != entry["ref"]:
            found.append(
                f"{where}: the table lists {action} at {entry['ref']}; use {action}@{entry['ref']}"
            )
        else:
            found += [
                f"{where} takes no input {key!r} (its action.yml declares: "
                f"{', '.join(entry['inputs'])})"
                for key in given
                if key not in entry["inputs"]
            ]
    return found


def table_problems(table: dict[str, Any]) -> list[str]:
    actions = listed(table)
    found = [problem for entry in table["actions"] if (problem := runtime_problem(entry))]
    for entry in table["actions"]:
        for inner in entry.get("uses", []):
            action, _, ref = inner.partition("@")
            # A composite pins the actions it runs by tag or by the tag's commit.
            if ref not in (actions.get(action, {}).get(key) for key in ("ref", "commit")):
                found.append(
                    f"{entry['action']}@{entry['ref']} runs {inner}, which the table does not list"
                )
    return found


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_in_the_table_at_its_major(path: Path) -> None:
    workflow = YAML(typ="safe").load(path.read_text("utf-8"))
    assert problems(path.name, workflow, TABLE) == []


def test_no_action_in_the_table_runs_on_node_20_or_older() -> None:
    assert table_problems(TABLE) == []
    # Each entry says where it was read from: the action's repository at the tag's commit.
    for entry in TABLE["actions"]:
        assert re.fullmatch(r"[0-9a-f]{40}", entry["commit"]), entry["action"]
        assert entry["source"] == (
            f"https://github.com/{entry['action']}/blob/{entry['commit']}/action.yml"
        )
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", TABLE["read"])


def test_a_retired_action_is_used_nowhere() -> None:
    retired = {entry["action"] for entry in TABLE["retired"]}
    assert "actions/configure-pages" in retired
    for path in WORKFLOWS:
        workflow = YAML(typ="safe").load(path.read_text("utf-8"))
        used = {uses.partition("@")[0] for _, uses, _ in steps_using(workflow)}
        assert not used & retired, path.name
    assert all(runtime_problem(entry) for entry in TABLE["retired"])


TEST_TABLE = {
    "actions": [
        {"action": "actions/checkout", "ref": "v7", "using": "node24", "inputs": ["ref", "token"]},
        {"action": "old/thing", "ref": "v2", "using": "node20", "inputs": []},
        {"action": "older/thing", "ref": "v1", "using": "node16", "inputs": []},
        {"action": "a/box", "ref": "v3", "using": "docker", "inputs": []},
        {"action": "a/up", "ref": "v5", "commit": "c" * 40, "using": "node24", "inputs": []},
        {
            "action": "a/bundle",
            "ref": "v5",
            "using": "composite",
            "inputs": [],
            "uses": ["a/up@v4", "a/up@" + "c" * 40, "a/up@v5"],
        },
    ]
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "jobs: {t: {steps: [{uses: actions/checkout@v4}]}}",
            "w.yml: job t: actions/checkout@v4: the table lists actions/checkout at v7; use "
            "actions/checkout@v7",
        ),
        (
            "jobs: {t: {steps: [{uses: actions/configure-pages@v5}]}}",
            "w.yml: job t: actions/configure-pages@v5 is not in tests/data/actions.json; read its "
            "action.yml at that ref and add it (runs.using, its inputs, the commit)",
        ),
        (
            "jobs: {t: {steps: [{uses: actions/checkout@v7, with: {fetch_depth: 0, ref: main}}]}}",
            "w.yml: job t: actions/checkout@v7 takes no input 'fetch_depth' (its action.yml "
            "declares: ref, token)",
        ),
        (
            "jobs: {t: {uses: other/repo/.github/workflows/x.yml@main}}",
            "w.yml: job t: other/repo/.github/workflows/x.yml@main is not in "
            "tests/data/actions.json; read its action.yml at that ref and add it (runs.using, "
            "its inputs, the commit)",
        ),
        ("jobs: {t: {uses: ./.github/workflows/x.yml}, u: {steps: [{uses: a/box@v3}]}}", ""),
    ],
)
def test_the_rules_name_the_step_and_the_fix(text: str, expected: str) -> None:
    found = problems("w.yml", YAML(typ="safe").load(text), TEST_TABLE)
    assert found == ([expected] if expected else [])


def test_the_table_rules_name_an_old_runtime_and_an_unlisted_inner_action() -> None:
    assert table_problems(TEST_TABLE) == [
        "old/thing@v2 runs on node20; use a major whose action.yml declares node24 or newer",
        "older/thing@v1 runs on node16; use a major whose action.yml declares node24 or newer",
        "a/bundle@v5 runs a/up@v4, which the table does not list",
    ]
