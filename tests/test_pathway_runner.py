"""The pathway runner: a checkpoint that does not match fails naming file and line; steps that
cannot run are skipped with their reason; the check refuses commands with no way to run them;
the page says which tools the commands were last checked with."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOTS, sphinx_build
from sphinx_council.pathways.checks import check_pathways
from sphinx_council.pathways.inventory import guide_inventory
from sphinx_council.pathways.load import load_pathway
from sphinx_council.pathways.runner import PathwayFailed, Sandbox, run_pathway
from test_runner_sandbox import bubblewrap

RUNNER = ROOTS / "test-pathways" / "runner"
VALID = (ROOTS / "test-pathways" / "pathways" / "first-steps.yaml").read_text("utf-8")


def test_a_checkpoint_whose_output_does_not_match_fails_naming_file_and_line(
    tmp_path: Path,
) -> None:
    pathways, problems = check_pathways(
        RUNNER, None, None, lambda p: f"runner/{p.name}", guide=guide_inventory
    )
    assert problems == []
    said: list[str] = []
    with pytest.raises(PathwayFailed) as failure:
        sandbox = Sandbox(tmp_path, tmp_path / "cache", bubblewrap(tmp_path))
        run_pathway(pathways[0], sandbox, said.append)
    assert str(failure.value) == (
        "runner/mismatch.yaml:23: pathway 'mismatch', step 'print': `python3 -c 'print(1)'` "
        "expected the output to contain '2'; its output was:\n1"
    )
    assert said == [
        "  run      mismatch / print: echo started > started.txt",
        "  skipped  mismatch / print: git push origin main\n"
        "           because there is no git remote here.",
        "  run      mismatch / print: python3 -c 'print(1)'",
    ]
    assert (tmp_path / "work" / "started.txt").read_text() == "started\n"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "      expect:\n        output_matches: ^uv \\d+\n",
            "",
            "pathways/first-steps.yaml:33: steps[0].checkpoint: has no 'expect:' for the runner "
            "to check; add 'expect: {output_contains: ...}' (or output_matches), or mark the "
            "step 'runs: no' with a 'reason:'",
        ),
        (
            "    commands:\n      - run: uv add httpx\n",
            "",
            "pathways/first-steps.yaml:44: steps[1].do: shows the command `uv add httpx` but the "
            "step has no 'commands:' for the runner; list the commands under 'commands:', or add "
            "'runs: no' with a 'reason:'",
        ),
        (
            "    reason: main.py is written by hand.\n",
            "",
            "pathways/first-steps.yaml:54: steps[2].runs: 'runs: no' needs a 'reason:' saying "
            "what the runner lacks here (a Python download, a git remote, an upload, a browser "
            "login)",
        ),
    ],
)
def test_the_check_refuses_commands_with_no_way_to_run_them(
    old: str, new: str, expected: str
) -> None:
    assert old in VALID
    _, clean = load_pathway("pathways/first-steps.yaml", VALID, guide_inventory())
    assert clean == []
    _, problems = load_pathway(
        "pathways/first-steps.yaml", VALID.replace(old, new), guide_inventory()
    )
    assert [str(problem) for problem in problems] == [expected]


def test_the_page_says_when_and_with_which_tools_the_commands_were_checked(
    tmp_path: Path,
) -> None:
    source = Path(shutil.copytree(ROOTS / "test-pathways", tmp_path / "src"))
    assert (source / "pathways" / "checked.json").is_file()
    result = sphinx_build(source, tmp_path / "out", "-W")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "pathways" / "first-steps.html").read_text("utf-8")
    assert "last checked with uv 0.13.9, pip 26.3 on " in page
    assert "30 May 2027" in page.split("last checked with", 1)[1][:400]
    other = (tmp_path / "out" / "pathways" / "publishing.html").read_text("utf-8")
    assert "last checked" not in other
