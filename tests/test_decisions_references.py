"""``council check`` finds {pep} and {decision} references that lead nowhere, as the build does."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import RECORD, ROSTER
from sphinx_council.cli import main
from sphinx_council.core.problems import Check, Problem
from sphinx_council.decisions.references import reference_problems
from sphinx_council.peps.index import index_provenance

REPO = Path(__file__).parent.parent
SOURCE = "decisions/0101-example.md"


def unknown_pep(number: int) -> str:
    return f"{{pep}}: PEP {number} is not in the PEP index ({index_provenance()})"


def unknown_decision(record_id: str) -> str:
    return f"{{decision}}: {record_id!r} is not the id of any decision record"


def scan(*lines: str) -> list[Problem]:
    return list(reference_problems(SOURCE, lines, {"PC-0101"}, first_line=10))


@pytest.mark.parametrize(
    "line",
    [
        "See {pep}`9999`.",
        "See {pep}`the lost PEP <9999>`.",
        "See {pep}`9999#specification`.",
        "See :pep:`9999`.",
        "See :pep:`lost <9999#abstract>`.",
    ],
)
def test_unknown_pep_in_every_syntax(line: str) -> None:
    assert scan(line) == [Problem(SOURCE, 10, "", unknown_pep(9999), Check.PEP)]


@pytest.mark.parametrize(
    "line",
    [
        "See {decision}`PC-9999`.",
        "See {decision}`the lost one <PC-9999>`.",
        "See {council:decision}`PC-9999`.",
        "See :decision:`PC-9999`.",
    ],
)
def test_unknown_decision_in_every_syntax(line: str) -> None:
    assert scan(line) == [Problem(SOURCE, 10, "", unknown_decision("PC-9999"), Check.REFERENCE)]


def test_known_references_and_plain_text_pass() -> None:
    assert (
        scan(
            "{pep}`517`, {pep}`build backends <517#build-backend-interface>`, :pep:`8`",
            "{decision}`PC-0101`, {decision}`!PC-9999` (shown, not linked), PEP 9999 in words",
        )
        == []
    )


def test_not_a_pep_number() -> None:
    message = "{pep}: 'PEP 8' is not a PEP number; write e.g. 621 or 621#anchor"
    assert scan("", "{pep}`PEP 8`") == [Problem(SOURCE, 11, "", message, Check.PEP)]


def test_each_reference_on_its_own_line() -> None:
    problems = scan("{pep}`9998` and {decision}`PC-0102`", "", "then {pep}`9997`")
    assert [(p.line, p.message) for p in problems] == [
        (10, unknown_pep(9998)),
        (10, unknown_decision("PC-0102")),
        (12, unknown_pep(9997)),
    ]


def test_code_blocks_are_shown_not_read_but_directive_bodies_are() -> None:
    problems = scan(
        "```markdown",
        "{pep}`9999` is how you cite a PEP",
        "```",
        "````{note}",
        "Read {pep}`9998`.",
        "```python",
        "{decision}`PC-9999`",
        "```",
        "````",
        "~~~",
        ":pep:`9997`",
        "~~~",
    )
    assert [(p.line, p.message) for p in problems] == [(14, unknown_pep(9998))]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "decisions").mkdir()
    (tmp_path / "council").mkdir()
    (tmp_path / "council" / "roster.yaml").write_text(ROSTER, "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_council_check_reports_references_in_records_and_pathways(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    prose = "\nSee {pep}`9999`, {decision}`PC-0101` and {decision}`PC-9999`.\n"
    (project / "decisions" / "0101-example.md").write_text(RECORD + prose, "utf-8")
    record_line = RECORD.count("\n") + 2
    (project / "pathways").mkdir()
    pathway = (REPO / "pathways" / "start-here.yaml").read_text("utf-8")
    marked = pathway.replace("run your code, with", "run your code ({pep}`9998`), with", 1)
    assert marked != pathway
    (project / "pathways" / "start-here.yaml").write_text(marked, "utf-8")
    pathway_line = next(i for i, line in enumerate(marked.splitlines()) if "{pep}`9998`" in line)

    assert main(["check", "--conf", ""]) == 1

    out = capsys.readouterr().out.splitlines()
    references = [line for line in out if "{pep}" in line or "{decision}" in line]
    assert references == [
        f"{SOURCE}:{record_line}: {unknown_decision('PC-9999')} [council.reference]",
        f"{SOURCE}:{record_line}: {unknown_pep(9999)} [council.pep]",
        f"pathways/start-here.yaml:{pathway_line + 1}: {unknown_pep(9998)} [council.pep]",
    ]


def test_council_check_json_names_reference_problems(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "decisions" / "0101-example.md").write_text(
        RECORD + "\n{decision}`PC-9999`\n", "utf-8"
    )
    assert main(["check", "--format", "json", "--conf", ""]) == 1
    out = capsys.readouterr().out
    assert '"check": "reference"' in out
    assert '"warning": "council.reference"' in out


def test_messages_match_the_build(tmp_path: Path, site: Callable[..., Path]) -> None:
    body = "\nSee {pep}`9999` and {decision}`PC-9999`.\n"
    src = site({"0101-example.md": RECORD + body})
    # This checkout's package, not whichever one the environment has installed.
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(src), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(REPO / "ext"), "SOURCE_DATE_EPOCH": "1798761600"},
    )
    line = RECORD.count("\n") + 2
    problems = list(
        reference_problems("decisions/0101-example.md", (RECORD + body).splitlines(), {"PC-0101"})
    )
    assert len(problems) == 2
    for problem in problems:
        assert problem.line == line
        warning = f"{src}/decisions/0101-example.md:{line}: WARNING: {problem.message}"
        assert warning in result.stderr, result.stderr
