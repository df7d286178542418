"""``council check``: the same rules as the build, without Sphinx, with exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import AS_OF_RECORD, RECORD, ROOTS, ROSTER
from sphinx_council.cli import main


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "decisions").mkdir()
    (tmp_path / "council").mkdir()
    (tmp_path / "council" / "roster.yaml").write_text(ROSTER, "utf-8")
    (tmp_path / "decisions" / "0101-example.md").write_text(RECORD, "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", AS_OF_RECORD)
    return tmp_path


def test_valid_project_exits_zero(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "1 record(s) checked, no problems" in captured.err


def test_problems_are_listed_with_file_and_line_and_exit_one(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = RECORD.replace("status: accepted\nhistory", "status: acepted\nhistory")
    (project / "decisions" / "0101-example.md").write_text(bad, "utf-8")
    (project / "decisions" / "0102-copy.md").write_text(RECORD, "utf-8")
    assert main(["check"]) == 1
    out = capsys.readouterr()
    assert out.out.splitlines() == [
        "decisions/0101-example.md:6: status: 'acepted' is not one of draft, proposed, "
        "comment-period, accepted, rejected, deferred, withdrawn, superseded (did you mean "
        "'accepted'?) [council.value]",
        "decisions/0102-copy.md:2: id: 'PC-0101' is already the id of decisions/0101-example.md; "
        "give this record the next free id [council.duplicate]",
    ]
    assert "2 problem(s) in 2 file(s); 2 record(s) checked" in out.err


def test_roster_problems_are_reported(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roster = ROSTER.replace(
        "cohort: B, term_start: 2026-06-01, term_end: 2027-05-31, affiliation: Sample",
        "cohort: Z, term_start: 2026-06-01, term_end: 2027-05-31, affiliation: Sample",
    )
    (project / "council" / "roster.yaml").write_text(roster, "utf-8")
    assert main(["check"]) == 1
    assert "council/roster.yaml:4: members[2].cohort: 'Z' is not one of A, B" in (
        capsys.readouterr().out
    )


def test_missing_decisions_folder_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 2
    assert "no decisions folder at decisions" in capsys.readouterr().err


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--nope"])
    assert exit_info.value.code == 2
    assert "unrecognized arguments: --nope" in capsys.readouterr().err


def test_root_option_and_the_test_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(ROOTS / "test-site", tmp_path / "site")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--root", "site", "--roster", "roster.yaml"]) == 0
    assert "4 record(s) checked, no problems" in capsys.readouterr().err


def test_the_bundled_records_are_valid(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(Path(__file__).parent.parent)
    assert main(["check"]) == 0
    assert "no problems" in capsys.readouterr().err


def test_a_file_that_is_not_utf8_is_a_problem_not_a_traceback(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "decisions" / "0102-latin1.md").write_bytes(
        "---\ntitle: caf\xe9\n".encode("latin-1")
    )
    assert main(["check"]) == 1
    assert (
        "decisions/0102-latin1.md:1: the file is not UTF-8 text (byte 14); save it as UTF-8 "
        "[council.yaml]"
    ) in capsys.readouterr().out
