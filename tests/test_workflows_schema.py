"""Every workflow passes the JSON Schema GitHub's workflow files are written to (SchemaStore's,
which check-jsonschema ships, so the check runs offline), and the Read the Docs configuration
passes Read the Docs' own. A misspelt key (``stepz:``), a value of the wrong type or a step that
both ``uses:`` and ``run:`` fails here instead of on GitHub, where a broken workflow file only
shows as a red run nobody started. (actionlint, which checks more, downloads its binary when
installed from PyPI, so it cannot run where the tests run.)"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).parent.parent
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.y*ml"))


def check(schema: str, *paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--color=never", f"--builtin-schema={schema}"]
        + [str(path) for path in paths],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("schema", "paths"),
    [
        ("vendor.github-workflows", WORKFLOWS),
        # SchemaStore's rule that every job has timeout-minutes (test_workflows_jobs.py bounds it).
        ("custom.github-workflows-require-timeout", WORKFLOWS),
        ("vendor.readthedocs", [REPO / ".readthedocs.yaml"]),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_the_repository_s_workflows_pass_their_schema(schema: str, paths: list[Path]) -> None:
    assert len(WORKFLOWS) >= 5
    result = check(schema, *paths)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "on: push\njobs:\n  t:\n    runs-on: ubuntu-24.04\n    stepz: []\n",
            "$.jobs.t: Additional properties are not allowed ('stepz' was unexpected)",
        ),
        (
            "on: push\njobs:\n  t:\n    runs-on: ubuntu-24.04\n    timeout-minutes: soon\n"
            "    steps: [{run: echo}]\n",
            "$.jobs.t['timeout-minutes']: 'soon' is not of type 'number'",
        ),
        ("on: [push]\n", "$: 'jobs' is a required property"),
    ],
)
def test_a_broken_workflow_fails_with_the_schema_s_message(
    tmp_path: Path, text: str, expected: str
) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(text, "utf-8")
    result = check("vendor.github-workflows", broken)
    assert result.returncode == 1
    assert "Schema validation errors were encountered." in result.stdout
    # jsonschema before 4.19 writes a key that is not an identifier as `.timeout-minutes`, later
    # ones as `['timeout-minutes']`: the message is the same either way.
    shown = re.sub(r"\.([A-Za-z_][\w-]*-[\w-]*)", r"['\1']", result.stdout)
    assert str(broken) in result.stdout and expected in shown
