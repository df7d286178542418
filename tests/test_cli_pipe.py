"""``council ... | head``: a reader that stops early ends the command quietly, without a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import RECORD, ROSTER

EXT = Path(__file__).parent.parent / "ext"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "decisions").mkdir()
    (tmp_path / "council").mkdir()
    (tmp_path / "council" / "roster.yaml").write_text(ROSTER, "utf-8")
    # A broken record, so the report has lines to write.
    broken = RECORD.replace("status: accepted", "status: acepted", 1)
    (tmp_path / "decisions" / "0101-example.md").write_text(broken, "utf-8")
    return tmp_path


def run_into_closed_pipe(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``council ARGS`` with its stdout a pipe whose reader has already gone."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # every write to the pipe now fails with EPIPE
    env = {**os.environ, "PYTHONPATH": str(EXT)}
    try:
        return subprocess.run(
            [sys.executable, "-m", "sphinx_council.cli", *args],
            cwd=cwd,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            check=False,
            timeout=120,
        )
    finally:
        os.close(write_end)


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--format", "json", "--conf", ""],
        ["check", "--conf", ""],
        ["schema", "--conf", ""],
    ],
    ids=["check-json", "check-text", "schema"],
)
def test_closed_output_ends_quietly(project: Path, args: list[str]) -> None:
    result = run_into_closed_pipe(args, project)
    assert "Traceback" not in result.stderr
    assert "BrokenPipeError" not in result.stderr
    assert result.returncode == 1


def test_open_output_is_unchanged(project: Path) -> None:
    """The same command into a reader that stays gets the whole report and the usual code."""
    env = {**os.environ, "PYTHONPATH": str(EXT)}
    result = subprocess.run(
        [sys.executable, "-m", "sphinx_council.cli", "check", "--conf", ""],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert result.returncode == 1
    assert "'acepted' is not one of" in result.stdout
