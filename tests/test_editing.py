"""``council status`` and ``council supersede``: byte-for-byte edits, refusals, messages."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest

from sphinx_council.cli import main
from sphinx_council.decisions.frontmatter_edit import (
    EditRefused,
    add_supersedes,
    set_status,
    yaml_scalar,
)

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "command").is_file())


def run(project: Path, command: str) -> int:
    """Run a command from the project's root, as a member would."""
    assert Path.cwd() == project
    return main([*shlex.split(command), "--conf", ""])


@pytest.mark.parametrize("case", CASES)
def test_golden_edit_changes_only_the_lines_that_change(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each case: input/ records, a command, expected/ records byte for byte."""
    monkeypatch.chdir(tmp_path)
    folder = GOLDEN / case
    shutil.copytree(folder / "input", tmp_path / "decisions")
    assert run(tmp_path, (folder / "command").read_text("utf-8").strip()) == 0
    expected = sorted(p.name for p in (folder / "expected").iterdir())
    assert sorted(p.name for p in (tmp_path / "decisions").iterdir()) == expected
    for name in expected:
        result = (tmp_path / "decisions" / name).read_bytes()
        assert result == (folder / "expected" / name).read_bytes(), name
    assert main(["check", "--conf", ""]) == 0


def test_crlf_golden_file_really_has_crlf_line_endings() -> None:
    # Guards the golden files themselves against a checkout that converts line endings.
    assert b"\r\n" in (GOLDEN / "status-crlf" / "input" / "0203-crlf.md").read_bytes()


PROPOSED = """\
---
id: PC-0301
title: A proposal
kind: policy
summary: Proposed.
status: proposed
history:
  - date: 2026-11-01
    status: proposed
areas: [pypi]
---

## Context

Text.
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "decisions").mkdir()
    (tmp_path / "decisions" / "0301-a-proposal.md").write_text(PROPOSED, "utf-8")
    return tmp_path


def record_text(project: Path) -> str:
    return (project / "decisions" / "0301-a-proposal.md").read_text("utf-8")


def test_a_transition_the_lifecycle_forbids_is_refused_naming_the_allowed_ones(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, "status PC-0301 draft --date 2026-11-02") == 0
    assert run(project, "status PC-0301 accepted --date 2026-11-03") == 1
    err = capsys.readouterr().err
    assert (
        "decisions/0301-a-proposal.md:6: status: PC-0301 is 'draft', which cannot move to "
        "'accepted'; after 'draft' comes proposed, withdrawn [council.history]"
    ) in err
    assert "nothing was written" in err
    assert "status: draft\n" in record_text(project)


def test_accepting_without_decided_by_is_refused_with_what_to_add(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, "status PC-0301 accepted --date 2026-11-20") == 1
    err = capsys.readouterr().err
    assert (
        "decisions/0301-a-proposal.md:6: decided_by: missing; a record that was accepted or "
        "rejected says who decided"
    ) in err
    assert "hint: add 'decided_by:' with 'body:'" in err
    assert record_text(project) == PROPOSED


def test_a_date_before_the_last_entry_is_refused(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, "status PC-0301 withdrawn --date 2026-10-01") == 1
    assert (
        "history[1].date: 2026-10-01 is earlier than the entry before it (2026-11-01); "
        "keep history in date order [council.history]"
    ) in capsys.readouterr().err
    assert record_text(project) == PROPOSED


def test_withdrawing_without_a_reason_is_refused_with_what_to_add(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, "status PC-0301 withdrawn --date 2026-11-02") == 1
    assert (
        "decisions/0301-a-proposal.md:6: reason: missing; a withdrawn record says why in one to "
        "three sentences (reason: ...), from the PEP's own notice or resolution [council.field]"
    ) in capsys.readouterr().err
    assert record_text(project) == PROPOSED


def give_reason(project: Path) -> None:
    path = project / "decisions" / "0301-a-proposal.md"
    path.write_text(
        record_text(project).replace("status: proposed\n", "reason: Why.\nstatus: proposed\n", 1)
    )


def test_final_status_has_no_next_status(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    give_reason(project)
    assert run(project, "status PC-0301 withdrawn --date 2026-11-02") == 0
    assert run(project, "status PC-0301 proposed --date 2026-11-03") == 1
    assert "after 'withdrawn' comes nothing: it is final" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("command", "message"),
    [
        ("status PC-0399 withdrawn", "no record has the id 'PC-0399' (did you mean 'PC-0301'?)"),
        ("status PC-0301 withdrawn --date 2026-13-01", "--date '2026-13-01' is not a date"),
        (
            "status PC-0301 comment-period --date 2026-11-02",
            "a comment period needs --closes YYYY-MM-DD",
        ),
        (
            "status PC-0301 withdrawn --link ftp://example.org/x",
            "--link 'ftp://example.org/x' is not an https: link",
        ),
        ("supersede PC-0301 PC-0301", "a record cannot supersede itself"),
    ],
)
def test_usage_errors_exit_two_with_the_fix(
    project: Path, command: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, command) == 2
    assert message in capsys.readouterr().err
    assert record_text(project) == PROPOSED


