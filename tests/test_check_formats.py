"""``council check --format``, checking chosen files, the vocabulary from conf.py, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import AS_OF_RECORD, RECORD, ROSTER
from sphinx_council.cli import main
from sphinx_council.cli.reports import github_report
from sphinx_council.core.problems import Check, Problem

BAD_STATUS = RECORD.replace("status: accepted\nhistory", "status: acepted\nhistory")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "decisions").mkdir()
    (tmp_path / "council").mkdir()
    (tmp_path / "council" / "roster.yaml").write_text(ROSTER, "utf-8")
    (tmp_path / "decisions" / "0101-example.md").write_text(BAD_STATUS, "utf-8")
    other = RECORD.replace("PC-0101", "PC-0102").replace("[standards]", "[standerds]")
    (tmp_path / "decisions" / "0102-other.md").write_text(other, "utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", AS_OF_RECORD)
    return tmp_path


def test_github_format_annotates_each_problem(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--format", "github"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "::error file=decisions/0101-example.md,line=6,title=council.value%3A status::'acepted' "
        "is not one of draft, proposed, comment-period, accepted, rejected, deferred, withdrawn, "
        "superseded (did you mean 'accepted'?)",
        "::error file=decisions/0102-other.md,line=25,title=council.value%3A areas[0]::"
        "'standerds' is not one of standards, pypi, tools, user-guide, governance, community "
        "(did you mean 'standards'?)",
    ]


def test_github_format_escapes_what_would_end_a_property_or_the_message() -> None:
    problem = Problem("a,b:c%.md", 3, "x", "100% wrong\nsecond line\r", Check.VALUE)
    assert github_report([problem]) == (
        "::error file=a%2Cb%3Ac%25.md,line=3,title=council.value%3A x::"
        "100%25 wrong%0Asecond line%0D\n"
    )


def test_json_format_has_a_stable_documented_shape(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert list(document) == [
        "version",
        "files_checked",
        "records_checked",
        "problem_count",
        "problems",
    ]
    assert document["version"] == 1
    assert (document["files_checked"], document["records_checked"]) == (2, 2)
    assert document["problem_count"] == 2
    assert document["problems"][0] == {
        "file": "decisions/0101-example.md",
        "line": 6,
        "field": "status",
        "check": "value",
        "severity": "error",
        "warning": "council.value",
        "message": "'acepted' is not one of draft, proposed, comment-period, accepted, "
        "rejected, deferred, withdrawn, superseded (did you mean 'accepted'?)",
    }


def test_json_format_with_no_problems(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "decisions" / "0101-example.md").write_text(RECORD, "utf-8")
    (project / "decisions" / "0102-other.md").unlink()
    assert main(["check", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["problems"] == []


def test_given_paths_show_only_their_problems(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "decisions/0102-other.md"]) == 1
    out = capsys.readouterr()
    assert out.out.startswith("decisions/0102-other.md:25: areas[0]: 'standerds'")
    assert "0101-example.md" not in out.out
    assert "1 problem(s) in 1 file(s); 1 file(s) checked against 2 record(s)" in out.err


def test_a_given_file_still_meets_the_cross_record_rules(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A duplicate id is reported on the later file; choosing the earlier one still shows it."""
    (project / "decisions" / "0101-example.md").write_text(RECORD, "utf-8")
    (project / "decisions" / "0102-other.md").write_text(RECORD, "utf-8")
    assert main(["check", "decisions/0101-example.md"]) == 1
    assert capsys.readouterr().out == (
        "decisions/0102-other.md:2: id: 'PC-0101' is already the id of "
        "decisions/0101-example.md; give this record the next free id [council.duplicate]\n"
    )


def test_a_record_outside_the_decisions_folder_can_be_checked(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "draft.md").write_text(RECORD.replace("PC-0101", "PC-0103"), "utf-8")
    assert main(["check", "draft.md"]) == 0
    assert "1 file(s) checked against 3 record(s), no problems" in capsys.readouterr().err


def test_the_roster_can_be_given_as_a_path(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "council" / "roster.yaml").write_text(ROSTER.replace("cohort: B", "cohort: Z", 1))
    assert main(["check", "council/roster.yaml"]) == 1
    assert capsys.readouterr().out.startswith("council/roster.yaml:4: members[2].cohort: 'Z'")


def test_a_missing_path_is_a_usage_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "decisions/0199-nope.md"]) == 2
    assert "no file or folder at decisions/0199-nope.md; check the path" in (
        capsys.readouterr().err
    )


def test_vocabulary_comes_from_conf_py(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "docs").mkdir()
    (project / "docs" / "conf.py").write_text(
        "import os\ncouncil_areas = ['standards', 'standerds']\n"
        "council_roster = '../council/roster.yaml'\n",
        "utf-8",
    )
    assert main(["check", "decisions/0102-other.md"]) == 0
    assert main(["check", "decisions/0102-other.md", "--conf", ""]) == 1


@pytest.mark.parametrize(
    ("conf", "message"),
    [
        (
            "x = 1\ncouncil_id_pattern = '('\n",
            "docs/conf.py:2: council_id_pattern is not a valid regular expression",
        ),
        ("council_areas = []\n", "docs/conf.py:1: council_areas must be a non-empty list of names"),
        ("council_kinds = 'policy'\n", "docs/conf.py:1: council_kinds must be a non-empty list"),
        (
            "import nonexistent_module\n",
            "docs/conf.py:1: raises ModuleNotFoundError: No module named 'nonexistent_module'",
        ),
    ],
)
def test_an_unusable_configuration_is_a_usage_error_with_its_line(
    project: Path, conf: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "docs").mkdir()
    (project / "docs" / "conf.py").write_text(conf, "utf-8")
    assert main(["check"]) == 2
    assert message in capsys.readouterr().err


def test_an_explicit_conf_that_is_missing_is_a_usage_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--conf", "site/conf.py"]) == 2
    assert "no configuration file at site/conf.py; fix --conf" in capsys.readouterr().err


def test_help_documents_every_command_and_the_exit_codes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    for command in ("check", "new", "status", "supersede", "schema"):
        assert f"{command} " in text
    assert "Exit codes: 0 success (no problems); 1 problems found" in text
    assert "2 usage error" in text


@pytest.mark.parametrize("command", ["check", "new", "status", "supersede", "schema"])
def test_each_command_has_help_with_the_exit_codes(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "Exit codes: 0 success" in text
    assert "--root ROOT" in text and "--conf CONF" in text


def test_schema_command_prints_the_projects_schema(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "docs").mkdir()
    (project / "docs" / "conf.py").write_text("council_areas = ['build']\n", "utf-8")
    assert main(["schema", "--base-url", "https://council.example/"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$id"] == "https://council.example/schemas/decision.schema.json"
    assert schema["properties"]["areas"]["items"]["enum"] == ["build"]
    assert main(["schema", "--output", "out"]) == 0
    assert json.loads((project / "out" / "decision.schema.json").read_text("utf-8"))["title"]