def test_a_mistyped_status_gets_the_closest_one(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, "status PC-0301 acepted") == 2
    err = capsys.readouterr().err
    assert "council status: STATUS 'acepted' is not one of draft, " in err
    assert "(did you mean 'accepted'?)" in err
    assert record_text(project) == PROPOSED


def test_an_unknown_id_with_no_close_one_names_the_known_ids(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, "supersede PC-9999 PC-0301") == 2
    err = capsys.readouterr().err
    assert "no record has the id 'PC-9999'; the known ids are PC-0301\n" in err
    assert "council check" not in err


def test_superseded_is_reached_through_supersede(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = PROPOSED.replace("areas:", "decided_by:\n  body: steering-council\nareas:")
    (project / "decisions" / "0301-a-proposal.md").write_text(text, "utf-8")
    assert run(project, "status PC-0301 accepted --date 2026-11-02") == 0
    assert run(project, "status PC-0301 superseded --date 2026-11-03") == 1
    assert "'council supersede OLD NEW', once NEW is accepted" in capsys.readouterr().err


def test_supersede_refuses_a_successor_that_is_not_accepted(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = (GOLDEN / "supersede-adds-field" / "input" / "0204-old.md").read_text("utf-8")
    (project / "decisions" / "0204-old.md").write_text(old, "utf-8")
    assert run(project, "supersede PC-0204 PC-0301 --date 2026-11-21") == 1
    err = capsys.readouterr().err
    assert "council supersede: PC-0301 cannot supersede PC-0204; nothing was written" in err
    assert (
        "decisions/0204-old.md:6: status: 'superseded', but PC-0301, which supersedes it, is "
        "not accepted yet; keep the earlier status until it is [council.supersedes]"
    ) in err
    assert (project / "decisions" / "0204-old.md").read_text("utf-8") == old
    assert record_text(project) == PROPOSED


def test_accepting_a_successor_supersedes_what_it_replaces_in_the_same_write(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = (GOLDEN / "supersede-adds-field" / "input" / "0204-old.md").read_text("utf-8")
    (project / "decisions" / "0204-old.md").write_text(old, "utf-8")
    text = PROPOSED.replace(
        "areas:", "decided_by:\n  body: steering-council\nsupersedes: [PC-0204]\nareas:"
    )
    (project / "decisions" / "0301-a-proposal.md").write_text(text, "utf-8")
    assert run(project, "status PC-0301 accepted --date 2026-11-02") == 0
    err = capsys.readouterr().err
    # Accepting alone would leave PC-0204 saying it is in force, which council check refuses.
    assert (
        "council status: decisions/0204-old.md: PC-0204 is now 'superseded' (superseded by PC-0301)"
    ) in err
    assert "  - date: 2026-11-02\n    status: superseded\n    note: Superseded by PC-0301." in (
        project / "decisions" / "0204-old.md"
    ).read_text("utf-8")
    assert main(["check", "--conf", ""]) == 0


def test_flow_style_history_is_refused_with_the_line(tmp_path: Path) -> None:
    text = PROPOSED.replace(
        "history:\n  - date: 2026-11-01\n    status: proposed\n",
        "history: [{date: 2026-11-01, status: proposed}]\n",
    )
    with pytest.raises(EditRefused) as info:
        set_status(text, "x.md", "withdrawn", "2026-11-02")
    problem = info.value.problems[0]
    assert (problem.line, problem.field) == (7, "history")
    assert "is written in [flow] style or is empty; write it as a block list" in problem.message


def test_supersedes_is_not_duplicated() -> None:
    text = PROPOSED.replace("areas:", "supersedes: [PC-0001]\nareas:")
    assert add_supersedes(text, "x.md", "PC-0001") == text
    assert "supersedes: [PC-0001, PC-0002]\n" in add_supersedes(text, "x.md", "PC-0002")


@pytest.mark.parametrize(
    ("value", "written"),
    [("plain words", "plain words"), ("a: b", "'a: b'"), ("#1", "'#1'"), ("it's", "it's")],
)
def test_new_values_are_quoted_only_when_yaml_needs_it(value: str, written: str) -> None:
    assert yaml_scalar(value) == written


def test_an_id_in_a_file_that_does_not_load_is_explained(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "decisions" / "0302-broken.md").write_text("---\nid: PC-0302\n  x: [\n---\n")
    assert run(project, "status PC-0302 withdrawn") == 2
    assert (
        "no record has the id 'PC-0302' (did you mean 'PC-0301'?); decisions/0302-broken.md "
        "cannot be read as a record, so its id is unknown: run 'council check' and fix it first"
    ) in capsys.readouterr().err
